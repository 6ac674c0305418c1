"""The one way a view gets a background job by its code: only its owner, and only while the
job's kind still lets them (for a chronology export, that they may still read the chronology).
Anyone else gets a 404, as if the job did not exist. Core sits below accounts, so this does not
use `accounts.permissions.object_for`; the rule is simpler (owner only)."""

from typing import Any

from django.http import Http404

from manx_learning.core.jobs import kind_of
from manx_learning.core.models import Job

MISSING = "No job matches this address."


def get_job_for(user: Any, code: Any) -> Job:
    if not getattr(user, "is_authenticated", False):
        raise Http404(MISSING)
    job = Job.objects.filter(code=code, owner=user).first()
    kind = kind_of(job) if job is not None else None
    if job is None or kind is None or not kind.may_access(user, job):
        raise Http404(MISSING)
    return job
