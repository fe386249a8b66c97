"""Bytes to text without losing anything: UTF-8 (BOM stripped), else Latin-1, flagged.

Latin-1 maps every byte to one character, so the fallback never fails and the text
encodes back to the exact bytes.
"""

from __future__ import annotations

import re
from typing import NamedTuple

BOM = b"\xef\xbb\xbf"
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Decoded(NamedTuple):  # a NamedTuple: built once per file, cheaper than a dataclass
    text: str
    encoding: str  # utf-8 | utf-8-sig | latin-1
    note: str | None  # why the fallback was used


def decode(data: bytes) -> Decoded:
    encoding = "utf-8"
    if data.startswith(BOM):
        data = data[len(BOM) :]
        encoding = "utf-8-sig"
    try:
        return Decoded(data.decode("utf-8"), encoding, None)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        note = (
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at line {line}, offset "
            f"{exc.start}): decoded as Latin-1"
        )
        return Decoded(data.decode("latin-1"), "latin-1", note)


def looks_binary(head: str) -> bool:
    """Text whose first KB holds NUL bytes or many control characters is not a CSV."""
    sample = head[:1024]
    if "\x00" in sample:
        return True
    return len(_CONTROL.findall(sample)) > max(2, len(sample) // 20)
