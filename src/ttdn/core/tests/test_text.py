import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ttdn.core.text import clean, clean_lines, fold, nfc, normalize_tone_placement, slugify_vi


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("hoà", "hòa"),
        ("Văn hoá", "Văn hóa"),
        ("Tỉnh uỷ", "Tỉnh ủy"),
        ("khoẻ", "khỏe"),
        ("quý", "quý"),
        ("hoàn", "hoàn"),
        # A tone together with a breve or circumflex is never moved (these were garbled once).
        ("hoặc", "hoặc"),
        ("thuận lợi", "thuận lợi"),
        ("Huệ", "Huệ"),
        ("luận", "luận"),
        ("quyết", "quyết"),
    ],
)
def test_one_tone_placement(old, new):
    assert normalize_tone_placement(old) == new


def test_fold_removes_tones_and_maps_d():
    assert fold("Đồng Đăng - Lạng Sơn") == "dong dang - lang son"
    assert fold("ĐÀI PHÁT THANH") == "dai phat thanh"


def test_clean_normalises_form_dashes_and_spaces():
    decomposed = unicodedata.normalize("NFD", "Sở Văn hoá – Thể thao")
    assert clean(f"  {decomposed}  ") == "Sở Văn hóa - Thể thao"


def test_slug_is_ascii():
    assert slugify_vi("Sở Văn hóa, Thể thao và Du lịch") == "so-van-hoa-the-thao-va-du-lich"


@given(st.text())
def test_fold_is_idempotent_and_ascii_for_vietnamese(text):
    once = fold(text)
    assert fold(once) == once
    assert nfc(clean(text)) == clean(text)


@given(st.text(alphabet="aăâeêioôơuưy\u0300\u0301\u0303\u0309\u0323\u0302\u0306 hqctn"))
def test_tone_placement_never_changes_the_letters(text):
    """Only where a tone sits may change; folding (which drops every mark) must give the same letters."""
    assert fold(normalize_tone_placement(text)) == fold(nfc(text))


@given(
    st.text(
        alphabet=st.one_of(
            st.sampled_from("aăâeêioôơuưyAEOUYqQ\u0300\u0301\u0303\u0309\u0323\u0302\u0306 hctnàáãảạỳýỷ"),
            st.characters(),
        )
    )
)
def test_tone_placement_shortcut_equals_the_full_pass(text):
    """The NFC pre-check only skips work: the result is the decompose, move, recompose pass's."""
    decomposed = unicodedata.normalize("NFD", text)
    pattern = re.compile(
        r"(?<![qQ])([oOuU])([aAeEyY])([\u0300\u0301\u0303\u0309\u0323])(?![\w\u0300-\u036f])"
    )
    full = nfc(pattern.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed))
    assert normalize_tone_placement(text) == full


def _fold_by_definition(text: str) -> str:
    """fold() as first written: every combining mark dropped one character at a time."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("đ", "d")
    return " ".join(re.sub(r"[\u2010-\u2015\u2212]", "-", stripped).split())


@given(
    st.text(
        alphabet=st.one_of(
            st.sampled_from("LạngSơnĐồngĐăngHữuNghịhoàthuỷ \u0301\u034f\u3000\xa0\x1c–—−中国ølæ\n."),
            st.characters(),
        )
    )
)
def test_fast_fold_equals_the_character_by_character_definition(text):
    assert fold(text) == _fold_by_definition(text)


@given(st.text(alphabet=st.sampled_from("Lạng Sơn hoà thuỷ\u0301 \n\t\x0b\x1c\x85\u2028–—abc")))
def test_clean_lines_is_clean_per_line_without_empty_lines(text):
    assert clean_lines(text) == [line for line in (clean(raw) for raw in text.split("\n")) if line]


_FOLD_PARTS = st.text(alphabet=st.sampled_from("LạngSơnĐồngĐăng hoà\u0301\u034f\xa0–中ø\n.a1"))


@given(_FOLD_PARTS, _FOLD_PARTS)
def test_folding_two_parts_apart_and_joining_them_is_folding_them_together(title, text):
    # The article's folded copy is built so, reusing the text's own folded copy for its signature.
    assert fold(f"{title}\n{text}") == " ".join(part for part in (fold(title), fold(text)) if part)
