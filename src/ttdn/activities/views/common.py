from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from .. import services

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def download(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def form_error(request: HttpRequest, form) -> None:
    """Show a form's errors as one message (for the small add-forms on detail pages)."""
    parts = []
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        parts.append(f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    messages.error(request, " · ".join(parts))


def refuse_write_without_tasks(request: HttpRequest, tasks: QuerySet) -> None:
    """A write by someone with no task to attach it to is a change they may not make: 403, as on the
    record pages (a province leader reads everything and changes nothing)."""
    if request.method == "POST" and not tasks.exists():
        raise PermissionDenied


def save_form(request: HttpRequest, form, write: Callable[[dict[str, Any]], Any], message: str = "") -> Any:
    """On a POST whose form is valid, call the service ``write`` with the cleaned data and queue a success
    message. A refusal (ActivityError) becomes the form's error and nothing is written. Returns what the
    service wrote (services return the record), or None when nothing was."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        record = write(form.cleaned_data)
    except services.ActivityError as exc:
        form.add_error(None, str(exc))
        return None
    messages.success(request, message or _("Saved."))
    return record
