"""Uploads: size-limited and type-checked by content, not by the name the browser sent.

Files are stored under MEDIA_ROOT, which the web server never serves: they are sent only by views
that check access and write an audit event (see `download_response`)."""

import io
import warnings
import zipfile
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from PIL import Image

from manx_learning.core.errors import Gone

KIND_LABELS = {
    "pdf": "PDF",
    "docx": "Word document (.docx)",
    "xlsx": "Excel workbook (.xlsx)",
    "csv": "CSV file",
    "txt": "text file",
    "png": "PNG image",
    "jpeg": "JPEG photo",
}
IMAGE_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpeg"}
# A zip whose contents would expand beyond this is refused (a "zip bomb").
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024


def _zip_kind(head: bytes, upload: Any) -> str | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
                raise ValidationError("The file expands to more than 200 MB and cannot be opened")
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        # Not only BadZipFile: a damaged directory can name a member in bytes that are not the
        # UTF-8 its flag claims (UnicodeDecodeError, a ValueError) or end early (EOFError).
        return None
    finally:
        upload.seek(0)
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def _text_kind(head: bytes) -> str | None:
    if b"\x00" in head:
        return None
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still text.
        if error.start < len(head) - 4:
            return None
    return "txt"


def _image_kind(kind: str, upload: Any) -> str | None:
    """`kind` if Pillow can read the whole image as that format; None for a broken or disguised
    file, and for a decompression bomb (more pixels than Pillow's MAX_IMAGE_PIXELS)."""
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                matches = (image.format or "").lower() == kind
                image.verify()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError, Warning):
        return None
    finally:
        upload.seek(0)
    return kind if matches else None


def sniff_kind(upload: Any) -> str | None:
    """What the file really is: pdf, docx, xlsx, png, jpeg, txt (CSV is text), or None."""
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    for signature, kind in IMAGE_SIGNATURES.items():
        if head.startswith(signature):
            return _image_kind(kind, upload)
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(head, upload)
    return _text_kind(head)


def validate_upload(upload: Any, *, allowed: set[str], max_bytes: int | None = None) -> str:
    """Return the file's kind, or raise a ValidationError that says what is wrong."""
    limit = max_bytes or settings.UPLOAD_MAX_BYTES
    if upload is None:
        raise ValidationError("Choose a file")
    if upload.size == 0:
        raise ValidationError("The selected file is empty")
    if upload.size > limit:
        raise ValidationError(f"The selected file must be smaller than {limit // (1024 * 1024)} MB")
    kind = sniff_kind(upload)
    if kind == "txt" and "csv" in allowed:
        kind = "csv"
    if kind not in allowed:
        wanted = " or ".join(KIND_LABELS[k] for k in sorted(allowed))
        raise ValidationError(f"The selected file must be a {wanted}")
    return kind


def download_response(field_file: Any, *, filename: str) -> FileResponse:
    """Send a stored file as an attachment (never shown inline, so it cannot run in our origin).

    A file the database names but storage no longer holds (restored without its uploads, or
    removed by hand) is a 404 that says so, not a 500."""
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Gone("This file is no longer in the store. Ask the business unit for it.") from None
    response = FileResponse(handle, as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def in_memory(data: bytes, name: str = "upload") -> io.BytesIO:
    """A file-like object for tests and commands that build uploads in memory."""
    buffer = io.BytesIO(data)
    buffer.name = name
    buffer.size = len(data)  # type: ignore[attr-defined]
    return buffer
