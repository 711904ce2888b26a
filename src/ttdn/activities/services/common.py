"""What the activity services share: the error users see, upload checks, audited edits."""

import datetime
import hashlib
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from ttdn.core import audit
from ttdn.core.models import User
from ttdn.directory.models import Unit
from ttdn.plans.access import actor_for
from ttdn.plans.models import Task

from ..selectors.access import can_edit_task, task_units

# Files officials actually exchange, recognised by their first bytes too (a renamed .exe is refused).
FILE_TYPES = {
    ".pdf": ("application/pdf", (b"%PDF",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", (b"PK\x03\x04",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG",)),
}


class ActivityError(Exception):
    """A user-facing reason why an action was refused; nothing was written."""


def require_edit(actor: User, task: Task) -> None:
    """Refuse unless ``actor`` may change activities of ``task`` (see ``selectors.access``)."""
    if not can_edit_task(actor_for(actor), task, task_units(task.pk)):
        raise ActivityError(_("You are not allowed to do this."))


def max_file_bytes() -> int:
    return int(getattr(settings, "TTDN_MAX_ACTIVITY_FILE_BYTES", 20 * 1024 * 1024))


def checked_upload(uploaded_file: UploadedFile) -> tuple[str, str, str]:
    """(file name, content type, sha256) of an acceptable upload; ActivityError otherwise."""
    name = Path(uploaded_file.name or "").name
    suffix = Path(name).suffix.lower()
    if suffix not in FILE_TYPES:
        raise ActivityError(
            _("Files must be PDF, Word, PowerPoint, Excel, JPEG or PNG (got %(suffix)s).")
            % {"suffix": suffix or "?"}
        )
    if not uploaded_file.size:
        raise ActivityError(_("The file is empty."))
    limit = max_file_bytes()
    if uploaded_file.size > limit:
        raise ActivityError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(uploaded_file.size), "limit": filesizeformat(limit)}
        )
    content_type, signatures = FILE_TYPES[suffix]
    head = uploaded_file.read(8)
    uploaded_file.seek(0)
    if not any(head.startswith(sig) for sig in signatures):
        raise ActivityError(_("The file's content does not match its type %(suffix)s.") % {"suffix": suffix})
    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    return name, content_type, digest.hexdigest()


def _logged(fields: dict[str, object]) -> dict[str, object]:
    """Field values as the audit log stores them (JSON): units by code, dates ISO, amounts as text."""
    out: dict[str, object] = {}
    for name, value in fields.items():
        if isinstance(value, Unit):
            out[name] = value.code
        elif isinstance(value, datetime.date):
            out[name] = value.isoformat()
        elif isinstance(value, Decimal):
            out[name] = str(value.quantize(Decimal(1)))
        else:
            out[name] = value
    return out


def save_changes(
    *, actor: User, record: models.Model, fields: dict[str, object], action: str, values_in_log: bool = True
) -> list[str]:
    """Write checked fields to a record and audit what changed; nothing is written when nothing changed.
    Returns the changed field names. Without ``values_in_log`` the event names the fields only: personal
    data written to the append-only log could never be erased."""
    changes = audit.diff(_logged({name: getattr(record, name) for name in fields}), _logged(fields))
    if changes:
        for name, value in fields.items():
            setattr(record, name, value)
        record.save(update_fields=[*fields, "updated_at"])
        audit.record(
            actor=actor,
            action=action,
            obj=record,
            changes=changes if values_in_log else {"fields": sorted(changes)},
        )
    return sorted(changes)
