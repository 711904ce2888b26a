"""Documents the focal department sends: the consolidated report, urging letters, the tracking matrix."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ttdn.core import audit, generated
from ttdn.directory.models import Unit

from .. import reports, selectors, services
from ..access import Action, actor_for, cleared_levels
from ..forms import ConsolidatedReportForm
from ..models import GeneratedDocument


def _download(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def consolidated_report(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.access_plan(user=request.user, plan_id=plan_id, action=Action.MANAGE_PLAN)
    periods = plan.periods.order_by("end", "frequency")
    form = ConsolidatedReportForm(
        request.POST or None,
        periods=periods,
        initial={"period": selectors.current_period(plan=plan)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        texts = reports.ReportTexts(
            number=data["number"] or None,
            signer_authority=data["signer_authority"] or None,
            signer_title=data["signer_title"],
            signer_name=data["signer_name"],
            difficulties=data["difficulties"],
            proposals=data["proposals"],
        )
        period = data["period"]
        # The export holds only what the reader is cleared for, and carries the highest mark it holds.
        max_level = max(cleared_levels(request.user, plan))
        name = f"bao-cao-{slugify(period.label) or period.pk}"
        audit.record(
            actor=request.user,
            action="plan.consolidated_report",
            obj=plan,
            changes={"period": period.label, "format": data["output"], "max_classification": max_level},
        )
        if data["output"] == "pdf":
            return _download(
                reports.render_consolidated_pdf(plan=plan, period=period, texts=texts, max_level=max_level),
                f"{name}.pdf",
                "application/pdf",
            )
        return _download(
            reports.render_consolidated_docx(plan=plan, period=period, texts=texts, max_level=max_level),
            f"{name}.docx",
            reports.DOCX_CONTENT_TYPE,
        )
    return render(
        request,
        "plans/consolidated_report.html",
        {"plan": plan, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def urging(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.access_plan(user=request.user, plan_id=plan_id, action=Action.MANAGE_PLAN)
    today = timezone.localdate()
    overdue = reports.overdue_by_unit(plan=plan, today=today)
    units = {u.pk: u for u in Unit.objects.filter(pk__in=overdue)}
    if request.method == "POST":
        what = request.POST.get("what", "")
        unit = (
            units.get(int(request.POST.get("unit") or 0)) if request.POST.get("unit", "").isdigit() else None
        )
        audit.record(
            actor=request.user,
            action="plan.urging_letters",
            obj=plan,
            changes={"what": what, "unit": unit.code if unit else ""},
        )
        try:
            if what == "unit" and unit is not None:
                content = reports.render_urging_docx(plan=plan, unit=unit, today=today)
                return _download(
                    content, reports.letter_file_name(unit.code, unit.pk), reports.DOCX_CONTENT_TYPE
                )
            if what in ("all", "zip"):
                kind = (
                    GeneratedDocument.Kind.URGING_ALL if what == "all" else GeneratedDocument.Kind.URGING_ZIP
                )
                document = services.generated_document_request(
                    actor=request.user, plan=plan, kind=kind, as_of=today
                )
                return redirect("plans:generated_document", plan_id=plan.pk, token=document.token)
        except reports.NoOverdueWork:
            messages.error(request, _("No unit has overdue tasks: there is nothing to urge."))
            return redirect("plans:urging", plan_id=plan.pk)
        messages.error(request, _("Choose what to generate."))
        return redirect("plans:urging", plan_id=plan.pk)
    rows = sorted(
        ((units[uid], items) for uid, items in overdue.items() if uid in units), key=lambda r: r[0].name
    )
    return render(request, "plans/urging.html", {"plan": plan, "rows": rows, "today": today})


@login_required
def matrix_xlsx(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.access_plan(user=request.user, plan_id=plan_id)
    actor = actor_for(request.user)
    if not (actor.sees_everything or actor.is_focal(plan)):
        raise PermissionDenied
    content = reports.render_matrix_xlsx(plan=plan, max_level=max(cleared_levels(request.user, plan)))
    return _download(content, f"theo-doi-ke-hoach-{plan.pk}.xlsx", reports.XLSX_CONTENT_TYPE)


@login_required
def generated_document(request: HttpRequest, plan_id: int, token: str) -> HttpResponse:
    """The state of a document being built on the worker; htmx polls it until it is ready."""
    document = selectors.access_generated_document(user=request.user, plan_id=plan_id, token=token)
    template = "core/_generated_status.html" if request.htmx else "plans/generated_document.html"
    return render(request, template, {"plan": document.plan, "document": document})


@login_required
def generated_document_file(request: HttpRequest, plan_id: int, token: str) -> HttpResponse:
    document = selectors.access_generated_document(user=request.user, plan_id=plan_id, token=token)
    return generated.file_response(
        user=request.user, document=document, action="plan.document_downloaded", obj=document.plan
    )
