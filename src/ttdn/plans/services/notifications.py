"""In-app notifications and e-mail, and the reminders the focal department would otherwise phone in.

Every notification has an ``event_key`` that is unique in the database: creating it twice — two workers
running the same reminder sweep, or a retried task — finds the existing row and sends nothing.
"""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ttdn.core.models import User
from ttdn.directory.models import Membership

from ..models import Assignment, Notification, ProgressReport, ReportingPeriod, Role


def notify(*, user: User, event_key: str, kind: str, message: str, link: str = "") -> Notification | None:
    """Store the notification and e-mail it after commit; None if this event was already notified."""
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                user=user, event_key=event_key[:200], kind=kind, message=message, link=link
            )
    except IntegrityError:
        return None
    if user.email:
        transaction.on_commit(lambda: _email(notification.pk))
    return notification


def _email(notification_id: int) -> None:
    notification = Notification.objects.select_related("user").get(pk=notification_id)
    body = notification.message
    if notification.link:
        body += f"\n\n{settings.TTDN_SITE_URL}{notification.link}"
    send_mail(f"[TTĐN] {notification.message[:80]}", body, None, [notification.user.email])
    Notification.objects.filter(pk=notification_id).update(emailed_at=timezone.now())


def _members(unit_id: int | None, *roles: str) -> list[User]:
    if unit_id is None:
        return []
    return list(User.objects.filter(membership__unit_id=unit_id, membership__role__in=roles, is_active=True))


def notify_report_step(*, report: ProgressReport, actor: User, comment: str) -> None:
    """Tell whoever acts next that a report moved."""
    assignment = report.assignment
    link = reverse("plans:report_detail", args=[report.pk])
    what = f"{assignment.task.code} · {assignment.unit.name} · {report.period.label}"
    state = ProgressReport.State
    targets: list[User] = []
    if report.state == state.SUBMITTED:
        targets, text = (
            _members(assignment.unit_id, Membership.Role.LEADER),
            _("A report waits for your approval: %(what)s"),
        )
    elif report.state == state.APPROVED:
        targets = _members(
            assignment.task.plan.focal_unit_id, Membership.Role.OFFICER, Membership.Role.LEADER
        )
        text = _("A report waits for review by the focal department: %(what)s")
    elif report.state == state.RETURNED:
        targets, text = [report.created_by], _("Your report was returned: %(what)s")
    elif report.state == state.ACCEPTED:
        targets, text = [report.created_by], _("Your report was accepted: %(what)s")
    else:
        return
    message = text % {"what": what} + (f" — {comment}" if comment else "")
    step = report.transitions.count()
    for user in targets:
        if user.pk != actor.pk:
            notify(
                user=user,
                event_key=f"report:{report.pk}:{step}:{user.pk}",
                kind=f"report_{report.state}",
                message=message,
                link=link,
            )


def send_reminders(*, today: datetime.date | None = None) -> int:
    """One sweep: deadlines approaching, deadlines passed, reporting periods opening and closing."""
    today = today or timezone.localdate()
    sent = 0
    from ..selectors.tracking import with_status

    open_assignments = (
        with_status(
            Assignment.objects.filter(role=Role.LEAD, active=True, task__withdrawn_at__isnull=True), today
        )
        .filter(status__in=["in_progress", "overdue"])
        .select_related("task", "unit")
    )
    officers: dict[int, list[User]] = {}

    def unit_officers(unit_id: int) -> list[User]:
        if unit_id not in officers:
            officers[unit_id] = _members(unit_id, Membership.Role.OFFICER, Membership.Role.LEADER)
        return officers[unit_id]

    for assignment in open_assignments.iterator():
        days_left = (assignment.deadline - today).days
        link = reverse("plans:assignment_detail", args=[assignment.pk])
        if assignment.status == "overdue":
            key, text = (
                f"overdue:{assignment.pk}:{assignment.deadline}",
                _("Overdue since %(date)s: %(task)s"),
            )
        elif days_left in settings.TTDN_REMINDER_DAYS:
            key, text = (
                f"due:{assignment.pk}:{assignment.deadline}:{days_left}",
                _("Due on %(date)s: %(task)s"),
            )
        else:
            continue
        message = text % {
            "date": assignment.deadline.strftime("%d/%m/%Y"),
            "task": f"{assignment.task.code} {assignment.task.title[:120]}",
        }
        for user in unit_officers(assignment.unit_id):
            sent += (
                notify(user=user, event_key=f"{key}:{user.pk}", kind="deadline", message=message, link=link)
                is not None
            )

    for period in ReportingPeriod.objects.filter(
        start__lte=today, due__gte=today - datetime.timedelta(days=1)
    ).select_related("plan"):
        if period.start == today or (today - period.start).days < 7:
            key, text = (
                f"period-open:{period.pk}",
                _("Reporting period %(period)s is open; reports are due on %(date)s."),
            )
        elif 0 <= (period.due - today).days <= settings.TTDN_PERIOD_CLOSING_DAYS:
            key, text = f"period-closing:{period.pk}", _("Reporting period %(period)s closes on %(date)s.")
        else:
            continue
        message = text % {
            "period": f"{period.plan.title[:80]} · {period.label}",
            "date": period.due.strftime("%d/%m/%Y"),
        }
        unit_ids = set(
            Assignment.objects.filter(
                task__plan=period.plan, active=True, task__withdrawn_at__isnull=True
            ).values_list("unit_id", flat=True)
        )
        for user in User.objects.filter(
            membership__unit_id__in=unit_ids, membership__role=Membership.Role.OFFICER, is_active=True
        ):
            sent += (
                notify(
                    user=user,
                    event_key=f"{key}:{user.pk}",
                    kind="period",
                    message=message,
                    link=reverse("plans:my_work"),
                )
                is not None
            )
    return sent


def notifications_mark_read(*, user: User, ids: list[int] | None = None) -> int:
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


__all__ = ["notifications_mark_read", "notify", "notify_report_step", "send_reminders"]
