"""Open data on the public site: the indicators the Board publishes, each as a chart with its
table, and as CSV and JSON. No sign-in. Only indicators marked as published (and still collected)
are reachable; small numbers are suppressed before anything leaves the server (see opendata.py)."""

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from manx_learning.dataset import charts, opendata
from manx_learning.dataset.models import Indicator
from manx_learning.dataset.periods import PeriodError, period_label
from manx_learning.dataset.selectors import UNIT_SUFFIX


def _published(code: str) -> Indicator:
    # One lookup for every public URL, so an unpublished code gets the same 404 as an unknown one.
    found = next((i for i in opendata.published_indicators() if i.code == code), None)
    if found is None:
        raise Http404
    return found


def _label(period: str) -> str:
    try:
        return period_label(period)
    except PeriodError:
        return period


# A period where some agency's return is not yet accepted: its figure is not published yet.
AWAITING = "awaiting validation"


def _headline_text(row: opendata.PublishedRow, cell: opendata.Cell | None, suffix: str) -> str:
    if cell is None and row.pending:
        return AWAITING
    return _with_unit(cell, suffix)


def _with_unit(cell: opendata.Cell | None, suffix: str) -> str:
    if cell is None:
        return "–"
    return cell.text if cell.hidden else f"{cell.text}{suffix}"


def _where(series: opendata.PublishedSeries) -> str:
    if len(series.agencies) == 1:
        return series.agencies[0].name
    return "all agencies"


@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    entries = []
    for indicator in opendata.published_indicators():
        series = opendata.published_series(indicator)
        cells = opendata.headline_cells(series)
        latest = next(
            ((row, cell) for row, cell in zip(reversed(series.rows), reversed(cells), strict=True)),
            None,
        )
        entries.append({"indicator": indicator, "series": series, "latest": latest})
    below = opendata.threshold()
    context = {"entries": entries, "below": below, "largest_hidden": opendata.largest_hidden(below)}
    return render(request, "dataset/opendata/index.html", context)


@require_safe
def open_data_indicator(request: HttpRequest, code: str) -> HttpResponse:
    indicator = _published(code)
    series = opendata.published_series(indicator)
    values = opendata.headline_values(series)
    labels = [_label(row.period) for row in series.rows]
    data = charts.ChartData(
        chart_id=f"open-{indicator.code.lower()}",
        title=f"{indicator.name}, {_where(series)}",
        periods=[row.period for row in series.rows],
        labels=labels,
        values=values,
        unit_label=UNIT_SUFFIX.get(indicator.unit, ""),
    )
    suffix = UNIT_SUFFIX.get(indicator.unit, "")
    rows = [
        {
            "label": label,
            "headline": _headline_text(row, cell, suffix),
            "cells": [
                (agency, _with_unit(row.cells[agency.pk], suffix))
                for agency in series.agencies
                if agency.pk in row.cells
            ],
        }
        for label, row, cell in zip(
            labels, series.rows, opendata.headline_cells(series), strict=True
        )
    ]
    context = {
        "indicator": indicator,
        "series": series,
        "svg": charts.xmr_svg(data) if series.rows else "",
        "rows": list(reversed(rows)),
    }
    return render(request, "dataset/opendata/indicator.html", context)


def _csv_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_safe
def open_data_csv(request: HttpRequest, code: str) -> HttpResponse:
    indicator = _published(code)
    text = opendata.series_csv([opendata.published_series(indicator)])
    return _csv_response(text, f"{indicator.code.lower()}.csv")


@require_safe
def open_data_all_csv(request: HttpRequest) -> HttpResponse:
    text = opendata.series_csv(
        [opendata.published_series(indicator) for indicator in opendata.published_indicators()]
    )
    return _csv_response(text, "open-data.csv")


@require_safe
def open_data_json(request: HttpRequest, code: str) -> HttpResponse:
    indicator = _published(code)
    return JsonResponse(
        opendata.series_json(opendata.published_series(indicator)),
        json_dumps_params={"indent": 2, "ensure_ascii": False},
    )
