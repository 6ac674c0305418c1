"""Anonymisation runs, the reviewer's decisions on them, and the publication gate.

A report reaches the public site only through `publish`, which refuses while any gap in
`publication_gaps` is open and scans its own output once more for every register value."""

from __future__ import annotations

import hashlib
import html
import io
import logging
import re
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from manx_learning.accounts.models import User
from manx_learning.accounts.permissions import is_business_unit, require
from manx_learning.core.pdf import render_pdf
from manx_learning.core.services import audit_log
from manx_learning.lib.anonymiser import (
    AnonymiserError,
    DocumentLimits,
    anonymise,
    extract_text,
    parse_register,
)
from manx_learning.lib.register_leaks import find_leaks, register_values
from manx_learning.lib.report_markup import report_html
from manx_learning.publishing.models import (
    AnonymisationRun,
    MissedText,
    PublishedItem,
    PublishedKind,
    RunStatus,
    SpanDecision,
)
from manx_learning.reviews import access
from manx_learning.reviews import services as reviews_services
from manx_learning.reviews.models import (
    PublicationChoice,
    ReportVersion,
    ReportVersionKind,
    Review,
    ReviewKind,
    Stage,
)

# What someone the access rules say no to is told.
DENIED = "You cannot do this on this review."

PUBLISHER = "Manx Learning"

# Anonymisation belongs after the Board's approval (docs/publishing.md): the report is final.
ANONYMISE_AT = Stage.APPROVED

log = logging.getLogger(__name__)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# Source text ----------------------------------------------------------------------------------


def version_source_text(version: ReportVersion) -> tuple[str, list[str]]:
    """The text of a report version and any extraction warnings.

    Text written in the system wins; otherwise the uploaded .docx or PDF is extracted by the
    anonymiser's documents module, which refuses tracked changes, scanned PDFs and documents
    beyond the DOCUMENT_* limits (the message names the limit)."""
    if version.text.strip():
        return version.text, []
    if not version.document:
        raise ValidationError("This report version has no text and no document.")
    suffix = PurePath(version.original_name or version.document.name or "").suffix.lower()
    try:
        with version.document.open("rb") as source:
            data = source.read()
    except OSError as error:
        raise ValidationError("The report's document cannot be read: upload it again.") from error
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, f"report{suffix}")
        with open(path, "wb") as copy:
            copy.write(data)
        try:
            extracted = extract_text(path, DocumentLimits.from_settings(settings))
        except AnonymiserError as error:
            name = version.original_name or "The report"
            raise ValidationError(str(error).replace(path.name, name, 1)) from error
    return extracted.text, list(extracted.warnings)


def version_fingerprint(version: ReportVersion) -> str:
    """The hash of the version as stored: its text, or else its document's bytes. Cheap, so the
    publication gate can tell whether the report changed without reading it again (a PDF's
    structure takes about 0.1 s a page)."""
    if version.text.strip():
        return _sha256(version.text)
    digest = hashlib.sha256()
    try:
        with version.document.open("rb") as source:
            for chunk in iter(lambda: source.read(1 << 16), b""):
                digest.update(chunk)
    except (OSError, ValueError):  # no document, or gone from storage
        return ""
    return digest.hexdigest()


def latest_final_version(review: Review) -> ReportVersion | None:
    return review.report_versions.filter(kind=ReportVersionKind.FINAL).order_by("-number").first()


# Runs and decisions ---------------------------------------------------------------------------


def _new_run(version: ReportVersion, by: User) -> AnonymisationRun:
    """A queued run, after the access and stage checks."""
    review = version.review
    require(access.can_view_register(by, review), DENIED)
    require_anonymisable(review)
    run = AnonymisationRun(
        report_version=version,
        run_by=by,
        status=RunStatus.QUEUED,
        progress_stage="Waiting for the worker",
    )
    run.full_clean(exclude=["spans", "warnings"])
    run.save()
    audit_log(
        actor=by, verb="anonymisation.started", target=run, detail={"version": version.number}
    )
    return run


def not_anonymisable_because(review: Review) -> str:
    """Why the review cannot be anonymised yet, or "" if it can."""
    if review.stage == ANONYMISE_AT:
        return ""
    return (
        "The report can be anonymised only once the Board has approved the review. "
        f"It is at: {review.get_stage_display().lower()}."
    )


def require_anonymisable(review: Review) -> None:
    """Refuse to anonymise a review before the Board has approved it."""
    reason = not_anonymisable_because(review)
    if reason:
        raise ValidationError(reason)


@transaction.atomic
def anonymisation_start(*, version: ReportVersion, by: User) -> AnonymisationRun:
    """Queue a run of the anonymiser on one exact version; the task worker does the work
    (`tasks.anonymise_report`), so no request waits for a long document."""
    from manx_learning.publishing.tasks import anonymise_report

    run = _new_run(version, by)
    code = str(run.code)
    transaction.on_commit(lambda: anonymise_report.enqueue(run_code=code))
    return run


@transaction.atomic
def anonymisation_retry(*, run: AnonymisationRun, by: User) -> AnonymisationRun:
    """Queue a failed run again (after the report, the register or a limit was changed)."""
    from manx_learning.publishing.tasks import anonymise_report

    require(access.can_view_register(by, run.report_version.review), DENIED)
    require_anonymisable(run.report_version.review)
    if not run.is_failed:
        raise ValidationError("Only a failed run can be started again.")
    run.status, run.error, run.finished_at = RunStatus.QUEUED, "", None
    run.progress_stage, run.progress_percent = "Waiting for the worker", 0
    run.save()
    audit_log(actor=by, verb="anonymisation.retried", target=run)
    code = str(run.code)
    transaction.on_commit(lambda: anonymise_report.enqueue(run_code=code))
    return run


@transaction.atomic
def anonymisation_run(*, version: ReportVersion, by: User) -> AnonymisationRun:
    """Run the anonymiser on one exact version with the review's register, now (for callers
    that need the result at once); a refusal raises ValidationError and leaves no run."""
    run = anonymisation_work(run=_new_run(version, by))
    if run.is_failed:
        raise ValidationError(run.error)
    return run


def _progress(run: AnonymisationRun, stage: str, percent: int, **fields: Any) -> None:
    """Record progress at once (outside any transaction in the worker), for the run's page."""
    run.progress_stage, run.progress_percent = stage, percent
    for name, value in fields.items():
        setattr(run, name, value)
    names = ["progress_stage", "progress_percent", *fields]
    AnonymisationRun.objects.filter(pk=run.pk).update(
        **{name: getattr(run, name) for name in names}, updated_at=timezone.now()
    )


def _fail(run: AnonymisationRun, message: str) -> AnonymisationRun:
    _progress(
        run,
        run.progress_stage,
        run.progress_percent,
        status=RunStatus.FAILED,
        error=message,
        finished_at=timezone.now(),
    )
    audit_log(actor=run.run_by, verb="anonymisation.failed", target=run)
    return run


def anonymisation_work(*, run: AnonymisationRun) -> AnonymisationRun:
    """Read the report and anonymise it, recording progress on the run: done with its spans,
    or failed with the message that says why. Called by the task worker (and by
    `anonymisation_run` in the caller's process)."""
    version = run.report_version
    review = version.review
    _progress(run, "Reading the report", 10, status=RunStatus.RUNNING)
    try:
        text, warnings = version_source_text(version)
        _progress(
            run,
            f"Replacing the register and detecting identifiers in {len(text):,} characters",
            40,
            characters=len(text),
        )
        try:
            register = parse_register(
                reviews_services.register_export(review=review, by=run.run_by)
            )
        except AnonymiserError as error:
            raise ValidationError(str(error)) from error
        result = anonymise(text, register)
    except ValidationError as error:
        return _fail(run, " ".join(error.messages))
    except Exception:
        log.exception("Anonymisation run %s failed", run.code)
        _fail(
            run,
            "The anonymiser stopped with an unexpected error. Start it again; if it fails "
            "again, tell the system administrator (the error is in the worker's log).",
        )
        raise
    _progress(run, "Saving the replacements", 90)
    run.source_sha256 = _sha256(text)
    run.version_sha256 = version_fingerprint(version)
    run.source_text = text
    run.output_text = result.text
    run.spans = [span.as_report() for span in result.spans]
    run.warnings = [*warnings, *result.warnings]
    run.status, run.progress_stage, run.progress_percent = RunStatus.DONE, "Finished", 100
    run.finished_at = timezone.now()
    run.full_clean(exclude=["spans", "warnings"])
    run.save()
    audit_log(
        actor=run.run_by,
        verb="anonymisation.run",
        target=run,
        detail={"version": version.number, "spans": len(run.spans)},
    )
    return run


def _detected(run: AnonymisationRun, span_index: int) -> dict[str, Any]:
    if not 0 <= span_index < len(run.spans):
        raise ValidationError("There is no such replacement in this run.")
    span = run.spans[span_index]
    if span.get("source") != "detected":
        raise ValidationError(
            "Register replacements cannot be undone: change the register and run again."
        )
    return span


def _changed(run: AnonymisationRun) -> None:
    """Any change to the decisions withdraws an earlier approval and refreshes the output."""
    run.output_text = anonymised_text(run)
    run.approved_by, run.approved_at = None, None
    run.save(update_fields=["output_text", "approved_by", "approved_at", "updated_at"])


def _decide(run: AnonymisationRun, span_index: int, decision: str, by: User) -> bool:
    """Record one decision; False if it was already so (an unchanged answer changes nothing)."""
    _detected(run, span_index)
    if decision not in {SpanDecision.ACCEPT, SpanDecision.REJECT}:
        raise ValidationError("Choose whether to replace or keep the text.")
    row = SpanDecision.objects.filter(run=run, span_index=span_index).first()
    if row and row.decision == decision:
        return False
    row = row or SpanDecision(run=run, span_index=span_index)
    row.decision, row.decided_by = decision, by
    row.save()
    audit_log(
        actor=by,
        verb="anonymisation.span_decided",
        target=run,
        detail={"span": span_index, "decision": decision},
    )
    return True


@transaction.atomic
def span_decide(run: AnonymisationRun, span_index: int, decision: str, by: User) -> None:
    """Accept (replace) or reject (keep) one detected span."""
    span_decisions_save(run, {span_index: decision}, by)


@transaction.atomic
def span_decisions_save(run: AnonymisationRun, decisions: dict[int, str], by: User) -> int:
    """Save the reviewer's answers together; a change withdraws any approval. Returns how
    many decisions changed."""
    require(access.can_view_register(by, run.report_version.review), DENIED)
    changed = sum(_decide(run, index, decision, by) for index, decision in decisions.items())
    if changed:
        _changed(run)
    return changed


@transaction.atomic
def missed_text_add(
    run: AnonymisationRun, text: str, replacement: str = "[redacted]", by: User | None = None
) -> MissedText:
    """Mark text the anonymiser missed; every occurrence of it is replaced."""
    require(access.can_view_register(by, run.report_version.review), DENIED)
    text = text.strip()
    if not text or not _occurrences(run.source_text, text):
        raise ValidationError({"text": "Enter text exactly as it appears in the report"})
    missed = MissedText(
        run=run, text=text, replacement=replacement.strip() or "[redacted]", marked_by=by
    )
    missed.full_clean()
    missed.save()
    _changed(run)
    audit_log(actor=by, verb="anonymisation.missed_text_marked", target=run)
    return missed


@transaction.atomic
def run_approve(run: AnonymisationRun, by: User) -> AnonymisationRun:
    """A second person confirms the anonymisation once every detection is resolved."""
    require(access.can_view_register(by, run.report_version.review), DENIED)
    if not run.is_done:
        raise ValidationError("The anonymiser has not finished this run.")
    if by.pk == run.run_by_id:
        raise ValidationError("A second person must approve: you ran the anonymiser.")
    open_spans = undecided_spans(run)
    if open_spans:
        raise ValidationError(
            f"Decide on every detected replacement first ({len(open_spans)} still open)."
        )
    run.approved_by, run.approved_at = by, timezone.now()
    run.save(update_fields=["approved_by", "approved_at", "updated_at"])
    audit_log(actor=by, verb="anonymisation.approved", target=run)
    return run


def detected_numbers(run: AnonymisationRun) -> dict[int, int]:
    """Span index to the number the reviewer sees (1 for the first detected span)."""
    detected = [i for i, span in enumerate(run.spans) if span["source"] == "detected"]
    return {index: number for number, index in enumerate(detected, 1)}


def undecided_spans(run: AnonymisationRun) -> list[int]:
    decided = set(run.decisions.values_list("span_index", flat=True))
    return [
        i for i, span in enumerate(run.spans) if span["source"] == "detected" and i not in decided
    ]


# The anonymised text --------------------------------------------------------------------------


@dataclass
class Segment:
    """A piece of the source: plain text, or a replacement (`kind` register/detected/missed)."""

    text: str
    replacement: str | None = None
    kind: str = ""
    index: int | None = None
    decision: str = ""
    number: int | None = None  # detected spans are numbered 1, 2, 3… for the reviewer

    @property
    def applied(self) -> bool:
        return self.replacement is not None and self.decision != SpanDecision.REJECT

    @property
    def is_register(self) -> bool:
        """From the identifier register: always replaced, never decided."""
        return self.kind == "register"

    @property
    def output(self) -> str:
        return self.replacement if self.applied else self.text  # type: ignore[return-value]


def _occurrences(source: str, text: str) -> list[tuple[int, int]]:
    pattern = re.escape(text)
    if text[0].isalnum():
        pattern = r"(?<!\w)" + pattern
    if text[-1].isalnum():
        pattern += r"(?!\w)"
    return [(m.start(), m.end()) for m in re.finditer(pattern, source, re.IGNORECASE)]


def _free_parts(start: int, end: int, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    parts, cursor = [], start
    for lo, hi in sorted(taken):
        if hi <= cursor or lo >= end:
            continue
        if lo > cursor:
            parts.append((cursor, lo))
        cursor = max(cursor, hi)
    if cursor < end:
        parts.append((cursor, end))
    return parts


def anonymised_segments(run: AnonymisationRun) -> list[Segment]:
    """The source cut into plain text and replacements, for the review screen and the output.

    1. Every span of the run, with the reviewer's decision on detected ones.
    2. Every occurrence of each missed text, in the parts no applied span already covers."""
    decisions = dict(run.decisions.values_list("span_index", "decision"))
    numbers = detected_numbers(run)
    marks: list[tuple[int, int, Segment]] = []
    for i, span in enumerate(run.spans):
        seg = Segment(
            span["original"], span["replacement"], span["source"], i, decisions.get(i, "")
        )
        seg.number = numbers.get(i)
        marks.append((span["start"], span["end"], seg))
    taken = [(s, e) for s, e, seg in marks if seg.applied]
    for missed in run.missed.all():
        for start, end in _occurrences(run.source_text, missed.text):
            for lo, hi in _free_parts(start, end, taken):
                marks.append(
                    (lo, hi, Segment(run.source_text[lo:hi], missed.replacement, "missed"))
                )
                taken.append((lo, hi))
    # A rejected span under a missed text gives way to the missed text.
    marks = [
        m for m in marks if m[2].applied or not any(lo < m[1] and m[0] < hi for lo, hi in taken)
    ]
    segments, cursor = [], 0
    for start, end, seg in sorted(marks, key=lambda m: m[0]):
        if start > cursor:
            segments.append(Segment(run.source_text[cursor:start]))
        segments.append(seg)
        cursor = end
    segments.append(Segment(run.source_text[cursor:]))
    return segments


def anonymised_text(run: AnonymisationRun) -> str:
    """The source with every register span, accepted detection and missed text replaced."""
    return "".join(segment.output for segment in anonymised_segments(run))


def published_body_html(run: AnonymisationRun) -> str:
    """The anonymised report as the published page and PDF show it: its headings, paragraphs,
    lists and tables (`lib/report_markup.py`), every piece of text escaped."""
    return report_html(anonymised_text(run))


def who_may_approve(run: AnonymisationRun) -> str:
    """The people who may approve a run, in words: anyone who may see the review's register
    except whoever ran it."""
    review = run.report_version.review
    reviewers = [
        a.reviewer.full_name
        for a in review.assignments.select_related("reviewer").order_by("reviewer__full_name")
        if a.reviewer_id != run.run_by_id
    ]
    others = "any business unit officer"
    if is_business_unit(run.run_by):
        others = "another business unit officer"
    if reviewers:
        return f"{others}, or the review's reviewer {' or '.join(reviewers)}"
    return others


# The publication gate -------------------------------------------------------------------------


def publication_gaps(run: AnonymisationRun) -> list[str]:
    """Every reason the run cannot be published yet; empty when the gate is clear."""
    version = run.report_version
    review = version.review
    gaps = []
    if not run.is_done:
        gaps.append("The anonymiser has not finished this run.")
    if latest_final_version(review) != version:
        gaps.append("The anonymiser has not run on the review's latest final report.")
    elif not run.version_sha256 or version_fingerprint(version) != run.version_sha256:
        gaps.append("The report has changed since the anonymiser ran: run it again.")
    open_spans = undecided_spans(run)
    if open_spans:
        gaps.append(f"{len(open_spans)} detected replacement(s) still need a decision.")
    if not run.approved_by_id:
        gaps.append(
            "A second person has not approved the anonymisation. "
            f"Who may approve it: {who_may_approve(run)}; it is waiting on their dashboards."
        )
    elif run.approved_by_id == run.run_by_id:
        gaps.append("The anonymisation was approved by the person who ran it.")
    # One review, one publication: another run on the same review must not publish it twice.
    published = PublishedItem.objects.filter(
        review=review,
        kind__in=[PublishedKind.REVIEW, PublishedKind.LEARNING_REPORT],
        withdrawn_at__isnull=True,
    ).first()
    if published is not None:
        gaps.append(f"This review is already published, as “{published.title}”.")
    approval = getattr(review, "approval", None)
    if not approval or not approval.panel_signed_off_on:
        gaps.append("The SCMR Panel has not signed off the report.")
    if not approval or not approval.board_approved_on:
        gaps.append("The Board has not approved the report.")
    if approval and approval.publication == PublicationChoice.NONE:
        gaps.append("The Board decided the report is not to be published.")
    elif not approval or approval.publication not in {
        PublicationChoice.FULL,
        PublicationChoice.SUMMARY,
    }:
        gaps.append("The Board's publication decision is not recorded.")
    return gaps


def _xmp(title: str) -> bytes:
    return (
        '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        '<rdf:RDF xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" '
        'xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" pdfuaid:part="1" />'
        f'<rdf:Description rdf:about="" pdf:Producer="{PUBLISHER}" '
        f'xmp:CreatorTool="{PUBLISHER}" />'
        '<rdf:Description rdf:about=""><dc:title><rdf:Alt><rdf:li xml:lang="x-default">'
        f"{xml_escape(title)}</rdf:li></rdf:Alt></dc:title></rdf:Description>"
        "</rdf:RDF>\n</x:xmpmeta>\n"
        '<?xpacket end="r"?>'
    ).encode()


def clean_pdf_metadata(pdf: bytes, *, title: str) -> bytes:
    """The PDF with only a title and "Manx Learning" as creator and producer: no author,
    subject, keywords or renderer, in the document information and in the XMP packet."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.metadata = None
    writer.add_metadata({"/Title": title, "/Creator": PUBLISHER, "/Producer": PUBLISHER})
    metadata = writer.root_object.get("/Metadata")
    if metadata is not None:
        metadata.get_object().set_data(_xmp(title))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_text_and_metadata(pdf: bytes) -> tuple[str, str]:
    """The PDF's extracted text, and its metadata (information and XMP) as one string."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    info = " ".join(f"{k} {v}" for k, v in (reader.metadata or {}).items())
    xmp = reader.root_object.get("/Metadata")
    if xmp is not None:
        info += " " + xmp.get_object().get_data().decode("utf-8", "replace")
    return text, info


def _slug(title: str) -> str:
    return f"{slugify(title)[:100].strip('-') or 'learning'}-{uuid.uuid4().hex[:6]}"


@transaction.atomic
def publish(
    run: AnonymisationRun,
    by: User,
    title: str,
    summary: str,
    audience: str,
    themes: Any = (),
) -> PublishedItem:
    """Publish the anonymised report.

    1. Refuse with every gap in the gate.
    2. Build the HTML body (headings, paragraphs, lists, tables) and the PDF from the anonymised
       text; strip the PDF's metadata.
    3. Scan title, summary, HTML, PDF text and PDF metadata for every register value; refuse
       and say where if any is found.
    4. Create the PublishedItem, record the review's publication date, and audit it."""
    review = run.report_version.review
    require(is_business_unit(by), "Only the business unit publishes reports.")
    gaps = publication_gaps(run)
    if gaps:
        raise ValidationError(gaps)
    title, summary = title.strip(), summary.strip()
    body_html = published_body_html(run)
    context = {"title": title, "summary": summary, "body_html": body_html}
    pdf = clean_pdf_metadata(
        render_pdf("publishing/gate/pdf.html", context, title=title), title=title
    )
    pdf_text, pdf_metadata = pdf_text_and_metadata(pdf)
    places = {
        "the title": title,
        "the summary": summary,
        "the published page": html.unescape(body_html),
        "the PDF": pdf_text,
        "the PDF's metadata": pdf_metadata,
    }
    values = register_values(reviews_services.register_export(review=review, by=by))
    leaks = find_leaks(places, values)
    if leaks:
        raise ValidationError([f"{leak}. Remove it before publishing." for leak in leaks])
    now = timezone.now()
    kind = (
        PublishedKind.LEARNING_REPORT
        if review.kind == ReviewKind.LEARNING_REPORT
        else PublishedKind.REVIEW
    )
    item = PublishedItem(
        kind=kind,
        slug=_slug(title),
        title=title,
        summary=summary,
        body_html=body_html,
        year=timezone.localdate().year,
        audience=audience,
        review=review,
        anonymisation_run=run,
        published_at=now,
        published_by=by,
    )
    item.full_clean(exclude=["pdf"])
    item.pdf.save(f"{item.slug}.pdf", ContentFile(pdf), save=False)
    item.save()
    item.themes.set(themes)
    review.publication_date = timezone.localdate()
    review.save(update_fields=["publication_date", "updated_at"])
    audit_log(actor=by, verb="publication.published", target=item, detail={"slug": item.slug})
    return item
