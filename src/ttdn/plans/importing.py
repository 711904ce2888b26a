"""Pure helpers for turning a parsed plan document into database rows: dates, keys and task matching.

Matching a revised document against a plan already in the database decides whether a re-import
updates a task (its reports stay attached) or creates a new one, so it is kept here, small and tested
without a database.
"""

import datetime
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from ttdn.core.text import fold

CONTRACT_MENTION_KEYS = ("text", "scope", "unit", "group")


def reference_date(document: dict) -> datetime.date:
    """The date at which the plan's unit names are read: its issue date, as far as known."""
    raw = document.get("date") or ""
    parts = raw.split("-")
    try:
        if len(parts) == 3:
            return datetime.date.fromisoformat(raw)
        if len(parts) == 2:
            return datetime.date(int(parts[0]), int(parts[1]), 1)
        if len(parts) == 1 and parts[0]:
            return datetime.date(int(parts[0]), 1, 1)
    except ValueError:
        pass
    return datetime.date(int(document.get("year") or datetime.date.today().year), 1, 1)


def content_key(title: str, content: str) -> str:
    return hashlib.sha256(f"{fold(title)}\n{fold(content)}".encode()).hexdigest()


@dataclass(frozen=True)
class Match[T]:
    index: int  # position in the parsed task list
    existing: T | None
    change: str  # "new" | "same" | "changed" | "renumbered"


def match_tasks[T](existing: Sequence[T], parsed: Sequence[dict]) -> tuple[list[Match[T]], list[T]]:
    """Pair parsed tasks with existing ones (anything with code, title and content_key); return the
    pairs and the existing tasks left unmatched.

    Order of evidence: same code and same text; same text under a new code; same code with an edited
    text (titles still alike); an edited text under a new code (titles very alike).
    """
    free = list(existing)
    result: dict[int, Match[T]] = {}
    keys = [content_key(t.get("title", ""), t.get("content", "")) for t in parsed]

    def take(predicate, change: str) -> None:
        for i, task in enumerate(parsed):
            if i in result:
                continue
            for candidate in free:
                if predicate(task, keys[i], candidate):
                    result[i] = Match(i, candidate, change)
                    free.remove(candidate)
                    break

    take(lambda t, k, c: c.code == t["code"] and c.content_key == k, "same")
    take(lambda t, k, c: c.content_key == k, "renumbered")
    take(lambda t, k, c: c.code == t["code"] and _alike(t["title"], c.title) >= 60, "changed")
    take(lambda t, k, c: _alike(t["title"], c.title) >= 85, "changed")
    matches = [result.get(i, Match(i, None, "new")) for i in range(len(parsed))]
    return matches, free


def _alike(a: str, b: str) -> float:
    return fuzz.token_set_ratio(fold(a), fold(b))


def contract_view(parsed: dict) -> dict:
    """The parsed document as the JSON contract defines it (drops ttdn's review annotations)."""
    tasks = []
    for task in parsed.get("tasks", []):
        task = dict(task)
        for role in ("lead", "coordinating"):
            task[role] = [{k: m.get(k) for k in CONTRACT_MENTION_KEYS} for m in task.get(role, [])]
        tasks.append(task)
    return {**parsed, "tasks": tasks}


def focal_unit_code(parsed: dict) -> str | None:
    """The unit the plan makes its focal point ("… là cơ quan đầu mối …"), as resolved, if any."""
    for task in parsed.get("tasks", []):
        text = fold(f"{task.get('title', '')} {task.get('content', '')}")
        if "dau moi" in text:
            for mention in task.get("lead", []):
                if mention.get("unit"):
                    return mention["unit"]
    return None
