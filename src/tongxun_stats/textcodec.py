"""Text bytes -> str: which encoding, and what a few bad bytes cost.

Order: a forced ``encoding``; a BOM (UTF-8, UTF-16, UTF-32); UTF-16 without a BOM
(told by where its NUL bytes stand); strict UTF-8; a ``declared`` charset (HTML);
UTF-8 with a few undecodable bytes; charset-normalizer's detection (a GB2312/GBK
guess is decoded as GB18030, its superset); GB18030 with a few undecodable bytes.
Undecodable bytes become U+FFFD in the returned text, so row offsets stay exact
against it, and their count is warned on stderr. Only bytes that no encoding
reads as text are rejected.
"""
from __future__ import annotations

import logging

import regex

from .errors import InputError

log = logging.getLogger(__name__)

_GB_FAMILY = frozenset({"gb2312", "gbk", "cp936", "ms936", "gb18030", "euc_cn", "euccn", "hz"})
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),  # before UTF-16 LE: same first two bytes
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_ASCII_WHITESPACE = b" \t\r\n\x0b\x0c"
_JUNK_SHARE = 0.10  # more than this share of control/unassigned/U+FFFD characters -> binary
_OTHER_CJK = ("big5", "cp950", "shift_jis", "cp932", "euc_j", "iso2022", "euc_kr", "cp949", "johab")
_NON_ASCII = regex.compile(r"[^\x00-\x7f]")
_CHINESE_CHAR = regex.compile(r"[\p{Han}\p{P}\p{S}\p{Zs}\p{N}\uff00-\uffef]")
_CHINESE_SHARE = 0.9
_JUNK_CHAR = regex.compile(r"[[\p{Cc}\p{Cn}\p{Co}\p{Cs}\ufffd]--[\t\n\r\x0b\x0c]]", regex.V1)
_BINARY = "binary file, not text"


def decode_text(data: bytes, name: str, encoding: str | None = None, declared: str | None = None) -> str:
    """Decode text bytes: forced ``encoding``, BOM, strict UTF-8, ``declared``, detection."""
    return decode_text_as(data, name, encoding, declared)[0]


def decode_text_as(data: bytes, name: str, encoding: str | None = None,
                   declared: str | None = None) -> tuple[str, str]:
    """(the text, the codec that read it) of text bytes, as :func:`decode_text` reads them."""
    if not data.strip(_ASCII_WHITESPACE):
        return "", encoding or "utf-8"
    if encoding:
        text, codec = _decode_forced(data, name, encoding), encoding
    else:
        text, codec = _decode_guess(data, name, declared)
    if text.startswith("\ufeff"):
        text = text[1:]
    _check_not_binary(text, name)
    return (text if text.strip() else ""), codec


def _decode_forced(data: bytes, name: str, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except LookupError:
        raise InputError(name, f"unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as e:
        raise InputError(name, f"not valid {encoding}: byte 0x{data[e.start]:02x} at offset {e.start}") from None


def _decode_guess(data: bytes, name: str, declared: str | None) -> tuple[str, str]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), codec
            except UnicodeDecodeError:
                continue  # e.g. FF FE 00 00 that is UTF-16 LE, not UTF-32
    if b"\x00" in data:
        # Only UTF-16/32 text holds NUL bytes: with a BOM (above) or told by their places
        codec = _utf16_without_bom(data)
        if codec is None:
            raise InputError(name, _BINARY)
        return _lenient(data, codec, name), codec
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if declared:
        codec = _gb18030(declared)
        text = _try_decode(data, codec)
        if text is not None:
            return text, codec
        log.debug("%s: declared charset %r does not decode; detecting", name, declared)
    text, bad = _replacing(data, "utf-8")
    if bad * _EVIDENCE <= _non_ascii(text) - text.count("\ufffd"):
        return _warned(text, bad, "utf-8", name), "utf-8"  # UTF-8 with a stray byte or a cut last character
    try:
        return _detect(data, name)
    except InputError:
        text, bad = _replacing(data, "gb18030")
        if bad and bad * _EVIDENCE <= len(_HAN.findall(text)) and _chinese(text):
            return _warned(text, bad, "gb18030", name), "gb18030"
        raise


# A text with a few undecodable bytes is read in the encoding that fits when the
# characters it decodes outnumber the bad spots this many times (GBK read as
# UTF-8 has about one valid multi-byte character per bad spot; measured on the samples).
_EVIDENCE = 20
_HAN = regex.compile(r"\p{Han}")
_UTF16_NUL_RATIO = 4  # NULs on one side of the 16-bit units this many times the other


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when the NUL bytes stand on one side of 16-bit units
    (the high byte of ASCII characters), else None."""
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if odd >= 2 and odd > _UTF16_NUL_RATIO * even:
        return "utf-16-le"
    if even >= 2 and even > _UTF16_NUL_RATIO * odd:
        return "utf-16-be"
    return None


def _replacing(data: bytes, codec: str) -> tuple[str, int]:
    """``data`` decoded with U+FFFD for what does not decode, and how many were replaced."""
    text = data.decode(codec, errors="replace")
    if "\ufffd".encode(codec) not in data:  # no U+FFFD was written: each one is a replacement
        return text, text.count("\ufffd")
    return text, len(text) - len(data.decode(codec, errors="ignore"))


def _lenient(data: bytes, codec: str, name: str) -> str:
    return _warned(*_replacing(data, codec), codec, name)


def _warned(text: str, bad: int, codec: str, name: str) -> str:
    """``text``, after a warning when ``bad`` byte sequences in it were replaced."""
    if bad:
        log.warning("tongxun: %s: warning: %d undecodable byte sequence%s replaced by U+FFFD (read as %s)",
                    name, bad, "" if bad == 1 else "s", codec)
    return text


def _non_ascii(text: str) -> int:
    return len(text) - len(text.encode("ascii", errors="ignore"))


def _chinese(text: str) -> bool:
    wide = [c for c in _NON_ASCII.findall(text) if c != "\ufffd"]
    return bool(wide) and sum(1 for c in wide if _CHINESE_CHAR.match(c)) >= _CHINESE_SHARE * len(wide)


def _gb18030(codec: str) -> str:
    return "gb18030" if codec.lower().replace("-", "_") in _GB_FAMILY else codec


def _try_decode(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (LookupError, UnicodeDecodeError):
        return None


def _detect(data: bytes, name: str) -> tuple[str, str]:
    import charset_normalizer

    try:
        matches = list(charset_normalizer.from_bytes(data))
    except Exception as e:  # the detector is a heuristic: never let it crash a batch
        raise InputError(name, f"cannot detect the text encoding ({type(e).__name__})") from None
    # BOM-less UTF-16/32 was ruled out above (NUL bytes). Short GBK text is
    # often ranked as Big5, Korean, UTF-16 or even Cyrillic; these are Chinese
    # newsletters, so a GB-family candidate wins, and so does a GB18030 decode
    # that reads as Chinese when the detector's pick is not another CJK codec.
    # (Big5 read as GB18030 is about half kana/Greek/private-use: measured on a
    # traditional-script sample.)
    codecs = [m.encoding for m in matches if not m.encoding.startswith(("utf_16", "utf_32"))]
    gb = [c for c in codecs if _gb18030(c) == "gb18030"]
    if gb:
        best = gb[0]
    elif (not codecs or not codecs[0].startswith(_OTHER_CJK)) and _reads_as_chinese(data):
        best = "gb18030"
    elif codecs:
        best = codecs[0]
    else:
        raise InputError(name, f"{_BINARY} (no text encoding fits)")
    for codec in dict.fromkeys((_gb18030(best), best)):
        text = _try_decode(data, codec)
        if text is not None:
            log.debug("%s: detected encoding %s", name, best)
            return text, codec
    raise InputError(name, f"cannot decode as the detected encoding {best}")


def _reads_as_chinese(data: bytes) -> bool:
    text = _try_decode(data, "gb18030")
    if text is None:
        return False
    return _chinese(text)


def _check_not_binary(text: str, name: str) -> None:
    if "\x00" in text:
        raise InputError(name, _BINARY)
    if _surely_clean(text):
        return
    if sum(1 for _ in _JUNK_CHAR.finditer(text)) > _JUNK_SHARE * len(text):
        raise InputError(name, _BINARY)


# Control characters that str.split() takes for whitespace (and so would drop unseen)
_SPLIT_CONTROLS = ("\x1c", "\x1d", "\x1e", "\x1f", "\x85")


def _surely_clean(text: str) -> bool:
    """No junk character at all, told at C speed (the common case, ~10x cheaper than
    counting them): everything but whitespace is printable, so nothing is a control,
    unassigned, private-use or surrogate character, and there is no U+FFFD."""
    if "\ufffd" in text or any(c in text for c in _SPLIT_CONTROLS):
        return False
    return "".join(text.split()).isprintable()
