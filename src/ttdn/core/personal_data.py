"""Where personal data lives, and how to find, export and erase one person's data (Nghị định 13/2023).

`core` cannot import the apps that hold personal data (outreach's subscribers, activities' participants and
journalists), so each app registers a :class:`PersonalDataSource` in its ``AppConfig.ready``. The data
subject request services in :mod:`ttdn.core.services` ask every source for the records of one person,
export them, or anonymise them in place.

Erasure anonymises rather than deletes: a training participant still counts in the course's figures and an
SMS still counts in the campaign's delivery totals, so the rows stay and only what identifies the person
(name, phone number, e-mail, free text mentioning them) is replaced by :data:`TOMBSTONE`.

Pure helpers here (identifier keys, :func:`scrub`) have no Django in them beyond settings-free imports.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from .text import clean, fold

TOMBSTONE = "[đã xóa]"

_DIGITS = re.compile(r"\D")
# A run of digits with the separators people write in phone numbers: "0912 345 678", "+84 (91) 234-5678".
_PHONE_RUN = re.compile(r"\+?\d[\d\s.\-()/]{5,}\d")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def phone_key(raw: str) -> str:
    """The national significant number: '0912 345 678', '+84912345678', '84912345678' -> '912345678'.

    Works for landlines too ('0205 3812 345' -> '2053812345'); '' when fewer than 8 digits remain, so a
    fragment never matches somebody's number."""
    digits = _DIGITS.sub("", raw or "")
    if digits.startswith("0084"):
        digits = digits[4:]
    elif digits.startswith("84") and len(digits) >= 11:
        digits = digits[2:]
    elif digits.startswith("0"):
        digits = digits[1:]
    return digits if len(digits) >= 8 else ""


def email_key(raw: str) -> str:
    value = unicodedata.normalize("NFC", raw or "").strip().lower()
    return value if _EMAIL.match(value) else ""


def name_key(raw: str) -> str:
    return fold(clean(raw or ""))


class InvalidSubject(ValueError):
    """The identifiers given cannot single out a person."""


@dataclass(frozen=True)
class Subject:
    """The person a request is about. At least a phone number or an e-mail address, or a full name."""

    phone: str = ""
    email: str = ""
    full_name: str = ""

    @property
    def phone_key(self) -> str:
        return phone_key(self.phone)

    @property
    def email_key(self) -> str:
        return email_key(self.email)

    @property
    def name_key(self) -> str:
        return name_key(self.full_name)

    def check(self) -> None:
        if self.phone.strip() and not self.phone_key:
            raise InvalidSubject("phone")
        if self.email.strip() and not self.email_key:
            raise InvalidSubject("email")
        if not (self.phone_key or self.email_key or len(self.name_key) >= 5):
            raise InvalidSubject("empty")

    def matches(self, *, phone: str = "", email: str = "", name: str = "") -> tuple[str, ...]:
        """Which of the subject's identifiers this record carries: a tuple of 'phone', 'email', 'name'."""
        how = []
        if self.phone_key and phone_key(phone) == self.phone_key:
            how.append("phone")
        if self.email_key and email_key(email) == self.email_key:
            how.append("email")
        if self.name_key and name_key(name) == self.name_key:
            how.append("name")
        return tuple(how)


@dataclass(frozen=True)
class Consent:
    """What the record says about the person's consent. ``recorded`` is False for rows collected before
    consent was recorded (the honest default of the migrations that added these fields)."""

    recorded: bool
    source: str = ""
    given_on: datetime.date | None = None
    withdrawn_at: datetime.datetime | None = None


NOT_REQUIRED = Consent(recorded=False, source="")


@dataclass(frozen=True)
class PersonalRecord:
    """One row holding the subject's data. ``fields`` is what is held (label -> value) as shown and
    exported; ``matched_by`` says why the row was found ('name' alone is a weak match the officer confirms)."""

    source: str
    pk: str
    label: str
    fields: dict[str, Any]
    matched_by: tuple[str, ...]
    consent: Consent | None = None

    @property
    def ref(self) -> str:
        return f"{self.source}:{self.pk}"

    @property
    def strong(self) -> bool:
        return "phone" in self.matched_by or "email" in self.matched_by


class PersonalDataSource(Protocol):
    """What an app registers. ``key`` is unique ('outreach.subscriber'); ``label``, ``purpose`` and
    ``legal_basis`` are Vietnamese text shown to officers and written into exports."""

    key: str
    label: Any  # str or a lazy translation
    purpose: Any
    legal_basis: Any

    def find(self, subject: Subject) -> list[PersonalRecord]: ...

    def export(self, records: Sequence[PersonalRecord]) -> dict[str, Any]: ...

    def erase(self, records: Sequence[PersonalRecord], *, actor: Any) -> int: ...


@dataclass
class _Registry:
    sources: dict[str, PersonalDataSource] = field(default_factory=dict)


_registry = _Registry()


def register(source: PersonalDataSource) -> None:
    """Register (or replace, for reloads and tests) the source with this key."""
    _registry.sources[source.key] = source


def unregister(key: str) -> None:
    _registry.sources.pop(key, None)


def sources() -> list[PersonalDataSource]:
    return sorted(_registry.sources.values(), key=lambda s: s.key)


def source(key: str) -> PersonalDataSource | None:
    return _registry.sources.get(key)


def find_all(subject: Subject) -> dict[str, list[PersonalRecord]]:
    """Every registered source's records for the subject (sources with none are left out)."""
    found = {}
    for src in sources():
        records = src.find(subject)
        if records:
            found[src.key] = records
    return found


def export_base(src: PersonalDataSource, records: Iterable[PersonalRecord]) -> dict[str, Any]:
    """The shape every source's ``export`` returns; sources may add keys."""
    return {
        "source": src.key,
        "label": str(src.label),
        "purpose": str(src.purpose),
        "legal_basis": str(src.legal_basis),
        "records": [
            {
                "id": r.pk,
                "record": r.label,
                **{str(k): v for k, v in r.fields.items()},
                **(
                    {
                        "consent_recorded": r.consent.recorded,
                        "consent_source": r.consent.source,
                        "consent_date": r.consent.given_on,
                        "consent_withdrawn_at": r.consent.withdrawn_at,
                    }
                    if r.consent is not None
                    else {}
                ),
            }
            for r in records
        ],
    }


def _fold_chars(text: str) -> str:
    """fold() one character at a time, so positions in the result are positions in ``text``."""
    out = []
    for ch in text:
        base = "".join(c for c in unicodedata.normalize("NFD", ch.lower()) if not unicodedata.combining(c))
        base = base.replace("đ", "d")
        out.append(base[:1] if base else " ")
    return "".join(out)


def scrub(text: str, subject: Subject) -> str:
    """``text`` with the subject's phone number, e-mail address and name (any case, with or without tones)
    replaced by the tombstone. For free-text columns that may mention the person."""
    if not text:
        return text
    text = unicodedata.normalize("NFC", text)
    if subject.phone_key:
        text = _PHONE_RUN.sub(
            lambda m: TOMBSTONE if phone_key(m.group()) == subject.phone_key else m.group(), text
        )
    if subject.email_key:
        text = re.sub(re.escape(subject.email_key), TOMBSTONE, text, flags=re.IGNORECASE)
    needle = subject.name_key
    if needle:
        folded = _fold_chars(text)
        pieces, start = [], 0
        while (at := folded.find(needle, start)) != -1:
            pieces.append(text[start:at] + TOMBSTONE)
            start = at + len(needle)
        text = "".join(pieces) + text[start:]
    return text
