"""Keeping the public survey link safe from floods and bots without puzzles for people.

- A honeypot field, hidden from everyone (including screen readers) with the `hidden` attribute:
  people never see it, form-filling bots fill it in.
- The time the form was shown, signed into the form: answers sent back faster than a person could
  read the questions are refused with a plain request to try again.
- A limit on answers per survey per client per hour, counted in Django's cache under a salted
  hash of the survey and the client's address. The hash is never stored with a response; the
  cache entry expires after the hour.
- A limit on the size of the request body, checked before Django reads it.
Django's CSRF protection covers the form as it does every other."""

import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

HONEYPOT_FIELD = "website"
STARTED_FIELD = "started"
_SIGNING_SALT = "manx_learning.surveys.started"
_RATE_SALT = "manx_learning.surveys.rate"
_WINDOW_SECONDS = 60 * 60
# A form left open longer than this is refused as stale (and shown again, fresh).
MAX_FORM_AGE_SECONDS = 60 * 60 * 24


def started_token(survey_token: str, now: float | None = None) -> str:
    return signing.dumps({"s": survey_token, "t": now or time.time()}, salt=_SIGNING_SALT)


def filled_too_fast(value: str, survey_token: str, now: float | None = None) -> bool:
    """True when the signed start time is missing, forged, for another survey, stale, or less
    than SURVEY_MIN_FILL_SECONDS ago."""
    now = now or time.time()
    try:
        data = signing.loads(value, salt=_SIGNING_SALT, max_age=MAX_FORM_AGE_SECONDS)
    except signing.BadSignature:
        return True
    if data.get("s") != survey_token:
        return True
    return now - float(data.get("t", now)) < settings.SURVEY_MIN_FILL_SECONDS


def honeypot_filled(request: HttpRequest) -> bool:
    return bool(request.POST.get(HONEYPOT_FIELD, "").strip())


def body_too_large(request: HttpRequest) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > settings.SURVEY_MAX_BODY_BYTES


def _client_key(request: HttpRequest, survey_token: str) -> str:
    client = request.META.get("REMOTE_ADDR", "")
    digest = salted_hmac(_RATE_SALT, f"{survey_token}|{client}", algorithm="sha256").hexdigest()
    return f"surveys:rate:{digest}"


def rate_limited(request: HttpRequest, survey_token: str) -> bool:
    """Count this submission; True once the client has sent more than the hourly limit."""
    key = _client_key(request, survey_token)
    cache.add(key, 0, timeout=_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=_WINDOW_SECONDS)
        count = 1
    return count > settings.SURVEY_RATE_LIMIT_PER_HOUR
