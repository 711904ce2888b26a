from .documents import GeneratedDocument
from .plan import Assignment, Mention, Plan, PlanImport, Role, Task, plan_upload_path
from .reporting import (
    DeadlineExtension,
    Evidence,
    Frequency,
    Indicator,
    Notification,
    ProgressReport,
    ReportingPeriod,
    ReportingSchedule,
    ReportTransition,
    TaskIndicator,
    evidence_upload_path,
)

__all__ = [
    "Assignment",
    "DeadlineExtension",
    "Evidence",
    "Frequency",
    "GeneratedDocument",
    "Indicator",
    "Mention",
    "Notification",
    "Plan",
    "PlanImport",
    "ProgressReport",
    "ReportTransition",
    "ReportingPeriod",
    "ReportingSchedule",
    "Role",
    "Task",
    "TaskIndicator",
    "evidence_upload_path",
    "plan_upload_path",
]
