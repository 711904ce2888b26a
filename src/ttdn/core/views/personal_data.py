"""Personal-data requests for administrators: find what is held about a person, record a request, hand
over a copy, erase (Nghị định 13/2023)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ttdn.core import audit, personal_data, services
from ttdn.core.forms import EraseConfirmForm, PersonalDataRequestForm, SubjectSearchForm
from ttdn.core.models import DataSubjectRequest
from ttdn.core.selectors import access_personal_data_request, can_handle_personal_data, personal_data_requests
from ttdn.core.uploads import private_file_response


def _sections(found: dict[str, list[personal_data.PersonalRecord]]) -> list[dict]:
    out = []
    for key, records in found.items():
        source = personal_data.source(key)
        if source is not None:
            out.append({"source": source, "records": records})
    return out


@login_required
def personal_data_search(request: HttpRequest) -> HttpResponse:
    if not can_handle_personal_data(request.user):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else (request.GET or None)
    search = SubjectSearchForm(data)
    found: dict[str, list[personal_data.PersonalRecord]] = {}
    subject = None
    if search.is_bound and search.is_valid():
        subject = search.cleaned_data["subject"]
        found = personal_data.find_all(subject)
    refs = [r.ref for records in found.values() for r in records]
    initial = {
        "received_on": timezone.localdate(),
        "records": [r.ref for rs in found.values() for r in rs if r.strong],
    }
    form = PersonalDataRequestForm(
        request.POST if request.method == "POST" else None, refs=refs, initial=initial
    )
    if request.method == "POST" and subject is not None and form.is_valid():
        day, at = form.cleaned_data["received_on"], form.cleaned_data["received_time"]
        received = None
        if day != timezone.localdate() or at is not None:
            received = timezone.make_aware(datetime.datetime.combine(day, at or datetime.time(8, 0)))
        try:
            created = services.personal_data_request_create(
                actor=request.user,  # type: ignore[arg-type]
                kind=form.cleaned_data["kind"],
                subject=subject,
                requester=form.cleaned_data["requester"],
                records=form.cleaned_data["records"],
                received_at=received,
                note=form.cleaned_data["note"],
            )
        except services.PersonalDataError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The request was recorded."))
            return redirect("core:personal_data_request", pk=created.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "core/personal_data.html",
        {
            "search": search,
            "subject": subject,
            "sections": _sections(found),
            "form": form,
            "requests": personal_data_requests(),
            "now": timezone.now(),
        },
        status=status,
    )


@login_required
def personal_data_request(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access_personal_data_request(request.user, pk)  # type: ignore[arg-type]
    found = services.confirmed_records(obj) if obj.status == DataSubjectRequest.Status.OPEN else {}
    return render(
        request,
        "core/personal_data_request.html",
        {
            "obj": obj,
            "sections": _sections(found),
            "erase_form": EraseConfirmForm(),
            "second_person": obj.created_by_id != request.user.pk,
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def personal_data_export(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access_personal_data_request(request.user, pk)  # type: ignore[arg-type]
    try:
        services.personal_data_request_export(actor=request.user, request=obj)  # type: ignore[arg-type]
    except services.PersonalDataError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The copy of the data is ready to download."))
    return redirect("core:personal_data_request", pk=obj.pk)


@login_required
@require_POST
def personal_data_erase(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access_personal_data_request(request.user, pk)  # type: ignore[arg-type]
    form = EraseConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick the box to confirm the erasure."))
        return redirect("core:personal_data_request", pk=obj.pk)
    try:
        services.personal_data_request_erase(actor=request.user, request=obj)  # type: ignore[arg-type]
    except services.PersonalDataError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The personal data was erased."))
    return redirect("core:personal_data_request", pk=obj.pk)


@login_required
def personal_data_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    obj = access_personal_data_request(request.user, pk)  # type: ignore[arg-type]
    field = {"json": obj.export_json, "xlsx": obj.export_xlsx}.get(fmt)
    if not field:
        raise Http404
    # Reading personal data is recorded too: who took a copy of whose data, and when.
    audit.record(actor=request.user, action="core.personal_data_download", obj=obj, changes={"format": fmt})  # type: ignore[arg-type]
    content_type = {
        "json": "application/json",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }[fmt]
    return private_file_response(
        field.open("rb"), name=f"du-lieu-ca-nhan-{obj.pk}.{fmt}", content_type=content_type
    )
