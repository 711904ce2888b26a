"""Budget estimates: written by the task's lead unit, appraised by the finance department."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ttdn.core import audit
from ttdn.core.models import User
from ttdn.core.text import clean
from ttdn.plans.access import actor_for
from ttdn.plans.models import Task

from ..models import Estimate, EstimateLine, Spending
from ..norms import Norm, load_norms
from ..selectors.access import can_appraise, estimate_rights, task_units
from .common import ActivityError

State = Estimate.State


def norms() -> dict[str, Norm]:
    path = getattr(settings, "TTDN_BUDGET_NORMS_CSV", "")
    return load_norms(path) if path else load_norms()


def _require_writer(actor: User, estimate: Estimate) -> None:
    if not estimate_rights(actor, estimate.task, submitted=False)[1]:
        raise ActivityError(_("Only the task's lead unit writes its budget estimate."))
    if estimate.state not in (State.DRAFT, State.RETURNED):
        raise ActivityError(_("This estimate has been submitted and can no longer be edited."))


@transaction.atomic
def estimate_create(*, actor: User, task: Task, title: str) -> Estimate:
    actor_info = actor_for(actor)
    leads = task_units(task.pk, lead_only=True)
    if actor_info.is_admin and not leads:
        raise ActivityError(_("This task has no lead unit."))
    unit_id = actor_info.unit_id if actor_info.unit_id in leads else min(leads, default=None)
    if unit_id is None or not estimate_rights(actor, task, submitted=False)[1]:
        raise ActivityError(_("Only the task's lead unit writes its budget estimate."))
    title = clean(title)
    if not title:
        raise ActivityError(_("Give the estimate a title."))
    estimate = Estimate.objects.create(task=task, unit_id=unit_id, title=title, created_by=actor)
    audit.record(actor=actor, action="activities.estimate_create", obj=estimate, changes={"task": task.code})
    return estimate


@transaction.atomic
def line_add(
    *,
    actor: User,
    estimate: Estimate,
    description: str,
    quantity: Decimal,
    unit_price: Decimal,
    norm_code: str = "",
    unit_label: str = "",
) -> EstimateLine:
    _require_writer(actor, estimate)
    if quantity <= 0:
        raise ActivityError(_("The quantity must be greater than zero."))
    if unit_price < 0:
        raise ActivityError(_("The unit price cannot be negative."))
    norm = None
    if norm_code:
        norm = norms().get(norm_code)
        if norm is None:
            raise ActivityError(_("Unknown norm: %(code)s.") % {"code": norm_code})
    description = clean(description) or (norm.name if norm else "")
    if not description:
        raise ActivityError(_("Describe the item."))
    unit_label = clean(unit_label) or (norm.unit if norm else "")
    if not unit_label:
        raise ActivityError(_("Give the unit of measure."))
    line = EstimateLine.objects.create(
        estimate=estimate,
        position=estimate.lines.count() + 1,
        description=description,
        norm_code=norm.code if norm else "",
        norm_ceiling=norm.ceiling if norm else None,
        norm_basis=norm.legal_basis if norm else "",
        unit_label=unit_label,
        quantity=quantity,
        unit_price=unit_price,
    )
    audit.record(
        actor=actor,
        action="activities.estimate_line_add",
        obj=estimate,
        changes={"item": description, "amount": str(line.amount), "over_norm": line.over_norm},
    )
    return line


@transaction.atomic
def line_remove(*, actor: User, line: EstimateLine) -> None:
    _require_writer(actor, line.estimate)
    audit.record(
        actor=actor,
        action="activities.estimate_line_remove",
        obj=line.estimate,
        changes={"item": line.description},
    )
    line.delete()


@transaction.atomic
def estimate_submit(*, actor: User, estimate: Estimate) -> Estimate:
    _require_writer(actor, estimate)
    if not estimate.lines.exists():
        raise ActivityError(_("Add at least one line before submitting."))
    estimate.state = State.SUBMITTED
    estimate.submitted_at = timezone.now()
    estimate.save(update_fields=["state", "submitted_at", "updated_at"])
    audit.record(
        actor=actor,
        action="activities.estimate_submit",
        obj=estimate,
        changes={"total": str(estimate_total(estimate))},
    )
    return estimate


def estimate_total(estimate: Estimate) -> Decimal:
    return sum((line.amount for line in estimate.lines.all()), Decimal(0))


@dataclass(frozen=True)
class LineDecision:
    line_id: int
    approved_amount: Decimal
    reason: str = ""


@transaction.atomic
def estimate_appraise(
    *, actor: User, estimate: Estimate, decision: str, lines: list[LineDecision] | None = None, note: str = ""
) -> Estimate:
    """``decision``: "approve" (every line as asked, or as adjusted in ``lines``) or "return".

    An adjusted line (approved amount ≠ asked amount) needs its reason; a return needs a note.
    """
    if not can_appraise(actor):
        raise ActivityError(_("Only the finance department appraises estimates."))
    # Lock the row so two appraisers cannot both decide; then work on the caller's (refreshed) object.
    Estimate.objects.select_for_update().filter(pk=estimate.pk).first()
    estimate.refresh_from_db()
    if estimate.state != State.SUBMITTED:
        raise ActivityError(_("Only a submitted estimate can be appraised."))
    note = clean(note)
    if decision == "return":
        if not note:
            raise ActivityError(_("Say why the estimate is returned."))
        estimate.state = State.RETURNED
    elif decision == "approve":
        by_id = {d.line_id: d for d in lines or []}
        own_lines = list(estimate.lines.all())
        stray = set(by_id) - {line.pk for line in own_lines}
        if stray:
            raise ActivityError(_("A line does not belong to this estimate."))
        for line in own_lines:
            choice = by_id.get(line.pk)
            amount = line.amount if choice is None else choice.approved_amount
            reason = "" if choice is None else clean(choice.reason)
            if amount < 0:
                raise ActivityError(_("An approved amount cannot be negative."))
            if amount != line.amount and not reason:
                raise ActivityError(
                    _("Line %(n)s (%(item)s) was adjusted: give the reason.")
                    % {"n": line.position, "item": line.description}
                )
            line.approved_amount, line.adjust_reason = amount, reason
            line.save(update_fields=["approved_amount", "adjust_reason"])
        estimate.state = State.APPROVED
    else:
        raise ActivityError(_("Choose approve or return."))
    estimate.appraised_at = timezone.now()
    estimate.appraised_by = actor
    estimate.appraisal_note = note
    estimate.save(update_fields=["state", "appraised_at", "appraised_by", "appraisal_note", "updated_at"])
    audit.record(
        actor=actor,
        action=f"activities.estimate_{decision}",
        obj=estimate,
        changes={"approved": str(approved_total(estimate)), "note": note},
    )
    return estimate


def approved_total(estimate: Estimate) -> Decimal:
    return sum((line.approved_amount or Decimal(0) for line in estimate.lines.all()), Decimal(0))


@transaction.atomic
def spending_add(
    *,
    actor: User,
    estimate: Estimate,
    spent_on: datetime.date,
    amount: Decimal,
    description: str,
    voucher: str = "",
) -> Spending:
    if not estimate_rights(actor, estimate.task, submitted=True)[1]:
        raise ActivityError(_("Only the task's lead unit records its spending."))
    if estimate.state != State.APPROVED:
        raise ActivityError(_("Spending is recorded against an approved estimate only."))
    if amount <= 0:
        raise ActivityError(_("The amount must be greater than zero."))
    description = clean(description)
    if not description:
        raise ActivityError(_("Describe the spending."))
    spending = Spending.objects.create(
        estimate=estimate,
        spent_on=spent_on,
        amount=amount,
        description=description,
        voucher=clean(voucher),
        recorded_by=actor,
    )
    audit.record(actor=actor, action="activities.spending_add", obj=estimate, changes={"amount": str(amount)})
    return spending
