"""Reading transcript files: size limits, encoding detection, one kind of line break, refusing what
is not text."""
from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

from ..errors import JiyaoError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Tried in order when there is no BOM. GB18030 is a superset of GBK and GB2312.
_FALLBACKS = ("utf-8", "gb18030")
SUPPORTED = "UTF-8 (with or without BOM), GB18030/GBK, UTF-16"


def read_transcript(path: Path, max_bytes: int) -> tuple[str, str]:
    """Return (decoded text, encoding name) or raise JiyaoError naming the fix."""
    if path.is_dir():
        raise JiyaoError(f"{path} is a directory: give transcript files (.txt), e.g. {path}/*.txt")
    if not path.is_file():
        raise JiyaoError(f"{path}: no such file")
    size = path.stat().st_size
    if size > max_bytes:
        raise JiyaoError(
            f"{path.name} is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit (JIYAO_MAX_FILE_MB)"
        )
    return decode(path.read_bytes(), path.name)


def decode(data: bytes, name: str = "input") -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(_strict(data, encoding, name), encoding, name)
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise JiyaoError(f"{name} looks binary, not a text transcript: save it as UTF-8 text")
        return _checked(utf16, "utf-16", name)
    for encoding in _FALLBACKS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return _checked(text, encoding, name)
    raise JiyaoError(f"{name}: cannot decode as {SUPPORTED}; convert it to UTF-8")


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise JiyaoError(f"{name}: invalid {encoding} at byte {exc.start}; convert it to UTF-8") from None


def _utf16_without_bom(data: bytes) -> str | None:
    # UTF-16 text without a BOM has NUL bytes in the high half of ASCII code units;
    # pick the byte order whose decoding looks like text.
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _control_ratio(text) < 0.01:
            return text
    return None


def _control_ratio(text: str) -> float:
    bad = sum(1 for ch in text if unicodedata.category(ch) in ("Cc", "Co", "Cs", "Cn") and ch not in "\t\n\r\f")
    return bad / max(len(text), 1)


def _checked(text: str, encoding: str, name: str) -> tuple[str, str]:
    # One kind of line break, so that offsets mean the same in every copy of the text.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise JiyaoError(f"{name} is empty: nothing to index")
    if _control_ratio(text) > 0.01:
        raise JiyaoError(f"{name} looks binary, not a text transcript (decoded as {encoding}): save it as UTF-8 text")
    return text, encoding
