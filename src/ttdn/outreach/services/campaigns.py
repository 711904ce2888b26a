"""Campaign life cycle: draft → awaiting approval → approved (by a second person) → sending → done.

Pause, resume and cancel act between batches of the dispatcher; a message already handed to the SMSC is
never taken back.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ttdn.core import audit
from ttdn.core.classification import Classification, may_see
from ttdn.core.models import User
from ttdn.core.text import clean

from ..encoding import EmptyMessage, encode, unaccented
from ..models import Campaign, CampaignText, Language, Message, Operator
from ..selectors import audience_for

Status = Campaign.Status


class CampaignError(Exception):
    """A refused campaign action; the message is shown to the user."""


def max_segments() -> int:
    return int(getattr(settings, "TTDN_SMS_MAX_SEGMENTS", 4))


def check_text(body: str) -> None:
    """Refuse empty and over-long texts (more than TTDN_SMS_MAX_SEGMENTS segments)."""
    try:
        result = encode(body)
    except EmptyMessage:
        raise CampaignError(_("The message is empty.")) from None
    if result.segments > max_segments():
        raise CampaignError(
            _("The message needs %(n)d segments; at most %(max)d are allowed.")
            % {"n": result.segments, "max": max_segments()}
        )


def text_for(texts: dict[str, str], language: str) -> str:
    """The text a subscriber of ``language`` receives: its own variant, else the unaccented form of the
    Vietnamese text for vi-unaccented, else the Vietnamese text."""
    if texts.get(language):
        return texts[language]
    if language == Language.VI_UNACCENTED and texts.get(Language.VI):
        return unaccented(texts[Language.VI])
    return texts.get(Language.VI, "")


def _require_perm(actor: User, perm: str) -> None:
    if not actor.has_perm(f"outreach.{perm}"):
        raise CampaignError(_("You are not allowed to do this."))


def _move(*, actor: User, campaign: Campaign, to: str, allowed: Iterable[str], **fields) -> Campaign:
    # Re-read under lock: two officers clicking at once must not both move the campaign.
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if locked.status not in allowed:
        raise CampaignError(
            _("This campaign is %(status)s; the action is not possible.")
            % {"status": locked.get_status_display()}
        )
    before = locked.status
    locked.status = to
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save()
    audit.record(actor=actor, action=f"outreach.campaign_{to}", obj=locked, changes={"status": [before, to]})
    return locked


@transaction.atomic
def campaign_save(
    *,
    actor: User,
    campaign: Campaign | None = None,
    title: str,
    texts: dict[str, str],
    communes: Iterable = (),
    operators: Iterable = (),
    languages: Iterable[str] = (),
    border_only: bool = False,
    task=None,
    template=None,
    classification: int | None = None,
) -> Campaign:
    """A classified campaign may be drafted and kept, but it can never be sent (see ``_refuse_classified``).

    ``classification``: None keeps the campaign's mark (Thường for a new one).
    """
    _require_perm(actor, "compose_campaign")
    if classification is None:
        classification = campaign.classification if campaign is not None else Classification.NORMAL
    if classification not in Classification.values or not may_see(actor, classification):
        raise CampaignError(_("You cannot mark an item above your own clearance."))
    texts = {
        lang: clean(body) if "\n" not in body else body.strip()
        for lang, body in texts.items()
        if body and body.strip()
    }
    if not texts.get(Language.VI):
        raise CampaignError(_("A Vietnamese text is required (it is the fallback for every language)."))
    for body in texts.values():
        check_text(body)
    if campaign is None:
        campaign = Campaign(created_by=actor)
    elif campaign.status != Status.DRAFT:
        raise CampaignError(_("Only a draft can be edited."))
    campaign.title = clean(title) or _("Untitled campaign")
    campaign.border_only, campaign.task, campaign.template = border_only, task, template
    campaign.languages = sorted(set(languages))
    campaign.classification = classification
    campaign.save()
    campaign.communes.set(communes)
    campaign.operators.set(operators)
    campaign.texts.all().delete()
    CampaignText.objects.bulk_create(
        CampaignText(campaign=campaign, language=k, body=v) for k, v in texts.items()
    )
    audit.record(
        actor=actor,
        action="outreach.campaign_save",
        obj=campaign,
        changes={"texts": texts, "classification": int(classification)},
    )
    return campaign


def _refuse_classified(campaign: Campaign) -> None:
    if campaign.classification > Classification.NORMAL:
        raise CampaignError(_("A classified campaign can never be sent by SMS."))


@transaction.atomic
def campaign_submit(*, actor: User, campaign: Campaign) -> Campaign:
    _require_perm(actor, "compose_campaign")
    _refuse_classified(campaign)
    return _move(actor=actor, campaign=campaign, to=Status.PENDING, allowed=[Status.DRAFT])


@transaction.atomic
def campaign_approve(*, actor: User, campaign: Campaign) -> Campaign:
    _require_perm(actor, "approve_campaign")
    if campaign.created_by_id == actor.pk:
        raise CampaignError(_("A campaign must be approved by someone other than its author."))
    _refuse_classified(campaign)
    return _move(
        actor=actor,
        campaign=campaign,
        to=Status.APPROVED,
        allowed=[Status.PENDING],
        approved_by=actor,
        approved_at=timezone.now(),
    )


@transaction.atomic
def campaign_reject(*, actor: User, campaign: Campaign) -> Campaign:
    _require_perm(actor, "approve_campaign")
    return _move(actor=actor, campaign=campaign, to=Status.DRAFT, allowed=[Status.PENDING])


@transaction.atomic
def campaign_schedule(*, actor: User, campaign: Campaign, at: datetime.datetime | None = None) -> Campaign:
    """Messages are created (ids persisted) now; the dispatcher starts at ``at`` (now when omitted)."""
    _require_perm(actor, "send_campaign")
    _refuse_classified(campaign)
    at = at or timezone.now()
    campaign = _move(
        actor=actor,
        campaign=campaign,
        to=Status.SENDING,
        allowed=[Status.APPROVED],
        scheduled_at=at,
        started_at=timezone.now(),
    )
    created = messages_create(campaign=campaign, not_before=at)
    audit.record(actor=actor, action="outreach.messages_create", obj=campaign, changes={"messages": created})
    _enqueue_dispatch(campaign.pk, at)
    return campaign


def _enqueue_dispatch(campaign_id: int, at: datetime.datetime | None = None) -> None:
    from ..tasks import dispatch_campaign_task

    def enqueue() -> None:
        task = dispatch_campaign_task
        if at is not None and at > timezone.now():
            task = task.using(run_after=at)
        task.enqueue(campaign_id)

    transaction.on_commit(enqueue)


@transaction.atomic
def campaign_pause(*, actor: User, campaign: Campaign) -> Campaign:
    _require_perm(actor, "send_campaign")
    return _move(actor=actor, campaign=campaign, to=Status.PAUSED, allowed=[Status.SENDING])


@transaction.atomic
def campaign_resume(*, actor: User, campaign: Campaign) -> Campaign:
    _require_perm(actor, "send_campaign")
    campaign = _move(actor=actor, campaign=campaign, to=Status.SENDING, allowed=[Status.PAUSED])
    _enqueue_dispatch(campaign.pk)
    return campaign


@transaction.atomic
def campaign_cancel(*, actor: User, campaign: Campaign) -> Campaign:
    _require_perm(actor, "send_campaign")
    campaign = _move(
        actor=actor,
        campaign=campaign,
        to=Status.CANCELLED,
        allowed=[Status.DRAFT, Status.PENDING, Status.APPROVED, Status.SENDING, Status.PAUSED],
        finished_at=timezone.now(),
    )
    Message.objects.filter(campaign=campaign, status=Message.Status.QUEUED).update(
        status=Message.Status.CANCELLED, done_at=timezone.now()
    )
    return campaign


@transaction.atomic
def message_resolve_unknown(*, actor: User, message: Message, resend: bool) -> Message:
    """A person decides about a message whose submit was in flight at a crash: requeue it (accepting a
    possible duplicate) or close it as failed."""
    _require_perm(actor, "send_campaign")
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.status != Message.Status.UNKNOWN:
        raise CampaignError(_("Only a message in the unknown state can be decided."))
    message.status = Message.Status.QUEUED if resend else Message.Status.FAILED
    message.error = "" if resend else "closed by a person after a crash"
    message.save(update_fields=["status", "error"])
    audit.record(actor=actor, action="outreach.message_resolve", obj=message, changes={"resend": resend})
    if resend and message.campaign.status == Status.SENDING:
        _enqueue_dispatch(message.campaign_id)
    return message


def messages_create(*, campaign: Campaign, not_before: datetime.datetime | None = None) -> int:
    """One queued Message (uuid id) per reachable subscriber of the audience; a second call adds nobody twice
    (unique campaign+subscriber)."""
    _refuse_classified(campaign)
    texts = dict(campaign.texts.values_list("language", "body"))
    prices = dict(Operator.objects.values_list("pk", "price_per_segment"))
    encoded_cache: dict[str, tuple[str, int]] = {}
    already = set(Message.objects.filter(campaign=campaign).values_list("subscriber_id", flat=True))
    seq = Message.objects.filter(campaign=campaign).count()
    batch: list[Message] = []
    created = 0
    subscribers = audience_for(campaign).values_list("pk", "phone", "operator_id", "commune_id", "language")
    for pk, phone, operator_id, commune_id, language in subscribers.order_by("pk").iterator(chunk_size=2000):
        if pk in already:
            continue
        body = text_for(texts, language)
        if body not in encoded_cache:
            result = encode(body)
            encoded_cache[body] = (result.encoding, result.segments)
        encoding, segments = encoded_cache[body]
        seq += 1
        batch.append(
            Message(
                campaign=campaign,
                subscriber_id=pk,
                seq=seq,
                phone=phone,
                operator_id=operator_id,
                commune_id=commune_id,
                language=language,
                body=body,
                encoding=encoding,
                segments=segments,
                cost=Decimal(segments) * prices.get(operator_id, Decimal(0)),
                not_before=not_before,
            )
        )
        if len(batch) >= 1000:
            Message.objects.bulk_create(batch)
            created += len(batch)
            batch = []
    Message.objects.bulk_create(batch)
    return created + len(batch)
