"""From reader blocks to the contract's JSON object."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from . import header as hdr
from .blocks import Block, Para, Table, normalise
from .outline import Item, OutlineBuilder, classify
from .tables import Row, task_rows
from .tasks import Draft, TaskBuilder, first_sentence
from .units import Mention

Resolver = Callable[[str, dt.date], tuple[str | None, str | None]]

_CLOSING = re.compile(r"^(?:Nơi nhận\b|(?:KT|TM|TL|TUQ|Q)\s*\.\s*[A-ZĐỦ])")
_APPENDIX = re.compile(r"^(?:PHỤ LỤC|Phụ lục)(?:\s+(?:[IVXL]+|\d+|số)\b|\s*:|$)")
_HEADER_SCAN = 80


def parse_blocks(blocks: list[Block], resolve: Resolver | None = None) -> dict[str, Any]:
    entries: list[Para | list[Row]] = []
    for block in normalise(blocks):
        if isinstance(block, Table):
            rows = task_rows(block)
            if rows is None:
                entries.extend(Para(line) for line in block.lines)
            else:
                entries.append(rows)
        else:
            entries.append(block)
    paras = [(i, e) for i, e in enumerate(entries) if isinstance(e, Para)]

    title_at, title_word = _find_title(paras)
    subject = None
    body_from = 0
    if title_at is not None:
        nxt = next(((i, p) for i, p in paras if i > title_at), None)
        body_from = title_at + 1
        # The subject may itself open with "Triển khai"/"Thực hiện", so only
        # a heading or a "Căn cứ" basis means the subject line is missing.
        if nxt and not classify(nxt[1].text, nxt[1].label) and not nxt[1].text.startswith("Căn cứ"):
            subject = nxt[1].text
            body_from = nxt[0] + 1
    body_start = next((i for i, p in paras if i >= body_from and _heading(p)), len(entries))
    body_end = next(
        (i for i, p in paras if i > body_start and (_CLOSING.match(p.text) or _APPENDIX.match(p.text))),
        len(entries),
    )
    appendix = next((i for i, p in paras if i >= body_end and _APPENDIX.match(p.text)), len(entries))

    head_end = title_at if title_at is not None else min(body_start, _HEADER_SCAN)
    head_lines = [p.text for i, p in paras if i < head_end]
    if subject is None and title_at is None:
        subject = next((re.sub(r"^V/v\s*", "", t) for t in head_lines if t.startswith("V/v")), None)
    preamble = [p.text for i, p in paras if body_from <= i < body_start]
    closing = [p.text for i, p in paras if body_end <= i < appendix]
    body_text = " ".join(p.text for i, p in paras if body_from <= i < body_end)

    number, symbol = hdr.parse_number(head_lines)
    place, date = hdr.parse_date(head_lines)
    issuer = hdr.issuer_lines(head_lines) or hdr.infer_issuer(symbol, subject, place, body_text)
    year = hdr.plan_year(subject, date)
    recipients, signer = hdr.recipients_and_signer(closing)

    builder = OutlineBuilder()
    for i in range(body_start, body_end):
        entry = entries[i]
        if isinstance(entry, Para):
            found = classify(entry.text, entry.label)
            if found:
                builder.add_heading(*found)
            elif entry.text:
                builder.add_line(entry.text)

    tb = TaskBuilder(year)
    drafts = tb.from_outline(builder.root)
    for entry in entries:
        if isinstance(entry, list):
            drafts.extend(tb.from_row(row) for row in entry)

    plan_date = _plan_date(date, year)
    cache: dict[str, tuple[str | None, str | None]] = {}
    warnings: list[str] = []
    if not builder.root.children:
        warnings.append("no numbered sections found")
    if not drafts:
        warnings.append("no tasks found")
    return {
        "document": {
            "issuer": issuer,
            "kind": hdr.kind_of(symbol, title_word),
            "number": number,
            "place": place,
            "date": date,
            "title": subject,
            "year": year,
            "legal_basis": hdr.legal_basis(preamble),
            "signer": signer,
            "recipients": recipients,
        },
        "sections": [_section(c) for c in builder.root.children],
        "tasks": [_task(d, resolve, plan_date, cache) for d in drafts],
        "warnings": warnings,
    }


def _heading(p: Para) -> bool:
    return classify(p.text, p.label) is not None


def _find_title(paras: list[tuple[int, Para]]) -> tuple[int | None, str | None]:
    for i, p in paras[:_HEADER_SCAN]:
        if p.label:
            continue
        key = " ".join(p.text.strip(" .:").split())
        if key in hdr.DOC_TYPES:
            return i, key
    return None, None


def _plan_date(date: str | None, year: int | None) -> dt.date:
    """The date unit names are resolved at (units merge and get renamed)."""
    if date:
        parts = [int(x) for x in date.split("-")]
        try:
            return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
        except ValueError:
            return dt.date(parts[0], 1, 1)
    if year and 1 <= year <= 9999:
        return dt.date(year, 1, 1)
    return dt.date.today()


def _section(item: Item) -> dict[str, Any]:
    return {
        "code": item.code,
        "title": first_sentence(item.heading) if item.heading else "",
        "children": [_section(c) for c in item.children],
    }


def _mention(
    m: Mention, resolve: Resolver | None, when: dt.date, cache: dict[str, tuple[str | None, str | None]]
) -> dict[str, Any]:
    unit = group = None
    if resolve is not None:
        # The same phrase recurs on most tasks; a resolver may hit a database.
        if m.text not in cache:
            cache[m.text] = resolve(m.text, when)
        unit, group = cache[m.text]
    return {"text": m.text, "scope": m.scope, "unit": unit, "group": group}


def _task(d: Draft, resolve: Resolver | None, when: dt.date, cache: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": d.code,
        "title": d.title,
        "content": d.content,
        "lead": [_mention(m, resolve, when, cache) for m in d.lead],
        "coordinating": [_mention(m, resolve, when, cache) for m in d.coord],
        "timeframe": dict(d.timeframe),
        "form": d.form,
        "audience": d.audience,
        "budget": d.budget,
        "warnings": d.warnings,
    }
