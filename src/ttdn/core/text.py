"""Vietnamese text helpers. Pure functions, no Django.

Every piece of text that enters ttdn passes through :func:`nfc`; anything compared or searched
passes through :func:`fold`, which removes tones and maps đ→d (neither SQLite FTS5 nor
PostgreSQL ``unaccent`` map đ by themselves).
"""

import re
import unicodedata

_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
# Syllables like "hoà", "thuỷ", "khoẻ" put the tone on the second vowel of oa/oe/uy (old style);
# ttdn keeps one convention (hòa, thủy, khỏe) so that the same word always compares equal.
# The tone must be the vowel's only mark and end the syllable: "hoặc", "thuận", "Huệ" (tone plus breve or
# circumflex, or a final consonant) are already written one way only and are left alone.
_OLD_STYLE = re.compile(r"(?<![qQ])([oOuU])([aAeEyY])([\u0300\u0301\u0303\u0309\u0323])(?![\w\u0300-\u036f])")
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# The same syllables seen in NFC, where the tone is part of the a/e/y: text without one (most pages, since
# "hoàn", "toàn", "quả" do not qualify) skips the decompose-and-recompose pass.
_OLD_STYLE_NFC = re.compile(r"(?<![qQ])[oOuU][àáãảạÀÁÃẢẠèéẽẻẹÈÉẼẺẸỳýỹỷỵỲÝỸỶỴ](?![\w\u0300-\u036f])")


def normalize_tone_placement(text: str) -> str:
    composed = nfc(text)
    if not _OLD_STYLE_NFC.search(composed):
        return composed
    decomposed = unicodedata.normalize("NFD", composed)
    return nfc(_OLD_STYLE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed))


def clean(text: str) -> str:
    """NFC, one tone convention, ASCII dashes, single spaces: the form ttdn stores."""
    text = normalize_tone_placement(nfc(text))
    text = _DASHES.sub("-", text)
    return _SPACES.sub(" ", text).strip()


def clean_lines(text: str) -> list[str]:
    """``clean`` applied to each line, empty lines dropped: one normalisation pass for the whole text
    instead of one per line (a page has hundreds of short lines)."""
    text = _DASHES.sub("-", normalize_tone_placement(nfc(text)))
    return [line for line in (" ".join(raw.split()) for raw in text.split("\n")) if line]


# After NFD, Vietnamese (and most Latin) text is ASCII plus combining marks: dropping the marks is then an
# ASCII encode, which runs in C. Anything else (Chinese, ø, ł…) takes the character-by-character path.
_NOT_ASCII_OR_MARK = re.compile(r"[^\x00-\x7f\u0300-\u034e\u0350-\u036f]")  # U+034F is not a mark


def fold(text: str) -> str:
    """Lower-case, tone-less, đ→d: the form used for matching and search."""
    decomposed = _DASHES.sub("-", unicodedata.normalize("NFD", text.lower().replace("đ", "d")))
    if _NOT_ASCII_OR_MARK.search(decomposed):
        stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    else:
        stripped = decomposed.encode("ascii", "ignore").decode("ascii")
    return " ".join(stripped.split())


def has_tone_marks(text: str) -> bool:
    return any(ch in _TONE_MARKS for ch in unicodedata.normalize("NFD", text))


def slugify_vi(text: str) -> str:
    """ASCII slug: 'Sở Văn hóa, Thể thao' -> 'so-van-hoa-the-thao'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
