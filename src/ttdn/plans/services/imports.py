"""Writes for plans: upload, parse, review and import of plan documents."""

import datetime
import hashlib
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from ttdn.core import audit
from ttdn.core.classification import Classification, may_see
from ttdn.core.models import AuditEvent, User
from ttdn.core.text import clean
from ttdn.directory import selectors as directory
from ttdn.directory.models import Unit, UnitGroup

from ..importing import content_key, focal_unit_code, match_tasks, reference_date
from ..models import Assignment, Mention, Plan, PlanImport, Role, Task
from ..parsing import PlanParseError, parse_file
from ..selectors.documents import plan_matching_document

ALLOWED_SUFFIXES = {".txt", ".md", ".docx", ".pdf"}


class PlanImportError(Exception):
    """A user-facing reason why an upload or an import was refused; nothing was written."""


def plan_import_upload(
    *,
    actor: User | None,
    uploaded_file: UploadedFile,
    target_plan: Plan | None = None,
    parent_plan: Plan | None = None,
    owner_unit: Unit | None = None,
    classification: int = Classification.NORMAL,
) -> PlanImport:
    name = Path(uploaded_file.name or "").name
    if classification not in Classification.values:
        raise PlanImportError(_("Unknown classification."))
    if actor is not None and not may_see(actor, classification):
        raise PlanImportError(_("You cannot mark an item above your own clearance."))
    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise PlanImportError(
            _("Unsupported file type %(suffix)s. Upload a .docx, .pdf, .txt or .md file.")
            % {"suffix": suffix or "?"}
        )
    if uploaded_file.size is None or uploaded_file.size == 0:
        raise PlanImportError(_("The file is empty."))
    limit = settings.TTDN_MAX_UPLOAD_BYTES
    if uploaded_file.size > limit:
        raise PlanImportError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(uploaded_file.size), "limit": filesizeformat(limit)}
        )
    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    with transaction.atomic():
        plan_import = PlanImport(
            original_name=clean(name)[:255],
            size=uploaded_file.size,
            sha256=digest.hexdigest(),
            uploaded_by=actor,
            target_plan=target_plan,
            parent_plan=parent_plan,
            owner_unit=owner_unit,
            classification=classification,
        )
        plan_import.file.save(name, uploaded_file, save=False)
        plan_import.save()
        audit.record(
            actor=actor,
            action="plan_import.upload",
            obj=plan_import,
            changes={"sha256": plan_import.sha256, "classification": int(classification)},
        )
        from ..tasks import parse_plan_import

        transaction.on_commit(lambda: parse_plan_import.enqueue(plan_import.pk))
    return plan_import


def resolve_mentions(parsed: dict) -> dict:
    """Fill each mention's unit/group from the directory and note how sure the match is."""
    index = directory.name_index()
    day = reference_date(parsed["document"])
    for task in parsed["tasks"]:
        for role in ("lead", "coordinating"):
            for mention in task.get(role, []):
                found = index.resolve(mention["text"], day)
                mention.update(
                    unit=found.unit_code,
                    group=found.group_code,
                    method=found.method,
                    confidence=found.confidence,
                    candidates=list(found.candidates),
                )
    return parsed


def plan_import_parse(*, plan_import: PlanImport) -> PlanImport:
    """Read the stored file. A document that cannot be read marks the import failed with the reason.

    Safe to run twice, even at once (a resumed parse beside a slow one): reading writes nothing, and the
    result is saved only if the import is still being parsed, under a row lock."""
    if plan_import.status != PlanImport.Status.PARSING:
        return plan_import
    try:
        parsed = resolve_mentions(parse_file(plan_import.file.path))
    except PlanParseError as exc:
        status, error, parsed = PlanImport.Status.FAILED, str(exc), None
    else:
        status, error = PlanImport.Status.READY, ""
    with transaction.atomic():
        locked = PlanImport.objects.select_for_update().get(pk=plan_import.pk)
        if locked.status != PlanImport.Status.PARSING:
            return locked
        locked.status, locked.error = status, error
        if parsed is not None:
            locked.parsed = parsed
            if locked.target_plan_id is None:
                locked.target_plan = plan_matching_document(document=parsed["document"])
        locked.save(update_fields=["status", "error", "parsed", "target_plan"])
    return locked


PARSE_RESUME_ACTION = "plan_import.parse_resumed"


def plan_imports_resume(*, now: datetime.datetime | None = None) -> list[int]:
    """Queue the parse again for uploads still "parsing" long after upload: their worker died (kill -9,
    out of memory, a restart) and its task will never finish. A document that has killed the reader
    ``TTDN_PLAN_PARSE_ATTEMPTS`` times is marked failed instead of being retried for ever."""
    from ..tasks import parse_plan_import

    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.TTDN_PLAN_PARSE_STALE_SECONDS)
    stalled = PlanImport.objects.filter(status=PlanImport.Status.PARSING, uploaded_at__lt=cutoff)
    resumed = []
    for plan_import_id in stalled.values_list("pk", flat=True):
        with transaction.atomic():
            plan_import = (
                PlanImport.objects.select_for_update().filter(pk=plan_import_id, status="parsing").first()
            )
            if plan_import is None:
                continue
            # Attempts are counted in the audit log (append-only), so no extra column is needed.
            attempts = AuditEvent.objects.filter(
                action=PARSE_RESUME_ACTION, object_type="plans.planimport", object_id=str(plan_import.pk)
            ).count()
            if attempts >= settings.TTDN_PLAN_PARSE_ATTEMPTS:
                plan_import.status = PlanImport.Status.FAILED
                plan_import.error = _("The document could not be read: reading it stopped the worker.")
                plan_import.save(update_fields=["status", "error"])
                audit.record(actor=None, action="plan_import.parse_abandoned", obj=plan_import)
                continue
            audit.record(
                actor=None, action=PARSE_RESUME_ACTION, obj=plan_import, changes={"attempt": attempts + 1}
            )
            transaction.on_commit(partial(parse_plan_import.enqueue, plan_import.pk))
            resumed.append(plan_import.pk)
    return resumed


def _choose(mention: dict, choice: str | None) -> tuple[Unit | None, UnitGroup | None, str]:
    """Apply a reviewer's pick ("unit:<code>", "group:<code>", "none") over the importer's resolution."""
    if choice:
        kind, _sep, code = choice.partition(":")
        if kind == "unit":
            unit = Unit.objects.filter(code=code).first()
            if unit is None:
                raise PlanImportError(_("Unknown unit %(code)s.") % {"code": code})
            return unit, None, "reviewer"
        if kind == "group":
            group = UnitGroup.objects.filter(code=code).first()
            if group is None:
                raise PlanImportError(_("Unknown group %(code)s.") % {"code": code})
            return None, group, "reviewer"
        if kind == "none":
            return None, None, "reviewer"
    unit = Unit.objects.filter(code=mention.get("unit")).first() if mention.get("unit") else None
    group = UnitGroup.objects.filter(code=mention.get("group")).first() if mention.get("group") else None
    return unit, group, mention.get("method", "")


def mention_key(task_index: int, role: str, position: int) -> str:
    return f"m-{task_index}-{role}-{position}"


@transaction.atomic
def plan_import_confirm(
    *,
    actor: User | None,
    plan_import: PlanImport,
    choices: dict[str, str] | None = None,
    focal_unit: Unit | None = None,
) -> Plan:
    """Create the plan (or update the plan this document revises) with tasks, mentions and assignments."""
    plan_import = PlanImport.objects.select_for_update().get(pk=plan_import.pk)
    if plan_import.status != PlanImport.Status.READY:
        raise PlanImportError(
            _("This upload cannot be imported (status: %(status)s).")
            % {"status": plan_import.get_status_display()}
        )
    choices = choices or {}
    parsed: dict = plan_import.parsed or {}
    document = parsed["document"]
    day = reference_date(document)
    header = {
        "title": clean(document.get("title") or plan_import.original_name)[:500],
        "year": document.get("year") or day.year,
        "kind": document.get("kind") or "",
        "number": document.get("number") or "",
        "issuer": document.get("issuer") or "",
        "place": document.get("place") or "",
        "issued_on": document.get("date") or "",
        "reference_date": day,
        "legal_basis": document.get("legal_basis") or [],
        "signer": document.get("signer"),
        "recipients": document.get("recipients") or [],
        "outline": parsed.get("sections", []),
        "warnings": parsed.get("warnings", []),
    }
    plan = plan_import.target_plan
    if focal_unit is None and (plan is None or plan.focal_unit_id is None):
        code = focal_unit_code(parsed)
        focal_unit = Unit.objects.filter(code=code).first() if code else None
    if focal_unit is not None:
        header["focal_unit"] = focal_unit
    parent = plan_import.parent_plan
    if parent is not None:
        # A unit's own plan is followed by the same focal department as the plan it carries out.
        header.update(parent_plan=parent, owner_unit=plan_import.owner_unit, focal_unit=parent.focal_unit)
    if plan is None:
        plan = Plan.objects.create(**header)
        action, before = "plan.create", {}
    else:
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        before = {k: str(getattr(plan, k)) for k in header}
        for field, value in header.items():
            setattr(plan, field, value)
        plan.save()
        action = "plan.revise"

    existing = list(plan.tasks.all())
    matches, gone = match_tasks(existing, parsed["tasks"])
    changes = {"new": 0, "same": 0, "changed": 0, "renumbered": 0, "withdrawn": len(gone)}
    now = timezone.now()
    # Free the codes of tasks that moved, so the unique (plan, code) constraint holds mid-update.
    moved = [
        m.existing
        for m in matches
        if m.existing is not None and m.existing.code != parsed["tasks"][m.index]["code"]
    ]
    for task in [*moved, *gone]:
        task.code = f"~{task.pk}"
        task.save(update_fields=["code"])
    for task in gone:
        task.withdrawn_at = task.withdrawn_at or now
        task.save(update_fields=["withdrawn_at", "updated_at"])
        task.assignments.update(active=False)

    for match in matches:
        item = parsed["tasks"][match.index]
        timeframe = item.get("timeframe") or {}
        fields = {
            "code": item["code"],
            "position": match.index,
            "title": clean(item.get("title") or "") or item["code"],
            "content": item.get("content") or "",
            "form": item.get("form") or "",
            "audience": item.get("audience") or "",
            "budget": item.get("budget") or "",
            "timeframe_label": (timeframe.get("label") or "")[:200],
            "start": timeframe.get("start") or plan.period[0],
            "end": timeframe.get("end") or plan.period[1],
            "recurring": bool(timeframe.get("recurring")),
            "timeframe_inherited": bool(timeframe.get("inherited")),
            "warnings": item.get("warnings") or [],
            "content_key": content_key(item.get("title") or "", item.get("content") or ""),
            "withdrawn_at": None,
        }
        if match.existing is None:
            task = Task.objects.create(plan=plan, **fields)
        else:
            task = match.existing
            for field, value in fields.items():
                setattr(task, field, value)
            task.save()
        changes[match.change] += 1
        _replace_mentions_and_assignments(task=task, item=item, index=match.index, choices=choices, day=day)

    from .reporting import schedules_ensure_defaults

    schedules_ensure_defaults(actor=actor, plan=plan)
    Plan.objects.filter(pk=plan.pk).update(revision=F("revision") + 1)
    plan_import.status, plan_import.plan, plan_import.confirmed_at = PlanImport.Status.CONFIRMED, plan, now
    plan_import.save(update_fields=["status", "plan", "confirmed_at"])
    after = {k: str(getattr(plan, k)) for k in header}
    audit.record(
        actor=actor,
        action=action,
        obj=plan,
        changes={
            "import": plan_import.pk,
            "tasks": changes,
            "header": audit.diff(before, after) if before else {},
        },
    )
    return plan


def _replace_mentions_and_assignments(
    *, task: Task, item: dict, index: int, choices: dict[str, str], day
) -> None:
    task.mentions.all().delete()
    wanted: dict[tuple[int, str], tuple[str, UnitGroup | None]] = {}
    for role in (Role.LEAD, Role.COORDINATING):
        for position, mention in enumerate(item.get(role.value, [])):
            unit, group, method = _choose(mention, choices.get(mention_key(index, role.value, position)))
            Mention.objects.create(
                task=task,
                role=role,
                position=position,
                text=clean(mention["text"])[:500],
                scope=mention.get("scope") or "",
                unit=unit,
                group=group,
                method=method if (unit or group) else "unresolved",
                confidence=1.0 if method == "reviewer" else float(mention.get("confidence") or 0),
            )
            members = [unit] if unit else directory.group_members(group=group, on_date=day) if group else []
            for member in members:
                key = (member.pk, role.value)
                # A unit that leads and is also in a coordinating group keeps its lead role only.
                if role == Role.COORDINATING and (member.pk, Role.LEAD.value) in wanted:
                    continue
                wanted.setdefault(key, (mention.get("scope") or "", None if unit else group))
    current = {(a.unit_id, a.role): a for a in task.assignments.all()}
    for key, stale in current.items():
        if key not in wanted and stale.active:
            stale.active = False
            stale.save(update_fields=["active", "updated_at"])
    for (unit_id, role_value), (scope, group) in wanted.items():
        assignment = current.get((unit_id, role_value))
        if assignment is None:
            Assignment.objects.create(
                task=task, unit_id=unit_id, role=role_value, scope=scope, via_group=group
            )
        elif (assignment.scope, assignment.via_group_id, assignment.active) != (
            scope,
            group.pk if group else None,
            True,
        ):
            assignment.scope, assignment.via_group, assignment.active = scope, group, True
            assignment.save(update_fields=["scope", "via_group", "active", "updated_at"])


@transaction.atomic
def task_link_served(*, actor: User, task: Task, served: list[Task]) -> Task:
    """Link a task of a unit's own plan to the provincial tasks it carries out."""
    plan = task.plan
    if plan.parent_plan_id is None:
        raise PlanImportError(_("Only tasks of a unit's own plan serve provincial tasks."))
    wrong = [t.code for t in served if t.plan_id != plan.parent_plan_id]
    if wrong:
        raise PlanImportError(
            _("These tasks are not in the provincial plan: %(codes)s") % {"codes": ", ".join(wrong)}
        )
    before = sorted(task.serves.values_list("code", flat=True))
    task.serves.set(served)
    Plan.objects.filter(pk=plan.pk).update(revision=F("revision") + 1)
    audit.record(
        actor=actor,
        action="task.link_served",
        obj=task,
        changes={"serves": [before, sorted(t.code for t in served)]},
    )
    return task


def plan_import_discard(*, actor: User | None, plan_import: PlanImport) -> None:
    with transaction.atomic():
        if plan_import.status == PlanImport.Status.CONFIRMED:
            raise PlanImportError(_("An imported document cannot be discarded."))
        plan_import.status = PlanImport.Status.DISCARDED
        plan_import.save(update_fields=["status"])
        audit.record(actor=actor, action="plan_import.discard", obj=plan_import)


__all__ = [
    "ALLOWED_SUFFIXES",
    "PARSE_RESUME_ACTION",
    "PlanImportError",
    "mention_key",
    "plan_import_confirm",
    "plan_import_discard",
    "plan_import_parse",
    "plan_import_upload",
    "plan_imports_resume",
    "resolve_mentions",
    "task_link_served",
]
