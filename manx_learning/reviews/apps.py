from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "manx_learning.reviews"
    label = "reviews"
    verbose_name = "Case reviews"

    def ready(self) -> None:
        from manx_learning.reviews.jobs import register_jobs

        register_jobs()
