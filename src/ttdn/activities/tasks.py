import datetime

from django.tasks import task
from django.utils import timezone

from .models import CourseDocument
from .services import course_document_build, permit_reminders

SWEEP_INTERVAL = datetime.timedelta(hours=6)


@task()
def permit_reminders_and_reschedule() -> int:
    """One sweep of MOFA permit reminders, then the next one later. Repeats are harmless: every reminder
    has a unique event key. The next one is queued first, so a killed worker does not end the chain."""
    permit_reminders_and_reschedule.using(run_after=timezone.now() + SWEEP_INTERVAL).enqueue()
    return permit_reminders()


@task()
def build_course_document(document_id: int) -> str:
    document = (
        CourseDocument.objects.select_related("course__organiser", "course__task")
        .filter(pk=document_id)
        .first()
    )
    if document is None:
        return "gone"  # erased with the participants' personal data before the worker came to it
    return course_document_build(document=document).status
