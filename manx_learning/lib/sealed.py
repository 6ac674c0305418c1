"""Encrypted, authenticated files of any size, read and written as streams (no Django here).

Backups hold children's data, so they are sealed with AES-256-GCM from the `cryptography`
package. The file is a header then chunks, so a backup of many gigabytes never sits in memory:

    MAGIC (10 bytes) | salt (16 bytes) | chunk | chunk | ...
    chunk = length (4 bytes, big-endian) | ciphertext with its 16-byte tag

Each file gets its own key, derived from the long-lived key with HKDF-SHA256 and the file's
random salt, so chunk nonces (the chunk's number) are never reused under one key. Each chunk's
associated data is the header, its number and whether it is the last: a chunk changed, dropped,
moved or cut off at the end fails to open, and nothing is written out from a file that fails."""

import base64
import binascii
import os
import struct
from collections.abc import Iterator
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"MANXSEAL1\n"
SALT_BYTES = 16
CHUNK_BYTES = 1024 * 1024
TAG_BYTES = 16
KEY_BYTES = 32


class SealError(Exception):
    """The key is unusable, or the file is not one we sealed with this key, or it was changed."""


def new_key() -> str:
    """A fresh long-lived key, as text to keep in the environment (base64 of 32 random bytes)."""
    return base64.urlsafe_b64encode(os.urandom(KEY_BYTES)).decode("ascii")


def parse_key(text: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise SealError("The backup key is not valid base64.") from None
    if len(key) != KEY_BYTES:
        raise SealError(f"The backup key must be {KEY_BYTES} bytes (base64); it is {len(key)}.")
    return key


def _file_key(key: bytes, salt: bytes) -> AESGCM:
    derived = HKDF(
        algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, info=b"manx-learning backup"
    ).derive(key)
    return AESGCM(derived)


def _nonce(number: int) -> bytes:
    return struct.pack(">IQ", 0, number)


def _associated(header: bytes, number: int, last: bool) -> bytes:
    return header + struct.pack(">Q?", number, last)


def _chunks(source: BinaryIO) -> Iterator[tuple[bytes, bool]]:
    """The source in CHUNK_BYTES pieces, each with whether it is the last (an empty source is
    one empty last chunk, so even an empty file is authenticated)."""
    current = source.read(CHUNK_BYTES)
    while True:
        following = source.read(CHUNK_BYTES)
        yield current, not following
        if not following:
            return
        current = following


def seal(source: BinaryIO, target: BinaryIO, key: bytes) -> None:
    salt = os.urandom(SALT_BYTES)
    header = MAGIC + salt
    target.write(header)
    cipher = _file_key(key, salt)
    for number, (plain, last) in enumerate(_chunks(source)):
        sealed = cipher.encrypt(_nonce(number), plain, _associated(header, number, last))
        target.write(struct.pack(">I", len(sealed)))
        target.write(sealed)


def unseal(source: BinaryIO, target: BinaryIO, key: bytes) -> None:
    """Open a sealed file into `target`. Raises SealError on a wrong key or any change; the
    caller must then discard what was written (restore writes to a temporary file first)."""
    header = source.read(len(MAGIC) + SALT_BYTES)
    if len(header) != len(MAGIC) + SALT_BYTES or not header.startswith(MAGIC):
        raise SealError("This is not a Manx Learning backup file.")
    cipher = _file_key(key, header[len(MAGIC) :])
    number, finished = 0, False
    while not finished:
        length_bytes = source.read(4)
        if len(length_bytes) != 4:
            raise SealError("The backup file is cut short: its last part is missing.")
        (length,) = struct.unpack(">I", length_bytes)
        if length < TAG_BYTES or length > CHUNK_BYTES + TAG_BYTES:
            raise SealError("The backup file is damaged (a part has an impossible length).")
        sealed = source.read(length)
        plain = None
        for last in (False, True):
            try:
                plain = cipher.decrypt(_nonce(number), sealed, _associated(header, number, last))
            except InvalidTag:
                continue
            finished = last
            break
        if plain is None:
            raise SealError("The backup cannot be opened: wrong key, or the file was changed.")
        target.write(plain)
        number += 1
    if source.read(1):
        raise SealError("The backup file has data after its last part: it was changed.")
