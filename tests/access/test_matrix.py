"""Every URL pattern, GET and POST, for every persona (issue #12). The expectations are the table
in tests/access/matrix.py; a pattern missing from it fails the first test."""

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from manx_learning.core.models import AuditEvent
from tests.access.matrix import EXCLUDED, MATRIX, SWAPS

REFUSED = {"403", "404", "405", "in", "401"}


def _names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"A URL pattern without a name: {pattern.pattern}"
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_pattern_has_a_row_in_the_matrix():
    patterns = _names(get_resolver()) - EXCLUDED
    assert sorted(patterns - MATRIX.keys()) == [], "URL patterns with no row in the matrix"
    assert sorted(MATRIX.keys() - patterns) == [], "rows for URL patterns that no longer exist"


def _outcome(response: HttpResponse, method: str) -> str:
    status = response.status_code
    if status in (301, 302, 303) and response["Location"].startswith(reverse("accounts:sign-in")):
        return "in"
    if status >= 500:
        return "500"
    if status in (401, 403, 404, 405):
        return str(status)
    if status < 400 or method == "post":
        return "ok"  # a POST with an empty body may answer 400 or a form with errors
    return str(status)


def _request(client: Client, method: str, url: str) -> str:
    try:
        with transaction.atomic():  # a crash inside the view leaves the test's transaction usable
            return _outcome(getattr(client, method)(url), method)
    except Exception as error:  # a crash is a finding, not a stop
        return f"500 ({error!r})"


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_persona_gets_what_the_matrix_says(world, db, name):
    row = MATRIX[name]
    url = reverse(name, kwargs=row.kwargs(world.objects))
    clients = world.signed_in()
    wrong = []
    for method in ("get", "post"):
        for persona, expected in row.expected(method).items():
            with transaction.atomic():
                before = AuditEvent.objects.count()
                got = _request(clients[persona], method, url)
                written = AuditEvent.objects.count() - before
                transaction.set_rollback(True)
            refused = expected in REFUSED
            if expected == "out":  # signing out is allowed and ends at the sign-in page
                expected = "in"
            if got != expected:
                wrong.append(f"{method.upper()} {persona}: expected {expected}, got {got}")
            elif refused and written:
                wrong.append(
                    f"{method.upper()} {persona}: refused ({got}) but wrote {written} audit event(s)"
                )
    assert wrong == [], f"{name} {url}\n" + "\n".join(wrong)


@pytest.mark.parametrize(("name", "kwargs", "persona"), SWAPS, ids=[s[0] for s in SWAPS])
def test_a_code_swapped_for_another_reviews_or_agencys_is_not_found(
    world, db, name, kwargs, persona
):
    url = reverse(name, kwargs=kwargs(world.objects))
    client = world.signed_in()[persona]
    takes = [
        m for m in ("get", "post") if MATRIX[name].expected(m)["business_unit_officer"] != "405"
    ]
    for method in takes:
        before = AuditEvent.objects.count()
        got = _request(client, method, url)
        assert (method, got) == (method, "404"), url
        assert AuditEvent.objects.count() == before
