"""Outreach's personal data for data subject requests (see :mod:`ttdn.core.personal_data`): subscribers
with the SMS sent to them, and incoming messages (MO) by phone number."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ttdn.core import audit
from ttdn.core.personal_data import TOMBSTONE, Consent, PersonalRecord, Subject, export_base, scrub

from .models import Inbound, Message, Subscriber


def _e164(subject: Subject) -> str:
    """Outreach stores mobile numbers as +84 and nine digits (``phones.normalise``)."""
    key = subject.phone_key
    return "+84" + key if len(key) == 9 else ""


def _label(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def _erased_phone(subscriber_pk: int) -> str:
    # phone is unique and short: a per-row marker, never a real number (it has no digits run of 8).
    return f"xoa-{subscriber_pk}"


class SubscriberSource:
    key = "outreach.subscriber"
    label = _("SMS subscribers")
    purpose = _(
        "Sending foreign-information SMS messages to people in border communes who agreed to receive them; "
        "delivery records prove what was sent and what it cost."
    )
    legal_basis = _("Consent of the subscriber (Decree 13/2023/NĐ-CP, Article 11), withdrawn by STOP/TC.")

    def find(self, subject: Subject) -> list[PersonalRecord]:
        phone = _e164(subject)
        if not phone:
            return []
        out = []
        for s in Subscriber.objects.filter(phone=phone).select_related("operator", "commune"):
            out.append(
                PersonalRecord(
                    source=self.key,
                    pk=str(s.pk),
                    label=str(self.label),
                    fields={
                        _label(Subscriber, "phone"): s.phone,
                        _label(Subscriber, "operator"): str(s.operator or ""),
                        _label(Subscriber, "commune"): str(s.commune or ""),
                        _label(Subscriber, "language"): s.get_language_display(),
                        str(_("SMS received")): s.messages.count(),
                    },
                    matched_by=("phone",),
                    consent=Consent(
                        recorded=True,
                        source=s.consent_source,
                        given_on=s.consent_date,
                        withdrawn_at=s.opted_out_at,
                    ),
                )
            )
        return out

    def export(self, records: Sequence[PersonalRecord]) -> dict[str, Any]:
        data = export_base(self, records)
        ids = [int(r.pk) for r in records]
        messages: dict[int, list[dict[str, Any]]] = {}
        for m in (
            Message.objects.filter(subscriber_id__in=ids)
            .select_related("campaign")
            .order_by("created_at")
            .only(
                "subscriber_id", "campaign__title", "body", "status", "submitted_at", "done_at", "created_at"
            )
        ):
            messages.setdefault(m.subscriber_id, []).append(
                {
                    "campaign": m.campaign.title,
                    "text": m.body,
                    "status": m.get_status_display(),
                    "sent_at": m.submitted_at,
                    "delivered_at": m.done_at,
                }
            )
        for row in data["records"]:
            row["messages"] = messages.get(int(row["id"]), [])
        return data

    def erase(self, records: Sequence[PersonalRecord], *, actor: Any) -> int:
        now = timezone.now()
        count = 0
        for subscriber in Subscriber.objects.filter(pk__in=[int(r.pk) for r in records]).select_for_update():
            subject = Subject(phone=subscriber.phone)
            tombstone = _erased_phone(subscriber.pk)
            # Unsent messages to an erased person are not sent; sent ones stay for the campaign's figures.
            subscriber.messages.filter(status=Message.Status.QUEUED).update(status=Message.Status.CANCELLED)
            for message in subscriber.messages.only("pk", "phone", "body", "error"):
                message.phone = tombstone
                message.body, message.error = scrub(message.body, subject), scrub(message.error, subject)
                message.save(update_fields=["phone", "body", "error"])
            subscriber.phone = tombstone
            subscriber.consent_source = scrub(subscriber.consent_source, subject)
            if subscriber.opted_out_at is None:
                subscriber.opted_out_at, subscriber.opt_out_source = now, "xóa theo yêu cầu"
            subscriber.save(
                update_fields=["phone", "consent_source", "opted_out_at", "opt_out_source", "updated_at"]
            )
            audit.record(actor=actor, action="outreach.subscriber_erase", obj=subscriber)
            count += 1
        return count


class InboundSource:
    key = "outreach.inbound"
    label = _("Incoming SMS")
    purpose = _("Acting on what people send to the SMS number, above all STOP/TC opt-outs.")
    legal_basis = _("Carrying out the sender's own request (opt-out) and keeping proof of it.")

    def find(self, subject: Subject) -> list[PersonalRecord]:
        phone = _e164(subject)
        if not phone:
            return []
        return [
            PersonalRecord(
                source=self.key,
                pk=str(i.pk),
                label=str(self.label),
                fields={
                    str(_("phone number")): i.phone,
                    str(_("text")): i.text,
                    str(_("received at")): i.received_at,
                },
                matched_by=("phone",),
                consent=None,
            )
            for i in Inbound.objects.filter(Q(phone=phone)).order_by("received_at")
        ]

    def export(self, records: Sequence[PersonalRecord]) -> dict[str, Any]:
        return export_base(self, records)

    def erase(self, records: Sequence[PersonalRecord], *, actor: Any) -> int:
        ids = [int(r.pk) for r in records]
        # The action (opt-out) stays: it is what the opt-out figures count.
        count = Inbound.objects.filter(pk__in=ids).update(phone=TOMBSTONE[:16], text=TOMBSTONE)
        if count:
            audit.append(
                actor_id=getattr(actor, "pk", None),
                action="outreach.inbound_erase",
                object_type="outreach.inbound",
                changes={"ids": ids},
            )
        return count
