"""Foreign reporter visits and their MOFA permit, media events, press cooperation, content, publications."""

import datetime
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ttdn.core import audit
from ttdn.core.models import User
from ttdn.core.text import clean, clean_lines
from ttdn.directory.models import Membership, Unit, UnitKind
from ttdn.plans.access import actor_for
from ttdn.plans.models import Task
from ttdn.plans.services.notifications import notify

from ..models import ContentItem, CooperationAgreement, Journalist, MediaEvent, Publication, ReporterVisit
from ..selectors.access import keeps_press_contacts
from ..workdays import working_days_before
from .common import ActivityError, checked_upload, require_edit, save_changes


def permit_working_days() -> int:
    """Working days the Ministry of Foreign Affairs needs before a visit (Nghị định 88/2012/NĐ-CP)."""
    return int(getattr(settings, "TTDN_PERMIT_WORKING_DAYS", 10))


def permit_reminder_days() -> list[int]:
    """Days before the application deadline on which to remind (largest first)."""
    return sorted(getattr(settings, "TTDN_PERMIT_REMINDER_DAYS", [7, 3, 1, 0]), reverse=True)


def permit_deadline_for(starts_on: datetime.date) -> datetime.date:
    return working_days_before(starts_on, permit_working_days())


@transaction.atomic
def visit_create(
    *,
    actor: User,
    task: Task,
    reporter: str,
    outlet: str,
    country: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    accompanying_unit: Unit,
    itinerary: str = "",
    today: datetime.date | None = None,
) -> ReporterVisit:
    require_edit(actor, task)
    reporter, outlet, country = clean(reporter), clean(outlet), clean(country)
    if not (reporter and outlet and country):
        raise ActivityError(_("Give the reporter, the outlet and the country."))
    if ends_on < starts_on:
        raise ActivityError(_("The visit must end on or after its first day."))
    visit = ReporterVisit.objects.create(
        task=task,
        reporter=reporter,
        outlet=outlet,
        country=country,
        starts_on=starts_on,
        ends_on=ends_on,
        itinerary="\n".join(line for line in (clean(t) for t in itinerary.splitlines()) if line),
        accompanying_unit=accompanying_unit,
        permit_deadline=permit_deadline_for(starts_on),
        created_by=actor,
    )
    audit.record(
        actor=actor,
        action="activities.visit_create",
        obj=visit,
        changes={"starts_on": starts_on.isoformat(), "permit_deadline": visit.permit_deadline.isoformat()},
    )
    # A visit recorded late is already inside the reminder window: remind at once, not at the next sweep.
    visit_id = visit.pk
    transaction.on_commit(lambda: permit_reminders(today=today, visit_ids=[visit_id]))
    return visit


@transaction.atomic
def visit_permit_update(*, actor: User, visit: ReporterVisit, state: str, number: str = "") -> ReporterVisit:
    require_edit(actor, visit.task)
    if state not in ReporterVisit.PermitState.values:
        raise ActivityError(_("Unknown permit state."))
    if state == ReporterVisit.PermitState.GRANTED and not clean(number):
        raise ActivityError(_("Give the permit's number."))
    before = {"state": visit.permit_state, "number": visit.permit_number}
    visit.permit_state, visit.permit_number = state, clean(number)
    visit.save(update_fields=["permit_state", "permit_number", "updated_at"])
    audit.record(
        actor=actor,
        action="activities.visit_permit",
        obj=visit,
        changes=audit.diff(before, {"state": state, "number": visit.permit_number}),
    )
    return visit


def _reminder_targets(visit: ReporterVisit) -> list[User]:
    unit_ids = {visit.accompanying_unit_id, visit.task.plan.focal_unit_id} - {None}
    return list(
        User.objects.filter(
            membership__unit_id__in=unit_ids,
            membership__role__in=[Membership.Role.OFFICER, Membership.Role.LEADER],
            is_active=True,
        )
    )


def permit_reminders(*, today: datetime.date | None = None, visit_ids: list[int] | None = None) -> int:
    """Remind about permits not yet applied for, once per reminder step (event keys make repeats no-ops)."""
    today = today or timezone.localdate()
    steps = permit_reminder_days()
    visits = ReporterVisit.objects.filter(
        permit_state=ReporterVisit.PermitState.NOT_APPLIED, starts_on__gte=today
    ).select_related("task__plan", "accompanying_unit")
    if visit_ids is not None:
        visits = visits.filter(pk__in=visit_ids)
    sent = 0
    for visit in visits:
        days_left = (visit.permit_deadline - today).days
        if days_left < 0:
            step, text = (
                "late",
                _("The MOFA permit for %(visit)s was due by %(date)s and has not been applied for."),
            )
        else:
            due_steps = [s for s in steps if days_left <= s]
            if not due_steps:
                continue
            step, text = (
                str(due_steps[-1]),
                _("Apply for the MOFA permit for %(visit)s by %(date)s (visit starts %(start)s)."),
            )
        message = text % {
            "visit": f"{visit.reporter} ({visit.outlet}, {visit.country})",
            "date": visit.permit_deadline.strftime("%d/%m/%Y"),
            "start": visit.starts_on.strftime("%d/%m/%Y"),
        }
        link = reverse("activities:visit_detail", args=[visit.pk])
        for user in _reminder_targets(visit):
            sent += (
                notify(
                    user=user,
                    event_key=f"permit:{visit.pk}:{visit.permit_deadline}:{step}:{user.pk}",
                    kind="permit",
                    message=message,
                    link=link,
                )
                is not None
            )
    return sent


@transaction.atomic
def event_create(
    *,
    actor: User,
    task: Task,
    title: str,
    kind: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    organiser: Unit,
    place: str = "",
    description: str = "",
    coverage_urls: list[str] | None = None,
) -> MediaEvent:
    require_edit(actor, task)
    title = clean(title)
    if not title:
        raise ActivityError(_("Give the event a title."))
    if kind not in MediaEvent.Kind.values:
        raise ActivityError(_("Unknown event kind."))
    if ends_at <= starts_at:
        raise ActivityError(_("An event must end after it starts."))
    event = MediaEvent.objects.create(
        task=task,
        title=title,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        organiser=organiser,
        place=clean(place),
        description=clean(description),
        coverage_urls=list(dict.fromkeys(u.strip() for u in coverage_urls or [] if u.strip())),
    )
    audit.record(actor=actor, action="activities.event_create", obj=event, changes={"task": task.code})
    return event


@transaction.atomic
def event_add_coverage(*, actor: User, event: MediaEvent, url: str) -> MediaEvent:
    require_edit(actor, event.task)
    url = url.strip()
    if not url.startswith(("http://", "https://")):
        raise ActivityError(_("A coverage link must start with http:// or https://."))
    if url not in event.coverage_urls:
        event.coverage_urls = [*event.coverage_urls, url]
        event.save(update_fields=["coverage_urls", "updated_at"])
        audit.record(actor=actor, action="activities.event_coverage", obj=event, changes={"url": url})
    return event


@transaction.atomic
def content_item_create(
    *,
    actor: User,
    task: Task,
    title: str,
    kind: str,
    languages: list[str],
    published_on: datetime.date,
    url: str = "",
    agency: Unit | None = None,
) -> ContentItem:
    require_edit(actor, task)
    languages = list(dict.fromkeys(languages))
    if not languages or set(languages) - set(ContentItem.Language.values):
        raise ActivityError(_("Choose the item's languages (vi, en, zh, other)."))
    if kind not in ContentItem.Kind.values:
        raise ActivityError(_("Unknown content kind."))
    title = clean(title)
    if not title:
        raise ActivityError(_("Give the item a title."))
    item = ContentItem.objects.create(
        task=task,
        title=title,
        kind=kind,
        languages=languages,
        published_on=published_on,
        url=url.strip(),
        agency=agency,
    )
    audit.record(actor=actor, action="activities.content_create", obj=item, changes={"languages": languages})
    return item


def _agreement_fields(
    *,
    agency: Unit,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    deliverables: str,
    value: Decimal | None,
) -> dict[str, object]:
    """The checked, cleaned fields of an agreement (shared by create and update, so both refuse alike)."""
    if agency.kind != UnitKind.PRESS:
        raise ActivityError(_("Cooperation agreements are made with a press agency."))
    if ends_on < starts_on:
        raise ActivityError(_("The term must end after it starts."))
    title = clean(title)
    if not title:
        raise ActivityError(_("Give the item a title."))
    if value is not None and value < 0:
        raise ActivityError(_("The value cannot be negative."))
    return {
        "agency": agency,
        "title": title,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "deliverables": "\n".join(clean_lines(deliverables)),
        "value": value,
    }


@transaction.atomic
def agreement_create(
    *,
    actor: User,
    task: Task,
    agency: Unit,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    deliverables: str = "",
    value: Decimal | None = None,
) -> CooperationAgreement:
    require_edit(actor, task)
    fields = _agreement_fields(
        agency=agency,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        deliverables=deliverables,
        value=value,
    )
    agreement = CooperationAgreement.objects.create(task=task, **fields)
    audit.record(
        actor=actor,
        action="activities.agreement_create",
        obj=agreement,
        changes={"task": task.code, "agency": agency.code, "starts_on": starts_on.isoformat()},
    )
    return agreement


@transaction.atomic
def agreement_update(
    *,
    actor: User,
    agreement: CooperationAgreement,
    agency: Unit,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    deliverables: str = "",
    value: Decimal | None = None,
) -> CooperationAgreement:
    """Change the main fields; the task stays, since the rights to the agreement come from it."""
    require_edit(actor, agreement.task)
    fields = _agreement_fields(
        agency=agency,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        deliverables=deliverables,
        value=value,
    )
    save_changes(actor=actor, record=agreement, fields=fields, action="activities.agreement_update")
    return agreement


def _journalist_fields(
    *,
    actor: User,
    agency: Unit,
    name: str,
    position: str,
    email: str,
    phone: str,
    consent_source: str,
    consent_date: datetime.date | None,
) -> dict[str, object]:
    """The checked, cleaned fields of a press contact (shared by create and update, so both refuse alike)."""
    if not keeps_press_contacts(actor_for(actor)):
        raise ActivityError(_("You are not allowed to do this."))
    if agency.kind != UnitKind.PRESS:
        raise ActivityError(_("Journalists belong to a press agency."))
    name = clean(name)
    if not name:
        raise ActivityError(_("Give the journalist's name."))
    consent_source = clean(consent_source)[:200]
    return {
        "agency": agency,
        "name": name,
        "position": clean(position),
        "email": email.strip().lower(),
        "phone": phone.strip(),
        "consent_source": consent_source,
        # A date without a source says nothing about how the person agreed (Nghị định 13/2023).
        "consent_date": consent_date if consent_source else None,
    }


@transaction.atomic
def journalist_create(
    *,
    actor: User,
    agency: Unit,
    name: str,
    position: str = "",
    email: str = "",
    phone: str = "",
    consent_source: str = "",
    consent_date: datetime.date | None = None,
) -> Journalist:
    """The press contact list is kept by the focal department (any plan's focal unit) and administrators."""
    fields = _journalist_fields(
        actor=actor,
        agency=agency,
        name=name,
        position=position,
        email=email,
        phone=phone,
        consent_source=consent_source,
        consent_date=consent_date,
    )
    journalist = Journalist.objects.create(**fields)
    audit.record(actor=actor, action="activities.journalist_create", obj=journalist)
    return journalist


@transaction.atomic
def journalist_update(
    *,
    actor: User,
    journalist: Journalist,
    agency: Unit,
    name: str,
    position: str = "",
    email: str = "",
    phone: str = "",
    consent_source: str = "",
    consent_date: datetime.date | None = None,
) -> Journalist:
    """Change a press contact. The audit event names the changed fields only: the log is append-only, so
    a name or phone number written there could never be erased."""
    fields = _journalist_fields(
        actor=actor,
        agency=agency,
        name=name,
        position=position,
        email=email,
        phone=phone,
        consent_source=consent_source,
        consent_date=consent_date,
    )
    journalist = Journalist.objects.select_for_update().get(pk=journalist.pk)
    # Erasure withdrew the consent and emptied the row; writing details back would undo it.
    if journalist.consent_withdrawn_at is not None:
        raise ActivityError(
            _(
                "This contact's details were erased at their request; if they agree again, add them as a "
                "new journalist."
            )
        )
    save_changes(
        actor=actor,
        record=journalist,
        fields=fields,
        action="activities.journalist_update",
        values_in_log=False,
    )
    return journalist


def _publication_fields(
    *, title: str, kind: str, owner_unit: Unit, print_run: int | None, portal_url: str
) -> dict[str, object]:
    if kind not in Publication.Kind.values:
        raise ActivityError(_("Unknown publication kind."))
    title = clean(title)
    if not title:
        raise ActivityError(_("Give the item a title."))
    if print_run is not None and print_run < 1:
        raise ActivityError(_("A print run is at least one copy."))
    portal_url = portal_url.strip()
    if portal_url and not portal_url.startswith(("http://", "https://")):
        raise ActivityError(_("A link must start with http:// or https://."))
    return {
        "title": title,
        "kind": kind,
        "owner_unit": owner_unit,
        "print_run": print_run,
        "portal_url": portal_url,
    }


@transaction.atomic
def publication_create(
    *,
    actor: User,
    task: Task,
    title: str,
    kind: str,
    owner_unit: Unit,
    print_run: int | None = None,
    portal_url: str = "",
) -> Publication:
    require_edit(actor, task)
    fields = _publication_fields(
        title=title, kind=kind, owner_unit=owner_unit, print_run=print_run, portal_url=portal_url
    )
    publication = Publication.objects.create(task=task, **fields)
    audit.record(
        actor=actor,
        action="activities.publication_create",
        obj=publication,
        changes={"task": task.code, "kind": kind},
    )
    return publication


@transaction.atomic
def publication_update(
    *,
    actor: User,
    publication: Publication,
    title: str,
    kind: str,
    owner_unit: Unit,
    print_run: int | None = None,
    portal_url: str = "",
) -> Publication:
    """Change the main fields; status has its own service (it needs a date when published)."""
    require_edit(actor, publication.task)
    fields = _publication_fields(
        title=title, kind=kind, owner_unit=owner_unit, print_run=print_run, portal_url=portal_url
    )
    save_changes(actor=actor, record=publication, fields=fields, action="activities.publication_update")
    return publication


@transaction.atomic
def publication_attach(*, actor: User, publication: Publication, uploaded_file: UploadedFile) -> Publication:
    """Attach the publication's file, replacing any earlier one. The upload is checked before anything is
    stored, so a refused file leaves neither a row change nor a stray file behind."""
    require_edit(actor, publication.task)
    name, _content_type, sha256 = checked_upload(uploaded_file)
    storage = publication.file.storage
    old = publication.file.name or ""
    publication.file.save(name, uploaded_file, save=False)
    new = publication.file.name or ""
    try:
        publication.save(update_fields=["file", "updated_at"])
        audit.record(
            actor=actor,
            action="activities.publication_file",
            obj=publication,
            changes={
                "file": [PurePath(old).name or None, clean(name)],
                "size": uploaded_file.size,
                "sha256": sha256,
            },
        )
    except Exception:
        storage.delete(new)
        raise
    if old and old != new:
        # Only once the new file is committed: a rolled-back replacement must still find the old one.
        transaction.on_commit(lambda: storage.delete(old))
    return publication


@transaction.atomic
def publication_status(
    *, actor: User, publication: Publication, status: str, published_on: datetime.date | None = None
) -> Publication:
    require_edit(actor, publication.task)
    if status not in Publication.Status.values:
        raise ActivityError(_("Unknown publication status."))
    if status == Publication.Status.PUBLISHED and published_on is None:
        raise ActivityError(_("Give the publication date."))
    before = publication.status
    publication.status, publication.published_on = status, published_on
    publication.save(update_fields=["status", "published_on", "updated_at"])
    audit.record(
        actor=actor,
        action="activities.publication_status",
        obj=publication,
        changes={"status": [before, status]},
    )
    return publication
