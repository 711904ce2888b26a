"""Budget estimates: the lead unit writes and submits; the finance department appraises."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ttdn.plans.selectors import access_plan

from .. import selectors, services
from ..forms import EstimateForm, LineForm, SpendingForm
from ..models import Estimate
from .common import form_error


def _estimate(request: HttpRequest, estimate_id: int) -> tuple[Estimate, bool]:
    """The estimate and whether the user writes it (404 when they may not see it)."""
    estimate = (
        Estimate.objects.select_related("task__plan", "unit", "appraised_by").filter(pk=estimate_id).first()
    )
    if estimate is None:
        raise Http404
    viewer, writer = selectors.estimate_rights(
        request.user, estimate.task, submitted=estimate.state != Estimate.State.DRAFT
    )
    if not viewer:
        raise Http404
    return estimate, writer


@login_required
def estimate_list(request: HttpRequest) -> HttpResponse:
    appraiser = selectors.can_appraise(request.user)
    estimates = selectors.estimates_for(user=request.user, appraiser=appraiser)
    tasks = selectors.editable_tasks(user=request.user, lead_only=True)
    form = EstimateForm(request.POST or None, tasks=tasks)
    if request.method == "POST" and form.is_valid():
        try:
            estimate = services.estimate_create(actor=request.user, **form.cleaned_data)
        except services.ActivityError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("activities:estimate_detail", estimate_id=estimate.pk)
    return render(
        request,
        "activities/estimate_list.html",
        {"estimates": estimates, "form": form if tasks.exists() else None, "appraiser": appraiser},
        status=400 if form.errors else 200,
    )


@login_required
def estimate_detail(request: HttpRequest, estimate_id: int) -> HttpResponse:
    estimate, writer = _estimate(request, estimate_id)
    lines = list(estimate.lines.all())
    editable = writer and estimate.state in (Estimate.State.DRAFT, Estimate.State.RETURNED)
    appraise = selectors.can_appraise(request.user) and estimate.state == Estimate.State.SUBMITTED
    return render(
        request,
        "activities/estimate_detail.html",
        {
            "estimate": estimate,
            "lines": lines,
            "total": sum((line.amount for line in lines), Decimal(0)),
            "approved": services.approved_total(estimate)
            if estimate.state == Estimate.State.APPROVED
            else None,
            "spendings": estimate.spendings.all(),
            "spent": sum((s.amount for s in estimate.spendings.all()), Decimal(0)),
            "line_form": LineForm(norms=services.norms(), prefix="line") if editable else None,
            "editable": editable,
            "appraise": appraise,
            "spending_form": SpendingForm(prefix="spending")
            if writer and estimate.state == Estimate.State.APPROVED
            else None,
        },
    )


@require_POST
@login_required
def estimate_action(request: HttpRequest, estimate_id: int, what: str) -> HttpResponse:
    estimate, _writer = _estimate(request, estimate_id)
    try:
        if what == "line":
            form = LineForm(request.POST, norms=services.norms(), prefix="line")
            if not form.is_valid():
                form_error(request, form)
                return redirect("activities:estimate_detail", estimate_id=estimate.pk)
            services.line_add(actor=request.user, estimate=estimate, **form.cleaned_data)
        elif what == "remove":
            line = estimate.lines.filter(pk=request.POST.get("line") or 0).first()
            if line is None:
                raise services.ActivityError(_("That line does not exist."))
            services.line_remove(actor=request.user, line=line)
        elif what == "submit":
            services.estimate_submit(actor=request.user, estimate=estimate)
            messages.success(request, _("The estimate was sent to the finance department for appraisal."))
            return redirect("activities:estimate_detail", estimate_id=estimate.pk)
        elif what == "appraise":
            decisions = []
            for line in estimate.lines.all():
                raw = (request.POST.get(f"approved-{line.pk}") or "").replace(".", "").replace(" ", "")
                if raw == "":
                    continue
                try:
                    amount = Decimal(raw)
                except InvalidOperation as exc:
                    raise services.ActivityError(
                        _("Line %(n)s: %(value)s is not an amount.") % {"n": line.position, "value": raw}
                    ) from exc
                decisions.append(
                    services.LineDecision(line.pk, amount, request.POST.get(f"reason-{line.pk}", ""))
                )
            services.estimate_appraise(
                actor=request.user,
                estimate=estimate,
                decision=request.POST.get("decision", ""),
                lines=decisions,
                note=request.POST.get("note", ""),
            )
            messages.success(request, _("The appraisal was recorded."))
            return redirect("activities:estimate_detail", estimate_id=estimate.pk)
        elif what == "spending":
            form = SpendingForm(request.POST, prefix="spending")
            if not form.is_valid():
                form_error(request, form)
                return redirect("activities:estimate_detail", estimate_id=estimate.pk)
            services.spending_add(actor=request.user, estimate=estimate, **form.cleaned_data)
        else:
            raise Http404
    except services.ActivityError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Saved."))
    return redirect("activities:estimate_detail", estimate_id=estimate.pk)


@login_required
def budget_summary(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = access_plan(user=request.user, plan_id=plan_id)
    rows = selectors.budget_summary(plan_id=plan.pk)
    totals = (
        sum((r.requested for r in rows), Decimal(0)),
        sum((r.approved for r in rows), Decimal(0)),
        sum((r.spent for r in rows), Decimal(0)),
    )
    return render(request, "activities/budget_summary.html", {"plan": plan, "rows": rows, "totals": totals})
