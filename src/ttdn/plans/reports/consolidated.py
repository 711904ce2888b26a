"""The focal unit's consolidated report to the province: BÁO CÁO Kết quả thực hiện Kế hoạch … <period>.

Seed plan, section IV: the focal department "theo dõi, đôn đốc … tổng hợp báo cáo UBND tỉnh". This
module turns the accepted progress reports of a reporting period into that báo cáo, in five queries
whatever the size of the plan.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import F
from django.utils import timezone

from ttdn.core.classification import Classification, stamp
from ttdn.core.documents import (
    AdminDocument,
    Block,
    Bullet,
    Heading,
    Paragraph,
    Table,
    render_docx,
    render_pdf,
)

from .. import contributions
from ..models import Assignment, Indicator, Plan, ProgressReport, ReportingPeriod, Role
from ..selectors.tracking import task_status, with_status
from .common import (
    STATUS_LABELS,
    Issuer,
    ReportTexts,
    dmy,
    focal_issuer,
    header_for,
    kind_name,
    lower_first,
    non_overlapping,
    paragraphs,
    plan_citation,
    plan_title_with_year,
    sentence_case,
    short_name,
    status_at,
    sum_indicators,
    unit_list,
    vn_number,
)

NO_REPORT = "Chưa có báo cáo của đơn vị chủ trì."
NOT_STARTED = "Chưa đến thời gian thực hiện (nhiệm vụ bắt đầu từ ngày {start})."
NO_INDICATORS = "Chưa có số liệu chỉ tiêu trong các báo cáo đã được tiếp nhận."
ALL_DONE = "Không có nhiệm vụ quá hạn hoặc đang thực hiện."
NOTHING = "Không có."

OUTSTANDING = ("overdue", "in_progress")
LEADS_IN_TEXT = 6  # more lead units than this are summed up as "và N đơn vị khác"
LEADS_IN_TABLE = 4


@dataclass
class _TaskRow:
    id: int
    code: str
    title: str
    start: datetime.date
    end: datetime.date
    leads: list[dict[str, Any]] = field(default_factory=list)  # lead assignments with status data
    reports: list[dict[str, Any]] = field(default_factory=list)  # accepted reports kept for the period


@dataclass
class _Data:
    issuer: Issuer
    tasks: list[_TaskRow]
    indicators: list[tuple[str, str, str]]  # code, name, unit of measure
    totals: dict[str, Decimal]  # from the units' accepted progress reports
    recorded: dict[str, Decimal]  # recorded by the system (activities, outreach…) through contributions
    sections: list[tuple[str, list[Block]]]
    level: int = Classification.NORMAL  # the highest mark among the reports used: the document carries it


def _load(plan: Plan, period: ReportingPeriod, max_level: int = Classification.NORMAL) -> _Data:
    issuer = focal_issuer(plan)  # 1 query
    tasks = {
        row["id"]: _TaskRow(**row)
        for row in plan.tasks.filter(withdrawn_at__isnull=True)
        .order_by("position", "id")
        .values("id", "code", "title", "start", "end")
    }
    leads = with_status(
        Assignment.objects.filter(
            task__plan=plan, role=Role.LEAD, active=True, task__withdrawn_at__isnull=True
        ),
        period.end,
    ).values("id", "task_id", "deadline", "done_on", unit_name=F("unit__name"))
    for lead in leads.order_by("task_id", "unit__name"):
        if lead["task_id"] in tasks:
            tasks[lead["task_id"]].leads.append(lead)

    rows = (
        ProgressReport.objects.filter(
            assignment__task__plan=plan,
            state=ProgressReport.State.ACCEPTED,
            period__start__gte=period.start,
            period__end__lte=period.end,
            classification__lte=max_level,
        )
        .values(
            "id",
            "assignment_id",
            "classification",
            "narrative",
            "indicators",
            "progress",
            "percent",
            "done_on",
            "period__start",
            "period__end",
            "period__label",
            task_id=F("assignment__task_id"),
            role=F("assignment__role"),
            unit_name=F("assignment__unit__name"),
        )
        .order_by("assignment_id", "period__end")
    )
    per_assignment: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        per_assignment[row["assignment_id"]].append(dict(row))
    kept: list[dict[str, Any]] = []
    for reports in per_assignment.values():
        kept.extend(non_overlapping(reports))
    for report in sorted(
        kept, key=lambda r: (r["role"] != Role.LEAD, r["unit_name"], r["period__start"], r["period__end"])
    ):
        if report["task_id"] in tasks:
            tasks[report["task_id"]].reports.append(report)

    totals = sum_indicators([r for r in kept if r["task_id"] in tasks])
    span = contributions.Period(start=period.start, end=period.end)
    recorded = contributions.recorded_totals(plan_id=plan.pk, period=span)
    names = {spec.code: (spec.code, spec.name, spec.unit_label) for spec in contributions.indicator_specs()}
    names.update(
        (code, (code, name, unit))
        for code, name, unit in Indicator.objects.values_list("code", "name", "unit_label")
    )
    wanted = set(totals) | set(recorded)
    indicators = sorted((names.get(code, (code, code, "")) for code in wanted), key=lambda row: row[1])
    return _Data(
        issuer=issuer,
        tasks=list(tasks.values()),
        indicators=indicators,
        totals=totals,
        recorded=recorded,
        sections=contributions.report_sections(plan_id=plan.pk, period=span),
        level=max(
            (r["classification"] for r in kept if r["task_id"] in tasks), default=Classification.NORMAL
        ),
    )


def period_phrase(plan: Plan, period: ReportingPeriod) -> str:
    """ "quý II/2021", "6 tháng đầu năm 2021", "năm 2021"."""
    return lower_first(period.label or f"{dmy(period.start)} - {dmy(period.end)}")


def report_subject(plan: Plan, period: ReportingPeriod) -> str:
    """ "Kết quả thực hiện Kế hoạch hoạt động … tỉnh Lạng Sơn quý II/2021".

    The plan title's own "năm 2021" is dropped when the period label already carries the year, so the
    annual report does not say "năm 2021 năm 2021".
    """
    title = lower_first(plan_title_with_year(plan))
    phrase = period_phrase(plan, period)
    year_tail = f" năm {plan.year}"
    if str(plan.year) in phrase and title.endswith(year_tail):
        title = title[: -len(year_tail)]
    return f"Kết quả thực hiện {kind_name(plan)} {title} {phrase}"


def _sections(plan: Plan, tasks: list[_TaskRow]) -> list[tuple[str, str, list[_TaskRow]]]:
    """Tasks grouped by the top-level code ("II", "IV"), titled from the plan's outline."""
    titles = {
        str(node.get("code")): str(node.get("title") or "")
        for node in (plan.outline or [])
        if isinstance(node, dict)
    }
    groups: dict[str, list[_TaskRow]] = {}
    for task in tasks:
        groups.setdefault(task.code.split(".", 1)[0], []).append(task)
    return [(code, titles.get(code, ""), group) for code, group in groups.items()]


def _section_heading(index: int, code: str, title: str) -> Heading:
    if title:
        return Heading(2, f"{index}. {sentence_case(title)} (mục {code} của Kế hoạch)")
    return Heading(2, f"{index}. Mục {code} của Kế hoạch")


def _task_heading(task: _TaskRow) -> Heading:
    title = " ".join(task.title.split()).rstrip(" ;,.:")
    return Heading(3, f"{task.code}. {title}")


def _results(plan: Plan, data: _Data, period: ReportingPeriod) -> list[Block]:
    province = data.issuer.province
    blocks: list[Block] = [Heading(1, "I. KẾT QUẢ THỰC HIỆN")]
    for index, (code, title, tasks) in enumerate(_sections(plan, data.tasks), start=1):
        blocks.append(_section_heading(index, code, title))
        for task in tasks:
            blocks.append(_task_heading(task))
            if task.leads:
                names = [short_name(lead["unit_name"], province) for lead in task.leads]
                blocks.append(Bullet(f"Đơn vị chủ trì: {unit_list(names, LEADS_IN_TEXT)}."))
            if not task.reports:
                if task.start > period.end:
                    blocks.append(Paragraph(NOT_STARTED.format(start=dmy(task.start)), italic=True))
                else:
                    blocks.append(Paragraph(NO_REPORT, italic=True))
                continue
            for report in task.reports:
                unit = short_name(report["unit_name"], province)
                if report["period__start"] != period.start or report["period__end"] != period.end:
                    unit = f"{unit} ({lower_first(report['period__label'])})"
                lines = paragraphs(report["narrative"]) or ["(báo cáo không có nội dung)"]
                blocks.append(Bullet(f"{unit}: {lines[0]}"))
                blocks.extend(Paragraph(line) for line in lines[1:])
    return blocks


def _indicators(data: _Data) -> list[Block]:
    blocks: list[Block] = [Heading(1, "II. CHỈ TIÊU")]
    if not data.indicators:
        return [*blocks, Paragraph(NO_INDICATORS, italic=True)]
    if not data.recorded:
        rows = [
            [str(i), name, unit, vn_number(data.totals[code])]
            for i, (code, name, unit) in enumerate(data.indicators, start=1)
        ]
        blocks.append(Table(["STT", "Chỉ tiêu", "Đơn vị tính", "Kết quả"], rows, widths=[14, 95, 30, 26]))
        return blocks
    # Units' own figures and the system's records stay in separate columns: a training course a unit
    # reports and the same course recorded in ttdn must not be added together.
    rows = [
        [
            str(i),
            name,
            unit,
            vn_number(data.totals[code]) if code in data.totals else "-",
            vn_number(data.recorded[code]) if code in data.recorded else "-",
        ]
        for i, (code, name, unit) in enumerate(data.indicators, start=1)
    ]
    blocks.append(
        Table(
            ["STT", "Chỉ tiêu", "Đơn vị tính", "Đơn vị báo cáo", "Ghi nhận trên hệ thống"],
            rows,
            widths=[12, 73, 24, 28, 28],
        )
    )
    return blocks


def _activities(data: _Data) -> list[Block]:
    """One sub-section per contributing app (training courses, SMS campaigns…), when it has content."""
    if not data.sections:
        return []
    blocks: list[Block] = [Heading(2, "Hoạt động ghi nhận trên hệ thống")]
    for index, (label, section) in enumerate(data.sections, start=1):
        blocks.append(Heading(3, f"{index}. {label}"))
        blocks.extend(section)
    return blocks


def outstanding_tasks(
    data_tasks: list[_TaskRow], day: datetime.date
) -> list[tuple[_TaskRow, str, datetime.date, list[str]]]:
    """Tasks overdue or still in progress on ``day``.

    Each item is (task, status, earliest deadline of the unfinished leads, names of the unfinished
    leads). Tasks that have not started by ``day`` are left out; a task is done when every lead is.
    """
    out = []
    for task in data_tasks:
        if task.start > day:
            continue
        states = [status_at(lead["deadline"], lead["done_on"], day) for lead in task.leads]
        status = task_status(states)
        if status not in OUTSTANDING:
            continue
        unfinished = [lead for lead, s in zip(task.leads, states, strict=True) if not s.startswith("done")]
        deadline = min((lead["deadline"] for lead in unfinished), default=task.end)
        out.append((task, status, deadline, [lead["unit_name"] for lead in unfinished]))
    return out


def _outstanding(data: _Data, period: ReportingPeriod) -> list[Block]:
    blocks: list[Block] = [Heading(1, "III. NHIỆM VỤ CHƯA HOÀN THÀNH")]
    items = outstanding_tasks(data.tasks, period.end)
    if not items:
        return [*blocks, Paragraph(ALL_DONE, italic=True)]
    blocks.append(
        Paragraph(
            f"Tính đến ngày {dmy(period.end)}, còn {len(items)} nhiệm vụ chưa hoàn thành, cụ thể như sau:"
        )
    )
    province = data.issuer.province
    rows = [
        [
            str(i),
            task.code,
            " ".join(task.title.split()),
            unit_list([short_name(name, province) for name in leads], LEADS_IN_TABLE),
            dmy(deadline),
            STATUS_LABELS[status],
        ]
        for i, (task, status, deadline, leads) in enumerate(items, start=1)
    ]
    blocks.append(
        Table(
            ["STT", "Mã", "Nhiệm vụ", "Đơn vị chủ trì", "Thời hạn", "Tình trạng"],
            rows,
            widths=[14, 22, 45, 30, 28, 26],  # mm of the 165 mm text width
        )
    )
    return blocks


def consolidated_report_document(
    *,
    plan: Plan,
    period: ReportingPeriod,
    texts: ReportTexts | None = None,
    today: datetime.date | None = None,
    max_level: int = Classification.NORMAL,
) -> AdminDocument:
    """The báo cáo as an :class:`AdminDocument`, ready for ``render_docx`` / ``render_pdf``.

    Only reports marked at most ``max_level`` (the reader's clearance) go in; the document carries the
    highest mark among them (dấu chỉ độ mật, box 10a).
    """
    if period.plan_id != plan.pk:
        raise ValueError("the reporting period belongs to another plan")
    texts = texts or ReportTexts()
    today = today or timezone.localdate()
    data = _load(plan, period, max_level)
    header = header_for(plan, data.issuer, texts, today)
    issuer_name = (texts.issuer or data.issuer.name).strip()
    phrase = period_phrase(plan, period)
    subject = report_subject(plan, period)

    body: list[Block] = [
        Paragraph(
            f"Thực hiện {plan_citation(plan)}; {issuer_name} báo cáo kết quả thực hiện {phrase} như sau:"
        )
    ]
    body += _results(plan, data, period)
    body += _indicators(data)
    body += _activities(data)
    body += _outstanding(data, period)
    body.append(Heading(1, "IV. KHÓ KHĂN, VƯỚNG MẮC"))
    body += [Paragraph(line) for line in paragraphs(texts.difficulties)] or [Paragraph(NOTHING)]
    body.append(Heading(1, "V. ĐỀ XUẤT, KIẾN NGHỊ"))
    body += [Paragraph(line) for line in paragraphs(texts.proposals)] or [Paragraph(NOTHING)]
    body.append(
        Paragraph(
            f"Trên đây là báo cáo {lower_first(subject)}, {issuer_name} kính báo cáo "
            "Ủy ban nhân dân tỉnh xem xét, chỉ đạo./."
        )
    )
    return AdminDocument(
        superior=header.superior,
        issuer=header.issuer,
        number=header.number,
        symbol=texts.symbol or f"BC-{data.issuer.abbreviation}",
        place=header.place,
        date=header.date,
        year=header.year,
        kind="Báo cáo",
        subject=subject,
        addressees=[texts.addressee or data.issuer.committee],
        body=body,
        signer=texts.signer(),
        recipients=texts.recipient_list(),
        secrecy=stamp(data.level),
    )


def render_consolidated_docx(
    *,
    plan: Plan,
    period: ReportingPeriod,
    texts: ReportTexts | None = None,
    today: datetime.date | None = None,
    max_level: int = Classification.NORMAL,
) -> bytes:
    return render_docx(
        consolidated_report_document(plan=plan, period=period, texts=texts, today=today, max_level=max_level)
    )


def render_consolidated_pdf(
    *,
    plan: Plan,
    period: ReportingPeriod,
    texts: ReportTexts | None = None,
    today: datetime.date | None = None,
    max_level: int = Classification.NORMAL,
) -> bytes:
    return render_pdf(
        consolidated_report_document(plan=plan, period=period, texts=texts, today=today, max_level=max_level)
    )
