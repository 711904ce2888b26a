"""Attribute lines ("Đơn vị chủ trì: ...", "Thời gian: ...") and folding them into tasks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .units import Mention, is_unit, split_mentions

_KEYS: dict[str, str] = {
    "lead": r"(?:đơn vị|cơ quan)\s+chủ trì(?:\s+thực hiện)?|chủ trì(?:\s+thực hiện)?",
    "coord": r"(?:đơn vị|cơ quan)\s+phối hợp(?:\s+thực hiện)?|phối hợp(?:\s+thực hiện)?",
    "exec": r"(?:đơn vị|cơ quan)\s+(?:thực hiện|triển khai)|trách nhiệm thực hiện|phân công thực hiện",
    "content": r"nội dung(?:\s+(?:thực hiện|hoạt động|tuyên truyền|tập huấn|chính))?",
    "form": r"hình thức(?:\s+(?:thực hiện|thể hiện|tổ chức|tuyên truyền))?",
    "audience": r"đối tượng(?:\s+(?:tập huấn|tham gia|tuyên truyền|thụ hưởng|bồi dưỡng|tham dự))?",
    "time": r"thời gian(?:\s+(?:thực hiện|hoàn thành|tổ chức|triển khai))?|tiến độ(?:\s+thực hiện)?"
    r"|thời hạn(?:\s+hoàn thành)?",
    "budget": r"(?:nguồn\s+|dự toán\s+)?kinh phí(?:\s+thực hiện)?",
    "product": r"sản phẩm(?:\s+đầu ra)?|kết quả đầu ra",
    "place": r"địa điểm(?:\s+tổ chức)?",
}
_ATTR = re.compile(
    r"^(?:[-–—+•·*]\s*)?(?:" + "|".join(f"(?P<{k}>{v})" for k, v in _KEYS.items()) + r")"
    r"\s*(?::\s*(?P<val>.*)|[.:]?\s*$)",
    re.IGNORECASE,
)
UNIT_KEYS = frozenset({"lead", "coord", "exec"})
# "Chủ trì: Sở A; phối hợp: Sở B" puts both roles on one line.
_COORD_INSIDE = re.compile(
    r"[;,.]\s*(?:(?:đơn vị|cơ quan)\s+)?phối hợp(?:\s+thực hiện)?\s*(?:với\s*)?:?\s*", re.IGNORECASE
)
_BULLET = re.compile(r"^[-–—+•·*]\s*")


def attr_of(text: str) -> tuple[str, str] | None:
    """(key, value) when the line is an attribute line, else None."""
    m = _ATTR.match(text)
    if not m:
        return None
    key = next(k for k in _KEYS if m.group(k) is not None)
    return key, (m.group("val") or "").strip()


def value_text(text: str) -> str:
    return _BULLET.sub("", text).strip().rstrip(" .;,:")


@dataclass(slots=True)
class Parts:
    content: list[str] = field(default_factory=list)
    lead: list[Mention] = field(default_factory=list)
    coord: list[Mention] = field(default_factory=list)
    exec: list[Mention] = field(default_factory=list)
    values: dict[str, list[str]] = field(default_factory=dict)

    def add(self, key: str, value: str) -> None:
        value = value_text(value)
        if not value:
            return
        if key in UNIT_KEYS:
            parts = _COORD_INSIDE.split(value, maxsplit=1) if key != "coord" else [value]
            getattr(self, key).extend(split_mentions(parts[0]))
            if len(parts) > 1:
                self.coord.extend(split_mentions(parts[1]))
        else:
            self.values.setdefault(key, []).append(value)

    def first(self, key: str) -> str | None:
        vals = self.values.get(key)
        return "; ".join(vals) if vals else None

    @property
    def has_units(self) -> bool:
        return bool(self.lead or self.coord or self.exec)

    def leads(self) -> list[Mention]:
        return self.lead or self.exec


def collect(parts: Parts, lines: list[str], pending: str | None = None, keep: bool = True) -> None:
    """Sort an item's lines into attributes, unit mentions and content.

    ``pending`` is the attribute whose value continues on the following
    bullet lines ("Đơn vị phối hợp:" then "- Sở A;" "- Sở B."). Unit lines
    never reach the content, as the contract asks; everything else does.
    """
    for line in lines:
        found = attr_of(line)
        if found:
            key, val = found
            if key not in UNIT_KEYS and keep:
                parts.content.append(line)
            parts.add(key, val)
            pending = key
            continue
        bare = value_text(line)
        if pending in UNIT_KEYS and is_unit(bare):
            parts.add(pending, bare)
            continue
        if keep:
            parts.content.append(line)
        if pending and pending not in UNIT_KEYS and _BULLET.match(line):
            parts.add(pending, line)
        else:
            pending = None
