from django.core.management.base import BaseCommand

from ttdn.plans.tasks import send_reminders_and_reschedule


class Command(BaseCommand):
    help = "Start the hourly reminder sweep on the db_worker, unless one is already queued."

    def handle(self, *args, **options):
        from django_tasks_db.models import DBTaskResult

        path = f"{send_reminders_and_reschedule.module_path}"
        if DBTaskResult.objects.filter(task_path=path, status__in=["READY", "RUNNING"]).exists():
            self.stdout.write("The reminder sweep is already scheduled.")
            return
        send_reminders_and_reschedule.enqueue()
        self.stdout.write("Reminder sweep scheduled (hourly).")
