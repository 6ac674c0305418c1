"""Manx Learning: learning and assurance for a Safeguarding Board."""

__version__ = "0.1.0"
