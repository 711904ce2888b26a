"""Fill the Vietnamese catalogue from JSON files of {msgid: translation} (a list for plural forms).

Used when several people add UI strings at once: each keeps the translations of the msgids they add in a
JSON file; after `make messages` extracts the msgids, this fills the empty or fuzzy entries from those files.
Usage: python scripts/apply_translations.py FILE.json [FILE.json …]
"""

import json
import sys
from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parent.parent / "src/ttdn/locale/vi/LC_MESSAGES/django.po"


def main(paths: list[str]) -> int:
    table: dict[str, str | list[str]] = {}
    for path in paths:
        table.update(json.loads(Path(path).read_text(encoding="utf-8")))
    po = polib.pofile(str(CATALOGUE))
    filled = missing = 0
    for entry in po:
        if entry.obsolete:
            continue
        needs = "fuzzy" in entry.flags or (
            not any(entry.msgstr_plural.values()) if entry.msgid_plural else not entry.msgstr
        )
        if not needs:
            continue
        value = table.get(entry.msgid)
        if value is None:
            missing += 1
            print(f"untranslated: {entry.msgid!r}", file=sys.stderr)
            continue
        if entry.msgid_plural:
            forms = value if isinstance(value, list) else [value]
            entry.msgstr_plural = {0: forms[0]}
        else:
            entry.msgstr = value if isinstance(value, str) else value[0]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = None
            entry.previous_msgid_plural = None
            entry.previous_msgctxt = None
        filled += 1
    po.save(str(CATALOGUE))
    print(f"filled {filled}, still untranslated {missing}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
