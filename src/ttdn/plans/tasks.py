import datetime

from django.tasks import task
from django.utils import timezone

from .models import GeneratedDocument, PlanImport
from .services import generated_document_build, plan_import_parse, plan_imports_resume, send_reminders


@task()
def parse_plan_import(plan_import_id: int) -> str:
    plan_import = PlanImport.objects.get(pk=plan_import_id)
    return plan_import_parse(plan_import=plan_import).status


REMINDER_INTERVAL = datetime.timedelta(hours=1)


@task()
def send_reminders_and_reschedule() -> int:
    """One reminder sweep, with the next one an hour later. Sweeps may overlap or repeat: each
    notification's unique event key makes a repeated reminder a no-op. The next sweep is queued first, so a
    worker killed during this one does not end the chain."""
    send_reminders_and_reschedule.using(run_after=timezone.now() + REMINDER_INTERVAL).enqueue()
    return send_reminders()


RESUME_INTERVAL = datetime.timedelta(minutes=5)


@task()
def resume_plan_imports_and_reschedule() -> int:
    """Queue again the parse of uploads whose worker died; then look again in five minutes."""
    resume_plan_imports_and_reschedule.using(run_after=timezone.now() + RESUME_INTERVAL).enqueue()
    return len(plan_imports_resume())


@task()
def build_generated_document(document_id: int) -> str:
    document = GeneratedDocument.objects.select_related("plan").get(pk=document_id)
    return generated_document_build(document=document).status
