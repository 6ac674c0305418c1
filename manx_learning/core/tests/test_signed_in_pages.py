"""Signed-in pages are never cached, and a session ends a fixed time after sign-in however busy
it has been."""

import time

import pytest
from django.urls import reverse

from manx_learning.core.middleware import SESSION_STARTED


@pytest.fixture
def signed_in(client, business_unit_officer):
    client.force_login(business_unit_officer)
    return client


def test_a_signed_in_page_tells_browsers_and_proxies_to_keep_nothing(signed_in):
    response = signed_in.get(reverse("reviews:list"))
    assert response.status_code == 200
    cache = response["Cache-Control"]
    assert "no-store" in cache and "private" in cache


def test_a_public_page_seen_by_a_visitor_may_be_cached(client):
    response = client.get("/about/")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_session_ends_the_set_time_after_sign_in_even_when_busy(signed_in, settings):
    settings.SESSION_ABSOLUTE_HOURS = 12
    assert signed_in.get(reverse("reviews:list")).status_code == 200
    session = signed_in.session
    session[SESSION_STARTED] = time.time() - 11.9 * 3600
    session.save()
    assert signed_in.get(reverse("reviews:list")).status_code == 200  # still within 12 hours
    session = signed_in.session
    session[SESSION_STARTED] = time.time() - 12.1 * 3600
    session.save()
    response = signed_in.get(reverse("reviews:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))
    assert "_auth_user_id" not in signed_in.session
