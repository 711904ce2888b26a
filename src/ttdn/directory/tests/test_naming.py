import datetime

import pytest

from ttdn.directory.naming import Entry, NameIndex, exact_key, normal_key

D2021 = datetime.date(2021, 1, 1)
D2026 = datetime.date(2026, 1, 1)
CUT = datetime.date(2025, 2, 28)


@pytest.fixture(scope="module")
def index() -> NameIndex:
    entries = [
        Entry("so-tttt", None, "Sở Thông tin và Truyền thông tỉnh Lạng Sơn", valid_to=CUT),
        Entry("so-tttt", None, "Sở TT&TT", valid_to=CUT),
        Entry("so-tai-chinh", None, "Sở Tài chính", valid_to=CUT),
        Entry("so-tai-chinh-2025", None, "Sở Tài chính", valid_from=CUT + datetime.timedelta(days=1)),
        Entry("vp-ubnd", None, "Văn phòng Ủy ban nhân dân tỉnh Lạng Sơn"),
        Entry("bdbp", None, "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Lạng Sơn"),
        Entry("so-vhttdl", None, "Sở Văn hóa, Thể thao và Du lịch tỉnh Lạng Sơn"),
        Entry(None, "district-people-committees", "UBND các huyện, thành phố"),
    ]
    return NameIndex(entries, province_suffixes=("tỉnh Lạng Sơn", "Lạng Sơn"))


@pytest.mark.parametrize(
    ("text", "day", "unit", "group", "method"),
    [
        ("Sở TT&TT", D2021, "so-tttt", None, "exact"),
        ("Sở Thông tin và Truyền thông", D2021, "so-tttt", None, "normalised"),
        ("Bộ Chỉ huy Bộ đội Biên phòng tỉnh", D2021, "bdbp", None, "normalised"),
        ("Văn phòng UBND tỉnh", D2021, "vp-ubnd", None, "normalised"),
        ("UBND các huyện, thành phố", D2021, None, "district-people-committees", "group"),
        ("Sở Tài chính", D2021, "so-tai-chinh", None, "exact"),
        ("Sở Tài chính", D2026, "so-tai-chinh-2025", None, "exact"),
        ("Sở Văn hoá, Thể thao và Du lịch", D2021, "so-vhttdl", None, "normalised"),
        ("Sở Thông tin và Truyền thôn", D2021, "so-tttt", None, "fuzzy"),
    ],
)
def test_resolution_ladder(index, text, day, unit, group, method):
    result = index.resolve(text, day)
    assert (result.unit_code, result.group_code) == (unit, group)
    assert result.method == method
    assert 0 < result.confidence <= 1


def test_unit_outside_its_validity_resolves_with_lower_confidence(index):
    in_time = index.resolve("Sở TT&TT", D2021)
    too_late = index.resolve("Sở TT&TT", D2026)
    assert too_late.unit_code == "so-tttt"
    assert too_late.confidence < in_time.confidence


def test_unknown_mention_is_unresolved_with_candidates(index):
    result = index.resolve("Hội Nông dân tỉnh", D2021)
    assert not result.resolved
    assert result.method == "unresolved"


def test_keys_fold_tones_and_d():
    assert exact_key("Đài Phát thanh") == "dai phat thanh"
    assert normal_key("UBND tỉnh Lạng Sơn", ("tỉnh Lạng Sơn",)) == "uy ban nhan dan"
