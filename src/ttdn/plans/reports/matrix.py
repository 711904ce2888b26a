"""The tracking matrix as an Excel workbook: one row per task × unit, and a summary per unit.

Sheet "Theo dõi": every active assignment of the plan's live tasks with its deadline (a real Excel
date), Government Office status, the unit's latest report (period, state, percent) and, per indicator,
the total of its accepted reports. Sheet "Tổng hợp": per unit, assignments by role and by status, and
the indicator totals. Three queries whatever the size of the plan.
"""

import datetime
import io
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import F
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ttdn.core.classification import Classification, stamp

from ..models import Assignment, Indicator, Plan, ProgressReport, Role
from ..selectors.tracking import STATUSES, with_status
from .common import ROLE_LABELS, STATE_LABELS, STATUS_LABELS, non_overlapping, sum_indicators

MATRIX_SHEET = "Theo dõi"
SUMMARY_SHEET = "Tổng hợp"
DATE_FORMAT = "dd/mm/yyyy"
PERCENT_FORMAT = "0%"
NUMBER_FORMAT = "#,##0.##"

MATRIX_COLUMNS: list[tuple[str, float]] = [
    ("STT", 6),
    ("Mã nhiệm vụ", 12),
    ("Nhiệm vụ", 60),
    ("Đơn vị", 36),
    ("Vai trò", 10),
    ("Thời hạn", 12),
    ("Tình trạng", 24),
    ("Kỳ báo cáo gần nhất", 20),
    ("Trạng thái báo cáo", 28),
    ("Tỷ lệ hoàn thành", 12),
]
FREEZE_AT = "C2"  # header row, STT and task code stay in view
INDICATOR_WIDTH = 16

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill(fill_type="solid", start_color="FFD9E1F2", end_color="FFD9E1F2")
HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP_TOP = Alignment(vertical="top", wrap_text=True)
TOP = Alignment(vertical="top")
THIN = Side(style="thin", color="FF808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TOTAL_FONT = Font(bold=True)


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _header(ws: Worksheet, titles: list[str], widths: list[float]) -> None:
    ws.append(titles)
    for index, width in enumerate(widths, start=1):
        cell = ws.cell(row=1, column=index)
        cell.font, cell.fill, cell.alignment, cell.border = HEADER_FONT, HEADER_FILL, HEADER_ALIGN, BORDER
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.row_dimensions[1].height = 45


def _load(
    plan: Plan, today: datetime.date, max_level: int = Classification.NORMAL
) -> tuple[list[dict[str, Any]], dict[int, list[dict[str, Any]]], list]:
    assignments = list(
        with_status(
            Assignment.objects.filter(task__plan=plan, active=True, task__withdrawn_at__isnull=True), today
        )
        .order_by("task__position", "task_id", "role", "unit__name", "id")
        .values(
            "id",
            "role",
            "deadline",
            "status",
            "unit_id",
            code=F("task__code"),
            title=F("task__title"),
            unit_name=F("unit__name"),
        )
    )
    reports: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in ProgressReport.objects.filter(
        assignment__task__plan=plan,
        assignment__active=True,
        assignment__task__withdrawn_at__isnull=True,
        classification__lte=max_level,
    ).values(
        "id",
        "classification",
        "assignment_id",
        "state",
        "percent",
        "indicators",
        "updated_at",
        "period__start",
        "period__end",
        "period__label",
    ):
        reports[row["assignment_id"]].append(dict(row))
    indicators = list(Indicator.objects.order_by("name").values_list("code", "name", "unit_label"))
    return assignments, reports, indicators


def render_matrix_xlsx(
    *, plan: Plan, today: datetime.date | None = None, max_level: int = Classification.NORMAL
) -> bytes:
    """Reports above ``max_level`` (the reader's clearance) are left out; a sheet that uses classified
    reports carries the highest mark in its printed header."""
    today = today or timezone.localdate()
    assignments, reports, indicators = _load(plan, today, max_level)

    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = MATRIX_SHEET
    titles = [t for t, _ in MATRIX_COLUMNS] + [
        f"{name} ({unit})" if unit else name for _, name, unit in indicators
    ]
    widths = [w for _, w in MATRIX_COLUMNS] + [INDICATOR_WIDTH] * len(indicators)
    _header(ws, titles, widths)
    level = max((r["classification"] for own in reports.values() for r in own), default=0)
    if level:
        ws.oddHeader.center.text = stamp(level)
        ws.oddHeader.center.font = "Times New Roman,Bold"
        ws.oddHeader.center.color = "C00000"

    per_unit: dict[int, dict[str, Any]] = {}
    for number, a in enumerate(assignments, start=1):
        own = reports.get(a["id"], [])
        latest = max(own, key=lambda r: (r["period__end"], r["updated_at"], r["id"]), default=None)
        accepted = non_overlapping(r for r in own if r["state"] == ProgressReport.State.ACCEPTED)
        totals = sum_indicators(accepted)
        ws.append(
            [
                number,
                a["code"],
                " ".join(a["title"].split()),
                a["unit_name"],
                ROLE_LABELS.get(a["role"], a["role"]),
                a["deadline"],
                STATUS_LABELS.get(a["status"], a["status"]),
                latest["period__label"] if latest else None,
                STATE_LABELS.get(latest["state"], latest["state"]) if latest else "Chưa báo cáo",
                latest["percent"] / 100 if latest else None,
                *(_number(totals.get(code)) for code, _, _ in indicators),
            ]
        )
        unit = per_unit.setdefault(
            a["unit_id"],
            {
                "name": a["unit_name"],
                "roles": defaultdict(int),
                "statuses": defaultdict(int),
                "totals": defaultdict(Decimal),
            },
        )
        unit["roles"][a["role"]] += 1
        unit["statuses"][a["status"]] += 1
        for code, value in totals.items():
            unit["totals"][code] += value

    last_row = len(assignments) + 1
    for row in ws.iter_rows(min_row=2, max_row=last_row):
        for cell in row:
            cell.border = BORDER
            cell.alignment = TOP
        row[2].alignment = row[3].alignment = WRAP_TOP
        row[5].number_format = DATE_FORMAT
        row[9].number_format = PERCENT_FORMAT
        for cell in row[len(MATRIX_COLUMNS) :]:
            cell.number_format = NUMBER_FORMAT
    ws.freeze_panes = FREEZE_AT
    ws.auto_filter.ref = f"A1:{get_column_letter(len(titles))}{last_row}"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    _summary(workbook.create_sheet(SUMMARY_SHEET), per_unit, indicators)
    workbook.properties.title = f"Theo dõi thực hiện: {plan.title}"[:255]
    workbook.properties.language = "vi-VN"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _summary(ws: Worksheet, per_unit: dict[int, dict[str, Any]], indicators: list) -> None:
    titles = ["STT", "Đơn vị", "Chủ trì", "Phối hợp", *(STATUS_LABELS[s] for s in STATUSES), "Tổng số"]
    widths = [6.0, 40.0, 10.0, 10.0] + [14.0] * len(STATUSES) + [10.0]
    titles += [f"{name} ({unit})" if unit else name for _, name, unit in indicators]
    widths += [INDICATOR_WIDTH] * len(indicators)
    _header(ws, titles, widths)
    units = sorted(per_unit.values(), key=lambda u: u["name"])
    grand: dict[str, Any] = {
        "roles": defaultdict(int),
        "statuses": defaultdict(int),
        "totals": defaultdict(Decimal),
    }
    for number, unit in enumerate(units, start=1):
        ws.append([number, unit["name"], *_counts(unit, indicators)])
        for key in ("roles", "statuses", "totals"):
            for k, v in unit[key].items():
                grand[key][k] += v
    ws.append([None, "Tổng cộng", *_counts(grand, indicators)])
    last_row = len(units) + 2
    for row in ws.iter_rows(min_row=2, max_row=last_row):
        for cell in row:
            cell.border = BORDER
            cell.alignment = TOP
        row[1].alignment = WRAP_TOP
        for cell in row[4 + len(STATUSES) + 1 :]:
            cell.number_format = NUMBER_FORMAT
    for cell in ws[last_row]:
        cell.font = TOTAL_FONT
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(titles))}{last_row - 1}"


def _counts(unit: dict[str, Any], indicators: list) -> list[Any]:
    statuses = [unit["statuses"].get(s, 0) for s in STATUSES]
    return [
        unit["roles"].get(Role.LEAD, 0),
        unit["roles"].get(Role.COORDINATING, 0),
        *statuses,
        sum(statuses),
        *(_number(unit["totals"].get(code)) for code, _, _ in indicators),
    ]
