"""Personal-data requests (Nghị định 13/2023): record one, answer it with a copy of the data, or erase the
data. The data itself lives in the apps; :mod:`ttdn.core.personal_data` is how core reaches it."""

from __future__ import annotations

import datetime
import io
import json
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit, personal_data
from .models import DataSubjectRequest, User
from .personal_data import InvalidSubject, PersonalRecord, Subject
from .selectors import can_handle_personal_data
from .text import clean

DEFAULT_RESPONSE_HOURS = 72


class PersonalDataError(Exception):
    """A request that cannot be recorded or carried out; the message is for the officer."""


def response_hours() -> int:
    return int(getattr(settings, "TTDN_PERSONAL_DATA_RESPONSE_HOURS", DEFAULT_RESPONSE_HOURS))


def subject_of(request: DataSubjectRequest) -> Subject:
    return Subject(phone=request.subject_phone, email=request.subject_email, full_name=request.subject_name)


def check_subject(subject: Subject) -> None:
    try:
        subject.check()
    except InvalidSubject as exc:
        message = {
            "phone": _("The phone number is not valid."),
            "email": _("The e-mail address is not valid."),
        }.get(str(exc), _("Give a phone number, an e-mail address or the person's full name."))
        raise PersonalDataError(message) from exc


def _require(actor: User) -> None:
    if not can_handle_personal_data(actor):
        raise PersonalDataError(_("Only administrators may handle personal-data requests."))


def confirmed_records(request: DataSubjectRequest) -> dict[str, list[PersonalRecord]]:
    """The records the officer confirmed, found again now: a record that no longer matches the subject
    (already erased, or its details changed) is not touched."""
    wanted = set(request.records)
    out: dict[str, list[PersonalRecord]] = {}
    for key, records in personal_data.find_all(subject_of(request)).items():
        chosen = [r for r in records if r.ref in wanted]
        if chosen:
            out[key] = chosen
    return out


def _counts(refs: Sequence[str]) -> dict[str, int]:
    return dict(sorted(Counter(ref.rsplit(":", 1)[0] for ref in refs).items()))


@transaction.atomic
def personal_data_request_create(
    *,
    actor: User,
    kind: str,
    subject: Subject,
    requester: str,
    records: Sequence[str],
    received_at: datetime.datetime | None = None,
    note: str = "",
) -> DataSubjectRequest:
    """Record a request. ``records`` are the refs ('source:pk') of the found records the officer confirmed
    as the subject's; every one must be among what the subject's identifiers find now."""
    _require(actor)
    if kind not in DataSubjectRequest.Kind.values:
        raise PersonalDataError(_("Choose the kind of request."))
    requester = clean(requester)
    if not requester:
        raise PersonalDataError(_("Say who made the request (the person, or who represents them)."))
    check_subject(subject)
    now = timezone.now()
    received_at = received_at or now
    if received_at > now + datetime.timedelta(minutes=5):
        raise PersonalDataError(_("The request cannot have been received in the future."))
    found = {r.ref for records_ in personal_data.find_all(subject).values() for r in records_}
    refs = sorted(set(records))
    if set(refs) - found:
        raise PersonalDataError(_("Some of the chosen records do not belong to this person; search again."))
    if kind == DataSubjectRequest.Kind.ERASURE and not refs:
        raise PersonalDataError(_("Choose the records to erase."))
    request = DataSubjectRequest.objects.create(
        kind=kind,
        subject_name=clean(subject.full_name)[:200],
        subject_phone=subject.phone.strip()[:30],
        subject_email=subject.email_key,
        requester=requester[:300],
        received_at=received_at,
        due_at=received_at + datetime.timedelta(hours=response_hours()),
        records=refs,
        note=clean(note),
        created_by=actor,
    )
    # The identifiers stay out of the log: it is append-only, and an erasure could never reach it.
    audit.record(
        actor=actor,
        action="core.personal_data_request_create",
        obj=request,
        changes={"kind": kind, "records": _counts(refs), "due_at": request.due_at},
    )
    return request


def _cell(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return (
            timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if timezone.is_aware(value) else str(value)
        )
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder)
    return value


_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def _xlsx(document: dict[str, Any]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    summary = book.active
    summary.title = _("Summary")[:31]
    summary.append([_("Personal data held by the foreign-information system (TTĐN)")])
    summary.append([_("Request"), document["request"]["id"], document["request"]["kind"]])
    summary.append([_("Generated at"), _cell(document["generated_at"])])
    summary.append([])
    summary.append([_("Data"), _("Purpose"), _("Legal basis"), _("Records")])
    for section in document["sources"]:
        summary.append(
            [section["label"], section["purpose"], section["legal_basis"], len(section["records"])]
        )
    for number, section in enumerate(document["sources"], start=1):
        sheet = book.create_sheet(f"{number} {_SHEET_BAD.sub(' ', section['label'])}"[:31])
        columns: list[str] = []
        for row in section["records"]:
            columns.extend(k for k in row if k not in columns)
        sheet.append(columns)
        for row in section["records"]:
            sheet.append([_cell(row.get(c, "")) for c in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@transaction.atomic
def personal_data_request_export(*, actor: User, request: DataSubjectRequest) -> DataSubjectRequest:
    """Answer an access request: the subject's data from every source, with the purpose it is held for,
    as JSON and as an Excel workbook, kept with the request and downloaded through a checked view."""
    _require(actor)
    request = DataSubjectRequest.objects.select_for_update().get(pk=request.pk)
    if request.kind != DataSubjectRequest.Kind.ACCESS:
        raise PersonalDataError(_("Only an access request is answered with a copy of the data."))
    if request.status != DataSubjectRequest.Status.OPEN:
        raise PersonalDataError(_("This request has already been handled."))
    now = timezone.now()
    sections = []
    for key, records in confirmed_records(request).items():
        source = personal_data.source(key)
        if source is not None:
            sections.append(source.export(records))
    document = {
        "request": {
            "id": request.pk,
            "kind": request.get_kind_display(),
            "received_at": request.received_at,
            "subject": {
                "full_name": request.subject_name,
                "phone": request.subject_phone,
                "email": request.subject_email,
            },
        },
        "generated_at": now,
        "controller": _("Foreign-information system (TTĐN) of the province"),
        "sources": sections,
    }
    stem = f"du-lieu-ca-nhan-{request.pk}"
    payload = json.dumps(document, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder).encode()
    request.export_json.save(f"{stem}.json", ContentFile(payload), save=False)
    request.export_xlsx.save(f"{stem}.xlsx", ContentFile(_xlsx(document)), save=False)
    counts = {s["source"]: len(s["records"]) for s in sections}
    request.status = DataSubjectRequest.Status.DONE
    request.handled_by, request.handled_at = actor, now
    request.result = {"exported": counts}
    request.save()
    audit.record(actor=actor, action="core.personal_data_export", obj=request, changes={"exported": counts})
    return request


def _forget_identifiers(request: DataSubjectRequest) -> None:
    """Mask the identifiers on every request about the same person and drop their exported copies."""
    subject = subject_of(request)
    files = []
    for other in DataSubjectRequest.objects.select_for_update():
        if other.pk != request.pk and not subject.matches(
            phone=other.subject_phone, email=other.subject_email, name=other.subject_name
        ):
            continue
        for field in ("subject_name", "subject_phone", "subject_email"):
            if getattr(other, field):
                setattr(other, field, personal_data.TOMBSTONE)
        for file_field in (other.export_json, other.export_xlsx):
            if file_field and file_field.name:
                files.append(file_field.name)
        other.export_json = other.export_xlsx = ""
        if other.pk != request.pk:
            other.save(
                update_fields=["subject_name", "subject_phone", "subject_email", "export_json", "export_xlsx"]
            )
        else:
            request.subject_name, request.subject_phone = other.subject_name, other.subject_phone
            request.subject_email = other.subject_email
            request.export_json = request.export_xlsx = ""
    storage = DataSubjectRequest._meta.get_field("export_json").storage  # type: ignore[attr-defined]

    # Only once the erasure is committed: a rolled-back erasure must leave the copies in place.
    def delete_copies() -> None:
        for name in files:
            storage.delete(name)

    transaction.on_commit(delete_copies)


@transaction.atomic
def personal_data_request_erase(*, actor: User, request: DataSubjectRequest) -> DataSubjectRequest:
    """Carry out an erasure request: a second administrator (not the one who recorded it) anonymises the
    confirmed records in every source; counts and the rows reports rely on stay."""
    _require(actor)
    request = DataSubjectRequest.objects.select_for_update().get(pk=request.pk)
    if request.kind != DataSubjectRequest.Kind.ERASURE:
        raise PersonalDataError(_("This is not an erasure request."))
    if request.status != DataSubjectRequest.Status.OPEN:
        raise PersonalDataError(_("This request has already been handled."))
    if request.created_by_id == actor.pk:
        raise PersonalDataError(
            _("Erasure needs a second person: another administrator must approve and carry it out.")
        )
    erased: dict[str, int] = {}
    found = confirmed_records(request)
    for key, records in found.items():
        source = personal_data.source(key)
        if source is not None:
            erased[key] = source.erase(records, actor=actor)
    missing = len(request.records) - sum(len(r) for r in found.values())
    _forget_identifiers(request)
    request.status = DataSubjectRequest.Status.DONE
    request.handled_by, request.handled_at = actor, timezone.now()
    request.result = {"erased": erased, "not_found": missing}
    request.save()
    audit.record(
        actor=actor,
        action="core.personal_data_erase",
        obj=request,
        changes={"erased": erased, "not_found": missing, "approved_by": actor.pk},
    )
    return request
