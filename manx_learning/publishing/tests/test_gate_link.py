from django.core.management import call_command

from manx_learning.reviews.models import Review


def test_an_approved_review_offers_anonymisation_to_the_business_unit_only(client, db):
    call_command("demo", verbosity=0)
    from manx_learning.accounts.models import User

    review = Review.objects.get(title="Adult R (demo)")  # approved, not yet published
    client.force_login(User.objects.get(email="business@demo.test"))
    assert "Anonymise and publish" in client.get(f"/reviews/{review.code}/").content.decode()
    client.force_login(User.objects.get(email="panel@demo.test"))
    assert "Anonymise and publish" not in client.get(f"/reviews/{review.code}/").content.decode()
