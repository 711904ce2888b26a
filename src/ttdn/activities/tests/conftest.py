"""A small plan built directly (no document import, to keep tests fast): task II.2 (training) and II.4.2
(border clusters) led by the Border Guard command, III (budget) led by it too; the focal department is
Sở VHTTDL."""

import datetime

import pytest
from django.utils import timezone

from ttdn.conftest import FOCAL_UNIT
from ttdn.directory.models import Unit
from ttdn.plans.models import Assignment, Plan, ReportingPeriod, Role, Task

BORDER_GUARD = "bo-chi-huy-bo-doi-bien-phong-tinh"


@pytest.fixture
def plan(lang_son):
    focal = Unit.objects.get(code=FOCAL_UNIT)
    plan = Plan.objects.create(
        title="Kế hoạch thông tin đối ngoại năm 2026",
        year=2026,
        number="12/KH-UBND",
        issuer="UBND tỉnh Lạng Sơn",
        reference_date=datetime.date(2026, 1, 15),
        focal_unit=focal,
    )
    ReportingPeriod.objects.create(
        plan=plan,
        frequency="annual",
        label="Năm 2026",
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 12, 31),
        cutoff=datetime.date(2026, 12, 15),
        due=datetime.date(2026, 12, 20),
    )
    return plan


def _task(plan, code, position, title, lead):
    task = Task.objects.create(
        plan=plan,
        code=code,
        position=position,
        title=title,
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 12, 31),
        content_key=code,
    )
    Assignment.objects.create(task=task, unit=Unit.objects.get(code=lead), role=Role.LEAD)
    return task


@pytest.fixture
def training_task(plan):
    return _task(plan, "II.2", 2, "Tập huấn, bồi dưỡng nghiệp vụ thông tin đối ngoại", BORDER_GUARD)


@pytest.fixture
def press_task(plan):
    return _task(plan, "II.3.3", 3, "Đẩy mạnh hợp tác truyền thông với các cơ quan báo chí", FOCAL_UNIT)


@pytest.fixture
def border_guard():
    return Unit.objects.get(code=BORDER_GUARD)


@pytest.fixture
def focal_unit(lang_son):
    return Unit.objects.get(code=FOCAL_UNIT)


@pytest.fixture
def course(training_task, unit_officer, border_guard):
    from ttdn.activities import services

    course = services.course_create(
        actor=unit_officer,
        task=training_task,
        title="Tập huấn nghiệp vụ TTĐN khu vực biên giới",
        organiser=border_guard,
        topics="Chủ quyền biên giới\nNhân quyền",
        audiences=["officials", "border"],
    )
    tz = timezone.get_current_timezone()
    services.session_add(
        actor=unit_officer,
        course=course,
        starts_at=datetime.datetime(2026, 5, 12, 8, 0, tzinfo=tz),
        ends_at=datetime.datetime(2026, 5, 12, 11, 30, tzinfo=tz),
        place="Hội trường Bộ Chỉ huy BĐBP tỉnh",
    )
    return course


@pytest.fixture
def appraiser(lang_son):
    from ttdn.conftest import _user

    return _user("taichinh", "Phạm Thị Thu", "activities.appraise_budget", unit="so-tai-chinh-2025")
