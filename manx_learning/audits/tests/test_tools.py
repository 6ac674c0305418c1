"""Grading scales, the default tool and its locking once a programme uses it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from manx_learning.audits import defaults, services
from manx_learning.audits.models import AuditTool, GradingScale


def test_the_seed_adds_three_scales_and_the_default_tool_once(db):
    services.defaults_seed()
    tool = services.defaults_seed()
    assert GradingScale.objects.count() == 3
    assert AuditTool.objects.count() == 1
    assert [s.title for s in tool.sections.all()] == [s[0] for s in defaults.DEFAULT_SECTIONS]
    labels = [g.label for g in tool.scale.grades.all()]
    assert labels == ["Outstanding", "Good", "Requires improvement", "Inadequate"]
    six = GradingScale.objects.get(name__startswith="Care Inspectorate")
    assert [g.label for g in six.grades.all()][0::5] == ["Excellent", "Unsatisfactory"]


def test_a_configured_scale_marks_good_or_better_and_inadequate(business_unit_officer):
    scale = services.scale_create(
        by=business_unit_officer,
        name="Met or not",
        description="",
        grades=["Fully met", "Partly met", "Not met"],
        good_or_better=1,
        inadequate=1,
    )
    grades = list(scale.grades.all())
    assert [g.is_good_or_better for g in grades] == [True, False, False]
    assert [g.is_inadequate for g in grades] == [False, False, True]


def test_a_scale_needs_two_distinct_grades(business_unit_officer):
    with pytest.raises(ValidationError) as error:
        services.scale_create(
            by=business_unit_officer,
            name="X",
            description="",
            grades=["Only"],
            good_or_better=1,
            inadequate=0,
        )
    assert "grades" in error.value.message_dict


def test_an_agency_lead_cannot_build_a_tool(tool, police_lead):
    with pytest.raises(PermissionDenied):
        services.tool_create(
            by=police_lead, name="Mine", purpose="x", scale=tool.scale, escalation_text="x"
        )


def test_a_tool_in_use_is_locked_and_can_be_copied(programme, business_unit_officer):
    tool = programme.tool
    with pytest.raises(ValidationError, match="Copy it to a new version"):
        services.section_add(tool=tool, by=business_unit_officer, title="Supervision")
    copy = services.tool_copy(tool=tool, by=business_unit_officer)
    assert copy.version == 2 and copy.previous == tool
    assert copy.sections.count() == tool.sections.count()
    services.section_add(tool=copy, by=business_unit_officer, title="Supervision")
    assert copy.sections.count() == tool.sections.count() + 1
