from django.core.management.base import BaseCommand

from ttdn.outreach.tasks import sweep_campaigns_and_reschedule


class Command(BaseCommand):
    help = (
        "Start the SMS campaign sweep on the db_worker (every minute: restarts campaigns after a crash, when the "
        "sending window opens or the daily cap resets), unless one is already queued."
    )

    def handle(self, *args, **options):
        from django_tasks_db.models import DBTaskResult

        path = sweep_campaigns_and_reschedule.module_path
        # Only a queued sweep counts: one left "running" by a killed worker never finishes (docs/security.md).
        if DBTaskResult.objects.filter(task_path=path, status="READY").exists():
            self.stdout.write("The SMS campaign sweep is already scheduled.")
            return
        sweep_campaigns_and_reschedule.enqueue()
        self.stdout.write("SMS campaign sweep scheduled (every minute).")
