"""Password hashing that gives way to everyone else's pages.

Django's default hasher (PBKDF2-SHA256, 1,500,000 iterations in Django 6) costs about 0.3 s of CPU
per check. When a hundred practitioners sign in on a Monday morning, those checks take every core
and ordinary pages queue behind them (bench/bench_signin_burst.py: staff p95 9 s). This hasher is
the same algorithm with the same iterations and the same stored format — hashes move freely
between it and Django's — but runs the hash on a small pool of threads whose scheduling priority is
lowered (Linux `nice` applies per thread). hashlib releases the GIL while it hashes, so the worker's
other threads keep serving pages and the kernel gives them the CPU first; sign-ins wait their turn
instead of everyone else waiting for the sign-ins.
"""

from __future__ import annotations

import contextlib
import os
import threading
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher

_lock = threading.Lock()
_pool: tuple[int, ThreadPoolExecutor] | None = None


def _lower_priority() -> None:
    niceness = settings.PASSWORD_HASH_NICENESS
    # Not Linux, or not allowed: hash at normal priority rather than not at all.
    with contextlib.suppress(AttributeError, OSError):
        # On Linux the "process" id of setpriority may be a thread id, changing only that thread.
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), niceness)


def hashing_pool() -> ThreadPoolExecutor:
    """The process's low-priority hashing threads, made after a fork rather than inherited."""
    global _pool
    with _lock:
        if _pool is None or _pool[0] != os.getpid():
            executor = ThreadPoolExecutor(
                max_workers=settings.PASSWORD_HASH_THREADS,
                thread_name_prefix="password-hash",
                initializer=_lower_priority,
            )
            _pool = (os.getpid(), executor)
        return _pool[1]


class LowPriorityPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    """Django's PBKDF2-SHA256 (same name, iterations and format), run at low priority."""

    def encode(self, password: str, salt: str, iterations: int | None = None) -> str:
        encode = super().encode
        return hashing_pool().submit(encode, password, salt, iterations).result()
