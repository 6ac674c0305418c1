"""Photos as evidence: a PNG or JPEG is accepted where photos are allowed, if Pillow can read the
whole image as the format its first bytes claim; anything else is refused saying what is allowed."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from manx_learning.core.uploads import validate_upload

ALLOWED = {"pdf", "png", "jpeg"}


def image_bytes(fmt: str, size: tuple[int, int] = (40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


def test_a_real_photo_is_accepted_as_png_or_jpeg():
    assert (
        validate_upload(SimpleUploadedFile("poster.png", image_bytes("PNG")), allowed=ALLOWED)
        == "png"
    )
    jpeg = SimpleUploadedFile("whiteboard.jpg", image_bytes("JPEG"))
    assert validate_upload(jpeg, allowed=ALLOWED) == "jpeg"


@pytest.mark.parametrize(
    "content",
    [
        image_bytes("PNG")[:60],  # cut short
        b"\x89PNG\r\n\x1a\n" + b"MZ\x90" * 200,  # a PNG signature on something else
        b"\x89PNG\r\n\x1a\n" + image_bytes("JPEG"),
        b"\xff\xd8\xff" + b"\x00" * 500,
    ],
    ids=["truncated", "disguised", "jpeg-behind-png-signature", "jpeg-signature-only"],
)
def test_a_broken_or_disguised_image_is_refused_saying_what_is_allowed(content):
    with pytest.raises(ValidationError, match="must be a JPEG photo or PDF or PNG image"):
        validate_upload(SimpleUploadedFile("photo.png", content), allowed=ALLOWED)


def test_a_photo_is_refused_where_photos_are_not_allowed():
    with pytest.raises(ValidationError, match="must be a PDF"):
        validate_upload(SimpleUploadedFile("p.png", image_bytes("PNG")), allowed={"pdf"})
