"""Carrying a plan out: assignments with their status, progress reports and their review steps, evidence."""

from collections.abc import Callable
from typing import Any

from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile as NinjaUploadedFile

from ttdn.core.classification import Classification
from ttdn.core.models import User
from ttdn.plans import selectors, services
from ttdn.plans.access import Action, actor_for, can_on_assignment
from ttdn.plans.models import Assignment, ProgressReport, ReportingPeriod

from ..schemas import (
    AssignmentDetailOut,
    AssignmentFilters,
    AssignmentPage,
    CommentIn,
    ErrorOut,
    EvidenceOut,
    ExtensionDecisionIn,
    ExtensionIn,
    ExtensionOut,
    PageIn,
    ReportDetailOut,
    ReportIn,
    ReportPage,
)
from .common import ERRORS, page, page_out, user_of

router = Router(tags=["tracking"])
State = ProgressReport.State
# The API never returns or changes anything above Thường, whatever the token user's clearance: tokens sit
# in other systems' configuration, outside the controls (two-step sign-in, audit of reads) the pages have.
API_LEVEL = Classification.NORMAL


def assignment_out(assignment: Any) -> dict[str, Any]:
    """``assignment`` carries the ``deadline``, ``done_on`` and ``status`` annotations of with_status."""
    return {
        "id": assignment.pk,
        "plan_id": assignment.task.plan_id,
        "task_id": assignment.task_id,
        "task_code": assignment.task.code,
        "task_title": assignment.task.title,
        "unit": assignment.unit.code,
        "unit_name": assignment.unit.name,
        "role": assignment.role,
        "scope": assignment.scope,
        "deadline": assignment.deadline,
        "done_on": assignment.done_on,
        "status": assignment.status,
    }


def report_out(report: ProgressReport) -> dict[str, Any]:
    return {
        "id": report.pk,
        "assignment_id": report.assignment_id,
        "period": {"id": report.period_id, "label": report.period.label},
        "progress": report.progress,
        "percent": report.percent,
        "state": report.state,
        "done_on": report.done_on,
        "updated_at": report.updated_at,
    }


def allowed_steps(user: User, report: ProgressReport) -> list[str]:
    """The steps the caller may take on the report now; the same conditions as the report page."""
    actor = actor_for(user)
    assignment = report.assignment
    steps = []
    if report.state in (State.DRAFT, State.RETURNED) and can_on_assignment(
        actor, Action.EDIT_REPORT, assignment
    ):
        steps.append("edit")
    if report.state == State.DRAFT and can_on_assignment(actor, Action.EDIT_REPORT, assignment):
        steps.append("submit")
    if report.state == State.SUBMITTED and can_on_assignment(actor, Action.APPROVE_REPORT, assignment):
        steps += ["approve", "send_back"]
    if report.state == State.APPROVED and can_on_assignment(actor, Action.REVIEW_REPORT, assignment):
        steps += ["accept", "return"]
    return steps


def report_detail_out(user: User, report: ProgressReport) -> dict[str, Any]:
    return {
        **report_out(report),
        "narrative": report.narrative,
        "indicators": report.indicators,
        "created_by": report.created_by.get_username(),
        "created_at": report.created_at,
        "accepted_at": report.accepted_at,
        "evidence": [
            {
                "id": e.pk,
                "name": e.original_name,
                "content_type": e.content_type,
                "size": e.size,
                "uploaded_at": e.uploaded_at,
                "url": reverse("plans:evidence_download", kwargs={"evidence_id": e.pk}),
                "api_url": reverse("api-v1:evidence_download", kwargs={"evidence_id": e.pk}),
            }
            for e in report.evidence.all()
            if e.classification <= API_LEVEL  # filtered here: the list may come prefetched
        ],
        "history": [
            {
                "from_state": t.from_state,
                "to_state": t.to_state,
                "actor": t.actor.get_username(),
                "comment": t.comment,
                "at": t.at,
            }
            for t in selectors.report_history(report=report)
        ],
        "allowed_steps": allowed_steps(user, report),
    }


# --- assignments -----------------------------------------------------------------------------


@router.get(
    "/plans/{plan_id}/assignments",
    response={200: AssignmentPage, 400: ErrorOut, **ERRORS},
    summary="The plan's lead assignments with their status",
)
def plan_assignments(request: HttpRequest, plan_id: int, filters: Query[AssignmentFilters]) -> dict[str, Any]:
    user = user_of(request)
    plan = selectors.access_plan(user=user, plan_id=plan_id)
    actor = actor_for(user)
    # tracked_assignments: the lead assignments a plan is tracked by (as on the dashboard); coordinating
    # assignments are listed on each task.
    assignments = selectors.tracked_assignments(plan=plan).select_related("task", "unit")
    # A unit's people see their own unit's assignments only, as on the plan page.
    if not selectors.sees_whole_plan(actor, plan):
        assignments = assignments.filter(unit_id=actor.unit_id)
    elif filters.unit:
        assignments = assignments.filter(unit__code=filters.unit)
    if filters.status:
        assignments = assignments.filter(status=filters.status)
    total, items = page(assignments.order_by("task__position", "unit__name", "pk"), filters)
    return page_out(total, filters, [assignment_out(a) for a in items])


@router.get(
    "/assignments/{assignment_id}", response={200: AssignmentDetailOut, **ERRORS}, summary="One assignment"
)
def assignment_detail(request: HttpRequest, assignment_id: int) -> dict[str, Any]:
    user = user_of(request)
    assignment = selectors.access_assignment(user=user, assignment_id=assignment_id)
    # The status annotations, computed as on the assignment page (the rights check is done).
    row = (
        selectors.with_status(Assignment.objects.filter(pk=assignment.pk), timezone.localdate())
        .select_related("task", "unit")
        .get()
    )
    actor = actor_for(user)
    return {
        **assignment_out(row),
        "allowed_actions": [str(a) for a in Action if can_on_assignment(actor, a, assignment)],
    }


@router.get(
    "/assignments/{assignment_id}/reports",
    response={200: ReportPage, **ERRORS},
    summary="The assignment's progress reports, latest period first",
)
def assignment_reports(request: HttpRequest, assignment_id: int, params: Query[PageIn]) -> dict[str, Any]:
    assignment = selectors.access_assignment(user=user_of(request), assignment_id=assignment_id)
    total, items = page(
        selectors.assignment_reports(assignment=assignment)
        .filter(classification=API_LEVEL)
        .order_by("-period__end", "pk"),
        params,
    )
    return page_out(total, params, [report_out(r) for r in items])


@router.post(
    "/assignments/{assignment_id}/reports",
    response={200: ReportDetailOut, 201: ReportDetailOut, 400: ErrorOut, **ERRORS},
    summary="Save the unit's draft report for a period (created, or updated while draft or returned)",
)
def report_save(request: HttpRequest, assignment_id: int, body: ReportIn) -> Status[dict[str, Any]]:
    user = user_of(request)
    assignment = selectors.access_assignment(
        user=user, assignment_id=assignment_id, action=Action.EDIT_REPORT
    )
    period = ReportingPeriod.objects.filter(pk=body.period_id).first()
    if period is None:
        raise HttpError(400, _("Unknown reporting period: %(id)s.") % {"id": body.period_id})
    existing = (
        selectors.assignment_reports(assignment=assignment).filter(period=period).prefetch_related(None)
    )
    existing_level = existing.values_list("classification", flat=True).first()
    if existing_level is not None and existing_level > API_LEVEL:
        raise Http404  # a classified report is not the API's to read or change
    existed = existing_level is not None
    report = services.report_save(
        actor=user,
        assignment=assignment,
        period=period,
        progress=body.progress.value,
        percent=body.percent,
        narrative=body.narrative,
        indicators=dict(body.indicators),
        done_on=body.done_on,
    )
    report = selectors.access_report(user=user, report_id=report.pk, max_level=API_LEVEL)
    return Status(200 if existed else 201, report_detail_out(user, report))


# --- reports ---------------------------------------------------------------------------------


@router.get("/reports/{report_id}", response={200: ReportDetailOut, **ERRORS}, summary="One progress report")
def report_detail(request: HttpRequest, report_id: int) -> dict[str, Any]:
    user = user_of(request)
    return report_detail_out(
        user, selectors.access_report(user=user, report_id=report_id, max_level=API_LEVEL)
    )


def _step(
    request: HttpRequest,
    report_id: int,
    action: Action,
    service: Callable[..., ProgressReport],
    **kwargs: Any,
) -> dict[str, Any]:
    user = user_of(request)
    report = selectors.access_report(user=user, report_id=report_id, action=action, max_level=API_LEVEL)
    service(actor=user, report=report, **kwargs)
    return report_detail_out(
        user, selectors.access_report(user=user, report_id=report_id, max_level=API_LEVEL)
    )


STEP_RESPONSES: dict[int, Any] = {200: ReportDetailOut, 400: ErrorOut, **ERRORS}


@router.post(
    "/reports/{report_id}/submit", response=STEP_RESPONSES, summary="Officer: send a draft to the unit leader"
)
def report_submit(request: HttpRequest, report_id: int, body: CommentIn | None = None) -> dict[str, Any]:
    # The submit step takes no comment; the body is accepted so every step has the same shape.
    return _step(request, report_id, Action.EDIT_REPORT, services.report_submit)


@router.post(
    "/reports/{report_id}/approve",
    response=STEP_RESPONSES,
    summary="Unit leader: approve, send to the focal department",
)
def report_approve(request: HttpRequest, report_id: int, body: CommentIn | None = None) -> dict[str, Any]:
    comment = body.comment if body else ""
    return _step(request, report_id, Action.APPROVE_REPORT, services.report_approve, comment=comment)


@router.post(
    "/reports/{report_id}/send_back",
    response=STEP_RESPONSES,
    summary="Unit leader: return to the officer (comment required)",
)
def report_send_back(request: HttpRequest, report_id: int, body: CommentIn | None = None) -> dict[str, Any]:
    comment = body.comment if body else ""
    return _step(request, report_id, Action.APPROVE_REPORT, services.report_send_back, comment=comment)


@router.post("/reports/{report_id}/accept", response=STEP_RESPONSES, summary="Focal officer: accept")
def report_accept(request: HttpRequest, report_id: int, body: CommentIn | None = None) -> dict[str, Any]:
    comment = body.comment if body else ""
    return _step(request, report_id, Action.REVIEW_REPORT, services.report_accept, comment=comment)


@router.post(
    "/reports/{report_id}/return",
    response=STEP_RESPONSES,
    summary="Focal officer: return with comments (comment required)",
)
def report_return(request: HttpRequest, report_id: int, body: CommentIn | None = None) -> dict[str, Any]:
    comment = body.comment if body else ""
    return _step(request, report_id, Action.REVIEW_REPORT, services.report_return, comment=comment)


@router.get(
    "/evidence/{evidence_id}",
    response=ERRORS,
    url_name="evidence_download",
    summary="Download an evidence file",
    openapi_extra={
        "responses": {200: {"description": "the file", "content": {"application/octet-stream": {}}}}
    },
)
def evidence_download(request: HttpRequest, evidence_id: int) -> FileResponse:
    evidence = selectors.access_evidence(user=user_of(request), evidence_id=evidence_id, max_level=API_LEVEL)
    response = FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name)
    response["Content-Type"] = evidence.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- evidence upload and deadline extensions ----------------------------------------------------


@router.post(
    "/reports/{report_id}/evidence",
    response={201: EvidenceOut, 400: ErrorOut, **ERRORS},
    summary="Officer: attach an evidence file (PDF, Word, Excel, JPEG, PNG)",
)
def evidence_upload(request: HttpRequest, report_id: int, file: File[NinjaUploadedFile]) -> Status:
    user = user_of(request)
    report = selectors.access_report(
        user=user, report_id=report_id, action=Action.EDIT_REPORT, max_level=API_LEVEL
    )
    evidence = services.evidence_add(actor=user, report=report, uploaded_file=file)
    return Status(
        201,
        {
            "id": evidence.pk,
            "name": evidence.original_name,
            "size": evidence.size,
            "content_type": evidence.content_type,
        },
    )


def extension_out(extension: Any) -> dict[str, Any]:
    return {
        "id": extension.pk,
        "assignment_id": extension.assignment_id,
        "current_end": extension.current_end,
        "requested_end": extension.requested_end,
        "reason": extension.reason,
        "state": extension.state,
        "decision_note": extension.decision_note,
    }


@router.post(
    "/assignments/{assignment_id}/extensions",
    response={201: ExtensionOut, 400: ErrorOut, **ERRORS},
    summary="Unit: request a later deadline, with the reason",
)
def extension_request(request: HttpRequest, assignment_id: int, body: ExtensionIn) -> Status:
    user = user_of(request)
    assignment = selectors.access_assignment(
        user=user, assignment_id=assignment_id, action=Action.REQUEST_EXTENSION
    )
    extension = services.extension_request(
        actor=user, assignment=assignment, requested_end=body.requested_end, reason=body.reason
    )
    return Status(201, extension_out(extension))


@router.post(
    "/extensions/{extension_id}/decide",
    response={200: ExtensionOut, 400: ErrorOut, **ERRORS},
    summary="Focal officer: approve or reject an extension request",
)
def extension_decide(request: HttpRequest, extension_id: int, body: ExtensionDecisionIn) -> dict[str, Any]:
    user = user_of(request)
    extension = selectors.access_extension(
        user=user, extension_id=extension_id, action=Action.DECIDE_EXTENSION
    )
    return extension_out(
        services.extension_decide(actor=user, extension=extension, approve=body.approve, note=body.note)
    )
