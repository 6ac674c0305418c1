"""Background work for publishing, run by the Tasks worker (`manx-learning db_worker`).

Anonymising a long report (reading a large .docx, then the register and the detectors over up
to DOCUMENT_TEXT_MAX_CHARS characters) takes seconds to minutes: the anonymise page queues a
run and this task does the work, recording its progress on the run for its page."""

from django.tasks import task

from manx_learning.publishing import services
from manx_learning.publishing.models import AnonymisationRun


@task
def anonymise_report(run_code: str) -> str:
    """Anonymise the queued run `run_code` (a UUID, as JSON); returns its final status."""
    run = (
        AnonymisationRun.objects.select_related("report_version__review", "run_by")
        .filter(code=run_code)
        .first()
    )
    if run is None or not run.is_pending:
        return "gone" if run is None else run.status  # deleted, or already done by another
    return services.anonymisation_work(run=run).status
