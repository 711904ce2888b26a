"""Writes for carrying plans out: schedules and periods, progress reports, evidence, extensions."""

import calendar
import datetime
import hashlib
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from ttdn.core import audit
from ttdn.core.classification import Classification
from ttdn.core.models import User
from ttdn.core.text import clean

from ..access import Action, actor_for, can_on_assignment, cleared
from ..models import (
    Assignment,
    DeadlineExtension,
    Evidence,
    Frequency,
    Indicator,
    Plan,
    ProgressReport,
    ReportingPeriod,
    ReportingSchedule,
    ReportTransition,
)
from .notifications import notify_report_step

State = ProgressReport.State

# Evidence a unit may attach: the types officials actually send, recognised by their first bytes too.
EVIDENCE_TYPES = {
    ".pdf": ("application/pdf", (b"%PDF",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG",)),
}


class ReportingError(Exception):
    """A user-facing reason why a reporting step was refused; nothing was written."""


def plan_touch(plan_id: int) -> None:
    """Mark the plan's pages stale (they are cached per revision)."""
    Plan.objects.filter(pk=plan_id).update(revision=F("revision") + 1)


def _require(user: User, action: Action, assignment: Assignment) -> None:
    if not can_on_assignment(actor_for(user), action, assignment):
        raise ReportingError(_("You are not allowed to do this."))


# --- schedules and periods -------------------------------------------------------------------

_MONTHS = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.SEMIANNUAL: 6, Frequency.ANNUAL: 12}
_ROMAN = ["I", "II", "III", "IV"]


def _period_label(frequency: str, year: int, index: int) -> str:
    if frequency == Frequency.MONTHLY:
        return f"Tháng {index + 1}/{year}"
    if frequency == Frequency.QUARTERLY:
        return f"Quý {_ROMAN[index]}/{year}"
    if frequency == Frequency.SEMIANNUAL:
        return f"6 tháng {'đầu' if index == 0 else 'cuối'} năm {year}"
    return f"Năm {year}"


@transaction.atomic
def schedules_ensure_defaults(*, actor: User | None, plan: Plan) -> None:
    """Give a plan the province's default reporting calendar (settings.TTDN_REPORTING_DEFAULTS)."""
    defaults: dict[str, Any] = settings.TTDN_REPORTING_DEFAULTS
    for frequency in defaults["frequencies"]:
        ReportingSchedule.objects.get_or_create(
            plan=plan,
            frequency=frequency,
            defaults={
                "cutoff_day": defaults["cutoff_day"],
                "due_days_after_cutoff": defaults["due_days_after_cutoff"],
            },
        )
    periods_generate(actor=actor, plan=plan)


@transaction.atomic
def periods_generate(*, actor: User | None, plan: Plan) -> int:
    """Create (or move, after a schedule change) the reporting periods of the plan year. Idempotent."""
    created = 0
    for schedule in plan.schedules.all():
        months = _MONTHS[Frequency(schedule.frequency)]
        for index in range(12 // months):
            first_month = index * months + 1
            last_month = first_month + months - 1
            start = datetime.date(plan.year, first_month, 1)
            end = datetime.date(plan.year, last_month, calendar.monthrange(plan.year, last_month)[1])
            cutoff = end.replace(day=min(schedule.cutoff_day, end.day))
            due = cutoff + datetime.timedelta(days=schedule.due_days_after_cutoff)
            _, was_created = ReportingPeriod.objects.update_or_create(
                plan=plan,
                frequency=schedule.frequency,
                start=start,
                defaults={
                    "label": _period_label(schedule.frequency, plan.year, index),
                    "end": end,
                    "cutoff": cutoff,
                    "due": due,
                },
            )
            created += was_created
    if created:
        audit.record(actor=actor, action="plan.periods_generate", obj=plan, changes={"created": created})
        plan_touch(plan.pk)
    return created


# --- progress reports ------------------------------------------------------------------------


def _clean_indicators(assignment: Assignment, values: dict[str, object]) -> dict[str, str]:
    allowed = set(assignment.task.task_indicators.values_list("indicator__code", flat=True)) or set(
        Indicator.objects.values_list("code", flat=True)
    )
    cleaned: dict[str, str] = {}
    for code, raw in values.items():
        if raw in (None, ""):
            continue
        if code not in allowed:
            raise ReportingError(_("Indicator %(code)s is not reported for this task.") % {"code": code})
        try:
            number = Decimal(str(raw).replace(",", "."))
        except InvalidOperation as exc:
            raise ReportingError(_("Indicator %(code)s must be a number.") % {"code": code}) from exc
        if number < 0 or not number.is_finite():
            raise ReportingError(_("Indicator %(code)s cannot be negative.") % {"code": code})
        cleaned[code] = str(number.normalize()) if number != number.to_integral() else str(int(number))
    return cleaned


@transaction.atomic
def report_save(
    *,
    actor: User,
    assignment: Assignment,
    period: ReportingPeriod,
    progress: str,
    percent: int,
    narrative: str,
    indicators: dict[str, object] | None = None,
    done_on: datetime.date | None = None,
    classification: int | None = None,
) -> ProgressReport:
    """Create or update the unit's draft for this period. A returned report becomes a draft again.

    ``classification``: None keeps the report's mark (Thường for a new one).
    """
    _require(actor, Action.EDIT_REPORT, assignment)
    _check_mark(actor, classification, assignment.task.plan)
    if period.plan_id != assignment.task.plan_id:
        raise ReportingError(_("This period belongs to another plan."))
    if progress not in ProgressReport.Progress.values:
        raise ReportingError(_("Unknown progress status."))
    if not 0 <= percent <= 100:
        raise ReportingError(_("Percent done must be between 0 and 100."))
    if progress == ProgressReport.Progress.DONE:
        percent = 100
        done_on = done_on or timezone.localdate()
        if done_on > timezone.localdate():
            raise ReportingError(_("The completion date cannot be in the future."))
    else:
        done_on = None
    report = ProgressReport.objects.select_for_update().filter(assignment=assignment, period=period).first()
    if report is not None and report.state not in (State.DRAFT, State.RETURNED):
        raise ReportingError(_("This report has been submitted and can no longer be edited."))
    fields = {
        "progress": progress,
        "percent": percent,
        "narrative": clean(narrative) if "\n" not in narrative else narrative.strip(),
        "indicators": _clean_indicators(assignment, indicators or {}),
        "done_on": done_on,
    }
    if classification is not None:
        fields["classification"] = int(classification)
    if report is None:
        report = ProgressReport.objects.create(
            assignment=assignment, period=period, created_by=actor, **fields
        )
        audit.record(
            actor=actor, action="report.create", obj=report, changes=fields | {"done_on": str(done_on)}
        )
        return report
    before = {k: getattr(report, k) for k in fields}
    for key, value in fields.items():
        setattr(report, key, value)
    if report.state == State.RETURNED:
        _move(report, actor, State.DRAFT, "")
    report.save()
    audit.record(
        actor=actor,
        action="report.update",
        obj=report,
        changes={k: [str(a), str(b)] for k, (a, b) in audit.diff(before, fields).items()},
    )
    plan_touch(assignment.task.plan_id)
    return report


def _move(report: ProgressReport, actor: User, to_state: str, comment: str) -> None:
    ReportTransition.objects.create(
        report=report, from_state=report.state, to_state=to_state, actor=actor, comment=comment
    )
    report.state = to_state
    if to_state == State.ACCEPTED:
        report.accepted_at = timezone.now()


def _step(
    *,
    actor: User,
    report: ProgressReport,
    action: Action,
    from_states: tuple[str, ...],
    to_state: str,
    comment: str,
    needs_comment: bool = False,
) -> ProgressReport:
    with transaction.atomic():
        report = (
            ProgressReport.objects.select_for_update()
            .select_related("assignment__task__plan")
            .get(pk=report.pk)
        )
        _require(actor, action, report.assignment)
        if report.state not in from_states:
            raise ReportingError(
                _("This report is %(state)s; that step is not possible now.")
                % {"state": report.get_state_display()}
            )
        comment = clean(comment)
        if needs_comment and not comment:
            raise ReportingError(_("Say what needs to change: a comment is required."))
        before = report.state
        _move(report, actor, to_state, comment)
        report.save(update_fields=["state", "accepted_at", "updated_at"])
        audit.record(
            actor=actor,
            action=f"report.{to_state}",
            obj=report,
            changes={"state": [before, to_state], "comment": comment},
        )
        notify_report_step(report=report, actor=actor, comment=comment)
        plan_touch(report.assignment.task.plan_id)
    return report


def report_submit(*, actor: User, report: ProgressReport) -> ProgressReport:
    return _step(
        actor=actor,
        report=report,
        action=Action.EDIT_REPORT,
        from_states=(State.DRAFT,),
        to_state=State.SUBMITTED,
        comment="",
    )


def report_approve(*, actor: User, report: ProgressReport, comment: str = "") -> ProgressReport:
    return _step(
        actor=actor,
        report=report,
        action=Action.APPROVE_REPORT,
        from_states=(State.SUBMITTED,),
        to_state=State.APPROVED,
        comment=comment,
    )


def report_send_back(*, actor: User, report: ProgressReport, comment: str) -> ProgressReport:
    """The unit leader returns a submitted report to the officer."""
    return _step(
        actor=actor,
        report=report,
        action=Action.APPROVE_REPORT,
        from_states=(State.SUBMITTED,),
        to_state=State.RETURNED,
        comment=comment,
        needs_comment=True,
    )


def report_accept(*, actor: User, report: ProgressReport, comment: str = "") -> ProgressReport:
    return _step(
        actor=actor,
        report=report,
        action=Action.REVIEW_REPORT,
        from_states=(State.APPROVED,),
        to_state=State.ACCEPTED,
        comment=comment,
    )


def report_return(*, actor: User, report: ProgressReport, comment: str) -> ProgressReport:
    """The focal officer returns an approved report with comments."""
    return _step(
        actor=actor,
        report=report,
        action=Action.REVIEW_REPORT,
        from_states=(State.APPROVED,),
        to_state=State.RETURNED,
        comment=comment,
        needs_comment=True,
    )


@transaction.atomic
def _check_mark(actor: User, level: int | None, plan: Plan) -> None:
    if level is None:
        return
    if level not in Classification.values:
        raise ReportingError(_("Unknown classification."))
    # Marking above one's own clearance would lock the author out of their own report.
    if not cleared(actor, level, plan):
        raise ReportingError(_("You cannot mark an item above your own clearance."))


def evidence_add(
    *,
    actor: User,
    report: ProgressReport,
    uploaded_file: UploadedFile,
    classification: int = Classification.NORMAL,
) -> Evidence:
    _require(actor, Action.EDIT_REPORT, report.assignment)
    _check_mark(actor, classification, report.assignment.task.plan)
    if report.state not in (State.DRAFT, State.RETURNED):
        raise ReportingError(_("This report has been submitted and can no longer be edited."))
    name = Path(uploaded_file.name or "").name
    suffix = Path(name).suffix.lower()
    if suffix not in EVIDENCE_TYPES:
        raise ReportingError(
            _("Evidence must be a PDF, Word, Excel, JPEG or PNG file (got %(suffix)s).")
            % {"suffix": suffix or "?"}
        )
    limit = settings.TTDN_MAX_EVIDENCE_BYTES
    if not uploaded_file.size:
        raise ReportingError(_("The file is empty."))
    if uploaded_file.size > limit:
        raise ReportingError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(uploaded_file.size), "limit": filesizeformat(limit)}
        )
    content_type, signatures = EVIDENCE_TYPES[suffix]
    head = uploaded_file.read(8)
    uploaded_file.seek(0)
    if not any(head.startswith(sig) for sig in signatures):
        raise ReportingError(_("The file's content does not match its type %(suffix)s.") % {"suffix": suffix})
    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    evidence = Evidence(
        report=report,
        original_name=clean(name)[:255],
        content_type=content_type,
        size=uploaded_file.size,
        sha256=digest.hexdigest(),
        uploaded_by=actor,
        classification=classification,
    )
    evidence.file.save(name, uploaded_file, save=False)
    evidence.save()
    audit.record(
        actor=actor,
        action="report.evidence_add",
        obj=report,
        changes={
            "file": evidence.original_name,
            "sha256": evidence.sha256,
            "classification": int(classification),
        },
    )
    return evidence


# --- deadline extensions ---------------------------------------------------------------------


@transaction.atomic
def extension_request(
    *, actor: User, assignment: Assignment, requested_end: datetime.date, reason: str
) -> DeadlineExtension:
    _require(actor, Action.REQUEST_EXTENSION, assignment)
    reason = clean(reason)
    if not reason:
        raise ReportingError(_("Give the reason for the extension."))
    current = assignment.current_deadline()
    if requested_end <= current:
        raise ReportingError(
            _("The new deadline must be later than the current one (%(date)s).")
            % {"date": current.strftime("%d/%m/%Y")}
        )
    if assignment.extensions.filter(state=DeadlineExtension.State.PENDING).exists():
        raise ReportingError(_("An extension request for this task is already waiting for a decision."))
    extension = DeadlineExtension.objects.create(
        assignment=assignment,
        requested_by=actor,
        current_end=current,
        requested_end=requested_end,
        reason=reason,
    )
    audit.record(
        actor=actor,
        action="extension.request",
        obj=extension,
        changes={"requested_end": str(requested_end), "reason": reason},
    )
    plan_touch(assignment.task.plan_id)
    return extension


@transaction.atomic
def extension_decide(
    *, actor: User, extension: DeadlineExtension, approve: bool, note: str = ""
) -> DeadlineExtension:
    extension = (
        DeadlineExtension.objects.select_for_update()
        .select_related("assignment__task__plan")
        .get(pk=extension.pk)
    )
    _require(actor, Action.DECIDE_EXTENSION, extension.assignment)
    if extension.state != DeadlineExtension.State.PENDING:
        raise ReportingError(_("This request has already been decided."))
    extension.state = DeadlineExtension.State.APPROVED if approve else DeadlineExtension.State.REJECTED
    extension.decided_by, extension.decided_at, extension.decision_note = actor, timezone.now(), clean(note)
    extension.save()
    if approve:
        assignment = extension.assignment
        assignment.extended_end = extension.requested_end
        assignment.save(update_fields=["extended_end", "updated_at"])
    audit.record(
        actor=actor,
        action=f"extension.{extension.state}",
        obj=extension,
        changes={"note": extension.decision_note},
    )
    plan_touch(extension.assignment.task.plan_id)
    return extension


__all__ = [
    "EVIDENCE_TYPES",
    "ReportingError",
    "evidence_add",
    "extension_decide",
    "extension_request",
    "periods_generate",
    "plan_touch",
    "report_accept",
    "report_approve",
    "report_return",
    "report_save",
    "report_send_back",
    "report_submit",
    "schedules_ensure_defaults",
]
