import sys

from django.core.management.base import BaseCommand

from ttdn.core import audit


class Command(BaseCommand):
    help = "Re-compute the audit log's hash chain. Exit 0 when intact, 1 naming the first broken event."

    def handle(self, *args, **options):
        result = audit.verify()
        if result.intact:
            self.stdout.write(
                f"Audit log intact: {result.count} events; last hash {result.last_hash or '(none)'}"
            )
            return
        where = f"event seq={result.broken_seq}" + (f" id={result.broken_id}" if result.broken_id else "")
        self.stderr.write(
            f"Audit log BROKEN at {where}: {result.reason} ({result.count} events verified before it)"
        )
        sys.exit(1)
