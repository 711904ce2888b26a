"""Fail when the vi catalogue is stale: a msgid in the code is missing from it, or it keeps one the code dropped.

Runs `makemessages` over the real tree, compares the msgids with the committed catalogue, then puts the
committed file back, so the check never edits the working tree.
"""

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "ttdn"
PO = PACKAGE / "locale" / "vi" / "LC_MESSAGES" / "django.po"
TTDN = ROOT / ".venv" / "bin" / "ttdn"


def msgids(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    entries = re.split(r"\n\s*\n", text)
    found = set()
    for entry in entries:
        if entry.lstrip().startswith("#~"):
            continue
        match = re.search(r'^msgid ((?:".*"\n?)+)', entry, re.M)
        if match:
            found.add("".join(re.findall(r'"(.*)"', match.group(1))))
    found.discard("")
    return found


def main() -> int:
    if not PO.exists():
        print(f"missing catalogue {PO}", file=sys.stderr)
        return 1
    backup = Path(tempfile.mkdtemp()) / "django.po"
    shutil.copy2(PO, backup)
    try:
        subprocess.run(
            [str(TTDN), "makemessages", "-l", "vi", "--no-location", "--ignore=tests", "--no-obsolete"],
            cwd=PACKAGE,
            check=True,
            capture_output=True,
            env={"PATH": "/usr/bin:/bin", "TTDN_DATA_DIR": tempfile.mkdtemp()},
        )
        fresh = msgids(PO)
    finally:
        shutil.copy2(backup, PO)
    committed = msgids(PO)
    missing, extra = fresh - committed, committed - fresh
    for msg in sorted(missing):
        print(f"not in the vi catalogue: {msg!r}", file=sys.stderr)
    for msg in sorted(extra):
        print(f"no longer in the code: {msg!r}", file=sys.stderr)
    if missing or extra:
        print("Run `make messages` and translate.", file=sys.stderr)
        return 1
    print(f"vi catalogue up to date ({len(committed)} messages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
