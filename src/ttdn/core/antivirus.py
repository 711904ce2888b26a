"""The antivirus hook: files are scanned by ClamAV when it is installed, and say so when it is not.

``clamdscan`` (the daemon client: fast, signatures stay loaded) is preferred over ``clamscan`` (loads the
signatures for every call: slow, but needs no daemon). ``TTDN_ANTIVIRUS_COMMAND`` names another command
line (the file path is appended). ClamAV's exit codes: 0 clean, 1 virus found, 2 error.
"""

import enum
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings

CANDIDATES = (("clamdscan", ("--no-summary", "--fdpass")), ("clamscan", ("--no-summary",)))


class Status(enum.StrEnum):
    CLEAN = "clean"
    INFECTED = "infected"
    NOT_SCANNED = "not_scanned"  # no scanner installed
    ERROR = "error"  # a scanner is installed but could not give an answer


@dataclass(frozen=True)
class ScanResult:
    status: Status
    detail: str = ""
    scanner: str = ""


def scanner_command() -> list[str] | None:
    configured = getattr(settings, "TTDN_ANTIVIRUS_COMMAND", None)
    if configured:
        return list(configured) if shutil.which(configured[0]) else None
    for name, args in CANDIDATES:
        if path := shutil.which(name):
            return [path, *args]
    return None


def scan_path(path: Path) -> ScanResult:
    command = scanner_command()
    if command is None:
        return ScanResult(Status.NOT_SCANNED, "no ClamAV scanner is installed")
    timeout = int(getattr(settings, "TTDN_ANTIVIRUS_TIMEOUT", 120))
    scanner = Path(command[0]).name
    try:
        result = subprocess.run(
            [*command, str(path)], capture_output=True, text=True, timeout=timeout, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return ScanResult(Status.ERROR, str(exc), scanner)
    output = (result.stdout.strip() or result.stderr.strip())[-500:]
    if result.returncode == 0:
        return ScanResult(Status.CLEAN, "", scanner)
    if result.returncode == 1:
        # "<path>: <signature> FOUND": keep the signature name, not the temporary path.
        found = [line.rsplit(": ", 1)[-1] for line in output.splitlines() if line.endswith("FOUND")]
        return ScanResult(Status.INFECTED, "; ".join(found) or output, scanner)
    return ScanResult(Status.ERROR, output or f"exit code {result.returncode}", scanner)


def scan_stream(stream: IO[bytes]) -> ScanResult:
    """Scans an uploaded file's content (copied to a private temporary file the scanner can read)."""
    if scanner_command() is None:
        return ScanResult(Status.NOT_SCANNED, "no ClamAV scanner is installed")
    with tempfile.NamedTemporaryFile(prefix="ttdn-scan-", delete=True) as handle:
        stream.seek(0)
        shutil.copyfileobj(stream, handle)
        handle.flush()
        stream.seek(0)
        return scan_path(Path(handle.name))
