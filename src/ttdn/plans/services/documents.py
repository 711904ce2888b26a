"""Documents that take seconds to build (urging letters for every unit) are built on the worker.

The officer asks for one, the page shows it as being prepared and offers the download when the worker is
done; the request never holds a web process for the whole build."""

import datetime

from django.db import transaction
from django.utils import timezone

from ttdn.core import audit, generated
from ttdn.core.models import User

from ..models import GeneratedDocument, Plan
from ..reports import (
    COMBINED_FILE_NAME,
    NoOverdueWork,
    overdue_by_unit,
    render_urging_all_docx,
    render_urging_letters_zip,
)

FILE_NAMES = {
    GeneratedDocument.Kind.URGING_ZIP: "don-doc.zip",
    GeneratedDocument.Kind.URGING_ALL: COMBINED_FILE_NAME,
}


@transaction.atomic
def generated_document_request(
    *, actor: User, plan: Plan, kind: str, as_of: datetime.date | None = None
) -> GeneratedDocument:
    """Queue the build of a plan document. Refuses (NoOverdueWork) when there is nothing to urge."""
    from ..tasks import build_generated_document

    if kind not in GeneratedDocument.Kind.values:
        raise ValueError(f"unknown document kind {kind!r}")
    as_of = as_of or timezone.localdate()
    if not overdue_by_unit(plan=plan, today=as_of):
        raise NoOverdueWork
    document = GeneratedDocument.objects.create(plan=plan, kind=kind, as_of=as_of, requested_by=actor)
    audit.record(
        actor=actor,
        action="plan.document_requested",
        obj=plan,
        changes={"kind": kind, "as_of": as_of.isoformat(), "document": str(document.token)},
    )
    transaction.on_commit(lambda: build_generated_document.enqueue(document.pk))
    return document


def generated_document_build(*, document: GeneratedDocument) -> GeneratedDocument:
    """Build the file and mark the document ready (or failed with the reason). Building twice is a no-op."""
    return generated.build(
        document=document,
        render=_render,
        # Reports accepted between the request and the build can leave nothing to urge.
        known_failures={NoOverdueWork: "no_overdue_work"},
    )


def _render(document: GeneratedDocument) -> tuple[str, bytes]:
    if document.kind == GeneratedDocument.Kind.URGING_ZIP:
        content = render_urging_letters_zip(plan=document.plan, today=document.as_of)
    else:
        content = render_urging_all_docx(plan=document.plan, today=document.as_of)
    return FILE_NAMES[GeneratedDocument.Kind(document.kind)], content


__all__ = ["generated_document_build", "generated_document_request"]
