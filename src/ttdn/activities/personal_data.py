"""Activities' personal data for data subject requests (see :mod:`ttdn.core.personal_data`): training
participants and trainers, journalists in the press contact list, foreign reporters' visits.

Every source has the same shape: rows matched on a name column (and phone / e-mail columns where the table
has them), shown with some columns, erased in place. So one :class:`TableSource` does the work and each
source is a row of :data:`SOURCES` saying which columns play which part.

Names are matched folded (no tones, any case) by reading the name column in Python: these tables hold
hundreds to a few thousand rows, and SQLite cannot compare Vietnamese text without tones itself.
Phone numbers are stored as typed, so they are compared the same way, through
:func:`ttdn.core.personal_data.phone_key`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models
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


def _label(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    return str(field.verbose_name if isinstance(field, models.Field) else name)


def _consent(row: Any) -> Consent:
    return Consent(
        recorded=bool(row.consent_source),
        source=row.consent_source,
        given_on=row.consent_date,
        withdrawn_at=row.consent_withdrawn_at,
    )


@dataclass
class TableSource:
    """One table holding people. ``name`` is the column with the person's name; ``phone`` and ``email`` the
    contact columns if the table has them. ``shown`` are the columns found records show and exports carry,
    in order. On erasure the name becomes the tombstone, the contact columns and ``blanked`` are emptied,
    and ``scrubbed`` free text keeps everything but the person's identifiers: the row itself stays, since
    the activity's figures count it."""

    key: str
    label: Any
    purpose: Any
    legal_basis: Any
    model: type[models.Model]
    name: str
    shown: tuple[str, ...]
    record_label: Callable[[Any], str] = str
    phone: str = ""
    email: str = ""
    related: tuple[str, ...] = ()
    blanked: tuple[str, ...] = ()
    scrubbed: tuple[str, ...] = ()
    # Rows carry consent_source / consent_date / consent_withdrawn_at (withdrawn when erased).
    consent: bool = False
    # More of what is held, kept in other tables: row -> {label: value}.
    extra_fields: Callable[[Any], dict[str, Any]] | None = None
    # Anything else naming the erased rows' people: (actor, erased rows).
    after_erase: Callable[[Any, list[Any]], None] | None = None

    def _values(self, row: Any) -> dict[str, str]:
        return {
            "phone": getattr(row, self.phone) if self.phone else "",
            "email": getattr(row, self.email) if self.email else "",
            "name": getattr(row, self.name),
        }

    def _candidates(self, subject: Subject) -> set[int]:
        """Primary keys of rows that may match; :meth:`Subject.matches` decides."""
        manager = self.model._default_manager
        ids: set[int] = set()
        if self.email and subject.email_key:
            ids |= set(
                manager.filter(**{f"{self.email}__iexact": subject.email_key}).values_list("pk", flat=True)
            )
        if self.phone and subject.phone_key:
            # Typed with any spacing ("0912 345 678"), so no SQL pattern is safe; the column is small.
            rows = manager.exclude(**{self.phone: ""}).values_list("pk", self.phone)
            ids |= {pk for pk, value in rows if phone_key(value) == subject.phone_key}
        if subject.name_key:
            ids |= {
                pk
                for pk, value in manager.values_list("pk", self.name)
                if name_key(value) == subject.name_key
            }
        return ids

    def find(self, subject: Subject) -> list[PersonalRecord]:
        rows = self.model._default_manager.filter(pk__in=self._candidates(subject)).order_by("pk")
        if self.related:
            rows = rows.select_related(*self.related)
        out = []
        for row in rows:
            how = subject.matches(**self._values(row))
            if not how:
                continue
            fields = {_label(self.model, column): getattr(row, column) for column in self.shown}
            if self.extra_fields is not None:
                fields.update(self.extra_fields(row))
            out.append(
                PersonalRecord(
                    source=self.key,
                    pk=str(row.pk),
                    label=self.record_label(row),
                    fields=fields,
                    matched_by=how,
                    consent=_consent(row) if self.consent else None,
                )
            )
        return out

    def export(self, records: Sequence[PersonalRecord]) -> dict[str, Any]:
        return export_base(self, records)

    def erase(self, records: Sequence[PersonalRecord], *, actor: Any) -> int:
        ids = [int(r.pk) for r in records]
        now = timezone.now()
        rows: list[Any] = list(self.model._default_manager.filter(pk__in=ids).select_for_update())
        emptied = tuple(c for c in (self.phone, self.email, *self.blanked) if c)
        changed = [self.name, *emptied, *self.scrubbed]
        if self.consent:
            changed.append("consent_withdrawn_at")
        for row in rows:
            values = self._values(row)
            subject = Subject(phone=values["phone"], email=values["email"], full_name=values["name"])
            setattr(row, self.name, TOMBSTONE)
            for column in emptied:
                setattr(row, column, "")
            for column in self.scrubbed:
                setattr(row, column, scrub(getattr(row, column), subject))
            # An earlier withdrawal keeps its date: it is when the person said so.
            if self.consent and row.consent_withdrawn_at is None:
                row.consent_withdrawn_at = now
            row.save(update_fields=changed)
        if self.after_erase is not None:
            self.after_erase(actor, rows)
        if rows:
            # Ids only: names in the append-only log could never be erased.
            audit.append(
                actor_id=getattr(actor, "pk", None),
                action=f"{self.key}_erase",
                object_type=self.key,
                changes={"ids": ids},
            )
        return len(rows)


def _evaluation_comment(participant: Participant) -> dict[str, Any]:
    comment = Evaluation.objects.filter(participant=participant).values_list("comment", flat=True).first()
    return {str(_("evaluation comment")): comment or ""}


def _after_participants_erased(actor: Any, rows: list[Participant]) -> None:
    from .services import course_documents_remove

    ids = [p.pk for p in rows]
    # Ratings stay for the course's averages; a free-text comment may say who wrote it.
    Evaluation.objects.filter(participant_id__in=ids).exclude(comment="").update(comment=TOMBSTONE)
    # A certificate ZIP built for the course names every attendee.
    course_documents_remove(actor=actor, course_ids={p.course_id for p in rows})


SOURCES = (
    TableSource(
        key="activities.participant",
        label=_("Training participants"),
        purpose=_(
            "Registering people for foreign-information training, checking them in, collecting their "
            "evaluation and reporting how many were trained from which units."
        ),
        legal_basis=_("Consent given on the registration form (Decree 13/2023/NĐ-CP, Article 11)."),
        model=Participant,
        name="full_name",
        phone="phone",
        email="email",
        shown=("full_name", "position", "organisation", "email", "phone", "registered_at", "checked_in_at"),
        record_label=lambda p: str(p.course),
        related=("course",),
        blanked=("position",),
        scrubbed=("organisation", "consent_source"),
        consent=True,
        extra_fields=_evaluation_comment,
        after_erase=_after_participants_erased,
    ),
    TableSource(
        key="activities.trainer",
        label=_("Trainers"),
        purpose=_("Showing who teaches a training course, in the course record and the training report."),
        legal_basis=_("Performing the province's foreign-information plan (public task)."),
        model=Trainer,
        name="name",
        shown=("name", "position"),
        record_label=lambda t: str(t.course),
        related=("course",),
        blanked=("position",),
    ),
    TableSource(
        key="activities.journalist",
        label=_("Journalists (press contacts)"),
        purpose=_(
            "Inviting journalists to press events and keeping in touch with the press agencies that cooperate."
        ),
        legal_basis=_("Consent of the journalist where recorded (Decree 13/2023/NĐ-CP, Article 11)."),
        model=Journalist,
        name="name",
        phone="phone",
        email="email",
        shown=("name", "position", "email", "phone"),
        record_label=lambda j: str(j.agency),
        related=("agency",),
        blanked=("position",),
        consent=True,
    ),
    TableSource(
        key="activities.reporter_visit",
        label=_("Foreign reporters' visits"),
        purpose=_("Applying for and following the permit a foreign reporter needs to work in the province."),
        legal_basis=_("Decree 88/2012/NĐ-CP on foreign press activities (a legal duty, not consent)."),
        model=ReporterVisit,
        name="reporter",
        shown=("reporter", "outlet", "country", "starts_on", "ends_on", "itinerary"),
        record_label=lambda v: f"{v.outlet} · {v.starts_on:%d/%m/%Y}",
        scrubbed=("itinerary",),
    ),
)
