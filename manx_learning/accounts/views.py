from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import user_has_device

from manx_learning.accounts import access, services, twofactor
from manx_learning.accounts.forms import (
    AcceptInvitationForm,
    AgencyEditForm,
    AgencyForm,
    InviteForm,
    PasswordResetForm,
    PeopleFilterForm,
    PersonAccessForm,
    SignInForm,
    TokenForm,
)
from manx_learning.accounts.models import User
from manx_learning.accounts.permissions import (
    Capability,
    assignable_roles,
    can_change_person,
    has_capability,
    require_capability,
)
from manx_learning.accounts.selectors import (
    agencies_visible_to,
    invitations_visible_to,
    people_visible_to,
)
from manx_learning.core.formkit import call_service, with_edit_token
from manx_learning.core.services import audit_log

PAGE_SIZE = 25


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def _after_password(request: HttpRequest, user: User) -> HttpResponseRedirect:
    """Where to go once the password is right: code, app set-up, or the service."""
    if user_has_device(user, confirmed=True):
        return redirect(f"{reverse('accounts:two-factor-verify')}?next={_next_url(request)}")
    if settings.TWO_FACTOR_REQUIRED and user.needs_two_factor:
        return redirect("accounts:two-factor-setup")
    return HttpResponseRedirect(_next_url(request))


# Signing in and out ---------------------------------------------------------------------------


def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        user = authenticate(request, username=email, password=form.cleaned_data["password"])
        if user is not None:
            login(request, user)
            services.sign_in_recorded(user=user, method="password")
            return _after_password(request, user)
        services.sign_in_failed(email=email)
        form.add_error(None, "Enter a correct email address and password")
    return render(request, "accounts/sign_in.html", {"form": form, "next": _next_url(request)})


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    services.sign_out_recorded(user=request.user)
    logout(request)
    messages.success(request, "You have signed out")
    return redirect("accounts:sign-in")


# Two-factor authentication --------------------------------------------------------------------


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        locked = twofactor.locked_until(user=request.user)
        device = None
        if locked is None:
            device = twofactor.device_matching(user=request.user, token=form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            # A new session key once the second factor is proved, so a key seen before (on a
            # shared machine, in a log) is worth nothing afterwards.
            request.session.cycle_key()
            services.sign_in_recorded(user=request.user, method="totp")
            return HttpResponseRedirect(_next_url(request))
        audit_log(actor=request.user, verb="user.two_factor_failed", target=request.user)
        form.add_error("token", _wrong_code_message(locked))
    context = {"form": form, "next": _next_url(request)}
    return render(request, "accounts/two_factor_verify.html", context)


def _wrong_code_message(until: Any) -> str:
    """After a wrong code django-otp refuses every code for a while (1 s, then 2, 4, ...): while
    it does, say so and until when; the code was not checked, so "not right" would be untrue."""
    if until is None:
        return "The code is not right. Check your app and try again"
    wait = max(1, int((until - timezone.now()).total_seconds()))
    at = timezone.localtime(until).strftime("%H:%M:%S")
    return (
        f"Too many wrong codes: codes are not being checked for {wait} seconds. "
        f"Try again after {at}"
    )


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    if user_has_device(request.user, confirmed=True) and not request.user.is_verified():
        return redirect("accounts:two-factor-verify")
    device = twofactor.pending_device(user=request.user)
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if twofactor.device_confirm(device=device, token=form.cleaned_data["token"]):
            otp_login(request, device)
            request.session.cycle_key()
            messages.success(request, "Two-factor authentication is now on for your account")
            return redirect(settings.LOGIN_REDIRECT_URL)
        form.add_error("token", "The code is not right. Check the time on your phone and try again")
    context = {
        "form": form,
        "qr_svg": twofactor.qr_svg(device),
        "secret": twofactor.secret_for_display(device),
        "already_on": user_has_device(request.user, confirmed=True),
    }
    return render(request, "accounts/two_factor_setup.html", context)


# Passwords ------------------------------------------------------------------------------------


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password-reset-sent")

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        audit_log(
            actor=None,
            actor_label=form.cleaned_data["email"][:254],
            verb="user.password_reset_requested",
        )
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-done")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        audit_log(actor=form.user, verb="user.password_reset", target=form.user)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy(settings.LOGIN_REDIRECT_URL)  # the dashboard

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        audit_log(actor=self.request.user, verb="user.password_changed", target=self.request.user)
        messages.success(self.request, "Your password has been changed")
        return response


# Invitations ----------------------------------------------------------------------------------


@login_required
@require_capability(Capability.INVITE_PEOPLE)
def invite(request: HttpRequest) -> HttpResponse:
    agencies = agencies_visible_to(user=request.user)
    if not has_capability(request.user, Capability.MANAGE_ANY_AGENCY_PEOPLE):
        agencies = agencies.filter(pk=request.user.agency_id)
    form = InviteForm(
        request.POST if request.method == "POST" else None,
        agencies=agencies,
        roles=assignable_roles(request.user),
        initial={"agency": request.user.agency},
    )
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            services.invitation_create(
                email=data["email"],
                full_name=data["full_name"],
                agency=data["agency"],
                roles=data["roles"],
                by=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Invitation sent to {form.cleaned_data['email']}")
            return redirect("accounts:people")
    return render(request, "accounts/invite.html", {"form": form})


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = AcceptInvitationForm(
        request.POST if request.method == "POST" else None,
        initial={"full_name": invitation.full_name},
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                invitation=invitation,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password"],
            )
        except ValidationError as error:
            _add_errors(form, error, field="password")
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Your account is ready")
            return _after_password(request, user)
    context = {"form": form, "invitation": invitation}
    return render(request, "accounts/accept_invitation.html", context)


@login_required
@require_POST
@require_capability(Capability.INVITE_PEOPLE)
def withdraw_invitation(request: HttpRequest, code: str) -> HttpResponse:
    invitation = access.get_invitation_for(request.user, code, write=True)
    services.invitation_withdraw(invitation=invitation, by=request.user)
    messages.success(request, f"Invitation for {invitation.email} withdrawn")
    return redirect("accounts:people")


def _add_errors(form: Any, error: ValidationError, field: str | None = None) -> None:
    if hasattr(error, "error_dict"):
        for name, problems in error.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
    else:
        form.add_error(field, error.messages)


# People ---------------------------------------------------------------------------------------


@login_required
@require_capability(Capability.VIEW_PEOPLE)
def people(request: HttpRequest) -> HttpResponse:
    agencies = agencies_visible_to(user=request.user)
    if not has_capability(request.user, Capability.MANAGE_ANY_AGENCY_PEOPLE):
        agencies = agencies.filter(pk=request.user.agency_id)
    form = PeopleFilterForm(request.GET or None, agencies=agencies)
    filters = form.cleaned_data if form.is_valid() else {}
    found = people_visible_to(user=request.user, **{k: v for k, v in filters.items() if v})
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    invitations = invitations_visible_to(user=request.user).filter(
        accepted_at__isnull=True, revoked_at__isnull=True
    )
    context = {"form": form, "page": page, "query": query.urlencode(), "invitations": invitations}
    return render(request, "accounts/people.html", context)


@login_required
def person_detail(request: HttpRequest, code: str) -> HttpResponse:
    # Only a manager may post changes; nobody changes their own access.
    person = access.get_person_for(request.user, code, write=request.method == "POST")
    if person.pk != request.user.pk:
        # A person's record (name, work e-mail, roles, sign-in history) is personal data.
        audit_log(actor=request.user, verb="user.viewed", target=person)
    form = None
    if can_change_person(request.user, person):
        agencies = agencies_visible_to(user=request.user)
        if not has_capability(request.user, Capability.MANAGE_ANY_AGENCY_PEOPLE):
            agencies = agencies.filter(pk=request.user.agency_id)
        form = PersonAccessForm(
            request.POST if request.method == "POST" else None,
            agencies=agencies,
            roles=assignable_roles(request.user),
            initial={
                "agency": person.agency,
                "roles": sorted(person.role_codes),
                "is_active": person.is_active,
            },
        )
        if request.method == "POST" and form.is_valid():
            try:
                data = form.cleaned_data
                services.user_update_access(
                    person=person,
                    by=request.user,
                    agency=data["agency"],
                    roles=data["roles"],
                    is_active=data["is_active"],
                )
            except (ValidationError, PermissionDenied) as error:
                form.add_error("roles", str(getattr(error, "message", error)) or "Not allowed")
            else:
                messages.success(request, f"Access updated for {person.full_name}")
                return redirect("accounts:person", code=person.code)
    return render(request, "accounts/person.html", {"person": person, "form": form})


# Agencies -------------------------------------------------------------------------------------


@login_required
@require_capability(Capability.VIEW_AGENCIES)
def agency_list(request: HttpRequest) -> HttpResponse:
    agencies = agencies_visible_to(user=request.user, include_inactive=True)
    can_manage = has_capability(request.user, Capability.MANAGE_AGENCIES)
    return render(
        request, "accounts/agencies.html", {"agencies": agencies, "can_manage": can_manage}
    )


@login_required
@require_capability(Capability.MANAGE_AGENCIES)
def agency_add(request: HttpRequest) -> HttpResponse:
    form = AgencyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.agency_create(
                code=data["agency_code"], name=data["name"], kind=data["kind"], by=request.user
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{data['name']} added")
            return redirect("accounts:agency-list")
    return render(request, "accounts/agency_form.html", {"form": form, "agency": None})


@login_required
@require_capability(Capability.MANAGE_AGENCIES)
def agency_edit(request: HttpRequest, code: str) -> HttpResponse:
    agency = access.get_agency_for(request.user, code, write=True)
    fields = services.AGENCY_EDITABLE_FIELDS
    initial = with_edit_token({k: getattr(agency, k) for k in fields}, agency, fields)
    form = AgencyEditForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = call_service(
            form,
            services.agency_update,
            agency=agency,
            by=request.user,
            agency_code=data["agency_code"],
            name=data["name"],
            kind=data["kind"],
            is_active=data["is_active"],
            seen=data["edit_token"],
        )
        if saved:
            messages.success(request, f"{agency.name} updated")
            return redirect("accounts:agency-list")
    return render(request, "accounts/agency_form.html", {"form": form, "agency": agency})
