"""Files that take seconds to build (letters to every unit of a plan, certificates for a whole course) are
built on the worker, never inside a web request.

The shape is the same in every app: the request creates a row (audited) and queues a task at commit; the
user lands on a page that polls itself (htmx) until the row is ready, then downloads through a view that
checks the same rights as the request and audits the download. This module holds what does not depend on
the app: the abstract model, the build step, the download response and the status fragment
(``core/_generated_status.html``). Each app keeps its own concrete model (with a real foreign key to what
the file is about, so rights are checked on that object and the row goes when it goes), its own task, and
its own ``access_*`` selector.
"""

import logging
import uuid
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import audit
from .classification import ClassifiedModel
from .models import TimeStampedModel, User

logger = logging.getLogger(__name__)


def generated_path(instance: "GeneratedFile", filename: str) -> str:
    return f"generated/{instance.storage_folder()}/{instance.token}/{filename}"


class GeneratedFile(ClassifiedModel, TimeStampedModel):
    """A file being built on the worker. Subclasses add the object it belongs to, a ``kind`` and whatever
    the build needs, and say where their pages are (:meth:`status_url`, :meth:`file_url`)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    file = models.FileField(_("file"), upload_to=generated_path, max_length=300, blank=True)
    error = models.TextField(_("error"), blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    # Error codes a build may end with (set by :func:`build` from ``known_failures``) -> what the user reads.
    failure_messages: ClassVar[Mapping[str, Any]] = {}

    class Meta:
        abstract = True

    def storage_folder(self) -> str:
        raise NotImplementedError

    def status_url(self) -> str:
        raise NotImplementedError

    def file_url(self) -> str:
        raise NotImplementedError

    @property
    def failure_message(self) -> str:
        return str(
            self.failure_messages.get(
                self.error,
                _("The document could not be built. Try again; if it fails again, tell the administrator."),
            )
        )

    @property
    def file_name(self) -> str:
        return (self.file.name or "").rsplit("/", 1)[-1]


def build[G: GeneratedFile](
    *,
    document: G,
    render: Callable[[G], tuple[str, bytes]],
    known_failures: Mapping[type[Exception], str] | None = None,
) -> G:
    """Run ``render`` (-> file name, content) and mark the document ready, or failed with the reason.

    ``known_failures`` maps exceptions that are an answer rather than a bug (nothing left to build since
    the request) to the error code the page explains. Building twice, or two workers building at once, is a
    no-op for the second: the file is saved only while the row is still pending, under a row lock."""
    if document.status != GeneratedFile.Status.PENDING:
        return document
    model = type(document)
    known = dict(known_failures or {})
    try:
        name, content = render(document)
    except tuple(known) as exc:
        return _finish(document, error=next(code for kind, code in known.items() if isinstance(exc, kind)))
    except Exception as exc:  # the user sees "failed"; the traceback goes to the log
        logger.exception("building %s %s failed", model._meta.label, document.pk)
        return _finish(document, error=type(exc).__name__)
    with transaction.atomic():
        locked = model._default_manager.select_for_update().get(pk=document.pk)
        if locked.status != GeneratedFile.Status.PENDING:
            return locked
        locked.file.save(name, ContentFile(content), save=False)
        locked.status = GeneratedFile.Status.READY
        locked.finished_at = timezone.now()
        locked.save(update_fields=["file", "status", "finished_at", "updated_at"])
    return locked


def _finish[G: GeneratedFile](document: G, *, error: str) -> G:
    type(document)._default_manager.filter(pk=document.pk, status=GeneratedFile.Status.PENDING).update(
        status=GeneratedFile.Status.FAILED, error=error, finished_at=timezone.now()
    )
    document.refresh_from_db()
    return document


def file_response(*, user: User, document: GeneratedFile, action: str, obj: models.Model) -> FileResponse:
    """The download of a ready document, audited as ``action`` on ``obj`` (the object the rights were
    checked on). The caller has checked those rights; a document not ready yet is "not found"."""
    if document.status != GeneratedFile.Status.READY or not document.file:
        raise Http404
    audit.record(actor=user, action=action, obj=obj, changes={"document": str(document.token)})
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.file_name)
