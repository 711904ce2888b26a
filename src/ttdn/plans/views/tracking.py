"""Pages for carrying a plan out: my work, dashboards, reports, evidence, extensions, notifications."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ttdn.core.charts import Bar, bar_chart, stacked_bar
from ttdn.directory.models import Unit

from .. import selectors, services
from ..access import Action, actor_for, can_on_assignment, cleared_levels
from ..forms import CommentForm, EvidenceForm, ExtensionDecisionForm, ExtensionForm, ReportForm
from ..models import Indicator, Notification, ProgressReport
from ..presenters import cached_fragment

STATUS_LABELS = {
    "done_on_time": gettext_lazy("Done on time"),
    "done_late": gettext_lazy("Done late"),
    "in_progress": gettext_lazy("In progress, within deadline"),
    "overdue": gettext_lazy("Overdue"),
}


def _status_labels() -> dict[str, str]:
    return {key: str(label) for key, label in STATUS_LABELS.items()}


@login_required
def my_work(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    if actor.unit_id is None:
        return render(request, "plans/my_work.html", {"no_unit": True, "focal_plans": []})
    dashboard = selectors.unit_dashboard(unit_id=actor.unit_id, user=request.user)
    focal_plans = selectors.visible_plans(user=request.user).filter(focal_unit_id=actor.unit_id)
    return render(
        request,
        "plans/my_work.html",
        {
            "dashboard": dashboard,
            "unit": Unit.objects.get(pk=actor.unit_id),
            "labels": _status_labels(),
            "focal_plans": focal_plans,
            "is_leader": actor.role == "leader",
        },
    )


@login_required
def plan_dashboard(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.access_plan(user=request.user, plan_id=plan_id)
    actor = actor_for(request.user)
    if not (actor.sees_everything or actor.is_focal(plan)):
        raise PermissionDenied
    code = request.GET.get("unit", "")[:50]
    today = timezone.localdate()

    @functools.cache
    def selected_unit() -> Unit | None:
        # Looked up only when a fragment is built: a cached page is keyed on the code as given.
        return Unit.objects.filter(code=code).first() if code else None

    def body() -> str:
        unit = selected_unit()
        data = selectors.focal_dashboard(
            plan=plan, unit_id=unit.pk if unit else None, today=today, user=request.user
        )
        labels = _status_labels()
        parts = [Bar(labels[s], data.counts[s], s) for s in selectors.STATUSES]
        overdue_bars = sorted(
            (
                Bar(name, counts["overdue"], "overdue")
                for _code, name, counts in data.heat
                if counts["overdue"]
            ),
            key=lambda b: -b.value,
        )[:15]
        fragment = {
            "plan": plan,
            "data": data,
            "labels": labels,
            "statuses": selectors.STATUSES,
            "selected_unit": unit,
            "status_chart": stacked_bar(parts, title=_("Lead assignments by status")),
            "overdue_chart": bar_chart(overdue_bars, title=_("Overdue assignments by unit")),
        }
        return render_to_string("plans/_dashboard_body.html", fragment, request=request)

    # The waiting-review list depends on the reader's clearance, so cached copies are kept per level.
    selected = f"{code or '-'}:c{max(cleared_levels(request.user, plan))}"
    if request.htmx:
        return HttpResponse(cached_fragment(request, plan, "dashboard", selected, today, body))

    def page() -> str:
        options = selectors.plan_units(plan=plan).values_list("code", "name")
        context = {
            "plan": plan,
            "selected_unit": selected_unit(),
            "unit_options": options,
            "dashboard_body": cached_fragment(request, plan, "dashboard", selected, today, body),
            "can_manage": actor.is_focal(plan),
        }
        return render_to_string("plans/_dashboard_page.html", context, request=request)

    # The whole content is cached, with the one right that changes it (report links for the focal unit).
    content = cached_fragment(
        request, plan, "dashboard-page", f"{selected}:{int(actor.is_focal(plan))}", today, page
    )
    return render(request, "plans/dashboard.html", {"plan": plan, "content": content})


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    if not actor.sees_everything:
        raise PermissionDenied
    labels = _status_labels()
    rows = [
        (
            plan,
            counts,
            stacked_bar(
                [Bar(labels[s], counts[s], s) for s in selectors.STATUSES],
                title=plan.title,
                width=300,
                height=18,
            ),
        )
        for plan, counts in selectors.leader_overview()
    ]
    return render(
        request, "plans/overview.html", {"rows": rows, "labels": labels, "statuses": selectors.STATUSES}
    )


def _report_form(
    assignment, data=None, files=None, instance: ProgressReport | None = None, *, user
) -> ReportForm:
    indicators = [ti.indicator for ti in assignment.task.task_indicators.select_related("indicator")] or list(
        Indicator.objects.all()
    )
    initial = {}
    if instance is not None:
        initial = {
            "period": instance.period_id,
            "progress": instance.progress,
            "percent": instance.percent,
            "done_on": instance.done_on,
            "narrative": instance.narrative,
            "classification": instance.classification,
            **{f"ind_{code}": value for code, value in instance.indicators.items()},
        }
    else:
        current = selectors.current_period(plan=assignment.task.plan)
        initial = {"period": current.pk if current else None}
    return ReportForm(
        data,
        files,
        periods=assignment.task.plan.periods.all(),
        indicators=indicators,
        initial=initial,
        levels=cleared_levels(user, assignment.task.plan),
    )


@login_required
def assignment_detail(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = selectors.access_assignment(user=request.user, assignment_id=assignment_id)
    actor = actor_for(request.user)
    can_edit = can_on_assignment(actor, Action.EDIT_REPORT, assignment)
    form = None
    if can_edit:
        form = _report_form(assignment, request.POST or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            try:
                report = services.report_save(
                    actor=request.user,
                    assignment=assignment,
                    period=form.cleaned_data["period"],
                    progress=form.cleaned_data["progress"],
                    percent=form.cleaned_data["percent"],
                    narrative=form.cleaned_data["narrative"],
                    indicators=form.indicator_values(),
                    done_on=form.cleaned_data["done_on"],
                    classification=form.cleaned_data["classification"],
                )
            except services.ReportingError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The report was saved as a draft."))
                return redirect("plans:report_detail", report_id=report.pk)
    elif request.method == "POST":
        raise PermissionDenied
    status_row = selectors.with_status(
        type(assignment).objects.filter(pk=assignment.pk), timezone.localdate()
    ).get()
    return render(
        request,
        "plans/assignment_detail.html",
        {
            "assignment": assignment,
            "status": status_row.status,
            "deadline": status_row.deadline,
            "labels": _status_labels(),
            "reports": selectors.assignment_reports(assignment=assignment, user=request.user),
            "form": form,
            "extension_form": ExtensionForm()
            if can_on_assignment(actor, Action.REQUEST_EXTENSION, assignment)
            else None,
            "extensions": selectors.extension_history(assignment=assignment),
            "can_decide": can_on_assignment(actor, Action.DECIDE_EXTENSION, assignment),
            "decision_form": ExtensionDecisionForm(),
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    report = selectors.access_report(user=request.user, report_id=report_id)
    actor = actor_for(request.user)
    state = ProgressReport.State
    can = {
        "edit": report.state in (state.DRAFT, state.RETURNED)
        and can_on_assignment(actor, Action.EDIT_REPORT, report.assignment),
        "approve": report.state == state.SUBMITTED
        and can_on_assignment(actor, Action.APPROVE_REPORT, report.assignment),
        "review": report.state == state.APPROVED
        and can_on_assignment(actor, Action.REVIEW_REPORT, report.assignment),
    }
    indicator_names = dict(Indicator.objects.values_list("code", "name"))
    return render(
        request,
        "plans/report_detail.html",
        {
            "report": report,
            "can": can,
            "history": selectors.report_history(report=report),
            "evidence": report.evidence.filter(
                classification__in=cleared_levels(request.user, report.assignment.task.plan)
            ),
            "indicators": [
                (indicator_names.get(code, code), value) for code, value in report.indicators.items()
            ],
            "comment_form": CommentForm(),
            "evidence_form": EvidenceForm(levels=cleared_levels(request.user, report.assignment.task.plan)),
            "edit_form": _report_form(report.assignment, instance=report, user=request.user)
            if can["edit"]
            else None,
        },
    )


_STEPS = {
    "submit": (
        Action.EDIT_REPORT,
        services.report_submit,
        gettext_lazy("The report was sent to the unit leader."),
    ),
    "approve": (
        Action.APPROVE_REPORT,
        services.report_approve,
        gettext_lazy("The report was approved and sent to the focal department."),
    ),
    "send_back": (
        Action.APPROVE_REPORT,
        services.report_send_back,
        gettext_lazy("The report was returned to the officer."),
    ),
    "accept": (Action.REVIEW_REPORT, services.report_accept, gettext_lazy("The report was accepted.")),
    "return": (
        Action.REVIEW_REPORT,
        services.report_return,
        gettext_lazy("The report was returned with your comments."),
    ),
}


@require_POST
@login_required
def report_step(request: HttpRequest, report_id: int, step: str) -> HttpResponse:
    if step not in _STEPS:
        raise Http404
    action, service, done_message = _STEPS[step]
    report = selectors.access_report(user=request.user, report_id=report_id, action=action)
    form = CommentForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    kwargs = {"comment": comment} if step != "submit" else {}
    try:
        service(actor=request.user, report=report, **kwargs)
    except services.ReportingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, str(done_message))
    return redirect("plans:report_detail", report_id=report.pk)


@require_POST
@login_required
def evidence_upload(request: HttpRequest, report_id: int) -> HttpResponse:
    report = selectors.access_report(user=request.user, report_id=report_id, action=Action.EDIT_REPORT)
    form = EvidenceForm(
        request.POST, request.FILES, levels=cleared_levels(request.user, report.assignment.task.plan)
    )
    if not form.is_valid():
        messages.error(request, _("Choose a file to attach."))
    else:
        try:
            services.evidence_add(
                actor=request.user,
                report=report,
                uploaded_file=form.cleaned_data["file"],
                classification=form.cleaned_data["classification"],
            )
        except services.ReportingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The file was attached."))
    return redirect("plans:report_detail", report_id=report.pk)


@login_required
def evidence_download(request: HttpRequest, evidence_id: int) -> FileResponse:
    evidence = selectors.access_evidence(user=request.user, evidence_id=evidence_id)
    response = FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name)
    response["Content-Type"] = evidence.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@login_required
def extension_request(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = selectors.access_assignment(
        user=request.user, assignment_id=assignment_id, action=Action.REQUEST_EXTENSION
    )
    form = ExtensionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a valid new deadline (dd/mm/yyyy) and a reason."))
    else:
        try:
            services.extension_request(actor=request.user, assignment=assignment, **form.cleaned_data)
        except services.ReportingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The extension request was sent to the focal department."))
    return redirect("plans:assignment_detail", assignment_id=assignment.pk)


@require_POST
@login_required
def extension_decide(request: HttpRequest, extension_id: int) -> HttpResponse:
    extension = selectors.access_extension(
        user=request.user, extension_id=extension_id, action=Action.DECIDE_EXTENSION
    )
    form = ExtensionDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or reject."))
    else:
        try:
            services.extension_decide(
                actor=request.user,
                extension=extension,
                approve=form.cleaned_data["approve"],
                note=form.cleaned_data["note"],
            )
        except services.ReportingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The decision was recorded."))
    return redirect("plans:assignment_detail", assignment_id=extension.assignment_id)


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.notifications_mark_read(user=request.user)
        return redirect("plans:notifications")
    items = Notification.objects.filter(user=request.user).order_by("-created_at")[:100]
    return render(request, "plans/notifications.html", {"items": items})
