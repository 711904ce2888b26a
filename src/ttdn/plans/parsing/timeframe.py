"""Timeframe expressions ("Quý II/2021", "Trước ngày 15/12/2021", ...)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import TypedDict


class Timeframe(TypedDict):
    label: str | None
    start: str | None
    end: str | None
    recurring: bool
    inherited: bool


_QNUM = r"(?:IV|I{1,3}|[1-4])\b"
_SEP = r"\s*(?:,|-|–|và|đến|tới)\s*"
_YEAR = r"(?:\s*(?:/|năm)\s*(\d{4}))?"
_QUARTER = re.compile(rf"quý\s+({_QNUM})((?:{_SEP}(?:quý\s+)?{_QNUM})*){_YEAR}", re.IGNORECASE)
_HALF = re.compile(r"(?:(?:6|sáu)\s+tháng|nửa)\s+(đầu|cuối)\s+năm(?:\s+(\d{4}))?", re.IGNORECASE)
_MONTH = re.compile(
    rf"(?:từ\s+)?tháng\s+(\d{{1,2}})\b(?!/\d{{1,2}}/)((?:{_SEP}(?:tháng\s+)?\d{{1,2}}\b(?!/\d{{1,2}}/))*){_YEAR}",
    re.IGNORECASE,
)
_DATE = r"(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{4}))?"
_RANGE = re.compile(rf"từ\s+(?:ngày\s+)?{_DATE}\s*(?:đến|-|–|tới)\s*(?:ngày\s+)?{_DATE}", re.IGNORECASE)
_BEFORE = re.compile(
    rf"(?:(?:hoàn thành\s+)?trước|chậm nhất(?:\s+(?:là|đến))?|hạn chót|không quá)\s+(?:ngày\s+)?{_DATE}",
    re.IGNORECASE,
)
_ON = re.compile(rf"(?:ngày\s+)?{_DATE}", re.IGNORECASE)
_RECURRING = re.compile(
    r"thường xuyên|hằng năm|hàng năm|định kỳ|liên tục|hằng quý|hàng quý|hằng tháng|hàng tháng", re.IGNORECASE
)
_WHOLE_YEAR = re.compile(r"cả năm|trong năm|suốt năm|năm\s+(\d{4})", re.IGNORECASE)
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


def _q(token: str) -> int:
    token = token.strip().upper()
    return _ROMAN.get(token) or int(token)


def _iso(d: dt.date) -> str:
    return d.isoformat()


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _cap(label: str) -> str:
    label = label.strip()
    return label[:1].upper() + label[1:]


def _result(label: str, start: dt.date | None, end: dt.date | None, recurring: bool = False) -> Timeframe:
    return {
        "label": _cap(label),
        "start": _iso(start) if start else None,
        "end": _iso(end) if end else None,
        "recurring": recurring,
        "inherited": False,
    }


def _date(d: str, m: str, y: str | None, year: int | None) -> dt.date | None:
    yy = int(y) if y else year
    if yy is None:
        return None
    try:
        return dt.date(yy, int(m), int(d))
    except ValueError:
        return None


def plan_year(year: int | None, *, label: str | None = None, inherited: bool = True) -> Timeframe:
    """The whole plan year: the default when a task names no time."""
    if label is None and year is not None:
        label = f"Năm {year}"
    elif label is not None:
        label = _cap(label)
    return {
        "label": label,
        "start": f"{year}-01-01" if year else None,
        "end": f"{year}-12-31" if year else None,
        "recurring": False,
        "inherited": inherited,
    }


def parse_timeframe(text: str, year: int | None) -> Timeframe | None:
    """Parse the first time expression in ``text``; None when there is none.

    ``year`` is the plan year, used when the expression leaves it out.
    Dates are day-first, as in all Vietnamese administrative writing.
    """
    if not text:
        return None
    m = _QUARTER.search(text)
    if m:
        quarters = [_q(m.group(1))] + [_q(t) for t in re.findall(_QNUM, m.group(2) or "", re.IGNORECASE)]
        yy = int(m.group(3)) if m.group(3) else year
        if yy is None:
            return _result(m.group(0), None, None)
        lo, hi = min(quarters), max(quarters)
        return _result(m.group(0), dt.date(yy, 3 * lo - 2, 1), _month_end(yy, 3 * hi))
    m = _HALF.search(text)
    if m:
        yy = int(m.group(2)) if m.group(2) else year
        if yy is None:
            return _result(m.group(0), None, None)
        first = m.group(1).lower() == "đầu"
        return _result(m.group(0), dt.date(yy, 1 if first else 7, 1), _month_end(yy, 6 if first else 12))
    m = _RANGE.search(text)
    if m:
        start = _date(m.group(1), m.group(2), m.group(3) or m.group(6), year)
        end = _date(m.group(4), m.group(5), m.group(6), year)
        if start and end:
            return _result(m.group(0), min(start, end), max(start, end))
    m = _BEFORE.search(text)
    if m:
        end = _date(m.group(1), m.group(2), m.group(3), year)
        if end:
            start = dt.date(year, 1, 1) if year else None
            return _result(m.group(0), min(start, end) if start else None, end)
    m = _MONTH.search(text)
    if m:
        months = [int(m.group(1))] + [int(t) for t in re.findall(r"\d{1,2}", m.group(2) or "")]
        yy = int(m.group(3)) if m.group(3) else year
        if all(1 <= x <= 12 for x in months):
            if yy is None:
                return _result(m.group(0), None, None)
            lo, hi = min(months), max(months)
            return _result(m.group(0), dt.date(yy, lo, 1), _month_end(yy, hi))
    m = _ON.search(text)
    if m:
        day = _date(m.group(1), m.group(2), m.group(3), year)
        if day:
            return _result(m.group(0), day, day)
    m = _RECURRING.search(text)
    if m:
        tf = plan_year(year, label=m.group(0), inherited=False)
        tf["recurring"] = True
        return tf
    m = _WHOLE_YEAR.search(text)
    if m:
        yy = int(m.group(1)) if m.group(1) else year
        return plan_year(yy, label=m.group(0), inherited=False)
    return None


def unparsed(text: str, year: int | None) -> Timeframe:
    """A written time we could not read: keep the words, span the plan year."""
    return plan_year(year, label=text, inherited=False)
