from django.core.management.base import BaseCommand

from ttdn.plans.services import send_reminders


class Command(BaseCommand):
    help = "Send due reminders now (for cron; safe to run as often as you like)."

    def handle(self, *args, **options):
        self.stdout.write(f"{send_reminders()} notifications sent.")
