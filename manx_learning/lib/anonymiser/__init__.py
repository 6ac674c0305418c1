"""Anonymiser for safeguarding case review reports (plain Python: no Django).

Register first: every name and identifier the reviewer lists is replaced in all its forms.
Then detectors catch what the register missed and replace it with category placeholders.

    from manx_learning.lib.anonymiser import anonymise, parse_register
    result = anonymise(text, parse_register({"people": [...], "identifiers": [...]}))
    result.text, result.spans, result.report()
"""

from .documents import DocumentLimits, Extracted, check_limits, extract_text
from .errors import AnonymiserError, DocumentError, DocumentTooLarge, RegisterError
from .pipeline import Result, anonymise
from .register import Identifier, Person, Register, load_register, parse_register
from .spans import Span

__all__ = [
    "AnonymiserError",
    "DocumentError",
    "DocumentLimits",
    "DocumentTooLarge",
    "Extracted",
    "Identifier",
    "Person",
    "Register",
    "RegisterError",
    "Result",
    "Span",
    "anonymise",
    "check_limits",
    "extract_text",
    "load_register",
    "parse_register",
]
