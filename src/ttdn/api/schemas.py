"""What the API reads and writes. Field names are the contract with client systems: change them only in
a new API version."""

import datetime
from typing import Any

from ninja import Field, Schema

from ttdn.plans.models import ProgressReport

MAX_OFFSET = 1_000_000_000
MAX_PAGE = 200
DEFAULT_PAGE = 50


class ErrorOut(Schema):
    detail: str


class PageIn(Schema):
    limit: int = Field(DEFAULT_PAGE, ge=1, le=MAX_PAGE, description=f"items per page, at most {MAX_PAGE}")
    # Bounded: databases keep LIMIT/OFFSET in 64-bit integers, and an offset past any real table is an
    # input error (422), not a server error (found by schemathesis).
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description=f"items to skip, at most {MAX_OFFSET}")


class PageOut(Schema):
    count: int = Field(description="items in all pages")
    limit: int
    offset: int


# --- plans -----------------------------------------------------------------------------------


class PeriodOut(Schema):
    id: int
    frequency: str
    label: str
    start: datetime.date
    end: datetime.date
    cutoff: datetime.date
    due: datetime.date


class PlanOut(Schema):
    id: int
    title: str
    year: int
    kind: str
    number: str
    issuer: str
    issued_on: str = Field(description="as precise as the document: 2021-01-29, 2020-11 or 2020")
    focal_unit: str | None = Field(description="code of the focal unit")
    owner_unit: str | None = Field(description="for a unit's own plan: the unit's code")
    parent_plan_id: int | None = Field(
        description="for a unit's own plan: the provincial plan it carries out"
    )


class PlanDetailOut(PlanOut):
    place: str
    reference_date: datetime.date
    legal_basis: list[Any]
    signer: Any
    recipients: list[Any]
    periods: list[PeriodOut]


class PlanPage(PageOut):
    items: list[PlanOut]


class PlanFilters(PageIn):
    year: int | None = None


# --- tasks -----------------------------------------------------------------------------------


class TimeframeOut(Schema):
    label: str
    start: datetime.date
    end: datetime.date
    recurring: bool


class TaskOut(Schema):
    id: int
    plan_id: int
    code: str
    title: str
    timeframe: TimeframeOut
    timeframe_status: str = Field(description="upcoming, ongoing or ended (where today falls)")
    lead_units: list[str]
    coordinating_units: list[str]
    status: str | None = Field(
        description="done_on_time, done_late, in_progress or overdue; null if withdrawn"
    )


class MentionOut(Schema):
    role: str
    text: str = Field(description="the unit as the plan names it")
    scope: str
    unit: str | None
    group: str | None


class AssignmentRefOut(Schema):
    id: int
    unit: str
    role: str
    scope: str


class TaskDetailOut(TaskOut):
    content: str
    form: str
    audience: str
    budget: str
    withdrawn_at: datetime.datetime | None
    mentions: list[MentionOut]
    assignments: list[AssignmentRefOut]


class TaskPage(PageOut):
    items: list[TaskOut]


class TaskFilters(PageIn):
    timeframe: str | None = Field(None, pattern="^(upcoming|ongoing|ended)$")
    quarter: int | None = Field(None, ge=1, le=4)
    unit: str | None = Field(None, description="unit code (only for those who see the whole plan)")


# --- assignments -----------------------------------------------------------------------------


class AssignmentOut(Schema):
    id: int
    plan_id: int
    task_id: int
    task_code: str
    task_title: str
    unit: str
    unit_name: str
    role: str
    scope: str
    deadline: datetime.date = Field(description="the task's end, or the approved extended deadline")
    done_on: datetime.date | None = Field(description="completion date of the first accepted 'done' report")
    status: str = Field(description="done_on_time, done_late, in_progress or overdue")


class AssignmentDetailOut(AssignmentOut):
    allowed_actions: list[str] = Field(description="what the caller may do on this assignment")


class AssignmentPage(PageOut):
    items: list[AssignmentOut]


class AssignmentFilters(PageIn):
    status: str | None = Field(None, pattern="^(done_on_time|done_late|in_progress|overdue)$")
    unit: str | None = Field(None, description="unit code (only for those who see the whole plan)")


# --- reports ---------------------------------------------------------------------------------


class PeriodRefOut(Schema):
    id: int
    label: str


class EvidenceOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    uploaded_at: datetime.datetime
    url: str = Field(description="download page for signed-in users of the web interface")
    api_url: str = Field(description="download with the API token")


class TransitionOut(Schema):
    from_state: str
    to_state: str
    actor: str
    comment: str
    at: datetime.datetime


class ReportOut(Schema):
    id: int
    assignment_id: int
    period: PeriodRefOut
    progress: str
    percent: int
    state: str
    done_on: datetime.date | None
    updated_at: datetime.datetime


class ReportDetailOut(ReportOut):
    narrative: str
    indicators: dict[str, str]
    created_by: str
    created_at: datetime.datetime
    accepted_at: datetime.datetime | None
    evidence: list[EvidenceOut]
    history: list[TransitionOut]
    allowed_steps: list[str] = Field(description="the steps the caller may take now")


class ReportPage(PageOut):
    items: list[ReportOut]


class ReportIn(Schema):
    period_id: int
    progress: ProgressReport.Progress
    percent: int = Field(0, ge=0, le=100)
    narrative: str = Field("", max_length=20000)
    indicators: dict[str, int | float | str] = Field(
        default_factory=dict, description="indicator code → figure"
    )
    done_on: datetime.date | None = Field(
        None, description="completion date when progress is done (default: today)"
    )


class CommentIn(Schema):
    comment: str = Field("", max_length=5000)


class ExtensionIn(Schema):
    requested_end: datetime.date
    reason: str = Field(..., max_length=5000)


class ExtensionDecisionIn(Schema):
    approve: bool
    note: str = Field("", max_length=5000)


class ExtensionOut(Schema):
    id: int
    assignment_id: int
    current_end: datetime.date
    requested_end: datetime.date
    reason: str
    state: str
    decision_note: str


class EvidenceOut(Schema):
    id: int
    name: str
    size: int
    content_type: str
