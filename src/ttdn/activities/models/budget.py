"""Budget estimates (seed III, IV.2): the lead unit estimates, the finance department appraises."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ttdn.core.models import TimeStampedModel
from ttdn.directory.models import Unit
from ttdn.plans.models import Task


class Estimate(TimeStampedModel):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted to finance")
        RETURNED = "returned", _("Returned for revision")
        APPROVED = "approved", _("Approved")

    task = models.ForeignKey(Task, verbose_name=_("plan task"), on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=300)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    appraised_at = models.DateTimeField(_("appraised at"), null=True, blank=True)
    appraised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    appraisal_note = models.TextField(_("appraisal note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("budget estimate")
        verbose_name_plural = _("budget estimates")
        ordering = ["-created_at"]
        permissions = [("appraise_budget", "Can appraise budget estimates (finance department)")]

    def __str__(self) -> str:
        return self.title


class EstimateLine(models.Model):
    estimate = models.ForeignKey(Estimate, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField(default=0)
    description = models.CharField(_("item"), max_length=300)
    norm_code = models.CharField(_("norm"), max_length=50, blank=True)
    # The norm as it stood when the line was written: a later norm table must not change old estimates.
    norm_ceiling = models.DecimalField(
        _("norm ceiling"), max_digits=15, decimal_places=0, null=True, blank=True
    )
    norm_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    unit_label = models.CharField(_("unit of measure"), max_length=50)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2)
    unit_price = models.DecimalField(_("unit price (VND)"), max_digits=15, decimal_places=0)
    approved_amount = models.DecimalField(
        _("approved amount (VND)"), max_digits=17, decimal_places=0, null=True, blank=True
    )
    adjust_reason = models.CharField(_("reason for adjustment"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("estimate line")
        verbose_name_plural = _("estimate lines")
        ordering = ["estimate", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="estimate_line_quantity_positive"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="estimate_line_price_not_negative"),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def amount(self):
        return (self.quantity * self.unit_price).quantize(1)

    @property
    def over_norm(self) -> bool:
        return self.norm_ceiling is not None and self.unit_price > self.norm_ceiling


class Spending(models.Model):
    """Money actually spent against an approved estimate."""

    estimate = models.ForeignKey(Estimate, on_delete=models.CASCADE, related_name="spendings")
    spent_on = models.DateField(_("date"))
    amount = models.DecimalField(_("amount (VND)"), max_digits=17, decimal_places=0)
    description = models.CharField(_("description"), max_length=300)
    voucher = models.CharField(_("voucher number"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("spending")
        verbose_name_plural = _("spendings")
        ordering = ["spent_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="spending_positive")]

    def __str__(self) -> str:
        return self.description
