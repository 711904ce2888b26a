"""Django's ``flush``, which empties every table, allowed to empty the append-only audit table too.

Flushing wipes the whole database (tests do it between transactional tests); it is the one operation
the audit triggers let through, see :mod:`ttdn.core.audit_db`.
"""

from django.core.management.commands.flush import Command as FlushCommand

from ttdn.core.audit_db import purge_allowed


class Command(FlushCommand):
    def handle(self, **options):
        with purge_allowed(options["database"]):
            return super().handle(**options)
