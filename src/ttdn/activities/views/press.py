"""Foreign reporter visits, media events (with iCal), content items, cooperation agreements, journalists,
publications."""

from pathlib import PurePath

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.forms.models import model_to_dict
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ttdn.plans.access import actor_for

from .. import selectors, services
from ..calendar_export import events_ical
from ..forms import (
    AgreementForm,
    ContentItemForm,
    EventForm,
    JournalistForm,
    PermitForm,
    PublicationFileForm,
    PublicationForm,
    PublicationStatusForm,
    VisitForm,
)
from ..models import (
    ContentItem,
    CooperationAgreement,
    Journalist,
    MediaEvent,
    Publication,
    ReporterVisit,
)
from .common import form_error, refuse_write_without_tasks, save_form


@login_required
def visit_list(request: HttpRequest) -> HttpResponse:
    visits = selectors.visible(
        ReporterVisit.objects.select_related("task", "accompanying_unit"), user=request.user
    )
    tasks = selectors.editable_tasks(user=request.user)
    form = VisitForm(request.POST or None, tasks=tasks)
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.visit_create(actor=request.user, **form.cleaned_data)
        except services.ActivityError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("The visit was recorded. Apply for the MOFA permit by %(date)s.")
                % {"date": visit.permit_deadline.strftime("%d/%m/%Y")},
            )
            return redirect("activities:visit_detail", visit_id=visit.pk)
    return render(
        request,
        "activities/visit_list.html",
        {
            "visits": visits.order_by("-starts_on"),
            "form": form if tasks.exists() else None,
            "working_days": services.press.permit_working_days(),
            "today": timezone.localdate(),
        },
        status=400 if form.errors else 200,
    )


@login_required
def visit_detail(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = selectors.access_object(
        user=request.user, queryset=ReporterVisit.objects.select_related("accompanying_unit"), pk=visit_id
    )
    can_edit = selectors.can_edit_task(
        actor_for(request.user), visit.task, selectors.task_units(visit.task_id)
    )
    if request.method == "POST":
        selectors.access_task_activity(user=request.user, task=visit.task, edit=True)
        form = PermitForm(request.POST)
        if form.is_valid():
            try:
                services.visit_permit_update(actor=request.user, visit=visit, **form.cleaned_data)
            except services.ActivityError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Saved."))
        else:
            form_error(request, form)
        return redirect("activities:visit_detail", visit_id=visit.pk)
    return render(
        request,
        "activities/visit_detail.html",
        {
            "visit": visit,
            "can_edit": can_edit,
            "form": PermitForm(initial={"state": visit.permit_state, "number": visit.permit_number}),
            "days_left": (visit.permit_deadline - timezone.localdate()).days,
            "working_days": services.press.permit_working_days(),
        },
    )


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    events = selectors.events_for(user=request.user)
    tasks = selectors.editable_tasks(user=request.user)
    form = EventForm(request.POST or None, tasks=tasks)

    def create(data: dict) -> MediaEvent:
        data = dict(data)
        data["coverage_urls"] = data.pop("coverage")
        return services.event_create(actor=request.user, **data)

    if save_form(request, form, create):
        return redirect("activities:event_list")
    return render(
        request,
        "activities/event_list.html",
        {"events": events, "form": form if tasks.exists() else None},
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def event_coverage(request: HttpRequest, event_id: int) -> HttpResponse:
    event = selectors.access_object(user=request.user, queryset=MediaEvent.objects, pk=event_id, edit=True)
    try:
        services.event_add_coverage(actor=request.user, event=event, url=request.POST.get("url", ""))
    except services.ActivityError as exc:
        messages.error(request, str(exc))
    return redirect("activities:event_list")


@login_required
def event_ical(request: HttpRequest) -> HttpResponse:
    content = events_ical(
        selectors.events_for(user=request.user), site=getattr(settings, "TTDN_SITE_URL", "")
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="su-kien-ttdn.ics"'
    return response


@login_required
def content_list(request: HttpRequest) -> HttpResponse:
    items = selectors.visible(ContentItem.objects.select_related("task", "agency"), user=request.user)
    tasks = selectors.editable_tasks(user=request.user)
    form = ContentItemForm(request.POST or None, tasks=tasks)
    if save_form(request, form, lambda data: services.content_item_create(actor=request.user, **data)):
        return redirect("activities:content_list")
    return render(
        request,
        "activities/content_list.html",
        {"items": items, "form": form if tasks.exists() else None},
        status=400 if form.errors else 200,
    )


def _with_edit_rights(request: HttpRequest, records: QuerySet) -> list[tuple]:
    """(record, may edit) pairs: a list shows records of tasks the user only reads, too."""
    actor = actor_for(request.user)
    units: dict[int, frozenset[int]] = {}
    rows = []
    for record in records:
        if record.task_id not in units:
            units[record.task_id] = selectors.task_units(record.task_id)
        rows.append((record, selectors.can_edit_task(actor, record.task, units[record.task_id])))
    return rows


@login_required
def agreement_list(request: HttpRequest) -> HttpResponse:
    tasks = selectors.editable_tasks(user=request.user)
    refuse_write_without_tasks(request, tasks)
    form = AgreementForm(request.POST or None, tasks=tasks)
    if save_form(request, form, lambda data: services.agreement_create(actor=request.user, **data)):
        return redirect("activities:agreement_list")
    agreements = selectors.visible(
        CooperationAgreement.objects.select_related("task__plan", "agency"), user=request.user
    )
    return render(
        request,
        "activities/agreement_list.html",
        {"rows": _with_edit_rights(request, agreements), "form": form if tasks.exists() else None},
        status=400 if form.errors else 200,
    )


@login_required
def agreement_edit(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = selectors.access_object(
        user=request.user,
        queryset=CooperationAgreement.objects.select_related("agency"),
        pk=agreement_id,
        edit=True,
    )
    form = AgreementForm(request.POST or None, initial=model_to_dict(agreement))
    if save_form(
        request, form, lambda data: services.agreement_update(actor=request.user, agreement=agreement, **data)
    ):
        return redirect("activities:agreement_list")
    return render(
        request,
        "activities/record_edit.html",
        {
            "form": form,
            "heading": _("Edit the cooperation agreement"),
            "record": agreement,
            "back": "activities:agreement_list",
        },
        status=400 if form.errors else 200,
    )


@login_required
def journalist_list(request: HttpRequest) -> HttpResponse:
    keeper = selectors.access_press_contacts(user=request.user, edit=request.method == "POST")
    form = JournalistForm(request.POST or None)
    if save_form(request, form, lambda data: services.journalist_create(actor=request.user, **data)):
        return redirect("activities:journalist_list")
    return render(
        request,
        "activities/journalist_list.html",
        {
            "journalists": Journalist.objects.select_related("agency"),
            "form": form if keeper else None,
        },
        status=400 if form.errors else 200,
    )


@login_required
def journalist_edit(request: HttpRequest, journalist_id: int) -> HttpResponse:
    """A press contact: keepers change it, province leaders read it, everyone else gets 404."""
    keeper = selectors.access_press_contacts(user=request.user, edit=request.method == "POST")
    journalist = get_object_or_404(Journalist.objects.select_related("agency"), pk=journalist_id)
    form = JournalistForm(request.POST or None, initial=model_to_dict(journalist))
    if save_form(
        request,
        form,
        lambda data: services.journalist_update(actor=request.user, journalist=journalist, **data),
    ):
        return redirect("activities:journalist_list")
    return render(
        request,
        "activities/journalist_edit.html",
        {
            "journalist": journalist,
            # An erased contact offers no form; a refused POST still shows why.
            "form": form if keeper and (journalist.consent_withdrawn_at is None or form.errors) else None,
        },
        status=400 if form.errors else 200,
    )


@login_required
def publication_list(request: HttpRequest) -> HttpResponse:
    tasks = selectors.editable_tasks(user=request.user)
    refuse_write_without_tasks(request, tasks)
    form = PublicationForm(request.POST or None, tasks=tasks)
    if save_form(request, form, lambda data: services.publication_create(actor=request.user, **data)):
        return redirect("activities:publication_list")
    publications = selectors.visible(
        Publication.objects.select_related("task__plan", "owner_unit"), user=request.user
    )
    return render(
        request,
        "activities/publication_list.html",
        {
            "rows": _with_edit_rights(request, publications),
            "form": form if tasks.exists() else None,
            "statuses": Publication.Status.choices,
        },
        status=400 if form.errors else 200,
    )


def _publication(request: HttpRequest, publication_id: int, *, edit: bool) -> Publication:
    return selectors.access_object(
        user=request.user,
        queryset=Publication.objects.select_related("owner_unit"),
        pk=publication_id,
        edit=edit,
    )


def _publication_page(
    request: HttpRequest,
    publication: Publication,
    *,
    form: PublicationForm | None = None,
    file_form: PublicationFileForm | None = None,
) -> HttpResponse:
    form = form or PublicationForm(initial=model_to_dict(publication))
    file_form = file_form or PublicationFileForm(prefix="file")
    return render(
        request,
        "activities/record_edit.html",
        {
            "form": form,
            "file_form": file_form,
            "file_name": PurePath(publication.file.name).name if publication.file else "",
            "heading": _("Edit the publication"),
            "record": publication,
            "back": "activities:publication_list",
        },
        status=400 if form.errors or file_form.errors else 200,
    )


@login_required
def publication_edit(request: HttpRequest, publication_id: int) -> HttpResponse:
    publication = _publication(request, publication_id, edit=True)
    if request.method != "POST":
        return _publication_page(request, publication)
    form = PublicationForm(request.POST)
    if save_form(
        request,
        form,
        lambda data: services.publication_update(actor=request.user, publication=publication, **data),
    ):
        return redirect("activities:publication_list")
    return _publication_page(request, publication, form=form)


@login_required
def publication_file(request: HttpRequest, publication_id: int) -> HttpResponse:
    """GET downloads the file (anyone who may see the publication); POST attaches or replaces it."""
    publication = _publication(request, publication_id, edit=request.method == "POST")
    if request.method != "POST":
        if not publication.file:
            raise Http404
        name = PurePath(publication.file.name).name
        content_type = services.FILE_TYPES.get(PurePath(name).suffix.lower(), ("application/octet-stream",))[
            0
        ]
        response = FileResponse(publication.file.open("rb"), as_attachment=True, filename=name)
        response["Content-Type"] = content_type
        response["X-Content-Type-Options"] = "nosniff"
        return response
    file_form = PublicationFileForm(request.POST, request.FILES, prefix="file")
    if file_form.is_valid():
        try:
            services.publication_attach(
                actor=request.user, publication=publication, uploaded_file=file_form.cleaned_data["file"]
            )
        except services.ActivityError as exc:
            file_form.add_error("file", str(exc))
        else:
            messages.success(request, _("The file was attached."))
            return redirect("activities:publication_edit", publication_id=publication.pk)
    return _publication_page(request, publication, file_form=file_form)


@require_POST
@login_required
def publication_status(request: HttpRequest, publication_id: int) -> HttpResponse:
    publication = selectors.access_object(
        user=request.user, queryset=Publication.objects, pk=publication_id, edit=True
    )
    form = PublicationStatusForm(request.POST)
    if form.is_valid():
        try:
            services.publication_status(actor=request.user, publication=publication, **form.cleaned_data)
        except services.ActivityError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Saved."))
    else:
        form_error(request, form)
    return redirect("activities:publication_list")
