"""Forms check the shape of what people type; rules that need other rows live in services."""

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.urls import reverse
from django.utils.html import strip_tags

from manx_learning.accounts import services
from manx_learning.accounts.models import Agency, AgencyKind
from manx_learning.core.formkit import EditTokenMixin
from manx_learning.core.tasks import send_email_on_commit

PASSWORD_HELP = strip_tags(password_validators_help_text_html()).strip() or ""


class SignInForm(forms.Form):
    email = forms.EmailField(
        label="Email address", error_messages={"required": "Enter your email address"}
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput,
        error_messages={"required": "Enter your password"},
    )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6-digit code, for example 123456",
        max_length=8,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )

    def clean_token(self) -> str:
        token = "".join(self.cleaned_data["token"].split())
        if not (token.isdigit() and len(token) == 6):
            raise forms.ValidationError("Enter the code as 6 digits, for example 123456")
        return token


class InviteForm(forms.Form):
    full_name = forms.CharField(
        label="Full name", max_length=150, error_messages={"required": "Enter their full name"}
    )
    email = forms.EmailField(
        label="Work email address",
        error_messages={
            "required": "Enter their work email address",
            "invalid": "Enter an email address in the correct format, like name@example.im",
        },
    )
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.none(),
        empty_label="Choose an agency",
        error_messages={"required": "Choose their agency"},
    )
    roles = forms.MultipleChoiceField(
        label="Roles",
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
        error_messages={"required": "Select at least one role"},
    )

    def __init__(self, *args: Any, agencies: Any, roles: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["roles"].choices = roles


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(
        label="Full name", max_length=150, error_messages={"required": "Enter your full name"}
    )
    password = forms.CharField(
        label="Create a password",
        strip=False,
        widget=forms.PasswordInput,
        help_text=(
            "At least 12 characters. Avoid common passwords and passwords that are all numbers."
        ),
        error_messages={"required": "Enter a password"},
    )
    password_confirm = forms.CharField(
        label="Confirm your password",
        strip=False,
        widget=forms.PasswordInput,
        error_messages={"required": "Confirm your password"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("password") and data.get("password_confirm") != data.get("password"):
            self.add_error("password_confirm", "The passwords do not match")
        return data


class AgencyForm(forms.Form):
    agency_code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="A short code, for example IMC",
        error_messages={"required": "Enter a short code for the agency"},
    )
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the agency's name"}
    )
    kind = forms.ChoiceField(
        label="Kind of agency",
        choices=AgencyKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of agency"},
    )
    is_active = forms.BooleanField(
        label="Active",
        required=False,
        initial=True,
        help_text="Inactive agencies are kept for history but cannot be chosen for new work",
    )


class AgencyEditForm(AgencyForm, EditTokenMixin):
    """The agency form for a change, with the edit token of what the person saw."""


class PeopleFilterForm(forms.Form):
    search = forms.CharField(label="Name or email address", required=False)
    agency = forms.ModelChoiceField(
        label="Agency", queryset=Agency.objects.none(), required=False, empty_label="All agencies"
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class PersonAccessForm(forms.Form):
    agency = forms.ModelChoiceField(
        label="Agency", queryset=Agency.objects.none(), empty_label=None
    )
    roles = forms.MultipleChoiceField(
        label="Roles",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one role"},
    )
    is_active = forms.BooleanField(
        label="Can sign in",
        required=False,
        help_text="Untick to stop this person signing in. Their history is kept.",
    )

    def __init__(self, *args: Any, agencies: Any, roles: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["roles"].choices = roles


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Sends the reset link through the task worker, like every other e-mail."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        from django.conf import settings

        if not services.password_reset_email_allowed(to_email):
            return
        path = reverse("accounts:password-reset-confirm", args=[context["uid"], context["token"]])
        send_email_on_commit(
            to=[to_email],
            template="accounts/email/password_reset",
            context={"full_name": context["user"].full_name, "link": settings.SITE_URL + path},
        )
