"""The dataset app's forms, one module per part of the app (as its views are)."""
