"""API tokens for agency systems: the business unit issues one (shown once), lists them with
when each was last used, and revokes them."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from manx_learning.accounts.permissions import Capability, require_capability
from manx_learning.core.formkit import call_service, post_data
from manx_learning.dataset import access, services
from manx_learning.dataset.forms.returns import TokenForm
from manx_learning.dataset.models import ApiToken

PAGE_SIZE = 50


@login_required
@require_capability(Capability.MANAGE_DATASET)
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenForm(post_data(request))
    secret = None
    if request.method == "POST" and form.is_valid():
        issued = call_service(
            form,
            services.token_issue,
            agency=form.cleaned_data["agency"],
            name=form.cleaned_data["name"],
            by=request.user,
        )
        if issued:
            _, secret = issued
            form = TokenForm()
    tokens = ApiToken.objects.select_related("agency", "created_by", "revoked_by")
    page = Paginator(tokens, PAGE_SIZE).get_page(request.GET.get("page"))
    response = render(
        request, "dataset/tokens/list.html", {"form": form, "page": page, "secret": secret}
    )
    # The secret is on this page only once: never keep a copy in a cache.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_capability(Capability.MANAGE_DATASET)
@require_POST
def token_revoke(request: HttpRequest, code: Any) -> HttpResponse:
    token = access.get_token_for(request.user, code, write=True)
    if token.revoked_at is None:
        services.token_revoke(token=token, by=request.user)
        messages.success(request, f"Token {token.prefix}… for {token.agency} revoked")
    return redirect("dataset:tokens")
