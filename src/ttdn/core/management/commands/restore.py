from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ttdn.core.backup import BackupError, Instance, restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive made by `ttdn backup` into this instance's database and upload directory. "
        "The archive is checked against its manifest first; a target holding data needs --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--force", action="store_true", help="replace the data this instance already holds"
        )

    def handle(self, *args, archive: Path, force: bool, **options):
        try:
            manifest = restore_backup(instance=Instance.current(), archive=archive, force=force)
        except BackupError as exc:
            raise CommandError(f"Restore refused: {exc}") from exc
        rows = sum(count for count, _digest in manifest.tables.values())
        files = sum(1 for name in manifest.members if name.startswith("media/"))
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored backup of {manifest.created_at}: {len(manifest.tables)} tables, {rows} rows, "
                f"{files} files; every table matches the manifest. Audit head: {manifest.audit_head}. "
                "Run `ttdn audit_verify` to check the chain."
            )
        )
