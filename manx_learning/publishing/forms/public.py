"""Forms on the public site: the library's search and filters, and the digest's period."""

from typing import Any

from django import forms

from manx_learning.publishing.models import AudienceGroup, PublishedKind
from manx_learning.publishing.selectors import public_themes, public_years

DIGEST_DEFAULT_DAYS = 30


class LibraryFilterForm(forms.Form):
    text = forms.CharField(label="Search", required=False, max_length=200)
    kind = forms.ChoiceField(
        label="Type", required=False, choices=[("", "All types"), *PublishedKind.choices]
    )
    audience = forms.ChoiceField(
        label="About",
        required=False,
        choices=[
            ("", "Children and adults"),
            (AudienceGroup.CHILDREN, "Children and young people"),
            (AudienceGroup.ADULTS, "Adults"),
        ],
    )
    year = forms.TypedChoiceField(label="Year", required=False, coerce=int, empty_value=None)
    theme = forms.ModelChoiceField(
        label="Theme",
        required=False,
        queryset=public_themes(),
        to_field_name="code",
        empty_label="All themes",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        years = [(str(year), str(year)) for year in public_years()]
        self.fields["year"].choices = [("", "All years"), *years]
        self.fields["theme"].queryset = public_themes()

    @classmethod
    def tolerant(cls, query: Any) -> "LibraryFilterForm":
        """The form for the reader's query, with any value that does not fit dropped rather
        than shown as an error: a stale or hand-edited link should still show the library."""
        form = cls(query or None)
        if form.is_bound and not form.is_valid():
            kept = query.copy()
            for name in form.errors:
                kept.pop(name, None)
            form = cls(kept or None)
        return form

    def filters(self) -> dict[str, Any]:
        if not self.is_bound or not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}


class DigestForm(forms.Form):
    days = forms.IntegerField(min_value=1, max_value=366, required=False)

    def days_or_default(self) -> int:
        if self.is_valid() and self.cleaned_data["days"]:
            return self.cleaned_data["days"]
        return DIGEST_DEFAULT_DAYS
