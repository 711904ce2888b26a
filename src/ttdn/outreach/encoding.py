"""SMS text encoding and segmentation (3GPP TS 23.038 / 23.040). Pure Python, no Django.

A message is GSM-7 when every character is in the default alphabet or its extension table (extension
characters cost two septets: ESC + code); otherwise the whole message is UCS-2, counted in UTF-16 code
units. Text is NFC-normalised first: NFD Vietnamese has up to twice as many code units.

Segment sizes: 160 septets / 70 units for a single SMS, 153 / 67 per part when concatenated (6-octet UDH).
A part never ends between ESC and its code, nor between the two halves of a surrogate pair.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

GSM7 = "GSM7"
UCS2 = "UCS2"

# Index = septet value. 0x1B is the escape to the extension table (never a character by itself).
_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅå"
    "Δ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ"
    " !\"#¤%&'()*+,-./"
    "0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNO"
    "PQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmno"
    "pqrstuvwxyzäöñüà"
)
assert len(_BASIC) == 128
BASIC_TABLE: dict[str, int] = {ch: i for i, ch in enumerate(_BASIC) if i != 0x1B}
EXTENSION_TABLE: dict[str, int] = {
    "\x0c": 0x0A,
    "^": 0x14,
    "{": 0x28,
    "}": 0x29,
    "\\": 0x2F,
    "[": 0x3C,
    "~": 0x3D,
    "]": 0x3E,
    "|": 0x40,
    "€": 0x65,
}
_BASIC_BY_CODE = {v: k for k, v in BASIC_TABLE.items()}
_EXTENSION_BY_CODE = {v: k for k, v in EXTENSION_TABLE.items()}
ESC = 0x1B

SINGLE_GSM7, PART_GSM7 = 160, 153
SINGLE_UCS2, PART_UCS2 = 70, 67
MAX_PARTS = 255  # the UDH carries the part count in one octet

# Typographic punctuation that Vietnamese word processors produce; the unaccented form maps it to ASCII
# so that it stays in GSM-7.
_PUNCTUATION = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u00a0": " ",
        "\u2022": "-",
        "`": "'",
    }
)


class EmptyMessage(ValueError):
    pass


@dataclass(frozen=True)
class Encoded:
    encoding: str
    segments: int
    length_units: int
    parts: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "encoding": self.encoding,
            "segments": self.segments,
            "length_units": self.length_units,
            "parts": list(self.parts),
        }


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def septets(ch: str) -> int | None:
    """Septets the character costs in GSM-7, or None when it has no GSM-7 form."""
    if ch in BASIC_TABLE:
        return 1
    if ch in EXTENSION_TABLE:
        return 2
    return None


def is_gsm7(text: str) -> bool:
    return all(septets(ch) is not None for ch in text)


def utf16_units(ch: str) -> int:
    return 2 if ord(ch) > 0xFFFF else 1


def unaccented(text: str) -> str:
    """The "bỏ dấu" form: every diacritic removed (tones and ă â ê ô ơ ư), đ→d, Đ→D, case kept."""
    decomposed = unicodedata.normalize("NFD", text.translate(_PUNCTUATION))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return nfc(stripped.replace("đ", "d").replace("Đ", "D"))


def _split(costs: list[tuple[str, int]], limit: int) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    used = 0
    for ch, cost in costs:
        # A 2-unit character (ESC pair or surrogate pair) that does not fit goes whole to the next part.
        if used + cost > limit:
            parts.append("".join(current))
            current, used = [], 0
        current.append(ch)
        used += cost
    if current:
        parts.append("".join(current))
    return parts


def encode(text: str, *, fold: bool = False) -> Encoded:
    """Encoding, segment count, length in septets (GSM7) or UTF-16 units (UCS2), and the text of each part."""
    text = nfc(text)
    if fold:
        text = unaccented(text)
    if not text:
        raise EmptyMessage("empty message")
    gsm_costs = [(ch, septets(ch)) for ch in text]
    if all(cost is not None for _, cost in gsm_costs):
        costs = [(ch, int(cost or 0)) for ch, cost in gsm_costs]
        encoding, single, part = GSM7, SINGLE_GSM7, PART_GSM7
    else:
        costs = [(ch, utf16_units(ch)) for ch in text]
        encoding, single, part = UCS2, SINGLE_UCS2, PART_UCS2
    total = sum(cost for _, cost in costs)
    parts = [text] if total <= single else _split(costs, part)
    return Encoded(encoding=encoding, segments=len(parts), length_units=total, parts=parts)


# --- wire forms (SMPP short_message) -------------------------------------------------------------------


def to_gsm7_bytes(text: str) -> bytes:
    """Unpacked GSM-7 (one septet per octet), what SMPP data_coding 0 carries."""
    out = bytearray()
    for ch in text:
        if ch in BASIC_TABLE:
            out.append(BASIC_TABLE[ch])
        elif ch in EXTENSION_TABLE:
            out += bytes((ESC, EXTENSION_TABLE[ch]))
        else:
            raise ValueError(f"{ch!r} has no GSM-7 form")
    return bytes(out)


def from_gsm7_bytes(data: bytes) -> str:
    out = []
    escape = False
    for octet in data:
        if escape:
            out.append(_EXTENSION_BY_CODE.get(octet, " "))
            escape = False
        elif octet == ESC:
            escape = True
        else:
            out.append(_BASIC_BY_CODE.get(octet & 0x7F, "?"))
    return "".join(out)


def to_ucs2_bytes(text: str) -> bytes:
    return text.encode("utf-16-be")


def from_ucs2_bytes(data: bytes) -> str:
    return data.decode("utf-16-be", errors="replace")


DATA_CODING = {GSM7: 0x00, UCS2: 0x08}


def wire_parts(encoded: Encoded) -> list[bytes]:
    convert = to_gsm7_bytes if encoded.encoding == GSM7 else to_ucs2_bytes
    return [convert(part) for part in encoded.parts]


def udh(reference: int, total: int, sequence: int) -> bytes:
    """8-bit-reference concatenation header: 05 00 03 RR TT SS."""
    return bytes((0x05, 0x00, 0x03, reference & 0xFF, total, sequence))


def split_udh(data: bytes) -> tuple[tuple[int, int, int] | None, bytes]:
    """(reference, total, sequence) from a concatenation UDH, and the payload after the header."""
    length = data[0]
    header, payload = data[1 : 1 + length], data[1 + length :]
    i = 0
    while i + 1 < len(header):
        iei, ie_len = header[i], header[i + 1]
        value = header[i + 2 : i + 2 + ie_len]
        if iei == 0x00 and ie_len == 3:
            return (value[0], value[1], value[2]), payload
        if iei == 0x08 and ie_len == 4:
            return ((value[0] << 8) | value[1], value[2], value[3]), payload
        i += 2 + ie_len
    return None, payload
