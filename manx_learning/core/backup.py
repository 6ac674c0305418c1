"""Backup and restore of the whole system: every database row and every uploaded file, in one
sealed file (`manx_learning.lib.sealed`, AES-256-GCM, key from MANX_BACKUP_KEY).

Inside the seal is a tar archive:

    manifest.json   when, which migrations, rows per table, and every file's size and SHA-256
    data.jsonl      every row of every model (Django's JSON-lines serialisation, primary keys kept)
    files/...       MEDIA_ROOT as it was

Restore opens the seal into a temporary file (nothing is touched if the key is wrong or the file
was changed), checks the target's migrations match the backup's, then in one transaction
empties the database and loads every row; it writes the files, and finally proves the result:
the same number of rows in every table, every file with its recorded hash, and an intact audit
chain. Sessions are left out on purpose: a restore signs everyone out."""

import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from manx_learning.core.services import audit_chain_verify
from manx_learning.lib import sealed

FORMAT = 1
LEFT_OUT = {"sessions.session": "sessions: a restore signs everyone out"}
KEY_VARIABLE = "MANX_BACKUP_KEY"


class BackupError(Exception):
    """A backup or restore that cannot go ahead, with a message saying why."""


@dataclass
class Outcome:
    rows: dict[str, int] = field(default_factory=dict)
    files: int = 0
    bytes: int = 0
    audit_events: int = 0
    problems: list[str] = field(default_factory=list)


def key_from_environment() -> bytes:
    text = os.environ.get(KEY_VARIABLE, "")
    if not text:
        raise BackupError(
            f"Set {KEY_VARIABLE} to the backup key "
            "(make one with `manx-learning backup --new-key`)."
        )
    try:
        return sealed.parse_key(text)
    except sealed.SealError as error:
        raise BackupError(str(error)) from None


class ExactEncoder(DjangoJSONEncoder):
    """Django's encoder cuts datetimes to milliseconds; a backup keeps every microsecond (the
    audit trail's hashes cover them)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime | time):
            return o.isoformat()
        return super().default(o)


def _dump_rows(target: Path) -> None:
    """Every row of every model, primary keys kept, one JSON object per line, read in chunks so
    a large board never sits in memory. Many-to-many links travel with the rows that hold them."""
    with target.open("w", encoding="utf-8") as stream:
        for model in apps.get_models():
            if model._meta.label_lower in LEFT_OUT or not model._meta.managed:
                continue
            if model._meta.proxy:
                continue
            rows = model._base_manager.order_by("pk").iterator(chunk_size=2000)
            serializers.serialize("jsonl", rows, stream=stream, cls=ExactEncoder)


def _labels() -> list[str]:
    return sorted(
        model._meta.label_lower
        for model in apps.get_models(include_auto_created=True)
        if model._meta.label_lower not in LEFT_OUT and model._meta.managed
    )


def _row_counts() -> dict[str, int]:
    return {label: apps.get_model(label)._base_manager.count() for label in _labels()}


def _migrations() -> list[list[str]]:
    applied = MigrationRecorder(connection).applied_migrations()
    return sorted([app, name] for app, name in applied)


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _media_files() -> Iterator[Path]:
    root = _media_root()
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.is_symlink():
                yield path


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o600
    archive.addfile(info, io.BytesIO(data))


def make_backup(target: Path, key: bytes) -> Outcome:
    """Write a sealed backup of the database and MEDIA_ROOT to `target`."""
    outcome = Outcome()
    with tempfile.TemporaryDirectory(prefix="manx-backup-") as work:
        data = Path(work) / "data.jsonl"
        with transaction.atomic():  # one consistent view of the database (PostgreSQL)
            _dump_rows(data)
            outcome.rows = _row_counts()
            migrations = _migrations()
        root = _media_root()
        files = [
            {"path": path.relative_to(root).as_posix(), "size": path.stat().st_size}
            | {"sha256": _sha256(path)}
            for path in _media_files()
        ]
        manifest = {
            "format": FORMAT,
            "made_at": timezone.now().isoformat(),
            "migrations": migrations,
            "rows": outcome.rows,
            "files": files,
            "left_out": LEFT_OUT,
        }
        archive_path = Path(work) / "backup.tar"
        with tarfile.open(archive_path, "w") as archive:
            _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
            archive.add(data, arcname="data.jsonl")
            for item in files:
                archive.add(root / item["path"], arcname=f"files/{item['path']}")
        partial = target.with_name(target.name + ".partial")
        with archive_path.open("rb") as source, partial.open("wb") as sealed_file:
            sealed.seal(source, sealed_file, key)
        partial.replace(target)
    outcome.files = len(files)
    outcome.bytes = target.stat().st_size
    return outcome


def _holds_data() -> bool:
    """A database someone has used: it has people or an audit trail. A freshly migrated one has
    neither."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    events = apps.get_model("core", "AuditEvent")
    return user_model._base_manager.exists() or events._base_manager.exists()


def _open(source: Path, key: bytes, work: Path) -> tuple[tarfile.TarFile, dict[str, Any]]:
    opened = work / "backup.tar"
    try:
        with source.open("rb") as sealed_file, opened.open("wb") as plain:
            sealed.unseal(sealed_file, plain, key)
    except sealed.SealError as error:
        raise BackupError(str(error)) from None
    archive = tarfile.open(opened, "r")  # noqa: SIM115 - the caller closes it (`with archive`)
    manifest = json.loads(archive.extractfile("manifest.json").read())  # type: ignore[union-attr]
    if manifest.get("format") != FORMAT:
        raise BackupError(f"This backup is format {manifest.get('format')}; expected {FORMAT}.")
    return archive, manifest


def _check_target(manifest: dict[str, Any], replace: bool) -> None:
    if manifest["migrations"] != _migrations():
        raise BackupError(
            "This database's migrations differ from the backup's. Restore with the release that "
            "made the backup (run its `migrate` on an empty database first), then upgrade."
        )
    if _holds_data() and not replace:
        raise BackupError(
            "This database already holds data. Restore into a new, migrated database, or pass "
            "--replace to wipe this one first."
        )


def _load_rows(archive: tarfile.TarFile, work: Path) -> None:
    archive.extract("data.jsonl", work, filter="data")
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Deferred foreign-key checks still pending in this transaction would stop TRUNCATE.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        # Empty every table, content types included, without re-creating content types and
        # permissions afterwards: the backup's own rows come back with their primary keys.
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # rows load in any order, checked at the end
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        call_command("loaddata", str(work / "data.jsonl"), verbosity=0)


def _restore_files(archive: tarfile.TarFile, manifest: dict[str, Any], work: Path) -> None:
    root = _media_root()
    extracted = work / "extracted"
    members = [m for m in archive.getmembers() if m.name.startswith("files/")]
    archive.extractall(extracted, members=members, filter="data")
    for item in manifest["files"]:
        destination = root / item["path"]
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(extracted / "files" / item["path"], destination)


def _prove(manifest: dict[str, Any]) -> Outcome:
    outcome = Outcome(rows=_row_counts())
    for label, expected in manifest["rows"].items():
        got = outcome.rows.get(label)
        if got != expected:
            outcome.problems.append(f"{label}: {got} row(s) restored, the backup had {expected}")
    root = _media_root()
    for item in manifest["files"]:
        path = root / item["path"]
        if not path.is_file() or _sha256(path) != item["sha256"]:
            outcome.problems.append(f"file {item['path']} is missing or differs")
        else:
            outcome.files += 1
    checked, broken = audit_chain_verify()
    outcome.audit_events = checked
    if broken is not None:
        outcome.problems.append(f"audit chain broken at event #{broken.sequence}: {broken.reason}")
    return outcome


def restore_backup(source: Path, key: bytes, *, replace: bool = False) -> Outcome:
    """Restore a sealed backup into this database and MEDIA_ROOT, then prove what came back."""
    with tempfile.TemporaryDirectory(prefix="manx-restore-") as temporary:
        work = Path(temporary)
        archive, manifest = _open(source, key, work)
        with archive:
            _check_target(manifest, replace)
            _load_rows(archive, work)
            _restore_files(archive, manifest, work)
    return _prove(manifest)
