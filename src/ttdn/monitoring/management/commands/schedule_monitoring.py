from django.core.management.base import BaseCommand

from ttdn.monitoring.tasks import poll_due_sources_and_reschedule


class Command(BaseCommand):
    help = (
        "Start the press-monitoring sweep on the db_worker (every 5 minutes), unless one is already queued."
    )

    def handle(self, *args, **options):
        from django_tasks_db.models import DBTaskResult

        path = poll_due_sources_and_reschedule.module_path
        # Only a queued sweep counts: one left "running" by a killed worker never finishes (docs/security.md).
        if DBTaskResult.objects.filter(task_path=path, status="READY").exists():
            self.stdout.write("The monitoring sweep is already scheduled.")
            return
        poll_due_sources_and_reschedule.enqueue()
        self.stdout.write("Monitoring sweep scheduled (every 5 minutes).")
