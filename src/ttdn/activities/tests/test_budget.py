"""Estimates: lead unit writes, finance appraises (approve, adjust with reasons, return), spending."""

import datetime
from decimal import Decimal

import pytest

from ttdn.activities import selectors, services
from ttdn.activities.models import Estimate, EstimateLine

pytestmark = pytest.mark.django_db


@pytest.fixture
def estimate(training_task, unit_officer):
    estimate = services.estimate_create(actor=unit_officer, task=training_task, title="Dự toán lớp tập huấn")
    services.line_add(
        actor=unit_officer,
        estimate=estimate,
        norm_code="bao-cao-vien-tinh",
        quantity=Decimal(2),
        unit_price=Decimal(800000),
        description="",
    )
    services.line_add(
        actor=unit_officer,
        estimate=estimate,
        norm_code="hoi-nghi-giai-khat",
        quantity=Decimal(60),
        unit_price=Decimal(40000),
        description="Nước uống 60 học viên",
    )
    return estimate


def test_lines_follow_norms_and_flag_over_norm(estimate):
    first, second = estimate.lines.all()
    assert first.description == "Thù lao báo cáo viên cấp tỉnh"
    assert first.norm_basis.startswith("Thông tư 36/2018")
    assert first.over_norm and not second.over_norm
    assert services.estimate_total(estimate) == Decimal(1600000 + 2400000)


def test_only_the_lead_unit_writes(training_task, focal_officer, other_officer, reader):
    for user in (focal_officer, other_officer, reader):
        with pytest.raises(services.ActivityError):
            services.estimate_create(actor=user, task=training_task, title="Dự toán")
    assert not Estimate.objects.exists()


def test_bad_lines_write_nothing(estimate, unit_officer):
    for kwargs in (
        {"quantity": Decimal(0), "unit_price": Decimal(1)},
        {"quantity": Decimal(1), "unit_price": Decimal(-1)},
        {"quantity": Decimal(1), "unit_price": Decimal(1), "norm_code": "khong-co"},
        {"quantity": Decimal(1), "unit_price": Decimal(1)},  # no description, no unit
    ):
        with pytest.raises(services.ActivityError):
            services.line_add(actor=unit_officer, estimate=estimate, description="", **kwargs)
    assert estimate.lines.count() == 2


def test_submit_then_appraise_with_an_adjustment(estimate, unit_officer, appraiser, focal_officer):
    with pytest.raises(services.ActivityError):
        services.estimate_appraise(actor=appraiser, estimate=estimate, decision="approve")
    services.estimate_submit(actor=unit_officer, estimate=estimate)
    with pytest.raises(services.ActivityError):
        services.line_add(
            actor=unit_officer,
            estimate=estimate,
            description="x",
            unit_label="c",
            quantity=Decimal(1),
            unit_price=Decimal(1),
        )
    with pytest.raises(services.ActivityError):
        services.estimate_appraise(actor=focal_officer, estimate=estimate, decision="approve")
    over = estimate.lines.get(position=1)
    # An adjustment without a reason is refused and nothing is written.
    with pytest.raises(services.ActivityError, match="1"):
        services.estimate_appraise(
            actor=appraiser,
            estimate=estimate,
            decision="approve",
            lines=[services.LineDecision(over.pk, Decimal(1200000))],
        )
    assert not EstimateLine.objects.filter(approved_amount__isnull=False).exists()
    services.estimate_appraise(
        actor=appraiser,
        estimate=estimate,
        decision="approve",
        lines=[services.LineDecision(over.pk, Decimal(1200000), "Vượt định mức 600.000 đ/buổi")],
    )
    estimate.refresh_from_db()
    assert estimate.state == Estimate.State.APPROVED
    assert services.approved_total(estimate) == Decimal(1200000 + 2400000)
    services.spending_add(
        actor=unit_officer,
        estimate=estimate,
        spent_on=datetime.date(2026, 5, 12),
        amount=Decimal(3000000),
        description="Chi lớp tập huấn",
    )
    rows = selectors.budget_summary(plan_id=estimate.task.plan_id)
    assert [(r.requested, r.approved, r.spent) for r in rows] == [
        (Decimal(4000000), Decimal(3600000), Decimal(3000000))
    ]


def test_return_needs_a_reason_and_reopens_editing(estimate, unit_officer, appraiser):
    services.estimate_submit(actor=unit_officer, estimate=estimate)
    with pytest.raises(services.ActivityError):
        services.estimate_appraise(actor=appraiser, estimate=estimate, decision="return")
    services.estimate_appraise(
        actor=appraiser, estimate=estimate, decision="return", note="Thiếu báo giá hội trường"
    )
    estimate.refresh_from_db()
    assert estimate.state == Estimate.State.RETURNED
    services.line_add(
        actor=unit_officer,
        estimate=estimate,
        norm_code="hoi-nghi-thue-hoi-truong",
        quantity=Decimal(1),
        unit_price=Decimal(4000000),
        description="",
    )
    with pytest.raises(services.ActivityError):
        services.spending_add(
            actor=unit_officer,
            estimate=estimate,
            spent_on=datetime.date(2026, 5, 1),
            amount=Decimal(1),
            description="x",
        )


def test_budget_summary_queries_are_fixed(estimate, django_assert_num_queries):
    with django_assert_num_queries(4):
        selectors.budget_summary(plan_id=estimate.task.plan_id)


def test_appraiser_sees_submitted_estimates_only(estimate, unit_officer, appraiser, client):
    client.force_login(appraiser)
    assert client.get(f"/activities/budget/{estimate.pk}/").status_code == 404
    services.estimate_submit(actor=unit_officer, estimate=estimate)
    response = client.get(f"/activities/budget/{estimate.pk}/")
    assert response.status_code == 200
    assert b'id="approve-estimate"' in response.content
