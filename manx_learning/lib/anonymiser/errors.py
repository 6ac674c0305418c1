"""Errors the anonymiser reports to people: each message says what is wrong and what to do."""


class AnonymiserError(Exception):
    """Base class: anything that stops a document being anonymised."""


class RegisterError(AnonymiserError):
    """The register of names and identifiers is missing, unreadable or malformed."""


class DocumentError(AnonymiserError):
    """The input document cannot be read safely (unreadable, tracked changes, scanned PDF)."""


class DocumentTooLarge(DocumentError):
    """The document passes one of the `DocumentLimits`: the message names it and its setting."""
