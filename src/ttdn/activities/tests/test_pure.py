"""Pure modules, no database: working days, uptime, norm tables."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from ttdn.activities.norms import NormTableError, load_norms, parse_norms
from ttdn.activities.uptime import month_bounds, uptime_ratio
from ttdn.activities.workdays import is_working_day, working_days_before

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def test_ten_working_days_before_a_monday_visit():
    assert working_days_before(datetime.date(2026, 3, 16), 10) == datetime.date(2026, 3, 2)


def test_tet_holidays_are_not_working_days():
    # Tết 2026: 16–20/02 are holidays, so a visit on 23/02 needs the application by 02/02.
    assert not is_working_day(datetime.date(2026, 2, 17))
    assert working_days_before(datetime.date(2026, 2, 23), 10) == datetime.date(2026, 2, 2)


def test_national_day_and_its_substitute_are_skipped():
    # 31/08 (substitute day), 01–02/09 (National Day) are off in 2026.
    assert working_days_before(datetime.date(2026, 9, 7), 5) == datetime.date(2026, 8, 26)


def test_zero_days_is_the_visit_day_and_negative_is_refused():
    assert working_days_before(datetime.date(2026, 3, 16), 0) == datetime.date(2026, 3, 16)
    with pytest.raises(ValueError):
        working_days_before(datetime.date(2026, 3, 16), -1)


def dt(day, hour=0):
    return datetime.datetime(2026, 4, day, hour, tzinfo=TZ)


def test_uptime_counts_overlapping_outages_once():
    start, end = month_bounds(2026, 4, TZ)
    outages = [(dt(2), dt(3)), (dt(2, 12), dt(4)), (dt(10), dt(11))]
    ratio = uptime_ratio(outages, start, end, now=dt(30, 23) + datetime.timedelta(days=1))
    assert ratio == pytest.approx(1 - 3 / 30)


def test_uptime_clips_to_the_month_and_to_now():
    start, end = month_bounds(2026, 4, TZ)
    march = datetime.datetime(2026, 3, 30, tzinfo=TZ)
    # Down since 30/03 and still down; now is 16/04 00:00: the month so far was all down.
    assert uptime_ratio([(march, None)], start, end, now=dt(16)) == 0
    assert uptime_ratio([], start, end, now=dt(16)) == 1
    assert uptime_ratio([], *month_bounds(2026, 5, TZ), now=dt(16)) is None


def test_december_ends_at_new_year():
    assert month_bounds(2026, 12, TZ)[1] == datetime.datetime(2027, 1, 1, tzinfo=TZ)


def test_shipped_norm_table_has_legal_bases():
    norms = load_norms()
    assert norms["cong-tac-phi-luu-tru"].ceiling == Decimal(200000)
    assert all(n.legal_basis for n in norms.values())


@pytest.mark.parametrize(
    "text",
    [
        "code,name,unit\nx,y,z\n",
        "code,name,unit,ceiling,legal_basis\na,b,c,không,d\n",
        "code,name,unit,ceiling,legal_basis\na,b,c,1,d\na,b,c,2,d\n",
    ],
)
def test_bad_norm_tables_are_refused(text):
    with pytest.raises(NormTableError):
        parse_norms(text)
