"""The register of directive documents."""

import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ttdn.core import audit
from ttdn.core.classification import Classification, may_see
from ttdn.core.models import User
from ttdn.core.text import clean
from ttdn.plans.models import Task

from ..models import Directive
from .common import ActivityError, require_edit


@transaction.atomic
def directive_register(
    *,
    actor: User,
    number: str,
    issued_on: datetime.date,
    issuer: str,
    kind: str,
    summary: str,
    tasks: list[Task],
    classification: int = Classification.NORMAL,
) -> Directive:
    if classification not in Classification.values or not may_see(actor, classification):
        raise ActivityError(_("You cannot mark an item above your own clearance."))
    if not tasks:
        raise ActivityError(_("Link the directive to at least one plan task."))
    for task in tasks:
        require_edit(actor, task)
    if kind not in Directive.Kind.values:
        raise ActivityError(_("Unknown document type."))
    number, issuer, summary = clean(number), clean(issuer), clean(summary)
    if not (number and issuer and summary):
        raise ActivityError(_("Give the number, the issuer and the summary."))
    try:
        with transaction.atomic():
            directive = Directive.objects.create(
                number=number,
                issued_on=issued_on,
                issuer=issuer,
                kind=kind,
                summary=summary,
                created_by=actor,
                classification=classification,
            )
    except IntegrityError as exc:
        raise ActivityError(_("A directive with this number and date is already registered.")) from exc
    directive.tasks.set(tasks)
    audit.record(
        actor=actor,
        action="activities.directive_register",
        obj=directive,
        changes={"tasks": [t.code for t in tasks], "classification": int(classification)},
    )
    return directive
