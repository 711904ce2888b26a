"""Turning the outline's work sections into tasks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .attributes import UNIT_KEYS, Parts, attr_of, collect, value_text
from .outline import Item
from .tables import Row
from .timeframe import Timeframe, parse_timeframe, plan_year, unparsed
from .units import Mention, inline_assignment, leading_units, split_mentions

NO_LEAD = "no lead unit"
BAD_TIME = "timeframe not understood"
_SENTENCE_END = re.compile(r"[.!?]\s+(?=\S)")
_ABBREV = re.compile(r"(?:\b[A-ZĐ]{1,3}|\.\.)$")


@dataclass(slots=True)
class Draft:
    code: str
    title: str
    content: str
    lead: list[Mention]
    coord: list[Mention]
    timeframe: Timeframe
    form: str | None
    audience: str | None
    budget: str | None
    warnings: list[str] = field(default_factory=list)


def first_sentence(text: str) -> str:
    """The heading-like start of a paragraph, without trailing punctuation."""
    text = text.strip()
    for m in _SENTENCE_END.finditer(text):
        # "..." and abbreviations such as "TP." do not end a sentence.
        if text[m.end()].isupper() and not _ABBREV.search(text[: m.start()]):
            text = text[: m.start()]
            break
    colon = text.find(": ")
    if colon > 0 and len(text[:colon].split()) >= 4 and text[colon + 2 : colon + 3].islower():
        text = text[:colon]
    return text.rstrip(" .;:,…/")


def is_attr_child(item: Item) -> bool:
    return not item.children and attr_of(item.heading) is not None


def fold(item: Item) -> Parts:
    """The item's own lines plus its attribute sub-items ("2.1. Nội dung" ...)."""
    parts = Parts()
    collect(parts, item.lines)
    for child in item.children:
        if not is_attr_child(child):
            continue
        found = attr_of(child.heading)
        assert found is not None
        key, val = found
        if key not in UNIT_KEYS:
            parts.content.append(child.heading)
        parts.add(key, val)
        collect(parts, child.lines, pending=key, keep=key not in UNIT_KEYS)
    return parts


def _inherit(parent: Parts, own: Parts) -> Parts:
    out = Parts()
    units = own if own.has_units else parent
    out.lead, out.coord, out.exec = units.lead, units.coord, units.exec
    out.values = {**parent.values, **own.values}
    return out


class TaskBuilder:
    def __init__(self, year: int | None) -> None:
        self.year = year

    def from_outline(self, root: Item) -> list[Draft]:
        tasks: list[Draft] = []
        for top in root.children:
            tcth = "TỔ CHỨC THỰC HIỆN" in top.heading.upper()
            drafts: list[Draft] = []
            named = self._walk(top, Parts(), tcth, drafts, is_top=True)
            if named:
                tasks.extend(drafts)
        return tasks

    def _walk(self, item: Item, inherited: Parts, tcth: bool, out: list[Draft], is_top: bool = False) -> bool:
        parts = fold(item)
        real = [c for c in item.children if not is_attr_child(c)]
        if real:
            context = _inherit(inherited, parts)
            named = parts.has_units
            for child in real:
                named = self._walk(child, context, tcth, out) or named
            return named
        if not parts.has_units:
            self._units_in_text(item, parts, tcth and not is_top)
        draft = self._draft(item, parts, inherited)
        out.append(draft)
        return bool(draft.lead or draft.coord)

    @staticmethod
    def _units_in_text(item: Item, parts: Parts, tcth: bool) -> None:
        texts = [t for t in [item.heading, *parts.content] if t]
        if tcth and texts:
            # In "TỔ CHỨC THỰC HIỆN" each item opens with the units it binds.
            parts.lead = leading_units(texts[0])
            if parts.lead:
                parts.coord = inline_assignment(texts[0])[1]
                return
        for text in texts:
            lead, coord = inline_assignment(text)
            if lead:
                parts.lead, parts.coord = lead, coord
                return

    def _draft(self, item: Item, parts: Parts, inherited: Parts) -> Draft:
        warnings: list[str] = []
        own_units = parts.has_units
        lead = parts.leads() if own_units else inherited.leads()
        coord = parts.coord if own_units else inherited.coord
        heading = item.heading or (parts.content[0] if parts.content else "")
        timeframe = self._time(parts.first("time"), inherited.first("time"), warnings)
        if not lead:
            warnings.append(NO_LEAD)
        return Draft(
            code=item.code,
            title=first_sentence(heading) or item.code,
            content="\n".join(parts.content) if parts.content else heading,
            lead=lead,
            coord=coord,
            timeframe=timeframe,
            form=parts.first("form") or inherited.first("form"),
            audience=parts.first("audience") or inherited.first("audience"),
            budget=parts.first("budget") or inherited.first("budget"),
            warnings=warnings,
        )

    def _time(self, own: str | None, inherited: str | None, warnings: list[str]) -> Timeframe:
        for text, is_inherited in ((own, False), (inherited, True)):
            if not text:
                continue
            tf = parse_timeframe(text, self.year)
            if tf is None:
                tf = unparsed(text, self.year)
                if not is_inherited:
                    warnings.append(BAD_TIME)
            tf["inherited"] = is_inherited
            return tf
        return plan_year(self.year)

    def from_row(self, row: Row) -> Draft:
        cells = row.cells
        warnings: list[str] = []
        content = cells.get("content", "")
        product = value_text(cells.get("product", ""))
        lead = split_mentions(cells.get("lead", "").replace("\n", "; "))
        if not lead:
            warnings.append(NO_LEAD)
        time_text = " ".join(cells.get("time", "").split())
        return Draft(
            code=row.code,
            title=first_sentence(content.split("\n")[0]) or row.code,
            content=content + (f"\nSản phẩm: {product}" if product else ""),
            lead=lead,
            coord=split_mentions(cells.get("coord", "").replace("\n", "; ")),
            timeframe=self._time(time_text, None, warnings),
            form=value_text(cells.get("form", "")) or None,
            audience=value_text(cells.get("audience", "")) or None,
            budget=value_text(cells.get("budget", "")) or None,
            warnings=warnings,
        )
