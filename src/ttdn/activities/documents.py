"""Documents the activities app generates, in the ND30 layout: attendance certificates and directive drafts.

Builders take rows already fetched and return :class:`AdminDocument`; rendering is ``ttdn.core.documents``.
"""

import datetime
import io
import zipfile
from collections.abc import Iterable

from ttdn.core.classification import stamp
from ttdn.core.documents import AdminDocument, Paragraph, Signer, render_docx, render_pdf
from ttdn.core.text import slugify_vi

from .models import Course, Directive, Participant

NATIONAL_PLACE = "Lạng Sơn"


def _superior(organiser_name: str) -> str | None:
    # Departments and committees under the province carry the province's name above their own.
    return "UBND TỈNH LẠNG SƠN" if not organiser_name.upper().startswith("ỦY BAN NHÂN DÂN") else None


def certificate_document(
    *, course: Course, participant: Participant, sessions: list, today: datetime.date, signer: Signer
) -> AdminDocument:
    if sessions:
        first, last = sessions[0].starts_at.date(), sessions[-1].ends_at.date()
        when = (
            f"ngày {first:%d/%m/%Y}"
            if first == last
            else f"từ ngày {first:%d/%m/%Y} đến ngày {last:%d/%m/%Y}"
        )
        place = sessions[0].place
    else:
        when, place = "", ""
    body = [
        Paragraph(f"Chứng nhận Ông/Bà: {participant.full_name}", bold=True),
        Paragraph(
            f"Chức vụ, đơn vị công tác: {', '.join(x for x in (participant.position, participant.organisation) if x)}"
        ),
        Paragraph(
            f'Đã tham dự lớp tập huấn "{course.title}"'
            + (f" tổ chức {when}" if when else "")
            + (f" tại {place}" if place else "")
            + "."
        ),
    ]
    if course.topics:
        body.append(Paragraph("Nội dung tập huấn: " + "; ".join(course.topics.splitlines()) + "."))
    body.append(
        Paragraph(f"Thực hiện nhiệm vụ {course.task.code} của Kế hoạch thông tin đối ngoại.", italic=True)
    )
    return AdminDocument(
        superior=_superior(course.organiser.name),
        issuer=course.organiser.name.upper(),
        number=None,
        symbol="GCN",
        place=NATIONAL_PLACE,
        date=today,
        year=today.year,
        kind="GIẤY CHỨNG NHẬN",
        subject="Hoàn thành lớp tập huấn, bồi dưỡng nghiệp vụ thông tin đối ngoại",
        body=body,
        signer=signer,
        recipients=[participant.full_name, "Lưu: VT"],
    )


def certificate_file_name(participant: Participant, extension: str) -> str:
    return (
        f"giay-chung-nhan-{slugify_vi(participant.full_name) or participant.pk}-{participant.pk}.{extension}"
    )


def render_certificate(document: AdminDocument, fmt: str) -> bytes:
    return render_pdf(document) if fmt == "pdf" else render_docx(document)


def certificates_zip(documents: Iterable[tuple[str, AdminDocument]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, document in documents:
            archive.writestr(name, render_docx(document))
    return buffer.getvalue()


DIRECTIVE_KINDS = {
    Directive.Kind.DECISION: "QUYẾT ĐỊNH",
    Directive.Kind.DIRECTIVE: "CHỈ THỊ",
    Directive.Kind.PLAN: "KẾ HOẠCH",
    Directive.Kind.REGULATION: "QUY CHẾ",
    Directive.Kind.LETTER: None,
    Directive.Kind.OTHER: None,
}


def directive_document(
    *, directive: Directive, body: list[str], signer: Signer, recipients: list[str]
) -> AdminDocument:
    """A draft of the directive itself in the ND30 layout, from its register entry and the drafted text."""
    number, _, symbol = directive.number.partition("/")
    return AdminDocument(
        superior=_superior(directive.issuer),
        issuer=directive.issuer.upper(),
        number=number or None,
        symbol=symbol or "TTĐN",
        place=NATIONAL_PLACE,
        date=directive.issued_on,
        year=directive.issued_on.year,
        kind=DIRECTIVE_KINDS.get(directive.kind),
        subject=directive.summary,
        body=[Paragraph(text) for text in body if text.strip()],
        signer=signer,
        recipients=recipients,
        secrecy=stamp(directive.classification),
    )
