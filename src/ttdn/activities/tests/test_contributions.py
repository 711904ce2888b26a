"""The activities contributor: figures per task and a section in the consolidated report DOCX."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from ttdn.activities import services
from ttdn.activities.contributions import ActivitiesContributor
from ttdn.plans import contributions
from ttdn.plans.reports.consolidated import render_consolidated_docx

from .test_training import docx_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(course, unit_officer, appraiser, press_task, focal_officer, border_guard):
    for i, name in enumerate(["Hoàng Thị Mai", "Nông Văn Sơn", "Lý Thị Hằng"]):
        participant = services.participant_register(
            course=course,
            full_name=name,
            organisation="UBND xã Tân Thanh",
            audience="officials",
            email=f"p{i}@example.vn",
        )
        if i < 2:
            services.participant_check_in(actor=unit_officer, participant=participant)
            participant.checked_in_at = datetime.datetime(
                2026, 5, 12, 8, 5, tzinfo=timezone.get_current_timezone()
            )
            participant.save()
    services.visit_create(
        actor=focal_officer,
        task=press_task,
        reporter="Li Wei",
        outlet="Tân Hoa Xã",
        country="Trung Quốc",
        starts_on=datetime.date(2026, 6, 1),
        ends_on=datetime.date(2026, 6, 2),
        accompanying_unit=border_guard,
    )
    estimate = services.estimate_create(actor=unit_officer, task=course.task, title="Dự toán tập huấn")
    services.line_add(
        actor=unit_officer,
        estimate=estimate,
        norm_code="tai-lieu-tap-huan",
        quantity=Decimal(60),
        unit_price=Decimal(50000),
        description="",
    )
    services.estimate_submit(actor=unit_officer, estimate=estimate)
    services.estimate_appraise(actor=appraiser, estimate=estimate, decision="approve")
    services.spending_add(
        actor=unit_officer,
        estimate=estimate,
        spent_on=datetime.date(2026, 5, 12),
        amount=Decimal(2500000),
        description="In tài liệu",
    )
    return course


def test_figures_per_task(recorded, plan, training_task, press_task):
    figures = {
        (f.task_id, f.indicator): f.value
        for f in ActivitiesContributor().figures(
            plan_id=plan.pk,
            period=contributions.Period(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)),
        )
    }
    assert figures[(training_task.pk, "act_courses_held")] == 1
    assert figures[(training_task.pk, "act_course_participants")] == 2
    assert figures[(press_task.pk, "act_reporter_visits")] == 1
    assert figures[(training_task.pk, "act_budget_spent")] == Decimal(2500000)
    # Outside the period nothing is counted.
    assert not list(
        ActivitiesContributor().figures(
            plan_id=plan.pk,
            period=contributions.Period(datetime.date(2026, 7, 1), datetime.date(2026, 9, 30)),
        )
    )


def test_activities_appear_in_the_consolidated_report(recorded, plan):
    assert "activities" in {c.key for c in contributions.contributors()}
    period = plan.periods.get()
    text = docx_text(render_consolidated_docx(plan=plan, period=period, today=datetime.date(2026, 12, 20)))
    assert "Các hoạt động thông tin đối ngoại đã tổ chức" in text
    assert "Tổ chức 01 lớp tập huấn, bồi dưỡng nghiệp vụ TTĐN với 2 lượt học viên tham dự." in text
    assert "Lớp tập huấn đã tổ chức (ghi nhận) | lớp | - | 1" in text
    assert "đã chi: 2.500.000 đồng" in text


def test_contributor_costs_one_query_per_call(recorded, plan, django_assert_num_queries):
    period = contributions.Period(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    with django_assert_num_queries(1):
        list(ActivitiesContributor().figures(plan_id=plan.pk, period=period))
    with django_assert_num_queries(1):
        ActivitiesContributor().report_blocks(plan_id=plan.pk, period=period)
