from .border import Cluster, ClusterIncident, Component, MaintenanceLog, MaintenanceSchedule, PlaylistItem
from .budget import Estimate, EstimateLine, Spending
from .directives import Directive
from .press import (
    ContentItem,
    CooperationAgreement,
    Journalist,
    MediaEvent,
    Publication,
    ReporterVisit,
)
from .training import (
    Audience,
    Course,
    CourseDocument,
    CourseMaterial,
    CourseSession,
    Evaluation,
    Invitation,
    Participant,
    Trainer,
)

__all__ = [
    "Audience",
    "Cluster",
    "ClusterIncident",
    "Component",
    "ContentItem",
    "CooperationAgreement",
    "Course",
    "CourseDocument",
    "CourseMaterial",
    "CourseSession",
    "Directive",
    "Estimate",
    "EstimateLine",
    "Evaluation",
    "Invitation",
    "Journalist",
    "MaintenanceLog",
    "MaintenanceSchedule",
    "MediaEvent",
    "Participant",
    "PlaylistItem",
    "Publication",
    "ReporterVisit",
    "Spending",
    "Trainer",
]
