"""Passwords are checked at Django's default strength, on low-priority threads (issue #12 point 10)."""

import os
import threading

import pytest
from django.contrib.auth.hashers import (
    PBKDF2PasswordHasher,
    check_password,
    identify_hasher,
    make_password,
)

from manx_learning.accounts.hashers import LowPriorityPBKDF2PasswordHasher, hashing_pool

PRODUCTION_HASHERS = [
    "manx_learning.accounts.hashers.LowPriorityPBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]


@pytest.fixture
def real_hashers(settings):
    # The suite hashes with MD5 for speed (root conftest); these tests need the real ones.
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS


def test_the_configured_hasher_is_at_least_djangos_default_strength():
    from manx_learning import settings as project  # the suite itself hashes with MD5

    assert project.PASSWORD_HASHERS[0].endswith("LowPriorityPBKDF2PasswordHasher")
    assert LowPriorityPBKDF2PasswordHasher.iterations >= PBKDF2PasswordHasher.iterations
    assert LowPriorityPBKDF2PasswordHasher.algorithm == PBKDF2PasswordHasher.algorithm


def test_hashes_move_freely_between_it_and_djangos_hasher(real_hashers):
    ours = make_password("correct horse battery staple")
    assert identify_hasher(ours).__class__ is LowPriorityPBKDF2PasswordHasher
    assert PBKDF2PasswordHasher().verify("correct horse battery staple", ours)

    djangos = PBKDF2PasswordHasher().encode("correct horse battery staple", "somesaltvalue12")
    assert check_password("correct horse battery staple", djangos)
    assert not check_password("wrong horse", djangos)


@pytest.mark.skipif(not hasattr(os, "setpriority"), reason="thread priority is a Linux feature")
def test_hashing_threads_run_at_lower_priority_than_the_request_thread(settings):
    settings.PASSWORD_HASH_NICENESS = 10
    mine = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    theirs = (
        hashing_pool()
        .submit(lambda: os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
        .result()
    )
    assert theirs > mine
    # Lowering a helper thread's priority must leave the request thread's alone.
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == mine
