from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ttdn.directory.models import Unit

from .. import selectors, services
from ..access import actor_for, cleared_levels
from ..forms import PlanUploadForm, TaskFilterForm
from ..models import PlanImport, Task
from ..presenters import cached_fragment, diff_view, preview_rows, task_rows


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    imports = PlanImport.objects.filter(
        status__in=[PlanImport.Status.READY, PlanImport.Status.PARSING],
        classification__in=cleared_levels(request.user),
    )
    plans = selectors.plan_list().filter(pk__in=selectors.visible_plans(user=request.user).values("pk"))
    return render(
        request,
        "plans/plan_list.html",
        {"plans": plans, "pending_imports": imports.select_related("uploaded_by")[:20]},
    )


FILTER_PARAMS = ("unit", "status", "quarter")


@login_required
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.access_plan(user=request.user, plan_id=plan_id)
    actor = actor_for(request.user)
    today = timezone.localdate()
    whole_plan = selectors.sees_whole_plan(actor, plan)
    can_link = plan.owner_unit_id is not None and plan.owner_unit_id == actor.unit_id
    can_track = actor.sees_everything or actor.is_focal(plan)

    def filters() -> tuple[TaskFilterForm, dict]:
        form = TaskFilterForm(request.GET or None, units=selectors.plan_units(plan=plan))
        return form, (form.cleaned_data if form.is_valid() else {})

    def table(cleaned: dict) -> str:
        # A unit's people see only the tasks their unit leads or coordinates.
        scope_unit = None if whole_plan else Unit.objects.get(pk=actor.unit_id)
        tasks = list(
            selectors.task_list(
                plan=plan,
                unit=scope_unit or cleaned.get("unit"),
                status=cleaned.get("status") or "",
                quarter=cleaned.get("quarter"),
                today=today,
            )
        )
        rows = task_rows(tasks, today, statuses=selectors.task_statuses(plan=plan, today=today))
        links = selectors.linkable_tasks(plan=plan) if plan.parent_plan_id else []
        fragment = {
            "plan": plan,
            "own_unit_id": actor.unit_id,
            "can_link": can_link,
            "rows": rows,
            "task_total": len(tasks),
            "link_choices": links,
        }
        return render_to_string("plans/_task_table.html", fragment, request=request)

    def body() -> str:
        form, cleaned = filters()
        context = {"plan": plan, "form": form, "can_track": can_track, "task_table": table(cleaned)}
        return render_to_string("plans/_plan_detail_body.html", context, request=request)

    def table_only() -> str:
        return table(filters()[1])

    # Keyed on the raw filter values, so a cached page costs no form validation (the unit list is a query);
    # what differs between users is in the key: the unit scope and the rights that change the page.
    params = ",".join(f"{name}={request.GET.get(name, '')[:40]}" for name in FILTER_PARAMS)
    key = f"{'all' if whole_plan else actor.unit_id}:{int(can_track)}:{params}"
    build = table_only if request.htmx else body
    # Forms with a CSRF token are never cached: the token belongs to one session.
    html = (
        build()
        if can_link
        else cached_fragment(request, plan, "htmx" if request.htmx else "page", key, today, build)
    )
    if request.htmx:
        return HttpResponse(html)
    return render(request, "plans/plan_detail.html", {"plan": plan, "body": html})


@login_required
def unit_tasks(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(Unit, code=code)
    actor = actor_for(request.user)
    if not (
        actor.sees_everything or actor.unit_id == unit.pk or request.user.has_perm("plans.add_planimport")
    ):
        raise PermissionDenied
    today = timezone.localdate()
    tasks = list(selectors.unit_tasks(unit=unit))
    return render(
        request, "plans/unit_tasks.html", {"unit": unit, "rows": task_rows(tasks, today), "today": today}
    )


def _can_import(user) -> bool:
    return user.has_perm("plans.add_planimport")


def _may_handle(user, plan_import: PlanImport) -> bool:
    """Focal staff handle every upload; a unit's staff only their own unit plan uploads."""
    if _can_import(user):
        return True
    actor = actor_for(user)
    return plan_import.owner_unit_id is not None and plan_import.owner_unit_id == actor.unit_id


@login_required
def plan_upload(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    can_import = _can_import(request.user)
    if not can_import and (actor.unit_id is None or actor.role == "province_leader"):
        raise PermissionDenied  # leaders read; only focal staff and a unit's own staff upload
    unit_plans = selectors.visible_plans(user=request.user).filter(parent_plan__isnull=True)
    form = PlanUploadForm(
        request.POST or None,
        request.FILES or None,
        unit_plans=unit_plans,
        can_import=can_import,
        levels=cleared_levels(request.user),
    )
    if request.method == "POST" and form.is_valid():
        parent = form.cleaned_data.get("unit_plan_for")
        try:
            plan_import = services.plan_import_upload(
                actor=request.user,
                uploaded_file=form.cleaned_data["file"],
                target_plan=form.cleaned_data.get("target_plan"),
                parent_plan=parent,
                owner_unit=Unit.objects.get(pk=actor.unit_id) if parent and actor.unit_id else None,
                classification=form.cleaned_data["classification"],
            )
        except services.PlanImportError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("plans:import_preview", import_id=plan_import.pk)
    return render(request, "plans/plan_upload.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def import_preview(request: HttpRequest, import_id: int) -> HttpResponse:
    try:
        plan_import = selectors.plan_import_get(import_id=import_id)
    except PlanImport.DoesNotExist as exc:
        raise Http404 from exc
    if not _may_handle(request.user, plan_import):
        raise Http404
    selectors.clear_plan_import(user=request.user, plan_import=plan_import)
    context: dict = {"imp": plan_import}
    if plan_import.status == PlanImport.Status.PARSING:
        template = "plans/_import_parsing.html" if request.htmx else "plans/import_preview.html"
        return render(request, template, context)
    if plan_import.parsed:
        context.update(preview_rows(plan_import))
        context["diff"] = diff_view(plan_import)
    if request.htmx:
        response = HttpResponse()
        response["HX-Refresh"] = "true"  # parsing finished: show the full review page
        return response
    return render(request, "plans/import_preview.html", context)


@require_POST
@login_required
def import_confirm(request: HttpRequest, import_id: int) -> HttpResponse:
    plan_import = get_object_or_404(PlanImport, pk=import_id)
    if not _may_handle(request.user, plan_import):
        raise Http404
    choices = {k: v for k, v in request.POST.items() if k.startswith("m-") and v}
    focal_unit = Unit.objects.filter(code=request.POST.get("focal_unit", "")).first()
    try:
        plan = services.plan_import_confirm(
            actor=request.user, plan_import=plan_import, choices=choices, focal_unit=focal_unit
        )
    except services.PlanImportError as exc:
        messages.error(request, str(exc))
        return redirect("plans:import_preview", import_id=import_id)
    messages.success(
        request,
        _("The plan was imported: %(count)s tasks.")
        % {"count": plan.tasks.filter(withdrawn_at__isnull=True).count()},
    )
    return redirect("plans:plan_detail", plan_id=plan.pk)


@require_POST
@login_required
def import_discard(request: HttpRequest, import_id: int) -> HttpResponse:
    plan_import = get_object_or_404(PlanImport, pk=import_id)
    if not _may_handle(request.user, plan_import):
        raise Http404
    try:
        services.plan_import_discard(actor=request.user, plan_import=plan_import)
    except services.PlanImportError as exc:
        messages.error(request, str(exc))
        return redirect("plans:import_preview", import_id=import_id)
    messages.success(request, _("The upload was discarded."))
    return redirect("plans:plan_list")


@login_required
def import_original(request: HttpRequest, import_id: int) -> FileResponse:
    """The original document, only for signed-in users (never served as a public media URL)."""
    plan_import = get_object_or_404(PlanImport, pk=import_id)
    if not _may_handle(request.user, plan_import):
        if plan_import.plan_id is None:
            raise Http404
        selectors.access_plan(user=request.user, plan_id=plan_import.plan_id)
    if not plan_import.file:
        raise Http404
    selectors.clear_plan_import(user=request.user, plan_import=plan_import, action="download")
    return FileResponse(plan_import.file.open("rb"), as_attachment=True, filename=plan_import.original_name)


@require_POST
@login_required
def task_link(request: HttpRequest, task_id: int) -> HttpResponse:
    task = selectors.access_task(user=request.user, task_id=task_id)
    actor = actor_for(request.user)
    if task.plan.owner_unit_id is None or task.plan.owner_unit_id != actor.unit_id:
        raise PermissionDenied
    served = list(
        Task.objects.filter(plan_id=task.plan.parent_plan_id, pk__in=request.POST.getlist("serves"))
    )
    try:
        services.task_link_served(actor=request.user, task=task, served=served)
    except services.PlanImportError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The links were saved."))
    return redirect("plans:plan_detail", plan_id=task.plan_id)
