"""Background recomputation of the Making Data Count signals (run by `manx-learning db_worker`).

`refresh_signals` itself is quick for one return's series and is called inline after a return is
accepted; these tasks are for the heavy cases: every series after a catalogue-wide change, or a
bulk import that touched many series."""

from django.db import transaction
from django.tasks import task

from manx_learning.dataset.trends import refresh_all_signals, refresh_signals


@task
def refresh_all_signals_task() -> int:
    return refresh_all_signals()


@task
def refresh_signals_task(pairs: list[list[int | None]]) -> int:
    """`pairs` is JSON: [[indicator id, agency id or null], ...]."""
    return refresh_signals((int(indicator), agency) for indicator, agency in pairs)


def refresh_all_signals_on_commit() -> None:
    """Queue a full refresh once the surrounding transaction commits."""
    transaction.on_commit(lambda: refresh_all_signals_task.enqueue())
