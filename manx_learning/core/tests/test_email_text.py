"""Plain-text e-mails say what they mean: names are not HTML-escaped in the subject or the text
part, while the HTML part still escapes them."""

from manx_learning.core.tasks import render_email

CONTEXT = {
    "full_name": "Siobhán O'Neill",
    "invited_by": "Ann <b>Quayle</b> & Co",
    "agency": "Isle of Man Constabulary",
    "roles": ["Agency lead"],
    "days": 7,
    "link": "https://learning.example.im/invite/abc?x=1&y=2",
}


def test_the_text_part_and_subject_are_not_html_escaped():
    subject, text, _ = render_email("accounts/email/invitation", CONTEXT)
    assert "Dear Siobhán O'Neill," in text
    assert "Ann <b>Quayle</b> & Co has invited you" in text
    assert "https://learning.example.im/invite/abc?x=1&y=2" in text
    assert "&#x27;" not in text + subject and "&amp;" not in text + subject


def test_the_html_part_still_escapes_what_it_is_given():
    _, _, html = render_email("accounts/email/invitation", CONTEXT)
    assert "O&#x27;Neill" in html
    assert "<b>Quayle</b>" not in html
