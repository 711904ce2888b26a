"""Rebuttal cases: open on a story, assign, gather evidence, decide, publish the statement, close.

Every write adds a line to the case's timeline and to the audit log, in the same transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ttdn.core import audit
from ttdn.core.classification import Classification, may_see
from ttdn.core.models import User
from ttdn.core.text import clean
from ttdn.directory.models import Unit
from ttdn.monitoring.analysis import case_flow

from ..models import Article, Case, CaseEvent, CaseEvidence, Cluster


def _messages() -> dict[str, str]:
    return {
        "transition": _("This case cannot move to that status from where it is."),
        "rebut_needs_false_label": _("To rebut, label the story “tin giả” or “tin sai sự thật”."),
        "verify_needs_authentic": _("A story found true is labelled “tin xác thực”."),
        "close_needs_statement": _("Record the address of the published official statement before closing."),
        "dismiss_needs_note": _("Say why the case is closed without a decision."),
    }


def _event(case: Case, actor: User | None, action: str, detail: str = "", **changes) -> None:
    CaseEvent.objects.create(case=case, at=timezone.now(), actor=actor, action=action, detail=detail)
    audit.record(actor=actor, action=f"monitoring.case_{action}", obj=case, changes=changes)


def _check_url(url: str, field: str) -> str:
    url = url.strip()
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise ValidationError({field: _("Enter a valid web address.")}) from None
    return url


@transaction.atomic
def case_open(
    *,
    actor: User | None,
    title: str,
    claim: str,
    articles: Iterable[Article] = (),
    clusters: Iterable[Cluster] = (),
    deadline: datetime.date | None = None,
    classification: int = Classification.NORMAL,
) -> Case:
    title, claim = clean(title), clean(claim)
    errors = {}
    if classification not in Classification.values or (
        actor is not None and not may_see(actor, classification)
    ):
        errors["classification"] = _("You cannot mark an item above your own clearance.")
    if not title:
        errors["title"] = _("Give the case a short title.")
    if not claim:
        errors["claim"] = _("State the claim that is being checked.")
    if deadline and deadline < timezone.localdate():
        errors["deadline"] = _("The deadline cannot be in the past.")
    if errors:
        raise ValidationError(errors)
    articles, clusters = list(articles), list(clusters)
    for article in articles:  # a story's copies come with it
        if article.cluster is not None and article.cluster not in clusters:
            clusters.append(article.cluster)
    case = Case.objects.create(
        title=title[:300], claim=claim, deadline=deadline, opened_by=actor, classification=classification
    )
    case.articles.set(articles)
    case.clusters.set(clusters)
    _event(
        case,
        actor,
        "open",
        title,
        articles=[a.pk for a in articles],
        clusters=[c.pk for c in clusters],
        deadline=deadline.isoformat() if deadline else None,
    )
    return case


@transaction.atomic
def case_assign(
    *,
    actor: User | None,
    case: Case,
    officer: User | None,
    unit: Unit | None,
    deadline: datetime.date | None,
) -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    if deadline and deadline < timezone.localdate() and deadline != case.deadline:
        raise ValidationError({"deadline": _("The deadline cannot be in the past.")})
    before = {"officer": case.assigned_to_id, "unit": case.unit_id, "deadline": case.deadline}
    case.assigned_to, case.unit, case.deadline = officer, unit, deadline
    case.save(update_fields=["assigned_to", "unit", "deadline", "updated_at"])
    after = {"officer": case.assigned_to_id, "unit": case.unit_id, "deadline": case.deadline}
    detail = ", ".join(
        part
        for part in (
            officer.get_full_name() or officer.get_username() if officer else "",
            unit.name if unit else "",
            deadline.strftime("%d/%m/%Y") if deadline else "",
        )
        if part
    )
    _event(case, actor, "assign", detail, **{k: [str(before[k]), str(v)] for k, v in after.items()})
    return case


@transaction.atomic
def case_add_evidence(
    *,
    actor: User | None,
    case: Case,
    kind: str,
    text: str,
    url: str = "",
    classification: int = Classification.NORMAL,
) -> CaseEvidence:
    text = clean(text)
    if classification not in Classification.values or (
        actor is not None and not may_see(actor, classification)
    ):
        raise ValidationError({"classification": _("You cannot mark an item above your own clearance.")})
    if not text:
        raise ValidationError({"text": _("Write the evidence or argument.")})
    if kind not in CaseEvidence.Kind.values:
        raise ValidationError({"kind": _("Choose a kind of evidence.")})
    url = _check_url(url, "url")
    if case.status == Case.Status.CLOSED:
        raise ValidationError(_("The case is closed; reopen it to add evidence."))
    item = CaseEvidence.objects.create(
        case=case, kind=kind, text=text, url=url, added_by=actor, classification=classification
    )
    # A classified note is not repeated in the timeline, which everyone on the case reads.
    summary = text[:200] if not classification else item.get_classification_display()
    _event(case, actor, "evidence", summary, kind=kind, url=url, classification=int(classification))
    return item


@transaction.atomic
def case_set_statement(
    *, actor: User | None, case: Case, statement_url: str, ministry_notified: bool = False
) -> Case:
    """The official statement is published by the portal; the case keeps its address."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    url = _check_url(statement_url, "statement_url")
    if not url:
        raise ValidationError({"statement_url": _("Enter the address of the published statement.")})
    case.statement_url = url
    if ministry_notified and case.ministry_notified_at is None:
        case.ministry_notified_at = timezone.now()
    case.save(update_fields=["statement_url", "ministry_notified_at", "updated_at"])
    _event(case, actor, "statement", url, statement_url=url, ministry_notified=ministry_notified)
    return case


@transaction.atomic
def case_move(
    *, actor: User | None, case: Case, status: str, verdict: str | None = None, note: str = ""
) -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    verdict = case.verdict if verdict is None else verdict
    if verdict not in Case.Verdict.values:
        raise ValidationError({"verdict": _("Choose a label.")})
    found = case_flow.problems(
        status=case.status, target=status, verdict=verdict, statement_url=case.statement_url, note=note
    )
    if found:
        messages = _messages()
        raise ValidationError([messages[key] for key in found])
    before = case.status
    case.status, case.verdict = status, verdict
    case.closed_at = timezone.now() if status == Case.Status.CLOSED else None
    case.save(update_fields=["status", "verdict", "closed_at", "updated_at"])
    detail = f"{Case.Status(before).label} → {Case.Status(status).label}"
    if verdict:
        detail += f" ({Case.Verdict(verdict).label})"
    if note.strip():
        detail += f": {clean(note)}"
    _event(case, actor, "move", detail, status=[before, status], verdict=verdict)
    return case
