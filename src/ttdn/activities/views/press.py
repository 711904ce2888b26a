"""Foreign reporter visits, media events (with iCal), content items."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ttdn.plans.access import actor_for

from .. import selectors, services
from ..calendar_export import events_ical
from ..forms import ContentItemForm, EventForm, PermitForm, VisitForm
from ..models import ContentItem, MediaEvent, ReporterVisit
from .common import form_error


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
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["coverage_urls"] = data.pop("coverage")
        try:
            services.event_create(actor=request.user, **data)
        except services.ActivityError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Saved."))
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
    if request.method == "POST" and form.is_valid():
        try:
            services.content_item_create(actor=request.user, **form.cleaned_data)
        except services.ActivityError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect("activities:content_list")
    return render(
        request,
        "activities/content_list.html",
        {"items": items, "form": form if tasks.exists() else None},
        status=400 if form.errors else 200,
    )
