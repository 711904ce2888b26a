"""Spending norms (định mức) as data: ``data/norms.csv`` ships with the app; a province may point
``TTDN_BUDGET_NORMS_CSV`` at its own table. Pure Python: no Django models."""

import csv
import functools
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

DEFAULT_TABLE = Path(__file__).parent / "data" / "norms.csv"


@dataclass(frozen=True)
class Norm:
    code: str
    name: str
    unit: str
    ceiling: Decimal
    legal_basis: str


class NormTableError(ValueError):
    pass


def parse_norms(text: str) -> dict[str, Norm]:
    norms: dict[str, Norm] = {}
    reader = csv.DictReader(text.splitlines())
    missing = {"code", "name", "unit", "ceiling", "legal_basis"} - set(reader.fieldnames or [])
    if missing:
        raise NormTableError(f"norm table lacks columns: {', '.join(sorted(missing))}")
    for line, row in enumerate(reader, start=2):
        code = (row["code"] or "").strip()
        try:
            ceiling = Decimal((row["ceiling"] or "").strip())
        except InvalidOperation as exc:
            raise NormTableError(f"line {line}: ceiling {row['ceiling']!r} is not a number") from exc
        if not code or code in norms or ceiling < 0:
            raise NormTableError(f"line {line}: empty or repeated code, or negative ceiling")
        norms[code] = Norm(
            code, row["name"].strip(), row["unit"].strip(), ceiling, row["legal_basis"].strip()
        )
    return norms


@functools.cache
def load_norms(path: str = str(DEFAULT_TABLE)) -> dict[str, Norm]:
    return parse_norms(Path(path).read_text(encoding="utf-8"))
