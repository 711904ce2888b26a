"""Reads from the directory."""

import datetime
import json
from collections import deque

from django.db.models import Q, QuerySet
from django.utils import timezone

from ttdn.core.text import fold

from .models import GroupPhrase, Unit, UnitGroup
from .naming import Entry, NameIndex
from .services import DATA_ROOT


def unit_list(*, query: str = "", kind: str = "", on_date: datetime.date | None = None) -> QuerySet[Unit]:
    units = Unit.objects.select_related("parent").order_by("kind", "name")
    if query:
        folded = fold(query)
        units = units.filter(Q(search_text__contains=folded) | Q(code__contains=folded.replace(" ", "-")))
    if kind:
        units = units.filter(kind=kind)
    if on_date is not None:
        units = units.valid_on(on_date)
    return units


def unit_get(*, code: str) -> Unit:
    return (
        Unit.objects.select_related("parent")
        .prefetch_related("successors", "predecessors", "children")
        .get(code=code)
    )


def current_successors(*, unit: Unit, today: datetime.date | None = None) -> list[Unit]:
    """The units holding a gone unit's functions today, following successor links through every reform."""
    return successors_today(units=[unit], today=today).get(unit.pk, [])


def successors_today(*, units: list[Unit], today: datetime.date | None = None) -> dict[int, list[Unit]]:
    """For each unit that no longer exists on ``today``: the units that hold its functions now. Two queries."""
    today = today or timezone.localdate()
    gone = [u for u in units if not u.is_valid_on(today)]
    if not gone:
        return {}
    links: dict[int, list[int]] = {}
    for from_id, to_id in Unit.successors.through.objects.values_list("from_unit_id", "to_unit_id"):
        links.setdefault(from_id, []).append(to_id)
    reached: dict[int, list[int]] = {}
    for unit in gone:
        seen, queue, order = {unit.pk}, deque(links.get(unit.pk, [])), []
        while queue:
            uid = queue.popleft()
            if uid not in seen:
                seen.add(uid)
                order.append(uid)
                queue.extend(links.get(uid, []))
        reached[unit.pk] = order
    all_ids = {uid for ids in reached.values() for uid in ids}
    current = {u.pk: u for u in Unit.objects.filter(pk__in=all_ids).valid_on(today)}
    return {pk: [current[uid] for uid in ids if uid in current] for pk, ids in reached.items()}


def group_members(*, group: UnitGroup, on_date: datetime.date) -> list[Unit]:
    """Members valid on the date. When none of the group's kinds exist any more (the districts after
    2025-06-30), the members are the units that took over from the last ones that did."""
    members: dict[int, Unit] = {u.pk: u for u in group.explicit_members.valid_on(on_date)}
    if group.kinds:
        by_kind = Unit.objects.filter(kind__in=group.kinds)
        if group.parent_id:
            by_kind = by_kind.filter(parent_id=group.parent_id)
        current = list(by_kind.valid_on(on_date))
        if not current:
            ended = list(by_kind.filter(valid_to__lt=on_date).order_by("-valid_to"))
            if ended:
                last_day = ended[0].valid_to
                for gone in (u for u in ended if u.valid_to == last_day):
                    current.extend(current_successors(unit=gone, today=on_date))
        members.update({u.pk: u for u in current})
    return sorted(members.values(), key=lambda u: u.name)


def province_meta() -> dict:
    for folder in sorted(DATA_ROOT.iterdir()):
        meta_file = folder / "province.json"
        if (
            meta_file.exists()
            and Unit.objects.filter(code=json.loads(meta_file.read_text())["province_unit"]).exists()
        ):
            return json.loads(meta_file.read_text(encoding="utf-8"))
    return {"code": "", "name": "", "name_suffixes": []}


def name_index() -> NameIndex:
    """Every name a unit or group is called by, for resolving mentions in plans."""
    entries: list[Entry] = []
    for code, name, aliases, valid_from, valid_to in Unit.objects.values_list(
        "code", "name", "aliases", "valid_from", "valid_to"
    ):
        for spelling in [name, *aliases]:
            entries.append(Entry(code, None, spelling, valid_from, valid_to))
    for group_code, phrase in GroupPhrase.objects.values_list("group__code", "phrase"):
        entries.append(Entry(None, group_code, phrase))
    return NameIndex(entries, province_suffixes=tuple(province_meta().get("name_suffixes", ())))


def units_by_code(codes: list[str]) -> dict[str, Unit]:
    return {u.code: u for u in Unit.objects.filter(code__in=codes)}


def groups_by_code(codes: list[str]) -> dict[str, UnitGroup]:
    return {g.code: g for g in UnitGroup.objects.filter(code__in=codes)}
