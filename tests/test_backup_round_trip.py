"""`manx-learning backup OUT` and `manx-learning restore IN`: a round trip of the whole demo board
brings back every row of every table and every uploaded file exactly, with an intact audit
chain; a wrong key or a used database is refused before anything is touched."""

from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from manx_learning.accounts.models import Agency, User
from manx_learning.core.backup import LEFT_OUT, BackupError, restore_backup
from manx_learning.lib import sealed


def _rows(model) -> list[tuple]:
    if model._meta.auto_created:  # a many-to-many link: its own id is not part of the data
        names = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
        return sorted(model._base_manager.values_list(*names))
    return list(model._base_manager.order_by("pk").values_list())


def _snapshot() -> dict[str, list[tuple]]:
    return {
        model._meta.label_lower: _rows(model)
        for model in apps.get_models(include_auto_created=True)
        if model._meta.label_lower not in LEFT_OUT and model._meta.managed
    }


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def key(monkeypatch) -> str:
    text = sealed.new_key()
    monkeypatch.setenv("MANX_BACKUP_KEY", text)
    return text


@pytest.fixture
def board(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("demo", verbosity=0)
    return settings.MEDIA_ROOT


def test_a_round_trip_brings_back_every_row_and_file(board, key, tmp_path, capsys):
    before, files_before = _snapshot(), _files(board)
    assert sum(len(rows) for rows in before.values()) > 1000 and files_before
    call_command("backup", str(tmp_path / "board.backup"))
    assert "sealed" in capsys.readouterr().out
    assert b"Child" not in (tmp_path / "board.backup").read_bytes()

    for path in board.rglob("*"):
        if path.is_file():
            path.unlink()
    Agency.objects.create(name="Added after the backup", agency_code="LATE")

    call_command("restore", str(tmp_path / "board.backup"), "--replace")
    out = capsys.readouterr().out
    assert "audit chain intact" in out
    assert _snapshot() == before
    assert _files(board) == files_before
    assert not Agency.objects.filter(agency_code="LATE").exists()
    call_command("audit", "verify")


def test_a_used_database_is_not_wiped_without_replace(board, key, tmp_path):
    call_command("backup", str(tmp_path / "board.backup"))
    User.objects.create_user(
        email="new.person@example.im", agency=Agency.objects.first(), full_name="New Person"
    )
    before = _snapshot()
    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore", str(tmp_path / "board.backup"))
    assert _snapshot() == before


def test_a_wrong_key_changes_nothing(board, key, tmp_path, monkeypatch):
    call_command("backup", str(tmp_path / "board.backup"))
    before = _snapshot()
    with pytest.raises(BackupError, match="wrong key"):
        restore_backup(tmp_path / "board.backup", sealed.parse_key(sealed.new_key()), replace=True)
    assert _snapshot() == before


def test_without_a_key_it_says_how_to_make_one(db, monkeypatch, tmp_path):
    monkeypatch.delenv("MANX_BACKUP_KEY", raising=False)
    with pytest.raises(CommandError, match="backup --new-key"):
        call_command("backup", str(tmp_path / "x.backup"))
    assert not (tmp_path / "x.backup").exists()
