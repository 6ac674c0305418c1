"""Spotting tick-box actions: plain Python, no Django.

Boards see actions such as "staff reminded of the policy" or "procedure re-issued" signed off while
practice does not change. Such an action is allowed only with the practice change it should bring
and how that change will be measured."""

import re

_PEOPLE = r"(staff|practitioners?|teams?|colleagues|workforce|managers?)"
_TOLD = r"(reminded|remind|made aware|informed|told|emailed|briefed)"
_SENT = r"(re-?issue[ds]?|re-?circulate[ds]?|circulate[ds]?|re-?distribute[ds]?|re-?share[ds]?)"
_PAPER = r"(policy|policies|procedures?|guidance|protocol)"
_SENT_AFTER = r"(re-?issued|re-?circulated|circulated|re-?distributed|re-?shared|sent out|emailed)"
_WEAK_PATTERNS = [
    rf"\b{_PEOPLE}\b.{{0,40}}\b{_TOLD}\b",
    r"\b(remind|reminder|reminding|reminded)\b",
    rf"\b{_SENT}\b.{{0,40}}\b{_PAPER}\b",
    rf"\b{_PAPER}\b.{{0,40}}\b{_SENT_AFTER}\b",
    r"\bmade aware\b",
]
_WEAK = [re.compile(pattern, re.IGNORECASE) for pattern in _WEAK_PATTERNS]
# Words that suggest the action does change practice or check it, so it is not only a reminder.
_SUBSTANCE = re.compile(
    r"\b(audit|re-?audit|training|supervision|observ|dip ?sample|case ?file|measure|monitor|"
    r"checklist|template|system|form|pathway|process change|competenc|spot ?check|test)\w*",
    re.IGNORECASE,
)


def is_tick_box(text: str) -> bool:
    """True when an action only reminds staff or re-issues a policy, with nothing that changes or
    checks practice."""
    if not text.strip():
        return False
    return any(p.search(text) for p in _WEAK) and not _SUBSTANCE.search(text)
