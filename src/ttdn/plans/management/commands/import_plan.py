import sys
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand

from ttdn.plans import selectors, services
from ttdn.plans.models import PlanImport
from ttdn.plans.parsing import PlanParseError, parse_file


class Command(BaseCommand):
    help = "Import a plan document into the database (or, with --dry-run, show what would be imported)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="parse, resolve and report; write nothing")

    def handle(self, *args, file: str, dry_run: bool, **options):
        path = Path(file)
        try:
            parsed = services.resolve_mentions(parse_file(path))
        except PlanParseError as exc:
            sys.stderr.write(f"import_plan: {exc}\n")
            sys.exit(2)
        if dry_run:
            preview = PlanImport(
                parsed=parsed, target_plan=selectors.plan_matching_document(document=parsed["document"])
            )
            self._report(preview)
            self.stdout.write("Dry run: nothing was written.")
            return
        try:
            upload = SimpleUploadedFile(path.name, path.read_bytes())
            plan_import = services.plan_import_upload(actor=None, uploaded_file=upload)
            plan_import = services.plan_import_parse(plan_import=plan_import)
            if plan_import.status != PlanImport.Status.READY:
                raise services.PlanImportError(plan_import.error)
            self._report(plan_import)
            plan = services.plan_import_confirm(actor=None, plan_import=plan_import)
        except services.PlanImportError as exc:
            sys.stderr.write(f"import_plan: {exc}\n")
            sys.exit(2)
        self.stdout.write(
            self.style.SUCCESS(f"Imported plan #{plan.pk}: {plan} ({plan.tasks.count()} tasks)")
        )

    def _report(self, plan_import: PlanImport) -> None:
        parsed = plan_import.parsed
        document = parsed["document"]
        self.stdout.write(
            f"{document.get('kind')} {document.get('number') or '(no number)'} — {document.get('title')}"
        )
        self.stdout.write(f"{len(parsed['tasks'])} tasks")
        if plan_import.target_plan:
            diff = selectors.plan_import_diff(plan_import=plan_import)
            self.stdout.write(f"Revises plan #{plan_import.target_plan.pk}: {diff.counts if diff else {}}")
        for mention in selectors.unresolved_mentions(parsed):
            self.stdout.write(self.style.WARNING(f"unresolved unit: {mention['text']}"))
