"""Training courses: set-up by the task's units, public registration, QR check-in, survey, certificates."""

import datetime
from collections.abc import Iterable

from django.core import signing
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ttdn.core import audit, generated
from ttdn.core.documents import Signer
from ttdn.core.models import User
from ttdn.core.text import clean, fold
from ttdn.directory.models import Unit
from ttdn.plans.models import Task

from .. import documents
from ..models import (
    Audience,
    Course,
    CourseDocument,
    CourseMaterial,
    CourseSession,
    Evaluation,
    Invitation,
    Participant,
    Trainer,
)
from .common import ActivityError, checked_upload, require_edit

CHECKIN_SALT = "ttdn.activities.checkin"
SURVEY_SALT = "ttdn.activities.survey"


def checkin_token(participant: Participant) -> str:
    return signing.dumps(participant.pk, salt=CHECKIN_SALT)


def survey_token(participant: Participant) -> str:
    return signing.dumps(participant.pk, salt=SURVEY_SALT)


def participant_from_token(token: str, *, salt: str) -> Participant | None:
    try:
        pk = signing.loads(token, salt=salt)
    except signing.BadSignature:
        return None
    return Participant.objects.select_related("course__task__plan", "course__organiser").filter(pk=pk).first()


@transaction.atomic
def course_create(
    *,
    actor: User,
    task: Task,
    title: str,
    organiser: Unit,
    topics: str = "",
    audiences: list[str] | None = None,
    capacity: int | None = None,
) -> Course:
    require_edit(actor, task)
    audiences = list(dict.fromkeys(audiences or []))
    unknown = set(audiences) - set(Audience.values)
    if unknown:
        raise ActivityError(_("Unknown target audience: %(value)s.") % {"value": ", ".join(sorted(unknown))})
    title = clean(title)
    if not title:
        raise ActivityError(_("Give the course a title."))
    course = Course.objects.create(
        task=task,
        title=title,
        organiser=organiser,
        topics="\n".join(line for line in (clean(t) for t in topics.splitlines()) if line),
        audiences=audiences,
        capacity=capacity,
        created_by=actor,
    )
    audit.record(actor=actor, action="activities.course_create", obj=course, changes={"task": task.code})
    return course


@transaction.atomic
def session_add(
    *, actor: User, course: Course, starts_at: datetime.datetime, ends_at: datetime.datetime, place: str
) -> CourseSession:
    require_edit(actor, course.task)
    if ends_at <= starts_at:
        raise ActivityError(_("A session must end after it starts."))
    place = clean(place)
    if not place:
        raise ActivityError(_("Give the place of the session."))
    session = CourseSession.objects.create(course=course, starts_at=starts_at, ends_at=ends_at, place=place)
    audit.record(
        actor=actor,
        action="activities.session_add",
        obj=course,
        changes={"starts_at": starts_at.isoformat(), "place": place},
    )
    return session


@transaction.atomic
def trainer_add(*, actor: User, course: Course, name: str, position: str = "") -> Trainer:
    require_edit(actor, course.task)
    name = clean(name)
    if not name:
        raise ActivityError(_("Give the trainer's name."))
    trainer = Trainer.objects.create(course=course, name=name, position=clean(position))
    audit.record(actor=actor, action="activities.trainer_add", obj=course, changes={"trainer": name})
    return trainer


@transaction.atomic
def material_add(*, actor: User, course: Course, uploaded_file: UploadedFile) -> CourseMaterial:
    require_edit(actor, course.task)
    name, content_type, sha256 = checked_upload(uploaded_file)
    material = CourseMaterial(
        course=course,
        original_name=clean(name)[:255],
        content_type=content_type,
        size=uploaded_file.size or 0,
        sha256=sha256,
        uploaded_by=actor,
    )
    material.file.save(name, uploaded_file, save=False)
    material.save()
    audit.record(
        actor=actor, action="activities.material_add", obj=course, changes={"file": material.original_name}
    )
    return material


@transaction.atomic
def invitation_set(*, actor: User, course: Course, unit: Unit, seats: int, note: str = "") -> Invitation:
    require_edit(actor, course.task)
    if seats < 1:
        raise ActivityError(_("An invitation needs at least one seat."))
    invitation, created = Invitation.objects.update_or_create(
        course=course, unit=unit, defaults={"seats": seats, "note": clean(note)}
    )
    audit.record(
        actor=actor,
        action="activities.invitation_set",
        obj=course,
        changes={"unit": unit.code, "seats": seats, "created": created},
    )
    return invitation


def _normalise_phone(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    return digits


CONSENT_ON_FORM = "Đồng ý trên phiếu đăng ký trực tuyến"


@transaction.atomic
def participant_register(
    *,
    course: Course,
    full_name: str,
    organisation: str,
    audience: str,
    position: str = "",
    email: str = "",
    phone: str = "",
    unit: Unit | None = None,
    consent: bool = False,
) -> Participant:
    """Public registration (no login). The same person twice — same e-mail, same phone, or the same name
    from the same organisation — is refused with a message saying so."""
    course = Course.objects.select_for_update().get(pk=course.pk)
    if not course.registration_open:
        raise ActivityError(_("Registration for this course is closed."))
    full_name, organisation = clean(full_name), clean(organisation)
    email, phone = clean(email).lower(), _normalise_phone(phone)
    if not full_name or not organisation:
        raise ActivityError(_("Give your full name and organisation."))
    if audience not in Audience.values:
        raise ActivityError(_("Choose who you are among the course's audiences."))
    if not email and not phone:
        raise ActivityError(_("Give an e-mail address or a phone number, so the organisers can reach you."))
    existing = course.participants.all()
    if email and existing.filter(email=email).exists():
        raise ActivityError(_("This e-mail address is already registered for this course."))
    if phone and existing.filter(phone=phone).exists():
        raise ActivityError(_("This phone number is already registered for this course."))
    key = (fold(full_name), fold(organisation))
    for name, org in existing.values_list("full_name", "organisation"):
        if (fold(name), fold(org)) == key:
            raise ActivityError(
                _("%(name)s of %(org)s is already registered for this course.") % {"name": name, "org": org}
            )
    if course.capacity is not None and existing.count() >= course.capacity:
        raise ActivityError(_("The course is full."))
    try:
        with transaction.atomic():
            participant = Participant.objects.create(
                course=course,
                full_name=full_name,
                organisation=organisation,
                position=clean(position),
                audience=audience,
                email=email,
                phone=phone,
                unit=unit,
                consent_source=CONSENT_ON_FORM if consent else "",
                consent_date=timezone.localdate() if consent else None,
            )
    except IntegrityError as exc:
        raise ActivityError(_("You are already registered for this course.")) from exc
    audit.record(
        actor=None, action="activities.participant_register", obj=participant, changes={"course": course.pk}
    )
    return participant


@transaction.atomic
def participant_check_in(*, actor: User, participant: Participant) -> bool:
    """Mark attendance; False (and nothing written) when the participant was already checked in."""
    require_edit(actor, participant.course.task)
    updated = Participant.objects.filter(pk=participant.pk, checked_in_at__isnull=True).update(
        checked_in_at=timezone.now(), checked_in_by=actor
    )
    if updated:
        participant.refresh_from_db()
        audit.record(actor=actor, action="activities.participant_check_in", obj=participant)
    return bool(updated)


@transaction.atomic
def evaluation_submit(
    *,
    participant: Participant,
    content_rating: int,
    trainer_rating: int,
    organisation_rating: int,
    comment: str = "",
) -> Evaluation:
    ratings = (content_rating, trainer_rating, organisation_rating)
    if any(not 1 <= r <= 5 for r in ratings):
        raise ActivityError(_("Each rating is from 1 to 5."))
    if Evaluation.objects.filter(participant=participant).exists():
        raise ActivityError(_("You have already answered this survey. Thank you."))
    try:
        with transaction.atomic():
            evaluation = Evaluation.objects.create(
                participant=participant,
                content_rating=content_rating,
                trainer_rating=trainer_rating,
                organisation_rating=organisation_rating,
                comment=clean(comment),
            )
    except IntegrityError as exc:
        raise ActivityError(_("You have already answered this survey. Thank you.")) from exc
    audit.record(actor=None, action="activities.evaluation_submit", obj=participant)
    return evaluation


@transaction.atomic
def registration_toggle(*, actor: User, course: Course, open_: bool) -> Course:
    require_edit(actor, course.task)
    course.registration_open = open_
    course.save(update_fields=["registration_open", "updated_at"])
    audit.record(actor=actor, action="activities.registration_toggle", obj=course, changes={"open": open_})
    return course


class NobodyAttended(Exception):
    """No participant of the course has checked in, so there is no certificate to issue."""


def _attended(course: Course) -> list[Participant]:
    return list(
        course.participants.filter(checked_in_at__isnull=False)
        .select_related("course__organiser", "course__task")
        .order_by("pk")
    )


@transaction.atomic
def certificates_zip_request(
    *, actor: User, course: Course, signer: Signer, issued_on: datetime.date | None = None
) -> CourseDocument:
    """Queue the certificates of everyone who attended, as one ZIP built on the worker. Refused, with
    nothing written and nothing queued, when nobody has checked in."""
    from ..tasks import build_course_document

    require_edit(actor, course.task)
    attended = course.participants.filter(checked_in_at__isnull=False).count()
    if not attended:
        raise ActivityError(_("Nobody has checked in yet: there is no certificate to issue."))
    issued_on = issued_on or timezone.localdate()
    document = CourseDocument.objects.create(
        course=course,
        kind=CourseDocument.Kind.CERTIFICATES_ZIP,
        issued_on=issued_on,
        signer_authority=signer.authority or "",
        signer_title=signer.title,
        signer_name=signer.name,
        requested_by=actor,
    )
    audit.record(
        actor=actor,
        action="activities.certificates_requested",
        obj=course,
        changes={"document": str(document.token), "attended": attended, "issued_on": issued_on.isoformat()},
    )
    transaction.on_commit(lambda: build_course_document.enqueue(document.pk))
    return document


def course_document_build(*, document: CourseDocument) -> CourseDocument:
    """Build the ZIP and mark the document ready, or failed with the reason. Building twice is a no-op."""
    return generated.build(
        document=document,
        render=_render_certificates_zip,
        # Participants removed between the request and the build can leave nobody to certify.
        known_failures={NobodyAttended: "nobody_attended"},
    )


def _render_certificates_zip(document: CourseDocument) -> tuple[str, bytes]:
    course = document.course
    attended = _attended(course)
    if not attended:
        raise NobodyAttended
    sessions = list(course.sessions.all())
    signer = Signer(document.signer_authority or None, document.signer_title, document.signer_name)
    content = documents.certificates_zip(
        (
            documents.certificate_file_name(p, "docx"),
            documents.certificate_document(
                course=course, participant=p, sessions=sessions, today=document.issued_on, signer=signer
            ),
        )
        for p in attended
    )
    return f"giay-chung-nhan-{course.pk}.zip", content


@transaction.atomic
def course_documents_remove(*, actor: User | None, course_ids: Iterable[int]) -> int:
    """Remove the documents built for these courses, files included (when a participant's personal data is
    erased, a certificate ZIP naming them must not outlive it). Files go once the removal is committed, so
    a rolled-back erasure leaves the download working."""
    documents_ = list(CourseDocument.objects.filter(course_id__in=set(course_ids)).select_for_update())
    if not documents_:
        return 0
    files = [(d.file.storage, str(d.file.name)) for d in documents_ if d.file]
    CourseDocument.objects.filter(pk__in=[d.pk for d in documents_]).delete()
    audit.append(
        actor_id=getattr(actor, "pk", None),
        action="activities.course_documents_remove",
        object_type="activities.coursedocument",
        changes={"ids": [d.pk for d in documents_]},
    )
    transaction.on_commit(lambda: _delete_files(files))
    return len(documents_)


def _delete_files(files: list[tuple[Storage, str]]) -> None:
    for storage, name in files:
        storage.delete(name)
