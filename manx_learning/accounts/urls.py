from django.contrib.auth import views as auth_views
from django.urls import path

from manx_learning.accounts import views

app_name = "accounts"

urlpatterns = [
    path("account/sign-in/", views.sign_in, name="sign-in"),
    path("account/sign-out/", views.sign_out, name="sign-out"),
    path("account/two-factor/", views.two_factor_verify, name="two-factor-verify"),
    path("account/two-factor/set-up/", views.two_factor_setup, name="two-factor-setup"),
    path("account/password/change/", views.PasswordChangeView.as_view(), name="password-change"),
    path("account/password/reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path(
        "account/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_sent.html"),
        name="password-reset-sent",
    ),
    path(
        "account/password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "account/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_done.html"
        ),
        name="password-reset-done",
    ),
    path("account/invitations/<str:token>/", views.accept_invitation, name="accept-invitation"),
    path(
        "account/invitations/<uuid:code>/withdraw/",
        views.withdraw_invitation,
        name="withdraw-invitation",
    ),
    path("people/", views.people, name="people"),
    path("people/invite/", views.invite, name="invite"),
    path("people/<uuid:code>/", views.person_detail, name="person"),
    path("agencies/", views.agency_list, name="agency-list"),
    path("agencies/add/", views.agency_add, name="agency-add"),
    path("agencies/<uuid:code>/edit/", views.agency_edit, name="agency-edit"),
]
