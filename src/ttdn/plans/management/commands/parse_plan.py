import json
import sys

from django.core.management.base import BaseCommand

from ttdn.plans.importing import contract_view
from ttdn.plans.parsing import PlanParseError, parse_file
from ttdn.plans.services import resolve_mentions


class Command(BaseCommand):
    help = "Read a plan document (.txt, .md, .docx, .pdf) and print its tasks as JSON (plan-json contract)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--json", action="store_true", help="print the JSON object (the default and only format)"
        )
        parser.add_argument(
            "--no-resolve", action="store_true", help="do not look unit mentions up in the directory"
        )

    def handle(self, *args, file: str, no_resolve: bool, **options):
        try:
            parsed = parse_file(file)
        except PlanParseError as exc:
            sys.stderr.write(f"parse_plan: {exc}\n")
            sys.exit(2)
        if not no_resolve:
            parsed = contract_view(resolve_mentions(parsed))
        self.stdout.write(json.dumps(parsed, ensure_ascii=False, indent=2))
