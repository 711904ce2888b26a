from django.core.management.base import BaseCommand

from ttdn.activities.tasks import permit_reminders_and_reschedule


class Command(BaseCommand):
    help = (
        "Start the MOFA permit reminder sweep on the db_worker (every 6 hours), unless one is already queued."
    )

    def handle(self, *args, **options):
        from django_tasks_db.models import DBTaskResult

        path = permit_reminders_and_reschedule.module_path
        # Only a queued sweep counts: one left "running" by a killed worker never finishes (docs/security.md).
        if DBTaskResult.objects.filter(task_path=path, status="READY").exists():
            self.stdout.write("The permit reminder sweep is already scheduled.")
            return
        permit_reminders_and_reschedule.enqueue()
        self.stdout.write("Permit reminder sweep scheduled (every 6 hours).")
