from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .classification import Classification


class User(AbstractUser):
    """A person using ttdn. Unit membership and roles live with the apps that define them."""

    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    # None: the role's clearance (TTDN_CLEARANCE). Set to grant (or withhold) a level for this person only.
    clearance = models.PositiveSmallIntegerField(
        _("clearance"),
        choices=Classification.choices,
        null=True,
        blank=True,
        help_text=_("Highest classification this person may see; empty means the default for their role."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.get_username()


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AppendOnlyError(Exception):
    """An attempt to change or remove an audit event."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit events are append-only")

    def delete(self):
        raise AppendOnlyError("audit events are append-only")

    def bulk_create(self, *args, **kwargs):
        raise AppendOnlyError("audit events are written one by one through ttdn.core.audit.record")

    def bulk_update(self, *args, **kwargs):
        raise AppendOnlyError("audit events are append-only")


class AuditEvent(models.Model):
    """One write to official data: who, what, which object, what changed, when and from where.

    Append-only and chained: ``hash`` covers the event's fields and ``prev_hash`` (the hash of the event
    with the previous ``seq``); see :mod:`ttdn.core.audit_hash`. Written only by :func:`ttdn.core.audit.record`.
    """

    seq = models.BigIntegerField(_("sequence"), unique=True)
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True, on_delete=models.PROTECT
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    ip = models.CharField(_("IP address"), max_length=45, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64, blank=True)
    hash = models.CharField(_("hash"), max_length=64)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-seq"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AppendOnlyError("audit events are append-only")
        if not self.hash:
            raise AppendOnlyError("write audit events through ttdn.core.audit.record")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit events are append-only")

    def payload(self) -> dict:
        return {
            "seq": self.seq,
            "at": self.at,
            "actor_id": self.actor_id,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "changes": self.changes,
            "ip": self.ip,
            "user_agent": self.user_agent,
            "prev_hash": self.prev_hash,
        }


class AuditChainHead(models.Model):
    """The one row every audit writer locks: the last event's sequence number and hash.

    Locking it (``SELECT … FOR UPDATE`` on PostgreSQL, the write lock of an IMMEDIATE transaction on
    SQLite) is what keeps two writers from chaining onto the same previous event.
    """

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain head")

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}"


def _personal_data_export_path(instance: "DataSubjectRequest", filename: str) -> str:
    return f"personal_data/{instance.pk}/{filename}"


class DataSubjectRequest(TimeStampedModel):
    """A person's request about their personal data (Nghị định 13/2023): a copy of it, or its erasure.

    The identifiers are what the request was received with; once the data is erased they are masked here
    too (:func:`ttdn.core.services.personal_data_request_erase`). Erasure needs a second person: whoever
    recorded the request cannot carry it out.
    """

    class Kind(models.TextChoices):
        ACCESS = "access", _("Copy of the data (access)")
        ERASURE = "erasure", _("Erasure")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    kind = models.CharField(_("request"), max_length=10, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    subject_name = models.CharField(_("full name"), max_length=200, blank=True)
    subject_phone = models.CharField(_("phone number"), max_length=30, blank=True)
    subject_email = models.CharField(_("e-mail"), max_length=254, blank=True)
    requester = models.CharField(_("requested by"), max_length=300)
    received_at = models.DateTimeField(_("received at"))
    due_at = models.DateTimeField(_("answer due by"))
    # "source:pk" of the records the officer confirmed belong to the subject; nothing else is touched.
    records = models.JSONField(_("records"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    export_json = models.FileField(upload_to=_personal_data_export_path, max_length=300, blank=True)
    export_xlsx = models.FileField(upload_to=_personal_data_export_path, max_length=300, blank=True)

    class Meta:
        verbose_name = _("personal-data request")
        verbose_name_plural = _("personal-data requests")
        ordering = ["-received_at"]
        permissions = [("handle_datasubjectrequest", "Can handle personal-data requests")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="erasure")
                | models.Q(handled_by__isnull=True)
                | ~models.Q(handled_by=models.F("created_by")),
                name="erasure_handled_by_second_person",
            )
        ]

    def __str__(self) -> str:
        # No identifiers: this text goes into the append-only audit log.
        return f"#{self.pk} · {self.get_kind_display()}"
