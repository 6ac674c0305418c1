"""Sealed files: what goes in comes out with the right key, and any change, cut, reordering or
wrong key is refused."""

import io
import struct

import pytest

from manx_learning.lib import sealed


@pytest.fixture
def key():
    return sealed.parse_key(sealed.new_key())


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(sealed, "CHUNK_BYTES", 64)


def _seal(data: bytes, key: bytes) -> bytes:
    out = io.BytesIO()
    sealed.seal(io.BytesIO(data), out, key)
    return out.getvalue()


def _open(data: bytes, key: bytes) -> bytes:
    out = io.BytesIO()
    sealed.unseal(io.BytesIO(data), out, key)
    return out.getvalue()


@pytest.mark.parametrize("size", [0, 1, 63, 64, 65, 1000])
def test_what_goes_in_comes_out(key, small_chunks, size):
    data = bytes(range(256)) * 4
    data = data[:size]
    assert _open(_seal(data, key), key) == data


def test_the_same_data_sealed_twice_differs(key):
    assert _seal(b"Child J", key) != _seal(b"Child J", key)
    assert b"Child J" not in _seal(b"Child J", key)


def test_a_wrong_key_is_refused(key):
    other = sealed.parse_key(sealed.new_key())
    with pytest.raises(sealed.SealError, match="wrong key"):
        _open(_seal(b"register", key), other)


def test_a_changed_byte_is_refused(key):
    box = bytearray(_seal(b"x" * 100, key))
    box[-5] ^= 1
    with pytest.raises(sealed.SealError):
        _open(bytes(box), key)


def test_a_file_cut_after_a_whole_chunk_is_refused(key, small_chunks):
    box = _seal(b"y" * 200, key)  # four chunks of 64, 64, 64 and 8 bytes
    header = len(sealed.MAGIC) + sealed.SALT_BYTES
    first = header + 4 + 64 + sealed.TAG_BYTES
    with pytest.raises(sealed.SealError, match="cut short"):
        _open(box[:first], key)


def test_chunks_swapped_are_refused(key, small_chunks):
    box = _seal(b"a" * 64 + b"b" * 64 + b"c", key)
    header = len(sealed.MAGIC) + sealed.SALT_BYTES
    size = 4 + 64 + sealed.TAG_BYTES
    one, two = box[header : header + size], box[header + size : header + 2 * size]
    swapped = box[:header] + two + one + box[header + 2 * size :]
    with pytest.raises(sealed.SealError):
        _open(swapped, key)


def test_data_after_the_last_chunk_is_refused(key):
    with pytest.raises(sealed.SealError, match="after its last part"):
        _open(_seal(b"z", key) + struct.pack(">I", 0), key)


def test_something_else_is_not_taken_for_a_backup(key):
    with pytest.raises(sealed.SealError, match="not a Manx Learning backup"):
        _open(b"PK\x03\x04 a zip file", key)


@pytest.mark.parametrize("text", ["", "not base64!", "c2hvcnQ="])
def test_a_bad_key_says_what_is_wrong(text):
    with pytest.raises(sealed.SealError, match="backup key"):
        sealed.parse_key(text)
