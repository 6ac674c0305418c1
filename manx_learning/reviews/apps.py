from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "manx_learning.reviews"
    label = "reviews"
    verbose_name = "Case reviews"
