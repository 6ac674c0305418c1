from django.apps import AppConfig


class DatasetConfig(AppConfig):
    name = "manx_learning.dataset"
    label = "dataset"
    verbose_name = "Performance dataset"

    def ready(self) -> None:
        # The QA framework compares an indicator's baseline with its retest through this
        # provider; assurance never imports the dataset app.
        from manx_learning.assurance import measures
        from manx_learning.dataset.trends import indicator_comparison

        measures.register("dataset.Indicator", indicator_comparison)
