from django.urls import include, path

urlpatterns = [
    path("", include("manx_learning.core.urls")),
    path("", include("manx_learning.board.urls")),
    path("", include("manx_learning.accounts.urls")),
    path("", include("manx_learning.reviews.urls")),
    path("", include("manx_learning.actions.urls")),
    path("", include("manx_learning.publishing.urls")),
    path("", include("manx_learning.briefings.urls")),
    path("", include("manx_learning.assurance.urls")),
    path("", include("manx_learning.audits.urls")),
    path("", include("manx_learning.surveys.urls")),
    path("", include("manx_learning.dataset.urls")),
]

handler403 = "manx_learning.core.errors.forbidden"
handler404 = "manx_learning.core.errors.not_found"
handler500 = "manx_learning.core.errors.server_error"
