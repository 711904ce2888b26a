"""Encoding and segmentation tables and properties; no database."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ttdn.outreach.encoding import (
    GSM7,
    UCS2,
    EmptyMessage,
    encode,
    from_gsm7_bytes,
    septets,
    split_udh,
    to_gsm7_bytes,
    udh,
    unaccented,
    utf16_units,
)

VI = "Thông tin đối ngoại: người dân xã biên giới cần biết quy định mới về xuất nhập cảnh."


@pytest.mark.parametrize(
    ("text", "encoding", "segments", "units"),
    [
        ("a" * 160, GSM7, 1, 160),
        ("a" * 161, GSM7, 2, 161),
        ("a" * 306, GSM7, 2, 306),
        ("a" * 307, GSM7, 3, 307),
        ("a" * 159 + "€", GSM7, 2, 161),  # extension character counts double
        ("a" * 158 + "€", GSM7, 1, 160),
        ("a" * 70, GSM7, 1, 70),
        ("ạ" * 70, UCS2, 1, 70),
        ("ạ" * 71, UCS2, 2, 71),
        ("ạ" * 134, UCS2, 2, 134),
        ("ạ" * 135, UCS2, 3, 135),
        ("谅山省边境" * 14, UCS2, 1, 70),
        ("谅山省边境" * 14 + "口", UCS2, 2, 71),
        ("😀" * 35, UCS2, 1, 70),
        ("😀" * 36, UCS2, 2, 72),
        ("Hà Nội", UCS2, 1, 6),
        ("à è é ì ò ù", GSM7, 1, 11),  # the six accented letters GSM-7 has
        ("đ", UCS2, 1, 1),
        ("`", UCS2, 1, 1),  # the backtick has no GSM-7 form
    ],
)
def test_table(text, encoding, segments, units):
    result = encode(text)
    assert (result.encoding, result.segments, result.length_units) == (encoding, segments, units)
    assert "".join(result.parts) == unicodedata.normalize("NFC", text)


def test_escape_pair_is_never_split():
    # 152 plain septets then "[" (2 septets) would straddle the 153 limit: it moves whole to part 2.
    result = encode("a" * 152 + "[" + "b" * 10)
    assert result.encoding == GSM7 and result.segments == 2
    assert result.parts[0] == "a" * 152 and result.parts[1].startswith("[")


def test_surrogate_pair_is_never_split():
    result = encode("x" * 66 + "😀" + "y" * 10)
    assert result.encoding == UCS2 and result.segments == 2
    assert result.parts[0] == "x" * 66 and result.parts[1].startswith("😀")


def test_nfd_vietnamese_counts_as_nfc():
    nfd = unicodedata.normalize("NFD", VI)
    assert len(nfd) > len(VI)
    assert encode(nfd) == encode(VI)
    assert encode(VI).encoding == UCS2 and encode(VI).length_units == len(VI)


def test_unaccented_fold_fits_gsm7():
    folded = unaccented("Đồng Đăng – Lạng Sơn “biên giới” … Ước mơ")
    assert folded == 'Dong Dang - Lang Son "bien gioi" ... Uoc mo'
    assert encode(VI, fold=True).encoding == GSM7
    assert encode(VI, fold=True).parts == [
        "Thong tin doi ngoai: nguoi dan xa bien gioi can biet quy dinh moi ve xuat nhap canh."
    ]


def test_long_vietnamese_sample_nfc_nfd_and_folded():
    text = (VI + " ") * 2 + "Liên hệ UBND xã để biết thêm."
    nfc_result = encode(text)
    assert nfc_result.segments == 3
    assert encode(text, fold=True).segments == 2


@pytest.mark.parametrize("text", ["", "   "[:0]])
def test_empty_is_refused(text):
    with pytest.raises(EmptyMessage):
        encode(text)


def test_gsm7_round_trip_and_udh():
    text = "Già 5€ [x] {y} ~ ^ | \\ @£$"
    assert from_gsm7_bytes(to_gsm7_bytes(text)) == text
    assert len(to_gsm7_bytes("€")) == 2
    header = udh(0xB1, 3, 1)
    assert header.hex() == "050003b10301"
    assert split_udh(header + b"abc") == ((0xB1, 3, 1), b"abc")


_vietnamese = st.text(
    alphabet=st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ àáảãạằắẳẵặầấẩẫậ.,!?€[]😀谅")),
    max_size=600,
)


@given(st.text(max_size=800) | _vietnamese)
def test_parts_reassemble_and_fit(text):
    normalised = unicodedata.normalize("NFC", text)
    if not normalised:
        return
    result = encode(text)
    assert "".join(result.parts) == normalised
    assert result.segments == len(result.parts)
    if result.encoding == GSM7:
        costs = [sum(septets(c) or 0 for c in part) for part in result.parts]
        limit = 160 if result.segments == 1 else 153
    else:
        costs = [sum(utf16_units(c) for c in part) for part in result.parts]
        limit = 70 if result.segments == 1 else 67
    assert all(0 < c <= limit for c in costs)
    assert sum(costs) == result.length_units
    # Greedy filling is minimal: merging any part's first character into the previous part would overflow.
    for before, after in zip(result.parts, result.parts[1:], strict=False):
        unit = septets if result.encoding == GSM7 else utf16_units
        assert sum(unit(c) or 0 for c in before) + (unit(after[0]) or 0) > limit


@given(_vietnamese)
def test_folded_vietnamese_is_always_gsm7(text):
    folded = unaccented(text.replace("😀", "").replace("谅", ""))
    if folded:
        assert encode(folded).encoding == GSM7
