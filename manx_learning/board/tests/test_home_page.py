import pytest


@pytest.mark.parametrize(
    "text",
    [
        "Serious Case Management Reviews",
        "Quality assurance and scrutiny",
        "The performance dataset",
    ],
)
def test_the_home_page_explains_the_work_without_signing_in(client, db, text):
    response = client.get("/")
    assert response.status_code == 200
    assert text in response.content.decode()
