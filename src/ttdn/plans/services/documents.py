"""Documents that take seconds to build (urging letters for every unit) are built on the worker.

The officer asks for one, the page shows it as being prepared and offers the download when the worker is
done; the request never holds a web process for the whole build."""

import datetime
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from ttdn.core import audit
from ttdn.core.models import User

from ..models import GeneratedDocument, Plan
from ..reports import (
    COMBINED_FILE_NAME,
    NoOverdueWork,
    overdue_by_unit,
    render_urging_all_docx,
    render_urging_letters_zip,
)

logger = logging.getLogger(__name__)

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
    if document.status != GeneratedDocument.Status.PENDING:
        return document
    try:
        if document.kind == GeneratedDocument.Kind.URGING_ZIP:
            content = render_urging_letters_zip(plan=document.plan, today=document.as_of)
        else:
            content = render_urging_all_docx(plan=document.plan, today=document.as_of)
    except NoOverdueWork:
        # Reports accepted between the request and the build can leave nothing to urge.
        return _finish(document, status=GeneratedDocument.Status.FAILED, error="no_overdue_work")
    except Exception as exc:  # the officer sees "failed"; the traceback goes to the log
        logger.exception("building generated document %s failed", document.pk)
        return _finish(document, status=GeneratedDocument.Status.FAILED, error=type(exc).__name__)
    with transaction.atomic():
        locked = GeneratedDocument.objects.select_for_update().get(pk=document.pk)
        if locked.status != GeneratedDocument.Status.PENDING:
            return locked
        locked.file.save(FILE_NAMES[GeneratedDocument.Kind(locked.kind)], ContentFile(content), save=False)
        locked.status = GeneratedDocument.Status.READY
        locked.finished_at = timezone.now()
        locked.save(update_fields=["file", "status", "finished_at", "updated_at"])
    return locked


def _finish(document: GeneratedDocument, *, status: str, error: str) -> GeneratedDocument:
    GeneratedDocument.objects.filter(pk=document.pk, status=GeneratedDocument.Status.PENDING).update(
        status=status, error=error, finished_at=timezone.now()
    )
    document.refresh_from_db()
    return document


__all__ = ["generated_document_build", "generated_document_request"]
