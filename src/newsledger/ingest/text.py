"""Decoding of raw bytes into text, with a clear reason when that is impossible."""

from __future__ import annotations

from newsledger.model import IngestError


def decode_text(path: str, data: bytes) -> str | IngestError:
    """Decode UTF-8 (a BOM is dropped); refuse empty, binary and undecodable files.

    The decoded string is kept exactly as it is (line endings included),
    because every stored offset points into it.
    """
    if not data.strip():
        return IngestError(path, "empty file")
    if b"\x00" in data[:65536]:
        return IngestError(path, "binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad = data[error.start : error.start + 1].hex()
        return IngestError(path, f"not UTF-8 text (byte 0x{bad} at offset {error.start})")
    if not text.strip():
        return IngestError(path, "empty file")
    return text
