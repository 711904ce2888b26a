"""Training courses (seed II.2): sessions, trainers, materials, invitations, registrations, attendance,
evaluations."""

import secrets
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ttdn.core.generated import GeneratedFile
from ttdn.core.models import TimeStampedModel
from ttdn.directory.models import Unit
from ttdn.plans.models import Task


def _registration_token() -> str:
    return secrets.token_urlsafe(24)


class Audience(models.TextChoices):
    OFFICIALS = "officials", _("Officials from province to commune")
    BUSINESSES = "businesses", _("Businesses")
    PRESS = "press", _("Reporters and editors")
    BORDER = "border", _("Border-area TTĐN officers")


class Course(TimeStampedModel):
    task = models.ForeignKey(Task, verbose_name=_("plan task"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=300)
    topics = models.TextField(_("topics"), blank=True)
    audiences = models.JSONField(_("target audiences"), default=list, blank=True)
    organiser = models.ForeignKey(
        Unit, verbose_name=_("organising unit"), on_delete=models.PROTECT, related_name="+"
    )
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    registration_open = models.BooleanField(_("registration open"), default=True)
    # The public registration link: unguessable, and replaceable if it leaks.
    registration_token = models.CharField(
        max_length=64, unique=True, default=_registration_token, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class CourseSession(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=300)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__lt=models.F("ends_at")), name="session_starts_before_end"
            )
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%d/%m/%Y %H:%M} · {self.place}"


class Trainer(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="trainers")
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position and organisation"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("trainer")
        verbose_name_plural = _("trainers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def audit_repr(self) -> str:
        return f"trainer #{self.pk}"


def material_upload_path(instance: "CourseMaterial", filename: str) -> str:
    return f"activities/materials/{instance.course_id}/{instance.sha256[:16]}-{filename}"


class CourseMaterial(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="materials")
    file = models.FileField(_("file"), upload_to=material_upload_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("course material")
        verbose_name_plural = _("course materials")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class Invitation(TimeStampedModel):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="invitations")
    unit = models.ForeignKey(Unit, verbose_name=_("invited unit"), on_delete=models.PROTECT, related_name="+")
    seats = models.PositiveIntegerField(_("seats"), default=1)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["unit__name"]
        constraints = [models.UniqueConstraint(fields=["course", "unit"], name="uniq_invitation_unit")]

    def __str__(self) -> str:
        return f"{self.course} · {self.unit}"


class Participant(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="participants")
    full_name = models.CharField(_("full name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=300)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Nghị định 13/2023: how the person agreed to their data being kept. Blank for rows registered before
    # consent was recorded (they show as "not recorded", never as a consent nobody gave).
    consent_source = models.CharField(_("consent source"), max_length=200, blank=True, default="")
    consent_date = models.DateField(_("consent date"), null=True, blank=True)
    consent_withdrawn_at = models.DateTimeField(_("consent withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["full_name", "pk"]
        constraints = [
            # The same person registering twice is refused by the service with a clear message; these
            # constraints hold even when two submissions race.
            models.UniqueConstraint(
                fields=["course", "email"], condition=~Q(email=""), name="uniq_participant_email"
            ),
            models.UniqueConstraint(
                fields=["course", "phone"], condition=~Q(phone=""), name="uniq_participant_phone"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def audit_repr(self) -> str:
        return f"participant #{self.pk}"


class Evaluation(models.Model):
    """One answer to the course survey per participant."""

    participant = models.OneToOneField(Participant, on_delete=models.CASCADE, related_name="evaluation")
    content_rating = models.PositiveSmallIntegerField(_("usefulness of the content"))
    trainer_rating = models.PositiveSmallIntegerField(_("trainers"))
    organisation_rating = models.PositiveSmallIntegerField(_("organisation"))
    comment = models.TextField(_("comment"), blank=True)
    answered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.CheckConstraint(
                condition=Q(content_rating__range=(1, 5))
                & Q(trainer_rating__range=(1, 5))
                & Q(organisation_rating__range=(1, 5)),
                name="evaluation_ratings_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return str(self.participant)


class CourseDocument(GeneratedFile):
    """Certificates for a whole course, built on the worker (:mod:`ttdn.core.generated`): 200 of them take
    about 40 s. The signer and date typed on the course page are kept here, so the worker builds exactly
    what was asked for."""

    class Kind(models.TextChoices):
        CERTIFICATES_ZIP = "certificates_zip", _("Certificates of attendance (ZIP of DOCX)")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    issued_on = models.DateField(_("issued on"))
    signer_authority = models.CharField(_("signing authority line"), max_length=100, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=100, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=100, blank=True)

    failure_messages: ClassVar = {
        "nobody_attended": _("Nobody has checked in yet: there is no certificate to issue."),
    }

    class Meta:
        verbose_name = _("course document")
        verbose_name_plural = _("course documents")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.course_id}"

    def storage_folder(self) -> str:
        return f"courses/{self.course_id}"

    def status_url(self) -> str:
        return reverse("activities:course_document", args=[self.course_id, self.token])

    def file_url(self) -> str:
        return reverse("activities:course_document_file", args=[self.course_id, self.token])
