"""Evidence made for assurance tests through the services, and the day they count from."""

from datetime import timedelta

from django.utils import timezone

from manx_learning.assurance import services
from manx_learning.assurance.models import Evidence

TODAY = timezone.localdate


def add_evidence(by, *, title, agencies=(), priorities=(), themes=(), **extra) -> Evidence:
    values = {
        "title": title,
        "source": "practice_observation",
        "dated": TODAY() - timedelta(days=30),
        "summary": f"What {title} showed",
        "strength": "moderate",
        "agencies": list(agencies),
        "priorities": list(priorities),
        "themes": list(themes),
        "link_url": "",
    }
    return services.evidence_create(by=by, **(values | extra))
