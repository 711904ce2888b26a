from django.core.management.base import BaseCommand

from ttdn.outreach.services.subscribers import operators_load


class Command(BaseCommand):
    help = "Create or refresh mobile operators and their number prefixes from outreach/data/operators.json."

    def handle(self, *args, **options):
        self.stdout.write(f"{operators_load(actor=None)} operators loaded")
