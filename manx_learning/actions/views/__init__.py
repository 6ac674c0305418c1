"""Register and action plan pages; each module has its own `urlpatterns`, joined in urls.py."""
