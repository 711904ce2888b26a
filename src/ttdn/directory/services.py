"""Writes to the directory."""

import csv
import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from ttdn.core import audit
from ttdn.core.models import User
from ttdn.core.text import clean, fold

from .models import BorderGate, Commune, CommunePredecessor, GroupPhrase, Unit, UnitGroup, UnitKind

DATA_ROOT = Path(__file__).resolve().parent / "data"


class ReferenceDataError(Exception):
    """The reference data set is missing or inconsistent; nothing was written."""


@dataclass
class LoadReport:
    province: str
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, what: str, created: bool) -> None:
        bucket = self.created if created else self.updated
        bucket[what] = bucket.get(what, 0) + 1

    def summary(self) -> str:
        kinds = sorted(set(self.created) | set(self.updated))
        return ", ".join(
            f"{k}: {self.created.get(k, 0)} new, {self.updated.get(k, 0)} updated" for k in kinds
        )


def available_provinces() -> list[str]:
    return sorted(p.name for p in DATA_ROOT.iterdir() if (p / "province.json").exists())


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [{k: clean(v or "") for k, v in row.items()} for row in csv.DictReader(handle)]


def _date(value: str, where: str) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise ReferenceDataError(f"{where}: bad date {value!r}") from exc


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split("|") if part.strip()]


def _search_text(name: str, aliases: list[str]) -> str:
    return " | ".join(fold(n) for n in [name, *aliases])


@transaction.atomic
def load_reference(*, actor: User | None, province: str, data_root: Path = DATA_ROOT) -> LoadReport:
    """Load (or refresh) a province's directory from its data folder. Idempotent: rows are matched by code."""
    folder = data_root / province
    if not (folder / "province.json").exists():
        raise ReferenceDataError(
            f"no reference data for province {province!r} (have: {', '.join(available_provinces())})"
        )
    meta = json.loads((folder / "province.json").read_text(encoding="utf-8"))
    report = LoadReport(province=province)
    valid_kinds = set(UnitKind.values)

    unit_rows = _rows(folder / "units.csv")
    units: dict[str, Unit] = {}
    for number, row in enumerate(unit_rows, start=2):
        where = f"units.csv line {number}"
        if row["kind"] not in valid_kinds:
            raise ReferenceDataError(f"{where}: unknown kind {row['kind']!r}")
        aliases = _split(row.get("aliases", ""))
        unit, created = Unit.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "aliases": aliases,
                "kind": row["kind"],
                "valid_from": _date(row.get("valid_from", ""), where),
                "valid_to": _date(row.get("valid_to", ""), where),
                "source": row.get("source", "")[:500],
                "notes": row.get("notes", ""),
                "search_text": _search_text(row["name"], aliases),
            },
        )
        units[unit.code] = unit
        report.count("units", created)

    known = {**units, **{u.code: u for u in Unit.objects.exclude(code__in=units)}}
    for number, row in enumerate(unit_rows, start=2):
        unit = units[row["code"]]
        parent_code = row.get("parent_code", "")
        if parent_code and parent_code not in known:
            raise ReferenceDataError(f"units.csv line {number}: unknown parent {parent_code!r}")
        new_parent = known[parent_code] if parent_code else None
        if unit.parent_id != (new_parent.pk if new_parent else None):
            unit.parent = new_parent
            unit.save(update_fields=["parent", "updated_at"])
        successor_codes = _split(row.get("successor_codes", ""))
        missing = [c for c in successor_codes if c not in known]
        if missing:
            raise ReferenceDataError(f"units.csv line {number}: unknown successor {', '.join(missing)}")
        unit.successors.set([known[c] for c in successor_codes])

    for number, row in enumerate(_rows(folder / "groups.csv"), start=2):
        where = f"groups.csv line {number}"
        parent_code = row.get("parent_code", "")
        kinds = _split(row.get("kinds", ""))
        if unknown := [k for k in kinds if k not in valid_kinds]:
            raise ReferenceDataError(f"{where}: unknown kind {', '.join(unknown)}")
        if parent_code and parent_code not in known:
            raise ReferenceDataError(f"{where}: unknown parent {parent_code!r}")
        group, created = UnitGroup.objects.update_or_create(
            code=row["group_code"],
            defaults={
                "name": row["name"],
                "kinds": kinds,
                "parent": known.get(parent_code) if parent_code else None,
                "open_set": row.get("open_set", "").lower() == "true",
                "description": row.get("description", ""),
                "source": row.get("source", "")[:500],
            },
        )
        report.count("groups", created)
        member_codes = _split(row.get("codes", ""))
        if missing := [c for c in member_codes if c not in known]:
            raise ReferenceDataError(f"{where}: unknown member {', '.join(missing)}")
        group.explicit_members.set([known[c] for c in member_codes])
        for phrase in [row["name"], *_split(row.get("phrases", ""))]:
            folded = fold(phrase)
            existing = GroupPhrase.objects.filter(folded=folded).exclude(group=group).first()
            if existing:
                raise ReferenceDataError(
                    f"{where}: phrase {phrase!r} already names group {existing.group.code!r}"
                )
            GroupPhrase.objects.update_or_create(folded=folded, defaults={"group": group, "phrase": phrase})

    communes: dict[str, Commune] = {}
    for number, row in enumerate(_rows(folder / "communes.csv"), start=2):
        border = {"true": True, "false": False}.get(row.get("border", "").lower())
        commune, created = Commune.objects.update_or_create(
            code=row["code"],
            defaults={
                "gso_code": row.get("gso_code", ""),
                "name": row["name"],
                "kind": row.get("kind", ""),
                "former_district": row.get("former_district", ""),
                "former_units": _split(row.get("former_units", "")),
                "border": border,
                "people_committee": known.get(f"ubnd-{row['code']}"),
                "valid_from": _date(
                    meta.get("communes_valid_from", "2025-07-01"), f"communes.csv line {number}"
                ),
                "source": row.get("source", "")[:500],
                "notes": row.get("notes", ""),
            },
        )
        communes[commune.code] = commune
        report.count("communes", created)

    for number, row in enumerate(_rows(folder / "commune_predecessors.csv"), start=2):
        successor = communes.get(row["new_code"])
        if successor is None:
            raise ReferenceDataError(
                f"commune_predecessors.csv line {number}: unknown commune {row['new_code']!r}"
            )
        _, created = CommunePredecessor.objects.update_or_create(
            commune=successor,
            old_gso_code=row["old_gso_code"],
            defaults={
                "old_name": row["old_name"],
                "old_district": row.get("old_district", ""),
                "code_retained": row.get("code_retained", "").lower() == "true",
                "source": row.get("source", "")[:500],
            },
        )
        report.count("former communes", created)

    for row in _rows(folder / "border_gates.csv"):
        _, created = BorderGate.objects.update_or_create(
            code=row["gate_code"],
            gate_type=row["type"],
            defaults={
                "name": row["name"],
                "counterpart": row.get("counterpart_cn", ""),
                "mode": row.get("mode", ""),
                "gate_type_vi": row.get("type_vi", ""),
                "type_valid_from": row.get("type_valid_from", ""),
                "type_valid_to": row.get("type_valid_to", ""),
                "district_2021": row.get("location_2021_district", ""),
                "commune": communes.get(row.get("location_2025_commune", "")),
                "source": row.get("source", "")[:500],
                "notes": row.get("notes", ""),
            },
        )
        report.count("border gates", created)

    audit.record(
        actor=actor,
        action="directory.load_reference",
        changes={"province": province, "created": report.created, "updated": report.updated},
    )
    return report
