"""Resolving a unit mention as written in a plan to a directory entry. Pure logic, no Django.

Ladder, first hit wins: group phrase → exact name/alias → normalised (abbreviations expanded, the
province name dropped, leading "các"/"giao" dropped) → fuzzy (RapidFuzz) with a confidence.
Candidates valid on the plan's date win over those that were not; a mention that only matches a unit
outside its validity still resolves, with lower confidence, so a reviewer sees it instead of losing it.
"""

import datetime
import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from ttdn.core.text import clean, fold

FUZZY_THRESHOLD = 86.0

# Abbreviations as they appear in plans → the words they stand for (folded).
_EXPANSIONS = [
    (r"\bubnd\b", "uy ban nhan dan"),
    (r"\bhdnd\b", "hoi dong nhan dan"),
    (r"\bvp\b", "van phong"),
    (r"\bbchqs\b", "bo chi huy quan su"),
    (r"\bbdbp\b", "bo doi bien phong"),
    (r"\bbch\b", "bo chi huy"),
    (r"\btp\.?\b", "thanh pho"),
    (r"\bkkt\b", "khu kinh te"),
    (r"\bbql\b", "ban quan ly"),
    (r"\bql\b", "quan ly"),
    (r"\bvh,? ?tt ?(?:&|va) ?dl\b", "van hoa the thao va du lich"),
    (r"\btt ?& ?tt\b", "thong tin va truyen thong"),
]
_NOISE = re.compile(r"[^\w&]+")


@dataclass(frozen=True)
class Entry:
    """A name a unit or group can be called by."""

    unit_code: str | None
    group_code: str | None
    name: str
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None

    def valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )


@dataclass(frozen=True)
class Resolution:
    text: str
    unit_code: str | None = None
    group_code: str | None = None
    method: str = "unresolved"  # group | exact | normalised | fuzzy | unresolved
    confidence: float = 0.0
    candidates: tuple[str, ...] = field(default=())

    @property
    def resolved(self) -> bool:
        return self.unit_code is not None or self.group_code is not None


def exact_key(text: str) -> str:
    return _NOISE.sub(" ", fold(clean(text))).strip()


def normal_key(text: str, province_suffixes: tuple[str, ...] = ()) -> str:
    key = exact_key(text)
    for pattern, replacement in _EXPANSIONS:
        key = re.sub(pattern, replacement, key)
    key = key.replace("&", " va ").replace(" - ", " va ")
    key = re.sub(r"^(giao|cac|cho)\s+", "", key)
    for suffix in province_suffixes:
        folded_suffix = exact_key(suffix)
        if key.endswith(" " + folded_suffix):
            key = key[: -len(folded_suffix) - 1]
    # "… tỉnh" with the province left implicit names the same body as "… tỉnh Lạng Sơn".
    key = re.sub(r"\s+tinh$", "", key)
    return re.sub(r"\s+", " ", key).strip()


class NameIndex:
    def __init__(self, entries: list[Entry], *, province_suffixes: tuple[str, ...] = ()) -> None:
        self.province_suffixes = province_suffixes
        self._exact: dict[str, list[Entry]] = {}
        self._normal: dict[str, list[Entry]] = {}
        for entry in entries:
            self._exact.setdefault(exact_key(entry.name), []).append(entry)
            self._normal.setdefault(normal_key(entry.name, province_suffixes), []).append(entry)
        self._normal_keys = list(self._normal)

    def resolve(self, text: str, day: datetime.date) -> Resolution:
        text = clean(text)
        hits = self._exact.get(exact_key(text))
        if hits:
            return self._pick(text, hits, day, "exact", 1.0)
        key = normal_key(text, self.province_suffixes)
        hits = self._normal.get(key)
        if hits:
            return self._pick(text, hits, day, "normalised", 0.95)
        if not key:
            return Resolution(text=text)
        matches = process.extract(key, self._normal_keys, scorer=fuzz.token_sort_ratio, limit=3)
        if matches and matches[0][1] >= FUZZY_THRESHOLD:
            best_key, score, _ = matches[0]
            return self._pick(text, self._normal[best_key], day, "fuzzy", round(score / 100 * 0.9, 2))
        return Resolution(text=text, candidates=tuple(m[0] for m in matches))

    def _pick(
        self, text: str, hits: list[Entry], day: datetime.date, method: str, confidence: float
    ) -> Resolution:
        groups = [e for e in hits if e.group_code]
        if groups:
            return Resolution(
                text=text, group_code=groups[0].group_code, method="group", confidence=confidence
            )
        valid = [e for e in hits if e.valid_on(day)]
        chosen = valid or sorted(hits, key=lambda e: _distance(e, day))
        codes = tuple(dict.fromkeys(e.unit_code for e in chosen if e.unit_code))
        if not valid:
            confidence = round(confidence * 0.6, 2)  # the name existed, but not on this date
        elif len(codes) > 1:
            confidence = round(confidence * 0.7, 2)  # ambiguous on this date: a reviewer must choose
        return Resolution(
            text=text, unit_code=codes[0], method=method, confidence=confidence, candidates=codes
        )


def _distance(entry: Entry, day: datetime.date) -> int:
    if entry.valid_to is not None and entry.valid_to < day:
        return (day - entry.valid_to).days
    if entry.valid_from is not None and entry.valid_from > day:
        return (entry.valid_from - day).days
    return 0
