"""The survey rate limit in a real deployment: clients behind the Board's reverse proxy are told
apart by X-Forwarded-For, and with a shared cache (Redis) every app server counts together."""

import uuid

import pytest
from django.core.cache import cache
from django.urls import reverse

from manx_learning.surveys.models import Response
from manx_learning.surveys.tests.factories import form_data as _form_data
from manx_learning.surveys.tests.factories import post_answers as _post

PROXY = "10.0.0.2"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_clients_behind_the_proxy_are_counted_separately(client, make_survey, settings):
    settings.SURVEY_RATE_LIMIT_PER_HOUR = 1
    settings.PROXY_COUNT = 1
    survey = make_survey()
    first = _post(
        client,
        survey,
        _form_data(client, survey),
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    # Another person on the same proxy is not blocked by the first one's answer...
    second = _post(
        client,
        survey,
        _form_data(client, survey),
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.4",
    )
    # ...but the first person coming back is, even if they forge an extra address in front.
    again = _post(
        client,
        survey,
        _form_data(client, survey),
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.7",
    )
    assert [first.status_code, second.status_code, again.status_code] == [302, 302, 429]
    assert Response.objects.count() == 2


def test_without_proxy_count_the_forwarded_header_is_ignored(client, make_survey, settings):
    settings.SURVEY_RATE_LIMIT_PER_HOUR = 1
    settings.PROXY_COUNT = 0
    survey = make_survey()
    codes = [
        _post(
            client,
            survey,
            _form_data(client, survey),
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=forged,
        ).status_code
        for forged in ("203.0.113.7", "198.51.100.4")
    ]
    assert codes == [302, 429]  # a client cannot dodge the limit by inventing addresses


def test_with_redis_every_app_server_shares_the_count(client, make_survey, settings):
    """Two app servers are two processes with their own connections; Redis holds the count.
    Redis runs on 127.0.0.1:6379 here (`.ci/run` checks it)."""
    prefix = f"manx-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            "KEY_PREFIX": prefix,
        }
    }
    settings.SURVEY_RATE_LIMIT_PER_HOUR = 1
    from django.core.cache import caches

    survey = make_survey()
    url = reverse("surveys:respond", args=[survey.public_token])
    data = _form_data(client, survey)
    assert client.post(url, data).status_code == 302
    caches.close_all()  # the "other server" starts with a fresh connection
    assert client.post(url, _form_data(client, survey)).status_code == 429
    # The count lives in Redis itself, where every server reads it.
    import redis

    server = redis.Redis(host="127.0.0.1", port=6379, db=0)
    keys = server.keys(f"{prefix}:*")
    assert keys, "nothing was counted in Redis"
    server.delete(*keys)
