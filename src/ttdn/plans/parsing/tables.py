"""Task tables (usually an appendix): one task per row."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .blocks import Table

_COLUMNS: list[tuple[str, re.Pattern[str]]] = [
    ("stt", re.compile(r"^(?:stt|tt|số\s*tt|số thứ tự)\.?$", re.I)),
    ("lead", re.compile(r"chủ trì", re.I)),
    ("coord", re.compile(r"phối hợp", re.I)),
    ("time", re.compile(r"thời gian|tiến độ|thời hạn", re.I)),
    ("budget", re.compile(r"kinh phí|dự toán", re.I)),
    ("product", re.compile(r"sản phẩm|kết quả", re.I)),
    ("form", re.compile(r"hình thức", re.I)),
    ("audience", re.compile(r"đối tượng", re.I)),
    ("content", re.compile(r"nội dung|nhiệm vụ|hoạt động|công việc", re.I)),
    ("exec", re.compile(r"(?:cơ quan|đơn vị).*thực hiện|thực hiện", re.I)),
]
_GROUP = re.compile(r"^(?P<lab>[IVXL]{1,6}|[A-ZĐ]|[a-zđ])\s*[.)]?(?:\s+(?P<rest>.*))?$")
_NUMBERING_ROW = re.compile(r"^\(?\d{1,2}\)?$")


@dataclass(slots=True)
class Row:
    code: str
    cells: dict[str, str]


def header_map(table: Table) -> tuple[int, dict[str, int]] | None:
    """Find the header row and map column roles, or None for a layout table."""
    for r, row in enumerate(table.rows[:3]):
        roles: dict[str, int] = {}
        for c, cell in enumerate(row):
            text = " ".join(cell.split())
            if not text or len(text) > 60:
                continue
            for role, rx in _COLUMNS:
                if role not in roles and rx.search(text):
                    roles[role] = c
                    break
        if "exec" in roles and "lead" not in roles:
            roles["lead"] = roles.pop("exec")
        if "content" in roles and "lead" in roles and len(roles) >= 3:
            return r, roles
    return None


def task_rows(table: Table) -> list[Row] | None:
    found = header_map(table)
    if found is None:
        return None
    header, roles = found
    rows: list[Row] = []
    groups_seen = False
    group = ""
    counter = 0
    width = max(roles.values()) + 1
    for row in table.rows[header + 1 :]:
        cells = {role: row[c].strip() if c < len(row) else "" for role, c in roles.items()}
        nonempty = [c for c in row if c.strip()]
        if nonempty and all(_NUMBERING_ROW.match(c.strip()) for c in nonempty) and len(nonempty) >= width - 1:
            continue  # the "(1) (2) (3)" column-number row under the header
        distinct = list(dict.fromkeys(c.strip() for c in nonempty))
        stt = cells.get("stt", "")
        unitless = not cells.get("lead") and not cells.get("coord")
        label = None
        if len(distinct) == 1 and len(row) > 1:
            m = _GROUP.match(distinct[0])
            label = m.group("lab") if m and m.group("rest") else None
            if label is None:
                continue
        elif unitless and stt:
            m = _GROUP.match(stt)
            if m and not m.group("rest") and not stt.rstrip(".").isdigit():
                label = m.group("lab")
        if label is not None:
            group = label
            groups_seen = True
            counter = 0
            continue
        if not cells.get("content"):
            continue
        counter += 1
        number = stt.rstrip(".)") or str(counter)
        code = f"PL.{group}.{number}" if groups_seen and group else f"PL.{number}"
        rows.append(Row(code, cells))
    return rows
