import json

from django.core.management.base import BaseCommand, CommandError

from ttdn.outreach.encoding import EmptyMessage, encode


class Command(BaseCommand):
    help = "Encoding (GSM-7 or UCS-2), segment count and parts of an SMS text."

    def add_arguments(self, parser):
        parser.add_argument("text")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument("--fold", action="store_true", help="apply the unaccented form first")

    def handle(self, *args, text: str, json: bool, fold: bool, **options):
        try:
            result = encode(text, fold=fold)
        except EmptyMessage:
            raise CommandError("The message is empty.", returncode=2) from None
        if json:
            self.stdout.write(_dumps(result.as_dict()))
        else:
            self.stdout.write(f"{result.encoding}: {result.segments} segment(s), {result.length_units} units")
            for i, part in enumerate(result.parts, 1):
                self.stdout.write(f"[{i}] {part}")


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)
