from unittest.mock import patch

from django.db.utils import OperationalError


def test_it_is_healthy_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_it_reports_503_when_the_database_is_unreachable(client, db):
    # The database driver is not our component; simulating its failure is the only way here.
    with patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
