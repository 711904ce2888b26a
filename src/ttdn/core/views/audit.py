"""The audit log for administrators: search and CSV export."""

import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from ttdn.core import audit
from ttdn.core.audit_hash import canonical_json
from ttdn.core.forms import AuditFilterForm
from ttdn.core.selectors import audit_events, audit_object_types, can_read_audit

PAGE_SIZE = 50


def _search(request: HttpRequest):
    if not can_read_audit(request.user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None, object_types=audit_object_types())
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    events = audit_events(
        actor=filters.get("actor", ""),
        object_type=filters.get("object_type", ""),
        action=filters.get("action", ""),
        since=filters.get("since"),
        until=filters.get("until"),
    )
    query = request.GET.copy()
    query.pop("page", None)
    return form, events, query.urlencode()


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    form, events, query_string = _search(request)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    for event in page:
        event.changes_json = canonical_json(event.changes)  # type: ignore[attr-defined]
    context = {"form": form, "page": page, "query_string": query_string}
    template = "core/_audit_events.html" if request.htmx else "core/audit.html"
    return render(request, template, context)


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
def audit_export(request: HttpRequest) -> StreamingHttpResponse:
    """The current search as CSV (UTF-8 with a BOM for Excel). Exporting the log is itself recorded."""
    _form, events, query_string = _search(request)
    audit.record(actor=request.user, action="audit.export", changes={"query": query_string})
    writer = csv.writer(_Echo())
    header = [
        "STT", "Thời gian", "Người thực hiện", "Tài khoản", "Hành động", "Loại đối tượng", "Mã đối tượng",
        "Đối tượng", "Thay đổi", "Địa chỉ IP", "Trình duyệt", "Hash trước", "Hash",
    ]  # fmt: skip

    def rows():
        yield "\ufeff" + writer.writerow(header)
        for event in events.iterator(chunk_size=1000):
            yield writer.writerow(
                [
                    event.seq,
                    timezone.localtime(event.at).strftime("%d/%m/%Y %H:%M:%S"),
                    str(event.actor) if event.actor else "",
                    event.actor.username if event.actor else "",
                    event.action,
                    event.object_type,
                    event.object_id,
                    event.object_repr,
                    canonical_json(event.changes),
                    event.ip,
                    event.user_agent,
                    event.prev_hash,
                    event.hash,
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="nhat-ky-kiem-toan.csv"'
    return response
