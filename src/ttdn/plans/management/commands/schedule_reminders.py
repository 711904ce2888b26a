from django.core.management.base import BaseCommand

from ttdn.plans.tasks import resume_plan_imports_and_reschedule, send_reminders_and_reschedule


class Command(BaseCommand):
    help = (
        "Start the hourly reminder sweep and the five-minute sweep that resumes stalled plan uploads on the "
        "db_worker, unless they are already queued."
    )

    def handle(self, *args, **options):
        from django_tasks_db.models import DBTaskResult

        for sweep, name in (
            (send_reminders_and_reschedule, "Reminder sweep (hourly)"),
            (resume_plan_imports_and_reschedule, "Stalled-upload sweep (every 5 minutes)"),
        ):
            # Only a queued one counts: a sweep left "running" by a killed worker will never run again, and
            # each sweep queues its successor before it starts its work.
            if DBTaskResult.objects.filter(task_path=sweep.module_path, status="READY").exists():
                self.stdout.write(f"{name}: already scheduled.")
                continue
            sweep.enqueue()
            self.stdout.write(f"{name}: scheduled.")
