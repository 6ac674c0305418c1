"""People made for tests: `make_person` gives a user with roles in an agency, signed in with
`PASSWORD` (set directly, with the fast hasher: the validators are tested separately)."""

from django.contrib.auth.hashers import make_password

from manx_learning.accounts.models import Agency, User, UserRole

PASSWORD = "correct horse battery staple"


def make_person(email: str, agency: Agency, *roles: str, name: str | None = None) -> User:
    user = User.objects.create(
        email=email, full_name=name or email.split("@")[0].title(), agency=agency
    )
    user.password = make_password(PASSWORD, hasher="md5")
    user.save(update_fields=["password"])
    UserRole.objects.bulk_create([UserRole(user=user, role=role) for role in roles])
    return user
