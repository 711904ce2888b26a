"""TTĐN clusters at border gates: set-up, status, maintenance, incidents, uptime, and the screens' playlist."""

import csv
import io
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms.models import model_to_dict
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ttdn.plans.access import actor_for

from .. import selectors, services
from ..forms import ClusterForm, ComponentForm, IncidentForm, MaintenanceForm, PlaylistForm, ScheduleForm
from ..models import Cluster
from .common import form_error, refuse_write_without_tasks, save_form


def _cluster(request: HttpRequest, cluster_id: int, edit: bool = False) -> Cluster:
    return selectors.access_object(
        user=request.user,
        queryset=Cluster.objects.select_related("gate", "operator"),
        pk=cluster_id,
        edit=edit,
    )


@login_required
def cluster_list(request: HttpRequest) -> HttpResponse:
    tasks = selectors.editable_tasks(user=request.user)
    refuse_write_without_tasks(request, tasks)
    form = ClusterForm(request.POST or None, tasks=tasks)
    cluster = save_form(
        request,
        form,
        lambda data: services.cluster_create(actor=request.user, **data),
        _("The cluster was created. Add its components and maintenance schedules."),
    )
    if cluster:
        return redirect("activities:cluster_detail", cluster_id=cluster.pk)
    clusters = selectors.visible(
        Cluster.objects.select_related("gate", "operator", "task"), user=request.user
    )
    return render(
        request,
        "activities/cluster_list.html",
        {"clusters": clusters, "form": form if tasks.exists() else None},
        status=400 if form.errors else 200,
    )


@login_required
def cluster_detail(request: HttpRequest, cluster_id: int) -> HttpResponse:
    cluster = _cluster(request, cluster_id)
    year = int(request.GET.get("year") or timezone.localdate().year)
    can_edit = selectors.can_edit_task(
        actor_for(request.user), cluster.task, selectors.task_units(cluster.task_id)
    )
    return render(
        request,
        "activities/cluster_detail.html",
        {
            "cluster": cluster,
            "can_edit": can_edit,
            "components": cluster.components.all(),
            "schedules": cluster.schedules.all(),
            "log": cluster.maintenance.select_related("recorded_by")[:50],
            "incidents": cluster.incidents.all()[:50],
            "uptime": [
                (m, None if r is None else round(r * 100, 2))
                for m, r in selectors.cluster_uptime(cluster, year=year)
            ],
            "year": year,
            "playlist": cluster.playlist.all(),
            "maintenance_form": MaintenanceForm(cluster=cluster, prefix="m") if can_edit else None,
            "incident_form": IncidentForm(prefix="i") if can_edit else None,
            "playlist_form": PlaylistForm(prefix="p") if can_edit else None,
            "edit_form": ClusterForm(prefix="e", initial=model_to_dict(cluster)) if can_edit else None,
            "component_form": ComponentForm(prefix="c") if can_edit else None,
            "schedule_form": ScheduleForm(prefix="s") if can_edit else None,
            "today": timezone.localdate(),
        },
    )


@require_POST
@login_required
def cluster_action(request: HttpRequest, cluster_id: int, what: str) -> HttpResponse:
    cluster = _cluster(request, cluster_id, edit=True)
    try:
        if what == "maintenance":
            form = MaintenanceForm(request.POST, cluster=cluster, prefix="m")
            if form.is_valid():
                services.maintenance_log_add(actor=request.user, cluster=cluster, **form.cleaned_data)
        elif what == "incident":
            form = IncidentForm(request.POST, prefix="i")
            if form.is_valid():
                data = form.cleaned_data
                incident = services.incident_open(
                    actor=request.user,
                    cluster=cluster,
                    started_at=data["started_at"],
                    description=data["description"],
                )
                if data["resolved_at"]:
                    services.incident_resolve(
                        actor=request.user, incident=incident, resolved_at=data["resolved_at"]
                    )
        elif what == "resolve":
            incident = cluster.incidents.filter(
                pk=request.POST.get("incident") or 0, resolved_at__isnull=True
            ).first()
            if incident is None:
                raise Http404
            services.incident_resolve(actor=request.user, incident=incident, resolved_at=timezone.now())
            form = None
        elif what == "edit":
            form = ClusterForm(request.POST, prefix="e")
            if form.is_valid():
                services.cluster_update(actor=request.user, cluster=cluster, **form.cleaned_data)
        elif what == "component":
            form = ComponentForm(request.POST, prefix="c")
            if form.is_valid():
                services.component_add(actor=request.user, cluster=cluster, **form.cleaned_data)
        elif what == "schedule":
            form = ScheduleForm(request.POST, prefix="s")
            if form.is_valid():
                services.schedule_add(actor=request.user, cluster=cluster, **form.cleaned_data)
        elif what == "playlist":
            form = PlaylistForm(request.POST, prefix="p")
            if form.is_valid():
                services.playlist_add(actor=request.user, cluster=cluster, **form.cleaned_data)
        else:
            raise Http404
        if form is not None and form.errors:
            form_error(request, form)
        else:
            messages.success(request, _("Saved."))
    except services.ActivityError as exc:
        messages.error(request, str(exc))
    return redirect("activities:cluster_detail", cluster_id=cluster.pk)


@login_required
def playlist_export(request: HttpRequest, cluster_id: int, fmt: str) -> HttpResponse:
    """The playlist the screens load: every item, or those shown on ``?on=YYYY-MM-DD``."""
    cluster = _cluster(request, cluster_id)
    on = None
    if request.GET.get("on"):
        try:
            on = timezone.datetime.fromisoformat(request.GET["on"]).date()
        except ValueError:
            return HttpResponse(_("The date must be written YYYY-MM-DD."), status=400)
    rows = selectors.playlist_rows(cluster, on=on)
    name = f"playlist-{cluster.gate.code}-{cluster.pk}"
    if fmt == "json":
        response = HttpResponse(
            json.dumps(
                {"cluster": cluster.name, "gate": cluster.gate.code, "items": rows}, ensure_ascii=False
            ),
            content_type="application/json; charset=utf-8",
        )
    else:
        buffer = io.StringIO()
        writer = csv.DictWriter(
            buffer,
            fieldnames=["title", "language", "media_url", "text", "starts_on", "ends_on", "duration_seconds"],
        )
        writer.writeheader()
        writer.writerows(rows)
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
