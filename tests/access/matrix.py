"""The access matrix: for every URL name, how its address is built from the shared world and what
each persona must get, for GET and for POST. Read it as a table; the rules it encodes are
docs/roles.md ("403 or 404"), the capability table in `accounts/permissions.py` and the rules
each app's `access.py` documents.

Each expectation is one word per persona, in the order of `PERSONAS`:

    BU    the business unit officer               LEAD   the agency lead of an involved agency
    PAN   a Panel member                           LEAD2  the agency lead of an uninvolved agency
    BRD   a Board member                           DATA   a data officer
    REV   the reviewer assigned to the review      PRAC   a practitioner
    REV2  a reviewer not assigned to it            ANON   nobody signed in

and, for the API only, an eleventh word for a request carrying an agency's API token (elsewhere
the token counts for nothing, so it gets what ANON gets).

    ok    allowed: GET answers 2xx or a redirect that is not to sign-in; POST (an empty body)
          answers anything but 401/403/404/5xx and a redirect to sign-in
    403   refused: lacks the capability, or sees the object but may not do this
    404   the object is not there for this person (may not see it)
    405   the method is not one this address takes
    in    sent to sign in
    out   signed out: sent to the sign-in page, as allowed
    401   the API asks for a token

`SAME` as a POST expectation means the address draws the same page for POST as for GET."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from manx_learning.accounts.permissions import CAPABILITIES, Capability

PERSONAS = (
    "business_unit_officer",
    "panel_member",
    "board_member",
    "assigned_reviewer",
    "unassigned_reviewer",
    "involved_lead",
    "uninvolved_lead",
    "data_officer",
    "practitioner",
    "anonymous",
    "api_token",
)

# The role each signed-in persona holds (for capability rows, read from the capability table).
ROLES = {
    "business_unit_officer": "business_unit",
    "panel_member": "panel_member",
    "board_member": "board_member",
    "assigned_reviewer": "reviewer",
    "unassigned_reviewer": "reviewer",
    "involved_lead": "agency_lead",
    "uninvolved_lead": "agency_lead",
    "data_officer": "data_officer",
    "practitioner": "practitioner",
}

SAME = "same"
Kwargs = Callable[[dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class Row:
    kwargs: Kwargs
    get: str
    post: str

    def expected(self, method: str) -> dict[str, str]:
        words = (self.get if method == "get" or self.post == SAME else self.post).split()
        if len(words) == len(PERSONAS) - 1:
            words.append(words[-1])  # the API token counts for nothing here: as ANON
        assert len(words) == len(PERSONAS), f"{len(words)} words in {words}"
        return dict(zip(PERSONAS, words, strict=True))


def cap(capability: Capability, refused: str = "403") -> str:
    """A page for everyone holding `capability`, from the capability table itself."""
    words = ["ok" if capability in CAPABILITIES[ROLES[p]] else refused for p in PERSONAS[:9]]
    return " ".join([*words, "in"])


def cap_then_method(capability: Capability) -> str:
    """POST to a read-only page that checks the capability before the method: 405 for those
    holding it, 403 for the others (neither says anything about the object)."""
    return cap(capability).replace("ok", "405")


def code(*names: str, **fields: str) -> Kwargs:
    """`code("review")` gives {"code": review.code}; `code(rec_code="recommendation")` gives
    {"rec_code": recommendation.code}; "item.slug" names another attribute."""

    def build(objects: dict[str, Any]) -> dict[str, Any]:
        spec = {"code": names[0]} if names else {}
        spec |= fields
        out = {}
        for key, path in spec.items():
            name, _, attr = path.partition(".")
            out[key] = getattr(objects[name], attr or "code")
        return out

    return build


def fixed(**values: Any) -> Kwargs:
    return lambda objects: values


def none(objects: dict[str, Any]) -> dict[str, Any]:
    return {}


def _return(objects: dict[str, Any]) -> dict[str, Any]:
    return {"agency": objects["mccf"].code, "period": objects["observation"].period}


def _query_raise(objects: dict[str, Any]) -> dict[str, Any]:
    return _return(objects) | {"indicator": objects["indicator"].code}


def _template(objects: dict[str, Any]) -> dict[str, Any]:
    return _return(objects) | {"kind": "csv"}


def _commentary(objects: dict[str, Any]) -> dict[str, Any]:
    o = objects["observation"]
    return {"code": o.indicator.code, "agency": o.agency.agency_code, "period": o.period}


def _reference(objects: dict[str, Any]) -> dict[str, Any]:
    r = objects["reference"]
    return {"code": r.indicator.code, "pk": r.pk}


def _process_change(objects: dict[str, Any]) -> dict[str, Any]:
    c = objects["process_change"]
    return {"code": c.indicator.code, "change": c.code}


def _question(objects: dict[str, Any]) -> dict[str, Any]:
    return {"code": objects["survey"].code, "question_code": objects["question"].code}


# --- common rows -------------------------------------------------------------------------------

EVERYONE = "ok ok ok ok ok ok ok ok ok ok"
NOBODY = "405 405 405 405 405 405 405 405 405 405"
SIGNED_IN = "ok ok ok ok ok ok ok ok ok in"
NOT_POST = "405 405 405 405 405 405 405 405 405 in"  # login first, then the method
BU_ONLY = "ok 403 403 403 403 403 403 403 403 in"

# A review (Child M, approved): who sees it, who runs it, who works on it.
OWNER_ONLY = "ok 404 404 404 404 404 404 404 404 in"
REVIEW_VIEW = "ok ok ok ok 404 ok 404 404 404 in"
REVIEW_MANAGE = "ok 403 403 403 404 403 404 404 404 in"
REVIEW_WORK = "ok 403 403 ok 404 403 404 404 404 in"
REVIEW_FINDINGS = "ok ok ok ok 404 403 404 404 404 in"
REVIEW_CHRONOLOGY = "ok ok 403 ok 404 403 404 404 404 in"
# The register's recommendation 1 and its action, both Noble's.
RECOMMENDATION_VIEW = "ok ok ok 404 404 ok 404 404 404 in"
ACTION_WRITE = "ok 403 403 404 404 ok 404 404 404 in"
# Board-wide assurance objects every VIEW_ASSURANCE role reads; only the business unit changes.
ASSURANCE_VIEW = "ok ok ok 404 404 ok ok 404 404 in"
ASSURANCE_WRITE = "ok 403 403 404 404 403 403 404 404 in"
# Evidence tagged with Noble's: not the uninvolved lead's to see.
EVIDENCE_VIEW = "ok ok ok 404 404 ok 404 404 404 in"
EVIDENCE_WRITE = "ok 403 403 404 404 403 404 404 404 in"
# A briefing sent to Noble's and Children and Families, to practitioners and agency leads.
BRIEFING_VIEW = "ok ok ok 404 404 ok 404 404 ok in"
BRIEFING_WRITE = "ok 403 403 404 404 403 404 404 403 in"
BRIEFING_LEAD = "403 403 403 404 404 ok 404 404 403 in"
# An agency's data return (Children and Families, whose data officer DATA is).
RETURN_VIEW = "ok 404 404 404 404 404 404 ok 404 in"
RETURN_MANAGE = "ok 404 404 404 404 404 404 403 404 in"

VIEW_ACTIONS = cap(Capability.VIEW_ACTIONS)
VIEW_ASSURANCE = cap(Capability.VIEW_ASSURANCE)
MANAGE_ASSURANCE = cap(Capability.MANAGE_ASSURANCE)
VIEW_DATASET = cap(Capability.VIEW_DATASET)
MANAGE_DATASET = cap(Capability.MANAGE_DATASET)
# The capability is checked before the method on these.
MANAGE_DATASET_POST_ONLY = "405" + MANAGE_DATASET[2:]
MANAGE_ASSURANCE_POST_ONLY = "405" + MANAGE_ASSURANCE[2:]

R = Row
MATRIX: dict[str, Row] = {
    # core: the plain public pages
    "core:about": R(none, EVERYONE, SAME),
    "core:accessibility": R(none, EVERYONE, SAME),
    "core:privacy": R(none, EVERYONE, SAME),
    "core:healthz": R(none, EVERYONE, NOBODY),
    # board
    "board:home": R(none, EVERYONE, SAME),
    "board:dashboard": R(none, cap(Capability.VIEW_STAFF_DASHBOARD), SAME),
    "board:audit-trail": R(none, cap(Capability.VIEW_AUDIT_TRAIL), SAME),
    # accounts: signing in is for everyone
    "accounts:sign-in": R(none, EVERYONE, EVERYONE),
    "accounts:sign-out": R(none, NOBODY, "out " * 9 + "in in"),
    "accounts:two-factor-verify": R(none, SIGNED_IN, SIGNED_IN),
    "accounts:two-factor-setup": R(none, SIGNED_IN, SIGNED_IN),
    "accounts:password-change": R(none, SIGNED_IN, SIGNED_IN),
    "accounts:password-reset": R(none, EVERYONE, EVERYONE),
    "accounts:password-reset-sent": R(none, EVERYONE, NOBODY),
    "accounts:password-reset-confirm": R(
        fixed(uidb64="MQ", token="set-password"), EVERYONE, EVERYONE
    ),
    "accounts:password-reset-done": R(none, EVERYONE, NOBODY),
    "accounts:accept-invitation": R(code(token="invitation_token.value"), EVERYONE, EVERYONE),
    # An invitation to Noble's: its lead and the business unit withdraw it.
    "accounts:withdraw-invitation": R(
        code("invitation"), NOT_POST, "ok 403 403 403 403 ok 404 403 403 in"
    ),
    "accounts:people": R(none, cap(Capability.VIEW_PEOPLE), SAME),
    "accounts:invite": R(none, cap(Capability.INVITE_PEOPLE), SAME),
    # The Board member's own record (Noble's): she sees it but may not change it.
    "accounts:person": R(
        code("person"),
        "ok 404 ok 404 404 ok 404 404 404 in",
        "ok 404 403 404 404 ok 404 404 404 in",
    ),
    "accounts:agency-list": R(none, cap(Capability.VIEW_AGENCIES), SAME),
    "accounts:agency-add": R(none, cap(Capability.MANAGE_AGENCIES), SAME),
    "accounts:agency-edit": R(code("agency"), cap(Capability.MANAGE_AGENCIES), SAME),
    # reviews
    "reviews:list": R(none, SIGNED_IN, SAME),
    "reviews:refer": R(none, SIGNED_IN, SIGNED_IN),
    "reviews:timescales": R(none, BU_ONLY, SAME),
    "reviews:detail": R(code("review"), REVIEW_VIEW, SAME),
    "reviews:subject-add": R(code("review"), REVIEW_MANAGE, SAME),
    "reviews:parallel-add": R(code("review"), REVIEW_MANAGE, SAME),
    "reviews:request-summaries": R(code("review"), REVIEW_MANAGE, SAME),
    # Noble's request: seen by the business unit, the Panel, the review's reviewers and Noble's
    # lead; answered only by Noble's lead or the business unit.
    "reviews:request-submit": R(
        code("review", request_code="request"),
        "ok ok 404 ok 404 ok 404 404 404 in",
        "ok 403 404 403 404 ok 404 404 404 in",
    ),
    "reviews:request-document": R(
        code("review", request_code="request"), "ok ok 404 ok 404 ok 404 404 404 in", NOT_POST
    ),
    "reviews:screening": R(code("review"), REVIEW_MANAGE, SAME),
    "reviews:decision": R(code("review"), "ok ok 403 403 404 403 404 404 404 in", SAME),
    "reviews:terms": R(code("review"), REVIEW_MANAGE, SAME),
    "reviews:reviewer-add": R(code("review"), REVIEW_MANAGE, SAME),
    "reviews:commission": R(code("review"), REVIEW_MANAGE, SAME),
    "reviews:themes": R(none, BU_ONLY, SAME),
    "reviews:theme-add": R(none, BU_ONLY, SAME),
    "reviews:theme-edit": R(code("theme"), BU_ONLY, SAME),
    "reviews:request-reports": R(code("review"), REVIEW_MANAGE, SAME),
    "reviews:learning-event-add": R(code("review"), REVIEW_WORK, SAME),
    "reviews:family-contact-add": R(code("review"), REVIEW_WORK, SAME),
    "reviews:analysis-start": R(code("review"), REVIEW_WORK, SAME),
    "reviews:findings": R(code("review"), REVIEW_FINDINGS, "ok 403 403 ok 404 403 404 404 404 in"),
    "reviews:finding-add": R(code("review"), REVIEW_WORK, SAME),
    "reviews:recommendation-add": R(code("review"), REVIEW_WORK, SAME),
    # Recommendation 1 is addressed to Noble's: its lead answers it.
    "reviews:recommendation-respond": R(
        code("review", rec_code="recommendation"), "403 403 403 403 404 ok 404 404 404 in", SAME
    ),
    "reviews:report": R(code("review"), REVIEW_FINDINGS, "ok 403 403 ok 404 403 404 404 404 in"),
    "reviews:report-download": R(code("review", version_code="version"), REVIEW_FINDINGS, NOT_POST),
    "reviews:submit": R(code("review"), NOT_POST, REVIEW_WORK),
    "reviews:sign-off": R(code("review"), "403 ok 403 403 404 403 404 404 404 in", SAME),
    "reviews:approve": R(code("review"), "403 403 ok 403 404 403 404 404 404 in", SAME),
    "reviews:register": R(code("review"), REVIEW_WORK, NOT_POST),
    "reviews:register-person-add": R(code("review"), REVIEW_WORK, SAME),
    "reviews:register-identifier-add": R(code("review"), REVIEW_WORK, SAME),
    "reviews:register-export": R(code("review"), REVIEW_WORK, NOT_POST),
    "reviews:chronology": R(code("review"), REVIEW_CHRONOLOGY, SAME),
    "reviews:chronology-import": R(code("review"), REVIEW_WORK, SAME),
    "reviews:chronology-xlsx": R(code("review"), REVIEW_CHRONOLOGY, SAME),
    "reviews:chronology-pdf": R(code("review"), REVIEW_CHRONOLOGY, SAME),
    "reviews:chronology-entry": R(code("review", entry_code="entry"), REVIEW_WORK, SAME),
    # actions: the recommendations register
    "actions:register": R(none, VIEW_ACTIONS, cap_then_method(Capability.VIEW_ACTIONS)),
    "actions:recommendation-add": R(none, BU_ONLY, SAME),
    "actions:similar": R(none, SIGNED_IN, NOT_POST),
    "actions:clusters": R(none, "ok ok ok 403 403 403 403 403 403 in", NOT_POST),
    "actions:annual": R(none, "ok ok ok 403 403 403 403 403 403 in", NOT_POST),
    "actions:recommendation": R(code("recommendation"), RECOMMENDATION_VIEW, NOT_POST),
    "actions:action-add": R(code("recommendation"), ACTION_WRITE, SAME),
    "actions:my-actions": R(none, SIGNED_IN, NOT_POST),
    "actions:action": R(code("action"), RECOMMENDATION_VIEW, ACTION_WRITE),
    "actions:evidence-add": R(code("action"), ACTION_WRITE, SAME),
    "actions:evidence-download": R(code("action_evidence"), RECOMMENDATION_VIEW, NOT_POST),
    "actions:assure": R(code("action"), NOT_POST, "403 ok 403 404 404 403 404 404 404 in"),
    "actions:send-back": R(code("action"), NOT_POST, "403 ok 403 404 404 403 404 404 404 in"),
    # The Panel's meeting pack is read from the whole register: the Board sees it too.
    "actions:pack": R(none, "ok ok ok 403 403 403 403 403 403 in", NOT_POST),
    "actions:meeting-add": R(none, "ok ok 403 403 403 403 403 403 403 in", SAME),
    # publishing: the gate (a run shows real names: the register's readers) and the library
    "publishing:anonymise": R(code("review"), REVIEW_WORK, SAME),
    "publishing:run": R(code("run"), "ok 404 404 ok 404 404 404 404 404 in", SAME),
    # A background job is its owner's alone (here the business unit's export); others: 404.
    "core:job": R(code("job"), OWNER_ONLY, NOT_POST),
    "core:job-download": R(code("job"), OWNER_ONLY, NOT_POST),
    "publishing:run-progress": R(code("run"), "ok 404 404 ok 404 404 404 404 404 in", SAME),
    "publishing:approve": R(code("run"), NOT_POST, "ok 404 404 ok 404 404 404 404 404 in"),
    "publishing:publish": R(code("run"), "ok 404 404 403 404 404 404 404 404 in", SAME),
    "publishing:library": R(none, EVERYONE, NOBODY),
    "publishing:about": R(none, EVERYONE, NOBODY),
    "publishing:digest": R(none, EVERYONE, NOBODY),
    "publishing:digest-text": R(none, EVERYONE, NOBODY),
    "publishing:feed": R(none, EVERYONE, SAME),
    "publishing:item": R(code(slug="item.slug"), EVERYONE, NOBODY),
    "publishing:pdf": R(code(slug="item.slug"), EVERYONE, NOBODY),
    # briefings
    "briefings:briefings": R(none, BU_ONLY, SAME),
    "briefings:briefing": R(code("briefing"), BRIEFING_VIEW, NOT_POST),
    "briefings:briefing-edit": R(code("briefing"), BRIEFING_WRITE, SAME),
    "briefings:briefing-pdf": R(code("briefing"), BRIEFING_VIEW, NOT_POST),
    "briefings:briefing-publish": R(code("briefing"), BRIEFING_WRITE, SAME),
    "briefings:briefing-send": R(code("briefing"), BRIEFING_WRITE, SAME),
    "briefings:briefing-session": R(code("briefing"), BRIEFING_LEAD, SAME),
    "briefings:briefing-acknowledge": R(
        code("briefing"), "403 403 403 404 404 ok 404 404 ok in", SAME
    ),
    "briefings:briefing-changes": R(code("briefing"), BRIEFING_LEAD, SAME),
    # An agency lead sees the reach of their own agency on a briefing sent to it.
    "briefings:briefing-reach": R(code("briefing"), "ok ok ok 404 404 ok 404 404 403 in", NOT_POST),
    # assurance
    "assurance:home": R(none, VIEW_ASSURANCE, NOT_POST),
    "assurance:calendar": R(none, VIEW_ASSURANCE, NOT_POST),
    "assurance:scrutiny": R(none, VIEW_ASSURANCE, NOT_POST),
    "assurance:scrutiny-priority": R(
        code("priority"), VIEW_ASSURANCE, cap_then_method(Capability.VIEW_ASSURANCE)
    ),
    "assurance:scrutiny-theme": R(
        code("theme"), VIEW_ASSURANCE, cap_then_method(Capability.VIEW_ASSURANCE)
    ),
    "assurance:briefing-reach-record": R(
        code("briefing"), NOT_POST, "ok 403 403 404 404 403 404 404 403 in"
    ),
    "assurance:evidence-list": R(none, VIEW_ASSURANCE, NOT_POST),
    "assurance:evidence-add": R(none, MANAGE_ASSURANCE, SAME),
    "assurance:evidence-detail": R(code("evidence"), EVIDENCE_VIEW, NOT_POST),
    "assurance:evidence-edit": R(code("evidence"), EVIDENCE_WRITE, SAME),
    "assurance:attachment-add": R(code("evidence"), EVIDENCE_WRITE, SAME),
    "assurance:attachment-download": R(code("attachment"), EVIDENCE_VIEW, NOT_POST),
    "assurance:priority-list": R(none, VIEW_ASSURANCE, NOT_POST),
    "assurance:priority-add": R(none, MANAGE_ASSURANCE, SAME),
    "assurance:priority-detail": R(
        code("priority"), VIEW_ASSURANCE, cap_then_method(Capability.VIEW_ASSURANCE)
    ),
    "assurance:priority-edit": R(code("priority"), BU_ONLY, SAME),
    "assurance:priority-retire": R(code("priority"), NOT_POST, BU_ONLY),
    "assurance:assessment-list": R(none, VIEW_ASSURANCE, NOT_POST),
    "assurance:assessment-add": R(none, MANAGE_ASSURANCE, SAME),
    "assurance:assessment-detail": R(code("assessment"), ASSURANCE_VIEW, NOT_POST),
    "assurance:assessment-edit": R(code("assessment"), ASSURANCE_WRITE, SAME),
    "assurance:assessment-evidence": R(code("assessment"), ASSURANCE_WRITE, SAME),
    "assurance:assessment-judge": R(code("assessment"), ASSURANCE_WRITE, SAME),
    "assurance:measure-add": R(code("assessment"), ASSURANCE_WRITE, SAME),
    "assurance:measure-remove": R(code("measure"), NOT_POST, ASSURANCE_WRITE),
    "assurance:assessment-action-add": R(code("assessment"), ASSURANCE_WRITE, SAME),
    # Baseline against retest is read by all who see the assessment; the business unit records it.
    "assurance:assessment-retest": R(code("assessment"), ASSURANCE_VIEW, ASSURANCE_WRITE),
    # audits: a programme of Noble's, Children and Families and the police (not probation)
    "audits:tool-list": R(none, VIEW_ASSURANCE, NOT_POST),
    "audits:tool-add": R(none, MANAGE_ASSURANCE, SAME),
    "audits:tool": R(code("tool"), ASSURANCE_VIEW, ASSURANCE_WRITE),
    "audits:tool-copy": R(code("tool"), NOT_POST, ASSURANCE_WRITE),
    "audits:section-remove": R(code("section"), NOT_POST, ASSURANCE_WRITE),
    "audits:scale-add": R(none, MANAGE_ASSURANCE, SAME),
    "audits:programme-list": R(none, VIEW_ASSURANCE, NOT_POST),
    "audits:programme-add": R(none, MANAGE_ASSURANCE, SAME),
    "audits:programme": R(code("programme"), ASSURANCE_VIEW, NOT_POST),
    "audits:close-auditing": R(code("programme"), NOT_POST, ASSURANCE_WRITE),
    "audits:plan-retest": R(code("programme"), ASSURANCE_WRITE, SAME),
    "audits:case-add": R(code("programme"), "ok 403 403 404 404 ok 403 404 404 in", SAME),
    "audits:moderation": R(code("programme"), ASSURANCE_WRITE, SAME),
    "audits:recommendation-add": R(code("programme"), ASSURANCE_WRITE, SAME),
    "audits:results": R(code("programme"), ASSURANCE_VIEW, NOT_POST),
    "audits:results-csv": R(code("programme"), ASSURANCE_VIEW, NOT_POST),
    "audits:moderation-pdf": R(code("programme"), ASSURANCE_VIEW, NOT_POST),
    # Noble's case audit: not the uninvolved lead's; graded by Noble's lead.
    "audits:case": R(code("case"), EVIDENCE_VIEW, ACTION_WRITE),
    "audits:case-moderate": R(code("case"), EVIDENCE_WRITE, SAME),
    # surveys: a published Board-wide survey
    "surveys:list": R(none, VIEW_ASSURANCE, cap_then_method(Capability.VIEW_ASSURANCE)),
    "surveys:create": R(none, MANAGE_ASSURANCE, SAME),
    "surveys:detail": R(code("survey"), ASSURANCE_VIEW, NOT_POST),
    "surveys:edit": R(code("survey"), ASSURANCE_WRITE, SAME),
    "surveys:question-add": R(code("survey"), ASSURANCE_WRITE, SAME),
    "surveys:question-edit": R(_question, ASSURANCE_WRITE, SAME),
    "surveys:question-remove": R(_question, NOT_POST, ASSURANCE_WRITE),
    "surveys:question-move": R(_question, NOT_POST, ASSURANCE_WRITE),
    "surveys:publish": R(code("survey"), NOT_POST, ASSURANCE_WRITE),
    "surveys:close": R(code("survey"), NOT_POST, ASSURANCE_WRITE),
    "surveys:evidence": R(code("survey"), NOT_POST, ASSURANCE_WRITE),
    "surveys:send": R(code("survey"), ASSURANCE_WRITE, SAME),
    "surveys:retest": R(code("survey"), ASSURANCE_WRITE, SAME),
    "surveys:results": R(code("survey"), ASSURANCE_VIEW, NOT_POST),
    "surveys:respond": R(code(token="survey.public_token"), EVERYONE, EVERYONE),
    "surveys:thanks": R(code(token="survey.public_token"), EVERYONE, SAME),
    # dataset: charts for VIEW_DATASET, returns for the agency's data officer
    "dataset:dashboards": R(none, VIEW_DATASET, cap_then_method(Capability.VIEW_DATASET)),
    "dataset:priority-dashboard": R(
        code("priority"), VIEW_DATASET, cap_then_method(Capability.VIEW_DATASET)
    ),
    "dataset:agency-dashboard": R(
        code("mccf"), VIEW_DATASET, cap_then_method(Capability.VIEW_DATASET)
    ),
    "dataset:trends": R(none, VIEW_DATASET, cap_then_method(Capability.VIEW_DATASET)),
    "dataset:signal-evidence": R(
        code(pk="signal.pk"), MANAGE_ASSURANCE_POST_ONLY, MANAGE_ASSURANCE
    ),
    "dataset:indicators": R(none, VIEW_DATASET, cap_then_method(Capability.VIEW_DATASET)),
    "dataset:indicator-add": R(none, MANAGE_DATASET, SAME),
    "dataset:indicator": R(
        code("indicator.code"), VIEW_DATASET, cap_then_method(Capability.VIEW_DATASET)
    ),
    "dataset:indicator-edit": R(code("indicator.code"), MANAGE_DATASET, SAME),
    "dataset:reference-add": R(code("indicator.code"), MANAGE_DATASET, SAME),
    "dataset:reference-delete": R(_reference, MANAGE_DATASET_POST_ONLY, MANAGE_DATASET),
    "dataset:process-change-add": R(code("indicator.code"), MANAGE_DATASET, SAME),
    "dataset:process-change-delete": R(_process_change, MANAGE_DATASET_POST_ONLY, MANAGE_DATASET),
    # Commentary on a Children and Families value: the business unit or that agency's officer.
    "dataset:commentary": R(_commentary, "ok 403 403 403 403 403 403 ok 403 in", SAME),
    "dataset:open-data": R(none, EVERYONE, NOBODY),
    "dataset:open-data-all-csv": R(none, EVERYONE, NOBODY),
    "dataset:open-data-indicator": R(code("open_indicator.code"), EVERYONE, NOBODY),
    "dataset:open-data-csv": R(code("open_indicator.code"), EVERYONE, NOBODY),
    "dataset:open-data-json": R(code("open_indicator.code"), EVERYONE, NOBODY),
    "dataset:returns": R(none, "ok 403 403 403 403 403 403 ok 403 in", NOT_POST),
    "dataset:return": R(_return, RETURN_VIEW, NOT_POST),
    "dataset:return-upload": R(_return, RETURN_VIEW, SAME),
    "dataset:return-form": R(_return, RETURN_VIEW, SAME),
    "dataset:return-accept": R(_return, NOT_POST, RETURN_MANAGE),
    "dataset:return-template": R(_template, RETURN_VIEW, NOT_POST),
    "dataset:query-raise": R(_query_raise, RETURN_MANAGE, SAME),
    "dataset:query-answer": R(code("query"), "403 404 404 404 404 404 404 ok 404 in", SAME),
    "dataset:tokens": R(none, MANAGE_DATASET, SAME),
    "dataset:token-revoke": R(code("token"), MANAGE_DATASET_POST_ONLY, MANAGE_DATASET),
    # The API: a token, never a session (docs/dataset.md, "API"); 401 without one.
    "dataset:api-returns": R(none, NOBODY + " 405", "401 " * 10 + "ok"),
    "dataset:api-indicators": R(none, "401 " * 10 + "ok", NOBODY + " 405"),
    "dataset:api-openapi": R(none, EVERYONE + " ok", NOBODY + " 405"),
}

# Patterns that are not the application's pages.
EXCLUDED: set[str] = set()


# --- object-level swaps -----------------------------------------------------------------------
# Another review's or another agency's code put in an address: 404 for GET and POST, even for
# someone who may see both objects (the business unit), as if the pair did not exist.
SWAPS: list[tuple[str, Kwargs, str]] = [
    # another review's request, recommendation or chronology entry under Child M
    (
        "reviews:request-submit",
        code("review", request_code="other_request"),
        "business_unit_officer",
    ),
    (
        "reviews:request-document",
        code("review", request_code="other_request"),
        "business_unit_officer",
    ),
    (
        "reviews:recommendation-respond",
        code("review", rec_code="other_recommendation"),
        "involved_lead",
    ),
    ("reviews:chronology-entry", code("review", entry_code="other_entry"), "business_unit_officer"),
    # another survey's question under this survey
    (
        "surveys:question-edit",
        code("survey", question_code="other_question"),
        "business_unit_officer",
    ),
    (
        "surveys:question-remove",
        code("survey", question_code="other_question"),
        "business_unit_officer",
    ),
    (
        "surveys:question-move",
        code("survey", question_code="other_question"),
        "business_unit_officer",
    ),
    # another indicator's benchmark or process change under this indicator
    (
        "dataset:reference-delete",
        lambda o: {"code": o["other_of_reference"].code, "pk": o["reference"].pk},
        "business_unit_officer",
    ),
    (
        "dataset:process-change-delete",
        lambda o: {"code": o["other_of_change"].code, "change": o["process_change"].code},
        "business_unit_officer",
    ),
    # another agency's things, for Noble's lead and for Children and Families' data officer
    ("actions:action", code("other_action"), "involved_lead"),
    ("actions:evidence-add", code("other_action"), "involved_lead"),
    ("audits:case", code("other_case"), "involved_lead"),
    ("assurance:evidence-detail", code("other_evidence"), "involved_lead"),
    ("accounts:withdraw-invitation", code("other_invitation"), "involved_lead"),
    (
        "dataset:return",
        lambda o: {"agency": o["imc"].code, "period": o["observation"].period},
        "data_officer",
    ),
    (
        "dataset:return-form",
        lambda o: {"agency": o["imc"].code, "period": o["observation"].period},
        "data_officer",
    ),
]
