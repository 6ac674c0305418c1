"""Background recomputation of the Making Data Count signals (run by `manx-learning db_worker`).

`refresh_signals` is quick for one return's series and runs as soon as a return is stored; a web or
API submission that touched many series hands the work to this task instead (see
`services.INLINE_REFRESH_MAX_SERIES`)."""

from django.tasks import task

from manx_learning.dataset.trends import refresh_signals


@task
def refresh_signals_task(pairs: list[list[int | None]]) -> int:
    """`pairs` is JSON: [[indicator id, agency id or null], ...]."""
    return refresh_signals((int(indicator), agency) for indicator, agency in pairs)
