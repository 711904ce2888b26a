"""Publication dates: structured metadata first, then Vietnamese day-first text patterns.

Order of trust: ``article:published_time`` and friends, ``itemprop=datePublished``, JSON-LD
``datePublished``, ``<time datetime>``, then the first date written in the visible text. Text dates are
always day-first ("05/01/2026" is 5 January 2026); a time written next to them is kept, without a zone
(sites write local time, UTC+7, but do not say so).
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable

from ttdn.core.text import fold

_META_KEYS = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "dc.date.issued",
    "dc.date",
    "date",
)
_TAG = re.compile(r"<(meta|time)\b([^>]*)>", re.IGNORECASE)
_ATTR = re.compile(r"""([a-zA-Z_:.\-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_JSON_LD = re.compile(r"<script[^>]+application/ld\+json[^>]*>(.*?)</script>", re.IGNORECASE | re.DOTALL)

_TIME = r"(?P<h>\d{1,2})\s*[:hg]\s*(?P<mi>\d{2})"
_DMY = r"(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>\d{4})"
_TEXT_PATTERNS = (
    # "05/01/2026 14:30", "Thứ hai, 05-01-2026, 14h30", "05/01/2026 | 14:30"
    re.compile(rf"(?<!\d){_DMY}(?:\s*(?:[,|\-]\s*)?(?:luc\s*)?{_TIME})?(?!\d)"),
    # "14:30 05/01/2026", "14:30, thứ hai 5/1/2026"
    re.compile(rf"(?<!\d){_TIME}\s*(?:[,|\-]\s*)?(?:(?:thu \w+|chu nhat)\s*,?\s*)?(?:ngay\s*)?{_DMY}(?!\d)"),
    # "ngày 5 tháng 1 năm 2026"
    re.compile(r"ngay\s+(?P<d>\d{1,2})\s+thang\s+(?P<m>\d{1,2})\s+nam\s+(?P<y>\d{4})"),
    # ISO dates written as text
    re.compile(
        r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:[T ]{_TIME})?(?!\d)".replace("{_TIME}", _TIME)
    ),
)


def _valid(y: int, m: int, d: int, h: int | None = None, mi: int | None = None) -> str | None:
    if not 1990 <= y <= 2100:
        return None
    try:
        day = datetime.date(y, m, d)
    except ValueError:
        return None
    if h is None or mi is None:
        return day.isoformat()
    if not (0 <= h < 24 and 0 <= mi < 60):
        return day.isoformat()
    return datetime.datetime(y, m, d, h, mi).isoformat()


def parse_text_date(text: str) -> str | None:
    """The first day-first date in text, as an ISO date or datetime."""
    folded = fold(text)
    best: tuple[int, str] | None = None
    for pattern in _TEXT_PATTERNS:
        for m in pattern.finditer(folded):
            g = m.groupdict()
            value = _valid(
                int(g["y"]), int(g["m"]), int(g["d"]),
                int(g["h"]) if g.get("h") else None, int(g["mi"]) if g.get("mi") else None,
            )  # fmt: skip
            if value and (best is None or m.start() < best[0]):
                best = (m.start(), value)
            if value:
                break
    return best[1] if best else None


def parse_machine_date(value: str) -> str | None:
    """A metadata value: ISO 8601 (kept as written, zone included), else the day-first text rules."""
    value = value.strip()
    if not value:
        return None
    if re.match(r"^\d{4}-\d{2}-\d{2}", value):
        try:
            parsed = datetime.datetime.fromisoformat(value.replace(" ", "T", 1))
        except ValueError:
            return _valid(int(value[:4]), int(value[5:7]), int(value[8:10]))
        if len(value) <= 10:
            return parsed.date().isoformat()
        return parsed.isoformat()
    return parse_text_date(value)


def _attrs(raw: str) -> dict[str, str]:
    return {m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None) for m in _ATTR.finditer(raw)}


def _json_ld_dates(node: object) -> list[str]:
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "datePublished" and isinstance(value, str):
                found.append(value)
            else:
                found += _json_ld_dates(value)
    elif isinstance(node, list):
        for item in node:
            found += _json_ld_dates(item)
    return found


def find_published(html: str, visible_text: str | Callable[[], str]) -> str | None:
    """The publication date as ISO text, or None. ``visible_text`` may be a function returning it: it is
    read only when the page's markup names no date."""
    metas: dict[str, str] = {}
    times: list[str] = []
    for tag in _TAG.finditer(html):
        attrs = _attrs(tag.group(2))
        if tag.group(1).lower() == "time":
            if attrs.get("datetime"):
                times.append(attrs["datetime"])
            continue
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        if key and attrs.get("content") and key not in metas:
            metas[key] = attrs["content"]
    for key in _META_KEYS:
        if key in metas and (value := parse_machine_date(metas[key])):
            return value
    for script in _JSON_LD.finditer(html):
        try:
            data = json.loads(script.group(1))
        except ValueError:
            continue
        for raw in _json_ld_dates(data):
            if value := parse_machine_date(raw):
                return value
    for raw in times:
        if value := parse_machine_date(raw):
            return value
    return parse_text_date(visible_text if isinstance(visible_text, str) else visible_text())
