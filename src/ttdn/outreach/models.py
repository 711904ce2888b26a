"""Subscribers, operators, templates, campaigns and the messages they send over SMPP."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ttdn.core.classification import ClassifiedModel
from ttdn.core.models import TimeStampedModel


class Language(models.TextChoices):
    VI = "vi", _("Vietnamese")
    VI_UNACCENTED = "vi-unaccented", _("Vietnamese without diacritics")
    TAY = "tyz", _("Tày")
    NUNG = "nut", _("Nùng")
    DAO = "ium", _("Dao")


class Operator(TimeStampedModel):
    """A mobile network and the SMSC account ttdn binds to. Prefixes come from ``data/operators.json``."""

    class BindMode(models.TextChoices):
        TRANSMITTER = "tx", _("Transmitter")
        TRANSCEIVER = "trx", _("Transceiver")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    prefixes = models.JSONField(_("number prefixes"), default=list, blank=True)
    price_per_segment = models.DecimalField(
        _("price per segment (VND)"), max_digits=10, decimal_places=2, default=0
    )
    smpp_host = models.CharField(_("SMSC host"), max_length=200, blank=True)
    smpp_port = models.PositiveIntegerField(_("SMSC port"), default=2775)
    system_id = models.CharField(_("system id"), max_length=16, blank=True)
    password = models.CharField(_("password"), max_length=9, blank=True)
    bind_mode = models.CharField(
        _("bind mode"), max_length=3, choices=BindMode.choices, default=BindMode.TRANSCEIVER
    )
    source_addr = models.CharField(_("sender (brandname)"), max_length=21, blank=True)
    window = models.PositiveSmallIntegerField(_("window size"), default=10)
    throughput = models.PositiveIntegerField(_("segments per second"), default=20)
    use_sar = models.BooleanField(_("concatenate with SAR TLVs instead of UDH"), default=False)
    enabled = models.BooleanField(_("enabled"), default=True)

    class Meta:
        verbose_name = _("operator")
        verbose_name_plural = _("operators")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SubscriberQuerySet(models.QuerySet):
    def reachable(self):
        return self.filter(opted_out_at__isnull=True)


class Subscriber(TimeStampedModel):
    phone = models.CharField(_("phone number"), max_length=16, unique=True)
    operator = models.ForeignKey(
        Operator,
        verbose_name=_("operator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    commune = models.ForeignKey(
        "directory.Commune",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=16, choices=Language.choices, default=Language.VI)
    consent_source = models.CharField(_("consent source"), max_length=200)
    consent_date = models.DateField(_("consent date"))
    opted_out_at = models.DateTimeField(_("opted out at"), null=True, blank=True)
    opt_out_source = models.CharField(_("opt-out source"), max_length=100, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["phone"]
        permissions = [("view_phone_numbers", "Can see subscribers' phone numbers")]

    def __str__(self) -> str:
        return masked(self.phone)


def masked(phone: str) -> str:
    """+8491234xxxx: enough to tell numbers apart in lists, not enough to call."""
    return phone[:-4] + "xxxx" if len(phone) > 6 else "xxxx"


class Template(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TemplateVariant(models.Model):
    template = models.ForeignKey(Template, on_delete=models.CASCADE, related_name="variants")
    language = models.CharField(_("language"), max_length=16, choices=Language.choices)
    body = models.TextField(_("text"))

    class Meta:
        verbose_name = _("template variant")
        verbose_name_plural = _("template variants")
        constraints = [
            models.UniqueConstraint(fields=["template", "language"], name="uniq_template_language")
        ]

    def __str__(self) -> str:
        return f"{self.template} ({self.language})"


class Campaign(ClassifiedModel, TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        SENDING = "sending", _("Sending")
        PAUSED = "paused", _("Paused")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    template = models.ForeignKey(
        Template,
        verbose_name=_("template"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    task = models.ForeignKey(
        "plans.Task",
        verbose_name=_("plan task served"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    border_only = models.BooleanField(_("border communes only"), default=False)
    communes = models.ManyToManyField(
        "directory.Commune", verbose_name=_("communes"), blank=True, related_name="+"
    )
    operators = models.ManyToManyField(Operator, verbose_name=_("operators"), blank=True, related_name="+")
    languages = models.JSONField(_("languages"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    scheduled_at = models.DateTimeField(_("scheduled for"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # One dispatcher at a time: a worker holds the campaign until lease_until and renews it per batch.
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    lease_owner = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-created_at"]
        permissions = [
            ("compose_campaign", "Can compose SMS campaigns"),
            ("approve_campaign", "Can approve SMS campaigns"),
            ("send_campaign", "Can schedule, pause and cancel SMS campaigns"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=models.F("created_by")),
                name="campaign_approved_by_second_person",
            )
        ]

    def __str__(self) -> str:
        return self.title


class CampaignText(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=16, choices=Language.choices)
    body = models.TextField(_("text"))

    class Meta:
        verbose_name = _("campaign text")
        verbose_name_plural = _("campaign texts")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "language"], name="uniq_campaign_language")
        ]

    def __str__(self) -> str:
        return f"{self.campaign} ({self.language})"


class Message(models.Model):
    """One SMS to one subscriber. Its id exists in the database before anything goes to the SMSC."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SUBMITTING = "submitting", _("Submitting")
        SUBMITTED = "submitted", _("Submitted")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")
        UNKNOWN = "unknown", _("Unknown (check before resending)")
        CANCELLED = "cancelled", _("Cancelled")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="messages")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.PROTECT, related_name="messages")
    seq = models.PositiveIntegerField(default=0)
    phone = models.CharField(max_length=16)
    operator = models.ForeignKey(Operator, null=True, on_delete=models.PROTECT, related_name="+")
    commune = models.ForeignKey("directory.Commune", null=True, on_delete=models.PROTECT, related_name="+")
    language = models.CharField(_("language"), max_length=16, choices=Language.choices)
    body = models.TextField(_("text"))
    encoding = models.CharField(max_length=4)
    segments = models.PositiveSmallIntegerField(default=1)
    cost = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    not_before = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["campaign", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "subscriber"], name="uniq_message_per_subscriber")
        ]
        indexes = [
            models.Index(fields=["campaign", "status", "seq"]),
            models.Index(fields=["subscriber", "submitted_at"]),
        ]

    def __str__(self) -> str:
        return str(self.id)


class MessagePart(models.Model):
    """One segment as the SMSC knows it: its message id (normalised) and its receipt."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="parts")
    number = models.PositiveSmallIntegerField()
    operator = models.ForeignKey(Operator, null=True, on_delete=models.PROTECT, related_name="+")
    smsc_id = models.CharField(max_length=80, db_index=True)
    state = models.CharField(max_length=10, blank=True)
    error = models.CharField(max_length=20, blank=True)
    receipt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["message", "number"], name="uniq_part_number")]

    def __str__(self) -> str:
        return f"{self.message_id}/{self.number}"


class Receipt(models.Model):
    """A delivery receipt as received; kept until it matches a part (it may arrive before the submit is
    recorded)."""

    operator = models.ForeignKey(Operator, null=True, on_delete=models.PROTECT, related_name="+")
    smsc_id = models.CharField(max_length=80, db_index=True)
    state = models.CharField(max_length=10)
    error = models.CharField(max_length=20, blank=True)
    raw = models.TextField(blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    matched = models.BooleanField(default=False, db_index=True)

    def __str__(self) -> str:
        return f"{self.smsc_id} {self.state}"


class Inbound(models.Model):
    """A mobile-originated message (MO): STOP / TC opt-outs and anything else subscribers send."""

    operator = models.ForeignKey(Operator, null=True, on_delete=models.PROTECT, related_name="+")
    phone = models.CharField(max_length=16)
    text = models.TextField(blank=True)
    action = models.CharField(max_length=20, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("incoming message")
        verbose_name_plural = _("incoming messages")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.received_at:%Y-%m-%d %H:%M} {self.action or 'MO'}"
