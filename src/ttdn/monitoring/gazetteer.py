"""The province gazetteer, built from the directory tables (communes, former units, gates, agencies).

Only names that point at this province are kept: unit names and aliases count when they contain the
province name or one of its distinctive places ("UBND tỉnh Lạng Sơn", "Ban Quản lý Khu kinh tế cửa khẩu
Đồng Đăng"), never bare generic aliases ("UBND tỉnh", "Sở Tư pháp", "VNPT") that every province has.
"""

from __future__ import annotations

import functools
import re

from ttdn.core.text import clean
from ttdn.directory.models import BorderGate, Commune, CommunePredecessor, Unit, UnitKind
from ttdn.directory.selectors import province_meta
from ttdn.monitoring.analysis.gazetteer import KIND_WEIGHTS, Gazetteer, Term, is_generic, landmark_terms

_UNIT_PREFIX = re.compile(r"^(?:xã|phường|thị trấn|thị xã|huyện|thành phố|tp\.?)\s+", re.IGNORECASE)
_FORMER_CODE = re.compile(r"^\d{4,6}\s+")
_NOTE = re.compile(r"\s*\(.*?\)\s*$")
_GATE_PREFIX = re.compile(
    r"^(?:cửa khẩu(?: quốc tế| chính| phụ| song phương)?|lối mở|lối thông quan|"
    r"ga đường sắt liên vận quốc tế)\s+",
    re.IGNORECASE,
)
_DISTRICT = re.compile(r"(?:huyện|thành phố|thị xã)\s+(.+)$", re.IGNORECASE)


def place_name(raw: str) -> str:
    """'06034 Xã Chi Lăng (listed twice in source)' -> 'Chi Lăng'."""
    return clean(_UNIT_PREFIX.sub("", _NOTE.sub("", _FORMER_CODE.sub("", clean(raw)))))


def _title_case(name: str) -> bool:
    return all(word[:1].isupper() for word in name.split())


def _term(text: str, kind: str, source: str, ambiguous: bool = False) -> Term:
    return Term(text, kind, KIND_WEIGHTS[kind], ambiguous=ambiguous, source=source)


def place_terms() -> list[Term]:
    province = province_meta().get("name", "")
    terms: list[Term] = []
    if province:
        terms += [
            _term(province, "province", "province"),
            _term(f"tỉnh {province}", "province", "province"),
            _term(f"thành phố {province}", "province", "province"),
        ]
    for commune in Commune.objects.all():
        name = place_name(commune.name)
        terms.append(_term(name, "commune", commune.code, ambiguous=is_generic(name)))
        for former in commune.former_units:
            old = place_name(former)
            if not _title_case(old):
                continue  # "Xã Đồng ý" would fire on "Đồng ý" (agree) at a sentence start
            # Pre-2025 communes are small and their names recur nationwide: only with the province.
            terms.append(_term(old, "former_commune", commune.code, ambiguous=True))
    for old_name, code in CommunePredecessor.objects.values_list("old_name", "commune__code"):
        if _title_case(place_name(old_name)):
            terms.append(_term(place_name(old_name), "former_commune", code, ambiguous=True))
    for unit in Unit.objects.filter(kind=UnitKind.DISTRICT_PEOPLE_COMMITTEE):
        if (m := _DISTRICT.search(unit.name)) and clean(m.group(1)) != province:
            name = clean(m.group(1))
            terms.append(_term(name, "former_district", unit.code, ambiguous=is_generic(name)))
            terms.append(_term(f"huyện {name}", "former_district", unit.code))
    for gate in BorderGate.objects.all():
        core = _NOTE.sub("", _GATE_PREFIX.sub("", clean(gate.name)))
        if " - " in core or len(core) > 40:
            continue  # clearance routes: "Tân Thanh - Pò Chài (thuộc cặp …)", covered by their parts
        if len(gate.name) <= 40:
            terms.append(_term(clean(gate.name), "border_gate", gate.code))
        terms.append(_term(f"cửa khẩu {core}", "border_gate", gate.code))
        terms.append(_term(core, "border_gate", gate.code, ambiguous=is_generic(core) or core == "Hữu Nghị"))
    return terms + landmark_terms()


def agency_terms(places: Gazetteer) -> list[Term]:
    """Unit names and aliases that name a place of the province (checked with the place gazetteer)."""
    terms: list[Term] = []
    for unit in Unit.objects.all():
        kind = "press" if unit.kind == UnitKind.PRESS else "agency"
        for spelling in [unit.name, *unit.aliases]:
            spelling = clean(spelling)
            if any(not t.ambiguous for t in places.find(spelling)):
                terms.append(_term(spelling, kind, unit.code))
    return terms


@functools.cache
def build_gazetteer() -> Gazetteer:
    """Cached per process: the directory changes by reference loads, not while a command runs."""
    province = province_meta().get("name", "")
    places = place_terms()
    return Gazetteer([*places, *agency_terms(Gazetteer(places, province))], province=province)


def clear_cache() -> None:
    build_gazetteer.cache_clear()
