"""Whole-instance backups: the database and the uploaded files in one archive with a manifest.

An archive (``ttdn-backup-<vendor>-<UTC time>.tar.gz``) holds:

- ``database/ttdn.sqlite3`` (SQLite, copied with the online backup API, so writers may go on) or
  ``database/ttdn.pgdump`` (PostgreSQL, ``pg_dump -Fc``);
- ``media/…``: every file under ``MEDIA_ROOT``;
- ``manifest.json``: the sha256 and size of every other member, the row count and content hash of every
  table taken from the same snapshot as the dump, and the audit chain head at that moment.

A restore checks every member against the manifest before it touches anything, refuses a target that
already holds data unless told to replace it, and afterwards re-fingerprints the restored tables against
the manifest.
"""

from .archive import BackupError, Manifest, read_manifest, verify_archive
from .instance import Instance, fingerprint
from .operations import create_backup, restore_backup

__all__ = [
    "BackupError",
    "Instance",
    "Manifest",
    "create_backup",
    "fingerprint",
    "read_manifest",
    "restore_backup",
    "verify_archive",
]
