"""What the generated documents share: editable texts, the issuer's header, citations, number and date
formats, and which accepted reports count for a period.

Everything here works on plain values or on rows already fetched, so each document builder decides its
own (fixed) number of queries.
"""

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from ttdn.core.documents import Signer, clean_text
from ttdn.core.documents.formatting import estimate_width_pt
from ttdn.core.documents.layout import CELL_PADDING_MM, HEADER_LEFT_MM, SIZE_ISSUER
from ttdn.directory.models import Unit, UnitKind

from ..models import Plan

# --- labels (document text is Vietnamese data) ---------------------------------------------------

STATUS_LABELS = {
    "done_on_time": "Hoàn thành đúng hạn",
    "done_late": "Hoàn thành quá hạn",
    "in_progress": "Đang thực hiện trong hạn",
    "overdue": "Quá hạn",
}
ROLE_LABELS = {"lead": "Chủ trì", "coordinating": "Phối hợp"}
STATE_LABELS = {
    "draft": "Dự thảo",
    "submitted": "Chờ lãnh đạo đơn vị duyệt",
    "approved": "Chờ cơ quan đầu mối tiếp nhận",
    "accepted": "Đã tiếp nhận",
    "returned": "Bị trả lại",
}
PROGRESS_LABELS = {"not_started": "Chưa triển khai", "in_progress": "Đang thực hiện", "done": "Hoàn thành"}
KIND_NAMES = {
    "KH": "Kế hoạch",
    "CTr": "Chương trình",
    "ĐA": "Đề án",
    "PA": "Phương án",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "HD": "Hướng dẫn",
}
DEFAULT_RECIPIENTS = ("Như trên", "UBND tỉnh (b/c)", "Lưu: VT, TTĐN")
FALLBACK_PROVINCE_COMMITTEE = "Ủy ban nhân dân tỉnh Lạng Sơn"


# --- texts the officer edits before generating ---------------------------------------------------


@dataclass(kw_only=True)
class DocumentTexts:
    """Header and signature of a document issued by the plan's focal unit.

    ``None`` means "derive from the plan": the issuer is the focal unit's name in upper case, the
    superior ("UBND TỈNH LẠNG SƠN") comes from the focal unit's parent when that parent is a provincial
    people's committee, the place from the plan. ``superior=""`` prints no superior line.
    ``blank_date`` leaves the day and month for the văn thư, like ``number=None`` leaves the number.
    """

    number: str | None = None
    symbol: str | None = None
    issuer: str | None = None
    superior: str | None = None
    place: str | None = None
    blank_date: bool = False
    signer_authority: str | None = "KT. GIÁM ĐỐC"
    signer_title: str = "PHÓ GIÁM ĐỐC"
    signer_name: str = ""
    recipients: list[str] | None = None

    def signer(self) -> Signer:
        return Signer(self.signer_authority or None, self.signer_title, self.signer_name)

    def recipient_list(self) -> list[str]:
        return list(DEFAULT_RECIPIENTS if self.recipients is None else self.recipients)


@dataclass(kw_only=True)
class ReportTexts(DocumentTexts):
    """The consolidated report's editable parts. ``addressee=None`` → the provincial people's committee."""

    addressee: str | None = None
    difficulties: str = ""
    proposals: str = ""


@dataclass(kw_only=True)
class UrgingTexts(DocumentTexts):
    """An urging letter's editable parts. ``report_by=None`` → the letter's date + ``report_within_days``."""

    report_by: datetime.date | None = None
    report_within_days: int = 7
    extra: str = ""  # a paragraph added before the closing line


# --- the issuing unit ------------------------------------------------------------------------------

_PROVINCE = re.compile(r"\b(tỉnh|thành phố)\s+(.+?)\s*$", re.IGNORECASE)
_BARE_ABBR = re.compile(r"^[A-ZĐ&]{2,}$")
_SMALL_WORDS = {"và", "các", "của", "tỉnh"}


@dataclass
class Issuer:
    """The focal unit as a document header prints it."""

    name: str  # short official name, e.g. "Sở Văn hóa, Thể thao và Du lịch"
    superior: str | None  # "UBND TỈNH LẠNG SƠN"
    committee: str  # full name of the provincial people's committee, the usual addressee
    province: str  # "Lạng Sơn"
    abbreviation: str  # "SVHTTDL", used in the number symbol


def province_of(name: str) -> tuple[str, str] | None:
    """("tỉnh", "Lạng Sơn") from "Ủy ban nhân dân tỉnh Lạng Sơn"."""
    match = _PROVINCE.search(name or "")
    return (match.group(1).lower(), match.group(2)) if match else None


def short_name(name: str, province: str) -> str:
    """The name as a provincial document writes it: the province is implied.

    "Sở Y tế tỉnh Lạng Sơn" → "Sở Y tế" and "Ban Dân tộc tỉnh Lạng Sơn" → "Ban Dân tộc" (a Sở or Ban
    of the province needs no "tỉnh"); "Thanh tra tỉnh Lạng Sơn" → "Thanh tra tỉnh" and
    "Văn phòng Ủy ban nhân dân tỉnh Lạng Sơn" → "Văn phòng Ủy ban nhân dân tỉnh", which keep it.
    """
    if not province:
        return name
    for word in ("tỉnh", "thành phố"):
        suffix = f" {word} {province}"
        if not name.endswith(suffix) or len(name) == len(suffix):
            continue
        head = name[: -len(suffix)]
        if head.startswith(("Sở ", "Ban ")) and not head.endswith(("nhân dân", "UBND", "HĐND")):
            return head
        return f"{head} {word}"
    return name


def abbreviation(unit: Unit | None, name: str) -> str:
    """The unit's bare upper-case alias ("STTTT") or the initials of its name ("SVHTTDL")."""
    for alias in (unit.aliases if unit is not None else None) or []:
        if isinstance(alias, str) and _BARE_ABBR.match(alias.strip()):
            return alias.strip()
    words = re.findall(r"\w+", name)
    letters = [w[0].upper() for w in words if w.lower() not in _SMALL_WORDS]
    return "".join(letters) or "TTDN"


def focal_issuer(plan: Plan) -> Issuer:
    """The focal unit and its superior, in one query."""
    focal: Unit | None = None
    if plan.focal_unit_id:
        focal = Unit.objects.select_related("parent").filter(pk=plan.focal_unit_id).first()
    parent = focal.parent if focal is not None else None
    committee = ""
    found = None
    if parent is not None and parent.kind == UnitKind.PROVINCIAL_PEOPLE_COMMITTEE:
        committee = parent.name
        found = province_of(parent.name)
    if found is None:
        found = province_of(plan.issuer) or province_of(focal.name if focal else "")
    level, province = found or ("tỉnh", plan.place or "")
    if not committee:
        committee = f"Ủy ban nhân dân {level} {province}".strip() if province else FALLBACK_PROVINCE_COMMITTEE
    superior = f"UBND {level} {province}".upper() if province else None
    name = short_name(focal.name, province) if focal is not None else (plan.issuer or "")
    return Issuer(
        name=name,
        superior=superior,
        committee=committee,
        province=province,
        abbreviation=abbreviation(focal, name),
    )


def wrap_issuer(text: str) -> str:
    """Break an upper-case issuer name that does not fit the header's left column into two lines.

    Breaks go before "VÀ" if possible ("SỞ THÔNG TIN / VÀ TRUYỀN THÔNG"), else after a comma, else
    anywhere; among those, the most even pair of lines wins.
    """
    text = " ".join(text.split())
    room = (HEADER_LEFT_MM - 2 * CELL_PADDING_MM) * 72 / 25.4 * 0.97
    if "\n" in text or estimate_width_pt(text, SIZE_ISSUER, True) <= room:
        return text
    words = text.split(" ")
    best: tuple[int, float, str] | None = None
    for cut in range(1, len(words)):
        first, second = " ".join(words[:cut]), " ".join(words[cut:])
        widths = [estimate_width_pt(line, SIZE_ISSUER, True) for line in (first, second)]
        if max(widths) > room:
            continue
        tier = 0 if words[cut] == "VÀ" else 1 if first.endswith(",") else 2
        candidate = (tier, abs(widths[0] - widths[1]), f"{first}\n{second}")
        if best is None or candidate[:2] < best[:2]:
            best = candidate
    return best[2] if best else text


@dataclass
class Header:
    superior: str | None
    issuer: str
    place: str
    number: str | None
    date: datetime.date | None
    year: int


def header_for(plan: Plan, issuer: Issuer, texts: DocumentTexts, today: datetime.date) -> Header:
    superior = issuer.superior if texts.superior is None else (texts.superior or None)
    name = texts.issuer if texts.issuer is not None else issuer.name
    return Header(
        superior=superior,
        issuer=wrap_issuer(name.upper()),
        place=texts.place or plan.place or issuer.province or "Lạng Sơn",
        number=texts.number or None,
        date=None if texts.blank_date else today,
        year=today.year,
    )


# --- citing the plan -------------------------------------------------------------------------------


def lower_first(text: str) -> str:
    """ "Hoạt động thông tin…" → "hoạt động thông tin…", but "TTĐN …" stays."""
    text = text.strip()
    if not text:
        return text
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first[1:].isupper():
        return text
    return text[0].lower() + text[1:]


def sentence_case(text: str) -> str:
    """An all-caps outline title ("TỔ CHỨC THỰC HIỆN") as a sentence ("Tổ chức thực hiện")."""
    text = text.strip()
    if text.isupper():
        return text[:1] + text[1:].lower()
    return text


def kind_name(plan: Plan) -> str:
    return KIND_NAMES.get((plan.kind or "").strip(), "Kế hoạch")


def issued_phrase(issued_on: str) -> str:
    """ " ngày 29/01/2021", " tháng 11/2020" or "" from the date as far as known."""
    parts = (issued_on or "").split("-")
    try:
        if len(parts) == 3:
            return f" ngày {int(parts[2]):02d}/{int(parts[1]):02d}/{int(parts[0])}"
        if len(parts) == 2:
            return f" tháng {int(parts[1]):02d}/{int(parts[0])}"
    except ValueError:
        return ""
    return ""


def plan_title_with_year(plan: Plan) -> str:
    title = " ".join((plan.title or "").split()).rstrip(" .;")
    if str(plan.year) not in title:
        title = f"{title} năm {plan.year}"
    return title


def plan_citation(plan: Plan) -> str:
    """First citation of the plan: "Kế hoạch số 12/KH-UBND ngày 29/01/2021 của UBND tỉnh Lạng Sơn về …".

    Without a number: "Kế hoạch hoạt động … năm 2021 của UBND tỉnh Lạng Sơn".
    """
    kind = kind_name(plan)
    issuer = f" của {plan.issuer}" if plan.issuer else ""
    title = lower_first(plan_title_with_year(plan))
    if plan.number:
        return f"{kind} số {plan.number}{issued_phrase(plan.issued_on)}{issuer} về {title}"
    return f"{kind} {title}{issuer}"


def plan_short(plan: Plan) -> str:
    """Later citations: "Kế hoạch số 12/KH-UBND", or the title when the plan has no number."""
    if plan.number:
        return f"{kind_name(plan)} số {plan.number}"
    return f"{kind_name(plan)} {lower_first(plan_title_with_year(plan))}"


# --- numbers and dates -----------------------------------------------------------------------------


def dmy(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def to_decimal(value: Any) -> Decimal | None:
    try:
        number = Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def vn_number(value: Decimal) -> str:
    """Vietnamese grouping: 1.234.567 and 12,5."""
    value = value.normalize()
    sign = "-" if value < 0 else ""
    value = abs(value)
    integer = int(value)
    fraction = value - integer
    grouped = f"{integer:,}".replace(",", ".")
    if fraction:
        decimals = format(fraction, "f").split(".", 1)[1].rstrip("0")
        return f"{sign}{grouped},{decimals}"
    return f"{sign}{grouped}"


def unit_list(names: Sequence[str], limit: int) -> str:
    """ "A; B; C" or, past ``limit`` names, "A; B; C và 30 đơn vị khác"."""
    if len(names) <= limit:
        return "; ".join(names)
    return f"{'; '.join(names[:limit])} và {len(names) - limit} đơn vị khác"


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in clean_text(text or "").split("\n") if line.strip()]


# --- which accepted reports count ------------------------------------------------------------------


def non_overlapping(reports: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One assignment's accepted reports, without double counting.

    Units report per quarter, half-year and year, and the longer reports repeat the shorter ones.
    The longest reports win; a shorter one is kept only where no kept report already covers its dates.
    Each row needs ``period__start`` and ``period__end``. The result is in date order.
    """
    ordered = sorted(
        reports, key=lambda r: (-(r["period__end"] - r["period__start"]).days, r["period__end"], r["id"])
    )
    kept: list[dict[str, Any]] = []
    for report in ordered:
        if all(
            report["period__end"] < other["period__start"] or report["period__start"] > other["period__end"]
            for other in kept
        ):
            kept.append(report)
    return sorted(kept, key=lambda r: (r["period__start"], r["period__end"]))


def sum_indicators(reports: Sequence[dict[str, Any]]) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for report in reports:
        for code, raw in (report.get("indicators") or {}).items():
            number = to_decimal(raw)
            if number is not None:
                totals[code] = totals.get(code, Decimal(0)) + number
    return totals


def status_at(deadline: datetime.date, done_on: datetime.date | None, day: datetime.date) -> str:
    """The Government Office status of one assignment as it stood on ``day``."""
    if done_on is not None and done_on <= day:
        return "done_on_time" if done_on <= deadline else "done_late"
    return "in_progress" if deadline >= day else "overdue"
