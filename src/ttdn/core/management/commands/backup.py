from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ttdn.core import audit
from ttdn.core.backup import BackupError, Instance, create_backup


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded files into one .tar.gz with a sha256 manifest "
        "(default directory: <TTDN_DATA_DIR>/backups)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="directory for the archive")

    def handle(self, *args, output: Path | None, **options):
        output_dir = output or Path(settings.DATA_DIR) / "backups"
        instance = Instance.current()
        # Recorded first, so the archive itself carries the record of its making.
        audit.record(actor=None, action="system.backup", changes={"output": str(output_dir)})
        try:
            archive = create_backup(instance=instance, output_dir=output_dir)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        size = archive.stat().st_size
        self.stdout.write(self.style.SUCCESS(f"Backup written: {archive} ({size} bytes)"))
