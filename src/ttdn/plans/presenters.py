"""Shaping plan data for pages: what each row shows, with every lookup batched."""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ttdn.directory import selectors as directory
from ttdn.directory.models import Unit, UnitGroup

from .importing import focal_unit_code, reference_date
from .models import Plan, PlanImport, Role, Task
from .selectors import plan_import_diff, timeframe_status
from .services import mention_key

REVIEW_BELOW = 0.8
CHANGE_LABELS = {
    "new": _("new"),
    "same": _("unchanged"),
    "changed": _("changed"),
    "renumbered": _("renumbered"),
}


def diff_view(plan_import: PlanImport) -> dict | None:
    diff = plan_import_diff(plan_import=plan_import)
    if diff is None:
        return None
    tasks = plan_import.parsed["tasks"]
    rows = [
        {
            "change": m.change,
            "label": CHANGE_LABELS[m.change],
            "code": tasks[m.index]["code"],
            "old_code": m.existing.code if m.existing else "",
            "title": tasks[m.index].get("title", ""),
        }
        for m in diff.matches
    ]
    return {"rows": rows, "counts": diff.counts, "withdrawn": diff.withdrawn}


def preview_rows(plan_import: PlanImport) -> dict:
    parsed = plan_import.parsed or {}
    day = reference_date(parsed.get("document", {}))
    mentions = [m for t in parsed.get("tasks", []) for r in ("lead", "coordinating") for m in t.get(r, [])]
    units = directory.units_by_code([m["unit"] for m in mentions if m.get("unit")])
    groups = directory.groups_by_code([m["group"] for m in mentions if m.get("group")])
    members = {code: directory.group_members(group=g, on_date=day) for code, g in groups.items()}
    today_successors = directory.successors_today(units=list(units.values()))
    rows, needs_review = [], 0
    for index, task in enumerate(parsed.get("tasks", [])):
        shown = []
        for role in ("lead", "coordinating"):
            for position, mention in enumerate(task.get(role, [])):
                unit = units.get(mention.get("unit") or "")
                group = groups.get(mention.get("group") or "")
                review = not (unit or group) or float(mention.get("confidence") or 0) < REVIEW_BELOW
                needs_review += review
                shown.append(
                    {
                        "key": mention_key(index, role, position),
                        "role": role,
                        "text": mention["text"],
                        "scope": mention.get("scope"),
                        "unit": unit,
                        "group": group,
                        "members": members.get(group.code, []) if group else [],
                        "method": mention.get("method"),
                        "confidence": mention.get("confidence"),
                        "review": review,
                        "successors": today_successors.get(unit.pk, []) if unit else [],
                    }
                )
        rows.append({"task": task, "mentions": shown})
    return {
        "document": parsed.get("document", {}),
        "sections": parsed.get("sections", []),
        "plan_warnings": parsed.get("warnings", []),
        "rows": rows,
        "reference_date": day,
        "needs_review": needs_review,
        "unit_choices": Unit.objects.valid_on(day).order_by("name").values_list("code", "name"),
        "group_choices": UnitGroup.objects.order_by("name").values_list("code", "name"),
        "focal_choices": Unit.objects.valid_on(timezone.localdate())
        .order_by("name")
        .values_list("code", "name"),
        "focal_suggestion": _focal_suggestion(plan_import, parsed),
    }


def _focal_suggestion(plan_import: PlanImport, parsed: dict) -> str:
    """The focal unit to preselect: the revised plan's, else the plan's own, else who holds it today."""
    if plan_import.target_plan and plan_import.target_plan.focal_unit_id:
        return plan_import.target_plan.focal_unit.code
    code = focal_unit_code(parsed)
    unit = Unit.objects.filter(code=code).first() if code else None
    if unit is None:
        return ""
    successors = directory.successors_today(units=[unit]).get(unit.pk)
    # A gone focal unit with several successors cannot be chosen for the reviewer: preselect none of them.
    if successors is None:
        return unit.code
    return successors[0].code if len(successors) == 1 else ""


def task_rows(tasks: list[Task], today: datetime.date, statuses: dict[int, str] | None = None) -> list[dict]:
    units = {m.unit.pk: m.unit for t in tasks for m in t.mentions.all() if m.unit}
    units.update({a.unit.pk: a.unit for t in tasks for a in t.assignments.all()})
    today_successors = directory.successors_today(units=list(units.values()), today=today)
    rows = []
    for task in tasks:
        mentions = list(task.mentions.all())
        assignments = list(task.assignments.all())
        rows.append(
            {
                "task": task,
                "status": timeframe_status(task, today),
                "progress_status": (statuses or {}).get(task.pk, ""),
                "assignment_ids": {a.unit_id: a.pk for a in assignments},
                "lead": [m for m in mentions if m.role == Role.LEAD],
                "coordinating": [m for m in mentions if m.role == Role.COORDINATING],
                "lead_units": [a.unit for a in assignments if a.role == Role.LEAD],
                "coordinating_count": sum(1 for a in assignments if a.role == Role.COORDINATING),
                # Gone units of the whole page and who holds their functions today: one shared map.
                "successors": today_successors,
            }
        )
    return rows


def cached_fragment(request, plan: Plan, name: str, key: str, today: datetime.date, build) -> str:
    """A rendered piece of a plan page, cached for the plan's current revision.

    Every service that changes what the page shows bumps ``plan.revision``, so an entry is never stale;
    the date is in the key because statuses (overdue, due soon) change at midnight."""
    cache_key = f"ttdn:{name}:{plan.pk}:r{plan.revision}:{today.isoformat()}:{get_language()}:{key}"
    html = cache.get(cache_key)
    if html is None:
        html = build()
        cache.set(cache_key, str(html), settings.TTDN_FRAGMENT_SECONDS)
    return mark_safe(html)  # our own rendered template output
