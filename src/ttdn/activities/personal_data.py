"""Activities' personal data for data subject requests (see :mod:`ttdn.core.personal_data`): training
participants and trainers, journalists in the press contact list, foreign reporters' visits.

Names are matched folded (no tones, any case) by reading the name column in Python: these tables hold
hundreds to a few thousand rows, and SQLite cannot compare Vietnamese text without tones itself.
Phone numbers are stored as typed, so they are compared the same way, through
:func:`ttdn.core.personal_data.phone_key`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ttdn.core import audit
from ttdn.core.personal_data import (
    TOMBSTONE,
    Consent,
    PersonalRecord,
    Subject,
    export_base,
    name_key,
    phone_key,
    scrub,
)

from .models import Evaluation, Journalist, Participant, ReporterVisit, Trainer


def _label(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def _candidates(model, subject: Subject, *, name: str, phone: str | None = None, email: str | None = None):
    """Primary keys of rows that may match; :meth:`Subject.matches` decides."""
    ids: set[int] = set()
    if email and subject.email_key:
        ids |= set(
            model.objects.filter(**{f"{email}__iexact": subject.email_key}).values_list("pk", flat=True)
        )
    if phone and subject.phone_key:
        # Typed with any spacing ("0912 345 678"), so no SQL pattern is safe; the column is small.
        rows = model.objects.exclude(**{phone: ""}).values_list("pk", phone)
        ids |= {pk for pk, value in rows if phone_key(value) == subject.phone_key}
    if subject.name_key:
        ids |= {
            pk for pk, value in model.objects.values_list("pk", name) if name_key(value) == subject.name_key
        }
    return ids


def _consent(row) -> Consent:
    return Consent(
        recorded=bool(row.consent_source),
        source=row.consent_source,
        given_on=row.consent_date,
        withdrawn_at=row.consent_withdrawn_at,
    )


class _Source:
    key: str
    label: Any
    purpose: Any
    legal_basis: Any

    def export(self, records: Sequence[PersonalRecord]) -> dict[str, Any]:
        return export_base(self, records)  # type: ignore[arg-type]

    def _audit(self, actor: Any, ids: list[int]) -> None:
        # Ids only: names in the append-only log could never be erased.
        audit.append(
            actor_id=getattr(actor, "pk", None),
            action=f"{self.key}_erase",
            object_type=self.key,
            changes={"ids": ids},
        )


class ParticipantSource(_Source):
    key = "activities.participant"
    label = _("Training participants")
    purpose = _(
        "Registering people for foreign-information training, checking them in, collecting their evaluation "
        "and reporting how many were trained from which units."
    )
    legal_basis = _("Consent given on the registration form (Decree 13/2023/NĐ-CP, Article 11).")

    def find(self, subject: Subject) -> list[PersonalRecord]:
        ids = _candidates(Participant, subject, name="full_name", phone="phone", email="email")
        out = []
        for p in Participant.objects.filter(pk__in=ids).select_related("course").order_by("pk"):
            how = subject.matches(phone=p.phone, email=p.email, name=p.full_name)
            if not how:
                continue
            evaluation = Evaluation.objects.filter(participant=p).values_list("comment", flat=True).first()
            out.append(
                PersonalRecord(
                    source=self.key,
                    pk=str(p.pk),
                    label=str(p.course),
                    fields={
                        _label(Participant, "full_name"): p.full_name,
                        _label(Participant, "position"): p.position,
                        _label(Participant, "organisation"): p.organisation,
                        _label(Participant, "email"): p.email,
                        _label(Participant, "phone"): p.phone,
                        _label(Participant, "registered_at"): p.registered_at,
                        _label(Participant, "checked_in_at"): p.checked_in_at,
                        str(_("evaluation comment")): evaluation or "",
                    },
                    matched_by=how,
                    consent=_consent(p),
                )
            )
        return out

    def erase(self, records: Sequence[PersonalRecord], *, actor: Any) -> int:
        ids = [int(r.pk) for r in records]
        now = timezone.now()
        rows = list(Participant.objects.filter(pk__in=ids).select_for_update())
        for p in rows:
            subject = Subject(phone=p.phone, email=p.email, full_name=p.full_name)
            # The row stays (the course's participant and attendance figures count it); who it was goes.
            p.full_name, p.position, p.email, p.phone = TOMBSTONE, "", "", ""
            p.organisation = scrub(p.organisation, subject)
            p.consent_source = scrub(p.consent_source, subject)
            if p.consent_withdrawn_at is None:
                p.consent_withdrawn_at = now
            p.save(
                update_fields=[
                    "full_name", "position", "email", "phone", "organisation", "consent_source",
                    "consent_withdrawn_at",
                ]
            )  # fmt: skip
        # Ratings stay for the course's averages; a free-text comment may say who wrote it.
        Evaluation.objects.filter(participant_id__in=ids).exclude(comment="").update(comment=TOMBSTONE)
        if rows:
            self._audit(actor, ids)
        return len(rows)


class TrainerSource(_Source):
    key = "activities.trainer"
    label = _("Trainers")
    purpose = _("Showing who teaches a training course, in the course record and the training report.")
    legal_basis = _("Performing the province's foreign-information plan (public task).")

    def find(self, subject: Subject) -> list[PersonalRecord]:
        ids = _candidates(Trainer, subject, name="name")
        return [
            PersonalRecord(
                source=self.key,
                pk=str(t.pk),
                label=str(t.course),
                fields={_label(Trainer, "name"): t.name, _label(Trainer, "position"): t.position},
                matched_by=("name",),
            )
            for t in Trainer.objects.filter(pk__in=ids).select_related("course").order_by("pk")
        ]

    def erase(self, records: Sequence[PersonalRecord], *, actor: Any) -> int:
        ids = [int(r.pk) for r in records]
        count = Trainer.objects.filter(pk__in=ids).update(name=TOMBSTONE, position="")
        if count:
            self._audit(actor, ids)
        return count


class JournalistSource(_Source):
    key = "activities.journalist"
    label = _("Journalists (press contacts)")
    purpose = _(
        "Inviting journalists to press events and keeping in touch with the press agencies that cooperate."
    )
    legal_basis = _("Consent of the journalist where recorded (Decree 13/2023/NĐ-CP, Article 11).")

    def find(self, subject: Subject) -> list[PersonalRecord]:
        ids = _candidates(Journalist, subject, name="name", phone="phone", email="email")
        out = []
        for j in Journalist.objects.filter(pk__in=ids).select_related("agency").order_by("pk"):
            how = subject.matches(phone=j.phone, email=j.email, name=j.name)
            if how:
                out.append(
                    PersonalRecord(
                        source=self.key,
                        pk=str(j.pk),
                        label=str(j.agency),
                        fields={
                            _label(Journalist, "name"): j.name,
                            _label(Journalist, "position"): j.position,
                            _label(Journalist, "email"): j.email,
                            _label(Journalist, "phone"): j.phone,
                        },
                        matched_by=how,
                        consent=_consent(j),
                    )
                )
        return out

    def erase(self, records: Sequence[PersonalRecord], *, actor: Any) -> int:
        ids = [int(r.pk) for r in records]
        count = Journalist.objects.filter(pk__in=ids).update(
            name=TOMBSTONE, position="", email="", phone="", consent_withdrawn_at=timezone.now()
        )
        if count:
            self._audit(actor, ids)
        return count


class ReporterVisitSource(_Source):
    key = "activities.reporter_visit"
    label = _("Foreign reporters' visits")
    purpose = _("Applying for and following the permit a foreign reporter needs to work in the province.")
    legal_basis = _("Decree 88/2012/NĐ-CP on foreign press activities (a legal duty, not consent).")

    def find(self, subject: Subject) -> list[PersonalRecord]:
        ids = _candidates(ReporterVisit, subject, name="reporter")
        return [
            PersonalRecord(
                source=self.key,
                pk=str(v.pk),
                label=f"{v.outlet} · {v.starts_on:%d/%m/%Y}",
                fields={
                    _label(ReporterVisit, "reporter"): v.reporter,
                    _label(ReporterVisit, "outlet"): v.outlet,
                    _label(ReporterVisit, "country"): v.country,
                    _label(ReporterVisit, "starts_on"): v.starts_on,
                    _label(ReporterVisit, "ends_on"): v.ends_on,
                    _label(ReporterVisit, "itinerary"): v.itinerary,
                },
                matched_by=("name",),
            )
            for v in ReporterVisit.objects.filter(pk__in=ids).order_by("pk")
        ]

    def erase(self, records: Sequence[PersonalRecord], *, actor: Any) -> int:
        ids = [int(r.pk) for r in records]
        rows = list(ReporterVisit.objects.filter(pk__in=ids).select_for_update())
        for v in rows:
            subject = Subject(full_name=v.reporter)
            v.reporter, v.itinerary = TOMBSTONE, scrub(v.itinerary, subject)
            v.save(update_fields=["reporter", "itinerary"])
        if rows:
            self._audit(actor, ids)
        return len(rows)


SOURCES = (ParticipantSource, TrainerSource, JournalistSource, ReporterVisitSource)
