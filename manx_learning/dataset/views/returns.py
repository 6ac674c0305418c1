"""Returns pages: the status board (the business unit) and an agency's list (its data officer),
one return with its versions, values, commentary and queries, the pre-filled template, the
upload, the key-in form, queries and answers, and acceptance.

Each view gets its return (or query) through `access` first, by role and agency: 404 for an
unknown return or period, or one the person may not see; 403 for someone who sees it but may not
act. It then calls one service, and redirects with a message."""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from manx_learning.accounts.permissions import require
from manx_learning.core.formkit import EDIT_TOKEN, call_service, post_data
from manx_learning.core.services import audit_log
from manx_learning.core.spreadsheets import csv_text, safe_cell
from manx_learning.core.uploads import KIND_LABELS
from manx_learning.dataset import access, returns_selectors, services
from manx_learning.dataset.forms.returns import (
    AnswerForm,
    BoardFilterForm,
    KeyInForm,
    QueryForm,
    UploadForm,
)
from manx_learning.dataset.models import QueryStatus, ValueQuery

TEMPLATES = "dataset/returns"
ERRORS_SHOWN = 500
TEMPLATE_HEADER = ["indicator", "agency", "period", "value", "numerator", "denominator", "note"]


# The board ---------------------------------------------------------------------------------


@login_required
@require_safe
def return_list(request: HttpRequest) -> HttpResponse:
    """The business unit's status board, or a data officer's own agency's returns."""
    require(access.can_view_return(request.user, request.user.agency_id))
    frequencies = returns_selectors.board_frequencies()
    form = BoardFilterForm(request.GET or None, frequencies=frequencies)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    frequency = data.get("frequency") or frequencies[0][0]
    periods, rows = returns_selectors.status_board(
        user=request.user,
        frequency=frequency,
        today=timezone.localdate(),
        status=data.get("status", ""),
    )
    context = {
        "form": form,
        "periods": periods,
        "rows": rows,
        "is_board": access.can_manage_returns(request.user),
        "filtered": bool(data.get("status")),
        "deadline_days": settings.DATASET_RETURN_DEADLINE_WORKING_DAYS,
    }
    return render(request, f"{TEMPLATES}/list.html", context)


# One return --------------------------------------------------------------------------------


def _observation_rows(view: returns_selectors.ReturnView) -> list[dict[str, Any]]:
    open_queries: dict[int, list[ValueQuery]] = {}
    for query in view.queries:
        open_queries.setdefault(query.observation.indicator_id, []).append(query)
    return [
        {
            "indicator": indicator,
            "observation": view.observations.get(indicator.pk),
            "queries": open_queries.get(indicator.pk, []),
        }
        for indicator in view.indicators
    ]


@login_required
@require_safe
def return_detail(request: HttpRequest, agency: Any, period: str) -> HttpResponse:
    agency_obj, period = access.get_return_for(request.user, agency, period)
    view = returns_selectors.return_view(agency=agency_obj, period=period)
    audit_log(
        actor=request.user,
        verb="dataset.return_viewed",
        target=view.record or agency_obj,
        detail={"period": period},
    )
    can_manage = access.can_manage_returns(request.user)
    context = {
        "view": view,
        "rows": _observation_rows(view),
        "can_submit": access.can_submit_return(request.user, agency_obj.pk),
        "can_manage": can_manage,
        "can_accept": can_manage and view.can_be_accepted,
        "can_answer": access.can_answer_query(request.user, agency_obj.pk),
        "overdue": view.record is None and timezone.localdate() > view.deadline,
    }
    return render(request, f"{TEMPLATES}/detail.html", context)


@login_required
@require_safe
def return_template(request: HttpRequest, agency: Any, period: str, kind: str) -> HttpResponse:
    """The return pre-filled: one row per indicator the agency reports, with values held."""
    agency_obj, period = access.get_return_for(request.user, agency, period)
    if kind not in ("csv", "xlsx"):
        raise Http404("Templates are CSV or XLSX")
    view = returns_selectors.return_view(agency=agency_obj, period=period)
    rows = []
    for indicator in view.indicators:
        held = view.observations.get(indicator.pk)
        rows.append(
            [
                indicator.code,
                agency_obj.agency_code,
                period,
                _plain(held.value) if held else "",
                _plain(held.numerator) if held else "",
                _plain(held.denominator) if held else "",
                held.note if held else "",
            ]
        )
    name = f"return-{agency_obj.agency_code}-{period}"
    if kind == "xlsx":
        response = HttpResponse(
            _xlsx(rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(
            "\ufeff" + csv_text(TEMPLATE_HEADER, rows), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


def _plain(value: Any) -> Any:
    if value is None:
        return ""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _xlsx(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Return")
    sheet.append(TEMPLATE_HEADER)
    for row in rows:
        # Periods are written as text so Excel does not turn 2026-03 into a date.
        sheet.append([safe_cell(cell) for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# Submitting --------------------------------------------------------------------------------


@login_required
def return_upload(request: HttpRequest, agency: Any, period: str) -> HttpResponse:
    agency_obj, period = access.get_return_for(request.user, agency, period, write=True)
    form = UploadForm(post_data(request), request.FILES or None)
    row_errors: list[Any] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["upload"]
        try:
            result = services.return_submit_file(
                agency=agency_obj,
                period=period,
                data=upload.read(),
                file_name=upload.name,
                by=request.user,
            )
        except services.ReturnRejected as rejected:
            row_errors = rejected.errors
            form.add_error("upload", _rejection_summary(rejected))
            audit_log(
                actor=request.user,
                verb="dataset.return_rejected",
                target=agency_obj,
                detail={"period": period, "file": upload.name, "errors": len(rejected.errors)},
            )
        else:
            for notice in result.notices:
                messages.info(request, notice)
            messages.success(request, _accepted_message(result))
            return redirect("dataset:return", agency=agency_obj.code, period=period)
    context = {
        "form": form,
        "agency": agency_obj,
        "period": period,
        "row_errors": row_errors[:ERRORS_SHOWN],
        "more_errors": max(0, len(row_errors) - ERRORS_SHOWN),
        "kinds": f"{KIND_LABELS['csv']} or {KIND_LABELS['xlsx']}",
    }
    return render(request, f"{TEMPLATES}/upload.html", context)


def _rejection_summary(rejected: services.ReturnRejected) -> str:
    errors = rejected.errors
    if len(errors) == 1:
        error = errors[0]
        where = f"Row {error.row}: " if error.row else ""
        return f"The file was not accepted. {where}{error.message}"
    count = len(errors)
    return f"The file was not accepted: it has {count} problems, listed below. Nothing was stored."


def _accepted_message(result: services.StoreResult) -> str:
    version = result.versions[0] if result.versions else None
    changed = f"; {result.changed} change(s) from the last version" if result.changed else ""
    number = f" as version {version.number}" if version else ""
    return f"Return submitted{number}: {result.accepted} value(s){changed}"


@login_required
def return_form(request: HttpRequest, agency: Any, period: str) -> HttpResponse:
    agency_obj, period = access.get_return_for(request.user, agency, period, write=True)
    view = returns_selectors.return_view(agency=agency_obj, period=period)
    form = KeyInForm(
        post_data(request),
        indicators=view.indicators,
        initial_rows=view.observations,
        initial={EDIT_TOKEN: services.return_edit_token(agency_obj, period)},
    )
    if request.method == "POST" and form.is_valid():
        entries, which = form.entries()
        try:
            result = call_service(
                form,
                services.return_submit_entries,
                agency=agency_obj,
                period=period,
                entries=entries,
                by=request.user,
                seen=form.cleaned_data[EDIT_TOKEN],
            )
        except services.ReturnRejected as rejected:
            form.add_row_errors(rejected.errors, which)
        else:
            if result is not None:
                messages.success(request, _accepted_message(result))
                return redirect("dataset:return", agency=agency_obj.code, period=period)
    context = {"form": form, "view": view}
    return render(request, f"{TEMPLATES}/form.html", context)


# Queries and acceptance ------------------------------------------------------------------------


@login_required
def query_raise(request: HttpRequest, agency: Any, period: str, indicator: str) -> HttpResponse:
    agency_obj, period = access.get_return_for(
        request.user, agency, period, need=access.can_manage_returns
    )
    observation = get_object_or_404(
        agency_obj.observations.select_related("indicator"),
        period=period,
        indicator__code=indicator,
        breakdown="",
    )
    form = QueryForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        raised = call_service(
            form,
            services.value_query_raise,
            observation=observation,
            question=form.cleaned_data["question"],
            by=request.user,
        )
        if raised:
            messages.success(request, f"Query sent to {agency_obj.name}")
            return redirect("dataset:return", agency=agency_obj.code, period=period)
    context = {"form": form, "observation": observation, "agency": agency_obj, "period": period}
    return render(request, f"{TEMPLATES}/query.html", context)


@login_required
def query_answer(request: HttpRequest, code: Any) -> HttpResponse:
    query = access.get_query_for(request.user, code, write=True)
    data_return = query.data_return
    if query.status != QueryStatus.OPEN:
        messages.info(request, "This query has already been answered")
        return redirect("dataset:return", agency=data_return.agency.code, period=data_return.period)
    form = AnswerForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        answered = call_service(
            form,
            services.value_query_answer,
            query=query,
            answer=form.cleaned_data["answer"],
            by=request.user,
        )
        if answered:
            messages.success(request, "Answer sent to the business unit")
            return redirect(
                "dataset:return", agency=data_return.agency.code, period=data_return.period
            )
    return render(request, f"{TEMPLATES}/answer.html", {"form": form, "query": query})


@login_required
@require_POST
def return_accept(request: HttpRequest, agency: Any, period: str) -> HttpResponse:
    agency_obj, period = access.get_return_for(
        request.user, agency, period, need=access.can_manage_returns
    )
    data_return = get_object_or_404(agency_obj.data_returns, period=period)
    try:
        services.return_accept(data_return=data_return, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{agency_obj.name}'s return for {period} accepted")
    return redirect("dataset:return", agency=agency_obj.code, period=period)
