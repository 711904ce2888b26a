"""Text rules of Nghị định 30/2020/NĐ-CP that do not depend on the output format.

Both renderers take every string through these functions, so a DOCX and a PDF of the same
document always say exactly the same thing.
"""

import datetime
import re
import unicodedata
from collections.abc import Iterable

# Characters XML 1.0 forbids: lxml refuses them outright, so a stray control character pasted
# from a PDF would otherwise crash the whole export.
_XML_INVALID = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NEWLINES = re.compile(r"\r\n?")

# ND 30 only says "Vietnamese alphabet order"; drafting practice skips the diacritic letters
# (ă â ê ô ơ ư) and the letters Vietnamese does not use (f j w z).
POINT_LETTERS: tuple[str, ...] = (
    "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m",
    "n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y",
)  # fmt: skip

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"  # Quốc hiệu
MOTTO = "Độc lập - Tự do - Hạnh phúc"  # Tiêu ngữ
ADDRESSEES_LABEL = "Kính gửi:"
RECIPIENTS_LABEL = "Nơi nhận:"

BLANK_NUMBER = " " * 6  # room for the văn thư to write the number by hand
BLANK_DAY = " " * 5


def clean_text(text: str) -> str:
    """NFC, one newline convention, and nothing an XML document cannot hold."""
    text = _NEWLINES.sub("\n", str(text))
    return unicodedata.normalize("NFC", _XML_INVALID.sub("", text))


def point_letters(count: int | None = None) -> list[str]:
    """Letters for *điểm* a), b), … đ), e), g) …; ``count=None`` gives all 23."""
    if count is None:
        return list(POINT_LETTERS)
    if count < 0 or count > len(POINT_LETTERS):
        # Silently recycling letters would produce two "a)" points in one khoản.
        raise ValueError(f"a khoản can have at most {len(POINT_LETTERS)} điểm, not {count}")
    return list(POINT_LETTERS[:count])


def vietnamese_date_line(place: str, date: datetime.date | None, year: int | None = None) -> str:
    """ "Lạng Sơn, ngày 05 tháng 01 năm 2026", or with blanks for the văn thư when ``date`` is None."""
    place = clean_text(place).strip()
    if date is None:
        if year is None:
            raise ValueError("a blank date still needs the year")
        return f"{place}, ngày{BLANK_DAY}tháng{BLANK_DAY}năm {year}"
    day = f"{date.day:02d}" if date.day < 10 else str(date.day)
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return f"{place}, ngày {day} tháng {month} năm {date.year}"


def number_line(number: str | None, symbol: str) -> str:
    """ "Số: 05/BC-SVHTTDL"; a missing number leaves a gap before the slash."""
    symbol = clean_text(symbol).strip()
    if number is None or not clean_text(number).strip():
        return f"Số:{BLANK_NUMBER}/{symbol}"
    number = clean_text(number).strip()
    if number.isdigit() and int(number) < 10:
        number = f"{int(number):02d}"
    return f"Số: {number}/{symbol}"


def _bare(line: str) -> str:
    # Callers paste recipients with or without "- " and ";": normalise so punctuation is ours.
    return clean_text(line).strip().lstrip("-–+•").strip().rstrip(";.,").strip()


def dash_list(lines: Iterable[str]) -> list[str]:
    """ "- A;", "- B;", …, "- Z." with the punctuation ND 30 prescribes."""
    items = [b for b in (_bare(line) for line in lines) if b]
    return [f"- {item}{'.' if i == len(items) - 1 else ';'}" for i, item in enumerate(items)]


def recipient_lines(recipients: Iterable[str], has_addressees: bool) -> list[str]:
    """Nơi nhận lines; a document with Kính gửi must start with "- Như trên;"."""
    items = [b for b in (_bare(line) for line in recipients) if b]
    if has_addressees and (not items or items[0].casefold() != "như trên"):
        items.insert(0, "Như trên")
    return dash_list(items)


def addressee_lines(addressees: Iterable[str]) -> list[str]:
    """One addressee goes on the Kính gửi line itself; several become a dash list."""
    items = [b for b in (_bare(line) for line in addressees) if b]
    if len(items) == 1:
        return items
    return dash_list(items)


def estimate_width_pt(text: str, size_pt: float, bold: bool = False) -> float:
    """Rough Times New Roman advance width, for sizing the short rules under titles.

    Calibrated on Liberation Serif (metric-compatible with Times) to within ~3 % for the
    upper-case names and the mixed-case subjects these rules sit under.
    """
    em = 0.0
    for ch in text:
        if ch.isspace() or ch in ",.;:-'\"()/":
            em += 0.27
        elif ch.isupper():
            em += 0.70 if bold else 0.66
        else:
            em += 0.48 if bold else 0.45
    return em * size_pt
