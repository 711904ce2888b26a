from django.core.management.base import BaseCommand, CommandError

from ttdn.directory.services import ReferenceDataError, available_provinces, load_reference


class Command(BaseCommand):
    help = "Load or refresh a province's directory (units, groups, communes, border gates). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("province", help=f"data set to load, one of: {', '.join(available_provinces())}")

    def handle(self, *args, province: str, **options):
        try:
            report = load_reference(actor=None, province=province)
        except ReferenceDataError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Loaded {province}: {report.summary()}"))
