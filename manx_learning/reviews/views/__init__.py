"""Review pages, split by the part of the process they serve. Each module has its own
`urlpatterns`, joined in `reviews/urls.py`."""
