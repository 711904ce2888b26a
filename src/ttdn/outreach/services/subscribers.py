"""Operators, subscribers, CSV import and opt-out."""

from __future__ import annotations

import csv
import datetime
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ttdn.core import audit
from ttdn.core.models import User
from ttdn.core.text import clean, fold
from ttdn.directory.models import Commune

from ..models import Inbound, Language, Operator, Subscriber
from ..phones import InvalidPhone, normalise, operator_code

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "operators.json"
DEFAULT_STOP_KEYWORDS = ("STOP", "TC", "TU CHOI", "HUY")


@transaction.atomic
def operators_load(*, actor: User | None, path: Path = DATA_FILE) -> int:
    """Create or refresh operators and their prefixes from the data file; SMPP settings are left alone."""
    data = json.loads(path.read_text(encoding="utf-8"))
    count = 0
    for row in data["operators"]:
        operator, _created = Operator.objects.get_or_create(
            code=row["code"],
            defaults={"name": row["name"], "price_per_segment": Decimal(row.get("price_per_segment", "0"))},
        )
        if operator.prefixes != row["prefixes"] or operator.name != row["name"]:
            operator.prefixes, operator.name = row["prefixes"], row["name"]
            operator.save(update_fields=["prefixes", "name", "updated_at"])
        count += 1
    audit.record(actor=actor, action="outreach.operators_load", changes={"operators": count})
    return count


def prefix_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for code, prefixes in Operator.objects.values_list("code", "prefixes"):
        for prefix in prefixes:
            table[str(prefix)] = code
    return table


@dataclass
class RowError:
    line: int
    value: str
    reasons: list[str]


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    merged: int = 0  # rows folded into an earlier row with the same number
    kept_opted_out: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and self.rows > 0


_LANGUAGE_ALIASES = {
    "vi": Language.VI,
    "tieng viet": Language.VI,
    "vi-unaccented": Language.VI_UNACCENTED,
    "khong dau": Language.VI_UNACCENTED,
    "tyz": Language.TAY,
    "tay": Language.TAY,
    "nut": Language.NUNG,
    "nung": Language.NUNG,
    "ium": Language.DAO,
    "dao": Language.DAO,
}


def _commune_index() -> dict[str, int]:
    index: dict[str, int] = {}
    for pk, code, gso, name in Commune.objects.values_list("pk", "code", "gso_code", "name"):
        folded = fold(name)
        for key in (code, gso, folded, folded.removeprefix("xa ").removeprefix("phuong ")):
            if key:
                index.setdefault(key, pk)
    return index


def _parse_date(value: str) -> datetime.date | None:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def _validate(text: str) -> tuple[ImportReport, dict[str, dict]]:
    report = ImportReport()
    communes = _commune_index()
    prefixes = prefix_table()
    operator_ids = dict(Operator.objects.values_list("code", "pk"))
    rows: dict[str, dict] = {}
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = {"phone", "commune", "language", "consent_source", "consent_date"} - set(
        reader.fieldnames or []
    )
    if missing:
        report.errors.append(RowError(1, "", [_("Missing columns: %s") % ", ".join(sorted(missing))]))
        return report, rows
    for line, raw in enumerate(reader, start=2):
        report.rows += 1
        row = {k: clean(v or "") for k, v in raw.items() if k}
        reasons = []
        try:
            phone = normalise(row["phone"])
        except InvalidPhone:
            phone = ""
            reasons.append(_("not a Vietnamese mobile number"))
        operator = operator_code(phone, prefixes) if phone else None
        if phone and operator is None:
            reasons.append(_("no operator has this number prefix"))
        commune = communes.get(row["commune"]) or communes.get(fold(row["commune"]))
        if commune is None:
            reasons.append(_("unknown commune"))
        language = _LANGUAGE_ALIASES.get(fold(row["language"] or "vi"))
        if language is None:
            reasons.append(_("unknown language"))
        consent_date = _parse_date(row["consent_date"])
        if consent_date is None:
            reasons.append(_("consent date missing or not dd/mm/yyyy"))
        elif consent_date > timezone.localdate():
            reasons.append(_("consent date is in the future"))
        if not row["consent_source"]:
            reasons.append(_("consent source missing"))
        if reasons:
            report.errors.append(RowError(line, row.get("phone", ""), reasons))
            continue
        if phone in rows:
            report.merged += 1
        rows[phone] = {
            "operator_id": operator_ids[operator] if operator else None,
            "commune_id": commune,
            "language": language,
            "consent_source": row["consent_source"],
            "consent_date": consent_date,
        }
    if report.rows == 0:
        report.errors.append(RowError(1, "", [_("The file has no rows.")]))
    return report, rows


def subscribers_preview(*, text: str) -> ImportReport:
    return _validate(text)[0]


@transaction.atomic
def subscribers_import(*, actor: User, text: str) -> ImportReport:
    """All or nothing: when any row is invalid nothing is written and the report lists every bad row.
    A number seen twice is merged (the later row wins); an existing subscriber is updated, but an import
    never clears an opt-out."""
    report, rows = _validate(text)
    if report.errors:
        return report
    existing = {s.phone: s for s in Subscriber.objects.filter(phone__in=rows)}
    new = []
    changed = []
    for phone, values in rows.items():
        subscriber = existing.get(phone)
        if subscriber is None:
            new.append(Subscriber(phone=phone, **values))
            continue
        for name, value in values.items():
            setattr(subscriber, name, value)
        if subscriber.opted_out_at is not None:
            report.kept_opted_out += 1
        changed.append(subscriber)
    Subscriber.objects.bulk_create(new, batch_size=500)
    Subscriber.objects.bulk_update(changed, [*next(iter(rows.values())).keys()], batch_size=500)
    report.created, report.updated = len(new), len(changed)
    audit.record(
        actor=actor,
        action="outreach.subscribers_import",
        changes={"created": report.created, "updated": report.updated, "merged": report.merged},
    )
    return report


@transaction.atomic
def subscriber_opt_out(*, actor: User | None, subscriber: Subscriber, source: str) -> Subscriber:
    if subscriber.opted_out_at is None:
        subscriber.opted_out_at = timezone.now()
        subscriber.opt_out_source = source[:100]
        subscriber.save(update_fields=["opted_out_at", "opt_out_source", "updated_at"])
        audit.record(actor=actor, action="outreach.opt_out", obj=subscriber, changes={"source": source})
    return subscriber


def stop_keywords() -> set[str]:
    return {fold(k) for k in getattr(settings, "TTDN_SMS_STOP_KEYWORDS", DEFAULT_STOP_KEYWORDS)}


@transaction.atomic
def inbound_receive(*, operator: Operator | None, source: str, text: str) -> Inbound:
    """An MO message. A first word of STOP / TC (any case, with or without diacritics) opts the sender out."""
    try:
        phone = normalise(source)
    except InvalidPhone:
        phone = source[:16]
    words = fold(text).split()
    action = ""
    is_stop = bool(words) and (words[0] in stop_keywords() or " ".join(words[:2]) in stop_keywords())
    if is_stop:
        subscriber = Subscriber.objects.filter(phone=phone).first()
        if subscriber is not None:
            subscriber_opt_out(actor=None, subscriber=subscriber, source=f"MO: {text[:40]}")
            action = "opt-out"
        else:
            action = "opt-out-unknown"
    return Inbound.objects.create(operator=operator, phone=phone, text=text, action=action)
