"""A generated province for load figures: plans × tasks × units, with reports. Bulk inserts, no services:
this is test data, not a workflow."""

import datetime
import random

from django.db import transaction

from ttdn.core.models import User
from ttdn.directory.models import Membership, Unit
from ttdn.plans.models import Assignment, Indicator, Plan, ProgressReport, ReportingPeriod, Task
from ttdn.plans.services import schedules_ensure_defaults


@transaction.atomic
def generate(
    *, plans: int = 100, tasks: int = 50, units: int = 30, reports: int = 100_000, seed: int = 7
) -> dict:
    rng = random.Random(seed)
    pool = list(
        Unit.objects.filter(kind__in=["provincial-department", "district-people-committee", "press"])[:units]
    )
    focal = Unit.objects.get(code="so-van-hoa-the-thao-va-du-lich")
    officer = User.objects.create_user(username="bench-focal", password="bench-password-123")
    Membership.objects.create(user=officer, unit=focal, role=Membership.Role.OFFICER)
    indicators = list(Indicator.objects.values_list("code", flat=True))
    assignments: list[Assignment] = []
    for p in range(plans):
        year = 2016 + p % 10
        plan = Plan.objects.create(
            title=f"Kế hoạch thông tin đối ngoại số {p + 1} năm {year}",
            year=year,
            kind="KH",
            reference_date=datetime.date(year, 1, 1),
            focal_unit=focal,
        )
        schedules_ensure_defaults(actor=None, plan=plan)
        batch = []
        for t in range(tasks):
            start = datetime.date(year, rng.choice([1, 4, 7, 10]), 1)
            batch.append(
                Task(
                    plan=plan,
                    code=f"II.{t + 1}",
                    position=t,
                    title=f"Nhiệm vụ {t + 1}: tuyên truyền, quảng bá hình ảnh tỉnh",
                    start=start,
                    end=datetime.date(year, 12, 31),
                    content_key=f"{p}-{t}",
                )
            )
        for task in Task.objects.bulk_create(batch):
            members = rng.sample(pool, 6)
            assignments.append(Assignment(task=task, unit=members[0], role="lead"))
            assignments.extend(Assignment(task=task, unit=u, role="coordinating") for u in members[1:])
    assignments = Assignment.objects.bulk_create(assignments, batch_size=5000)
    periods_by_plan: dict[int, list[ReportingPeriod]] = {}
    for period in ReportingPeriod.objects.all():
        periods_by_plan.setdefault(period.plan_id, []).append(period)
    task_plan = dict(Task.objects.values_list("pk", "plan_id"))
    seen, batch = set(), []
    states = ["draft", "submitted", "approved", "accepted", "accepted", "accepted", "returned"]
    while len(batch) < reports:
        assignment = rng.choice(assignments)
        period = rng.choice(periods_by_plan[task_plan[assignment.task_id]])
        if (assignment.pk, period.pk) in seen:
            continue
        seen.add((assignment.pk, period.pk))
        done = rng.random() < 0.3
        batch.append(
            ProgressReport(
                assignment=assignment,
                period=period,
                progress="done" if done else "in_progress",
                percent=100 if done else rng.randint(0, 90),
                narrative="Đã triển khai các hoạt động theo kế hoạch.",
                indicators={rng.choice(indicators): str(rng.randint(1, 50))},
                done_on=period.end if done else None,
                state=rng.choice(states),
                created_by=officer,
            )
        )
    ProgressReport.objects.bulk_create(batch, batch_size=5000)
    return {"plans": plans, "tasks": plans * tasks, "assignments": len(assignments), "reports": len(batch)}
