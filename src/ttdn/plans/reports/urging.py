"""Công văn đôn đốc: the focal unit asks a unit to catch up on its overdue tasks of a plan.

A công văn has no type name; the subject sits under the number as "V/v đôn đốc thực hiện Kế hoạch …".
Overdue means the Government Office status of :func:`..selectors.tracking.with_status`: the deadline
(extensions included) has passed and no accepted report says the task is done.

For several units there are two outputs:

* :func:`render_urging_letters_zip`: one letter per unit, each addressed to that unit and listing only
  its own tasks, for units that are sent (and answer) separately;
* :func:`render_urging_all_docx`: **one** letter addressed to all the units ("Kính gửi: - A; - B; …",
  or "Các cơ quan, đơn vị có tên tại danh sách dưới đây" past ten units) with one table grouped by unit. This is the usual way a Sở urges many units at once: one number,
  one signature, and it needs nothing the document library does not do (merging several letters into
  one DOCX would need page sections and header relations copied by hand).
"""

import datetime
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import F
from django.utils import timezone

from ttdn.core.documents import AdminDocument, Block, Paragraph, Table, render_docx
from ttdn.directory.models import Unit

from ..models import Assignment, Plan
from ..selectors.tracking import with_status
from .common import (
    ROLE_LABELS,
    Issuer,
    UrgingTexts,
    dmy,
    focal_issuer,
    header_for,
    paragraphs,
    plan_citation,
    plan_short,
    short_name,
)

# A letter to more units than this is addressed to "the units listed" rather than one line per unit.
MAX_LISTED_ADDRESSEES = 10
MANY_ADDRESSEES = "Các cơ quan, đơn vị có tên tại danh sách dưới đây"


class NoOverdueWork(ValueError):
    """The unit (or every unit asked for) has no overdue assignment in the plan: nothing to urge."""


@dataclass
class OverdueItem:
    unit_id: int
    unit_code: str
    unit_name: str
    code: str
    title: str
    role: str
    deadline: datetime.date
    days_overdue: int


def _unit_ids(units: Iterable[Unit | int] | None) -> list[int] | None:
    if units is None:
        return None
    return [u.pk if isinstance(u, Unit) else int(u) for u in units]


def overdue_by_unit(
    *, plan: Plan, today: datetime.date, units: Iterable[Unit | int] | None = None
) -> dict[int, list[OverdueItem]]:
    """Overdue active assignments (lead and coordinating) of live tasks, per unit id, in one query.

    Units come in name order, and each unit's tasks in plan order.
    """
    assignments = Assignment.objects.filter(task__plan=plan, active=True, task__withdrawn_at__isnull=True)
    ids = _unit_ids(units)
    if ids is not None:
        assignments = assignments.filter(unit_id__in=ids)
    rows = (
        with_status(assignments, today)
        .filter(status="overdue")
        .order_by("unit__name", "unit_id", "task__position", "role")
        .values(
            "unit_id",
            "role",
            "deadline",
            unit_code=F("unit__code"),
            unit_name=F("unit__name"),
            code=F("task__code"),
            title=F("task__title"),
        )
    )
    out: dict[int, list[OverdueItem]] = {}
    for row in rows:
        item = OverdueItem(**row, days_overdue=(today - row["deadline"]).days)
        out.setdefault(item.unit_id, []).append(item)
    return out


def _report_by(texts: UrgingTexts, today: datetime.date) -> datetime.date:
    return texts.report_by or today + datetime.timedelta(days=texts.report_within_days)


def _letter(
    *,
    plan: Plan,
    issuer: Issuer,
    items_by_unit: dict[int, list[OverdueItem]],
    texts: UrgingTexts,
    today: datetime.date,
) -> AdminDocument:
    header = header_for(plan, issuer, texts, today)
    me = (texts.issuer or issuer.name).strip()
    province = issuer.province
    names = [short_name(items[0].unit_name, province) for items in items_by_unit.values()]
    single = len(names) == 1
    count = sum(len(items) for items in items_by_unit.values())
    who = names[0] if single else "các cơ quan, đơn vị"
    if single:
        late = f"{who} còn {count} nhiệm vụ đã quá thời hạn thực hiện nhưng chưa có báo cáo hoàn thành"
    else:
        late = (
            f"{len(names)} cơ quan, đơn vị còn nhiệm vụ đã quá thời hạn thực hiện nhưng chưa có báo cáo "
            f"hoàn thành ({count} lượt nhiệm vụ)"
        )
    addressees = names if len(names) <= MAX_LISTED_ADDRESSEES else [MANY_ADDRESSEES]

    body: list[Block] = [
        Paragraph(
            f"Thực hiện {plan_citation(plan)}; {me} là cơ quan đầu mối theo dõi, đôn đốc, tổng hợp "
            "kết quả thực hiện Kế hoạch, báo cáo Ủy ban nhân dân tỉnh."
        ),
        Paragraph(f"Tính đến ngày {dmy(today)}, {late}, cụ thể như sau:"),
    ]
    if single:
        items = next(iter(items_by_unit.values()))
        rows = [
            [
                str(i),
                it.code,
                " ".join(it.title.split()),
                ROLE_LABELS.get(it.role, it.role),
                dmy(it.deadline),
                str(it.days_overdue),
            ]
            for i, it in enumerate(items, start=1)
        ]
        body.append(
            Table(
                ["STT", "Mã", "Nhiệm vụ", "Vai trò", "Thời hạn", "Số ngày quá hạn"],
                rows,
                widths=[14, 22, 60, 23, 28, 18],  # mm of the 165 mm text width
            )
        )
    else:
        rows = []
        number = 0
        for items in items_by_unit.values():
            for i, it in enumerate(items):
                number += 1
                unit = short_name(it.unit_name, province) if i == 0 else ""
                rows.append(
                    [
                        str(number),
                        unit,
                        it.code,
                        " ".join(it.title.split()),
                        ROLE_LABELS.get(it.role, it.role),
                        dmy(it.deadline),
                        str(it.days_overdue),
                    ]
                )
        body.append(
            Table(
                ["STT", "Đơn vị", "Mã", "Nhiệm vụ", "Vai trò", "Thời hạn", "Số ngày quá hạn"],
                rows,
                widths=[14, 30, 22, 36, 20, 27, 16],
            )
        )
    body.append(
        Paragraph(
            f"Để bảo đảm tiến độ thực hiện Kế hoạch, {me} đề nghị {who} khẩn trương triển khai các nhiệm vụ "
            f"nêu trên; cập nhật, báo cáo kết quả thực hiện về {me} trước ngày "
            f"{dmy(_report_by(texts, today))} để tổng hợp, báo cáo Ủy ban nhân dân tỉnh theo quy định."
        )
    )
    body += [Paragraph(line) for line in paragraphs(texts.extra)]
    body.append(Paragraph(f"{me} đề nghị quý cơ quan quan tâm, phối hợp thực hiện./."))
    return AdminDocument(
        superior=header.superior,
        issuer=header.issuer,
        number=header.number,
        symbol=texts.symbol or f"{issuer.abbreviation}-TTĐN",
        place=header.place,
        date=header.date,
        year=header.year,
        kind=None,
        subject=f"đôn đốc thực hiện {plan_short(plan)}",
        addressees=addressees,
        body=body,
        signer=texts.signer(),
        recipients=texts.recipient_list(),
    )


def urging_letter_document(
    *,
    plan: Plan,
    unit: Unit,
    today: datetime.date | None = None,
    texts: UrgingTexts | None = None,
) -> AdminDocument:
    """One unit's letter. Raises :class:`NoOverdueWork` when the unit has nothing overdue."""
    today = today or timezone.localdate()
    items = overdue_by_unit(plan=plan, today=today, units=[unit])
    if not items:
        raise NoOverdueWork(f"{unit} has no overdue task in this plan")
    return _letter(
        plan=plan, issuer=focal_issuer(plan), items_by_unit=items, texts=texts or UrgingTexts(), today=today
    )


def render_urging_docx(
    *,
    plan: Plan,
    unit: Unit,
    today: datetime.date | None = None,
    texts: UrgingTexts | None = None,
) -> bytes:
    return render_docx(urging_letter_document(plan=plan, unit=unit, today=today, texts=texts))


def urging_all_document(
    *,
    plan: Plan,
    units: Iterable[Unit | int] | None = None,
    today: datetime.date | None = None,
    texts: UrgingTexts | None = None,
) -> AdminDocument:
    """One letter addressed to every unit with overdue work (or to those of ``units`` that have some)."""
    today = today or timezone.localdate()
    items = overdue_by_unit(plan=plan, today=today, units=units)
    if not items:
        raise NoOverdueWork("no unit has an overdue task in this plan")
    return _letter(
        plan=plan, issuer=focal_issuer(plan), items_by_unit=items, texts=texts or UrgingTexts(), today=today
    )


def render_urging_all_docx(
    *,
    plan: Plan,
    units: Iterable[Unit | int] | None = None,
    today: datetime.date | None = None,
    texts: UrgingTexts | None = None,
) -> bytes:
    return render_docx(urging_all_document(plan=plan, units=units, today=today, texts=texts))


def letter_file_name(unit_code: str, unit_id: int) -> str:
    """ "don-doc-<unit code>.docx", ASCII only whatever the code holds."""
    safe = re.sub(r"[^a-z0-9]+", "-", unit_code.lower()).strip("-") or f"don-vi-{unit_id}"
    return f"don-doc-{safe}.docx"


COMBINED_FILE_NAME = "don-doc-tat-ca-don-vi.docx"


def render_urging_letters_zip(
    *,
    plan: Plan,
    units: Iterable[Unit | int] | None = None,
    today: datetime.date | None = None,
    texts: UrgingTexts | None = None,
    include_combined: bool = False,
) -> bytes:
    """A ZIP of ``don-doc-<unit code>.docx``, one per unit with overdue work (only ``units`` if given).

    ``include_combined`` adds ``don-doc-tat-ca-don-vi.docx``, the single letter to all those units.
    An empty selection gives an empty ZIP rather than an error. Two queries in all.
    """
    today = today or timezone.localdate()
    texts = texts or UrgingTexts()
    items = overdue_by_unit(plan=plan, today=today, units=units)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if items:
            issuer = focal_issuer(plan)
            for unit_id, unit_items in items.items():
                letter = _letter(
                    plan=plan, issuer=issuer, items_by_unit={unit_id: unit_items}, texts=texts, today=today
                )
                archive.writestr(letter_file_name(unit_items[0].unit_code, unit_id), render_docx(letter))
            if include_combined:
                combined = _letter(plan=plan, issuer=issuer, items_by_unit=items, texts=texts, today=today)
                archive.writestr(COMBINED_FILE_NAME, render_docx(combined))
    return buffer.getvalue()


__all__ = [
    "COMBINED_FILE_NAME",
    "NoOverdueWork",
    "OverdueItem",
    "letter_file_name",
    "overdue_by_unit",
    "render_urging_all_docx",
    "render_urging_docx",
    "render_urging_letters_zip",
    "urging_all_document",
    "urging_letter_document",
]
