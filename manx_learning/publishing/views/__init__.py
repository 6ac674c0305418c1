"""Publishing pages; each module has its own `urlpatterns`, joined in urls.py."""
