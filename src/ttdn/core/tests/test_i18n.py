"""The vi catalogue must be complete: every msgid translated, none fuzzy."""

import subprocess
from pathlib import Path

PO = Path(__file__).resolve().parents[2] / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def test_vi_catalogue_is_complete():
    text = PO.read_text(encoding="utf-8")
    assert "#, fuzzy" not in text.split("\n\n", 1)[1], "fuzzy entries in the vi catalogue"
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(PO)],
        capture_output=True,
        text=True,
        check=True,
    )
    stats = result.stderr
    assert "untranslated" not in stats and "fuzzy" not in stats, stats
