import datetime

import pytest

from ttdn.directory import selectors
from ttdn.directory.models import Unit, UnitGroup

D2021 = datetime.date(2021, 1, 1)
D2026 = datetime.date(2026, 11, 27)


@pytest.mark.django_db
def test_gone_unit_shows_who_holds_its_functions_today(lang_son, django_assert_num_queries):
    so_tttt = Unit.objects.get(code="so-thong-tin-va-truyen-thong")
    with django_assert_num_queries(2):
        successors = selectors.current_successors(unit=so_tttt, today=D2026)
    assert {u.code for u in successors} == {"so-khoa-hoc-va-cong-nghe-2025", "so-van-hoa-the-thao-va-du-lich"}
    assert selectors.current_successors(unit=so_tttt, today=D2021) == []


@pytest.mark.django_db
def test_group_members_follow_the_date(lang_son):
    districts = UnitGroup.objects.get(code="district-people-committees")
    in_2021 = selectors.group_members(group=districts, on_date=D2021)
    assert len(in_2021) == 11 and all(u.kind == "district-people-committee" for u in in_2021)
    # After 2025-06-30 no district exists: the group means the communes that took over.
    in_2026 = selectors.group_members(group=districts, on_date=D2026)
    assert in_2026 and all(u.kind == "commune-people-committee" for u in in_2026)
    departments = selectors.group_members(
        group=UnitGroup.objects.get(code="provincial-departments"), on_date=D2021
    )
    codes = {u.code for u in departments}
    assert "so-thong-tin-va-truyen-thong" in codes and "so-tai-chinh-2025" not in codes
    telecoms = selectors.group_members(group=UnitGroup.objects.get(code="telecom-operators"), on_date=D2021)
    assert {u.code for u in telecoms} == {"viettel-lang-son", "vnpt-lang-son", "mobifone-lang-son"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "day", "unit", "group"),
    [
        ("Sở TT&TT", D2021, "so-thong-tin-va-truyen-thong", None),
        ("Bộ Chỉ huy Bộ đội Biên phòng tỉnh", D2021, "bo-chi-huy-bo-doi-bien-phong-tinh", None),
        ("Văn phòng UBND tỉnh", D2021, "van-phong-ubnd-tinh", None),
        ("UBND các huyện, thành phố", D2021, None, "district-people-committees"),
        ("các sở, ban, ngành", D2021, None, "provincial-departments"),
        ("Sở Tài chính", D2021, "so-tai-chinh", None),
        ("Sở Tài chính", D2026, "so-tai-chinh-2025", None),
        (
            "Ban Quản lý Khu kinh tế cửa khẩu Đồng Đăng - Lạng Sơn",
            D2021,
            "ban-quan-ly-khu-kinh-te-cua-khau-dong-dang-lang-son",
            None,
        ),
        ("Các doanh nghiệp viễn thông trên địa bàn tỉnh", D2021, None, "telecom-operators"),
    ],
)
def test_plan_mentions_resolve_at_the_plan_date(lang_son, text, day, unit, group):
    result = selectors.name_index().resolve(text, day)
    assert (result.unit_code, result.group_code) == (unit, group)


@pytest.mark.django_db
def test_unit_search_folds_tones_and_d(lang_son, django_assert_num_queries):
    with django_assert_num_queries(1):
        names = [u.name for u in selectors.unit_list(query="dai phat thanh")]
    assert "Đài Phát thanh và Truyền hình Lạng Sơn" in names
    assert "Báo và Phát thanh, Truyền hình Lạng Sơn" in names  # through its alias "Báo và Đài Phát thanh…"
    assert len(names) == 2
    assert selectors.unit_list(kind="district-people-committee", on_date=D2026).count() == 0
