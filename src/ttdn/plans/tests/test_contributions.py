"""Figures and sections registered by other apps reach the consolidated report, in their own column."""

import datetime
import io
from decimal import Decimal

import docx
import pytest

from ttdn.core.documents import Paragraph
from ttdn.plans import contributions
from ttdn.plans.models import Indicator, ReportingPeriod
from ttdn.plans.reports.consolidated import render_consolidated_docx


class Trainings:
    key = "test-trainings"
    label = "Tập huấn, bồi dưỡng"
    indicators = [contributions.IndicatorSpec("test_courses_held", "Lớp tập huấn (ghi nhận)", "lớp")]

    def __init__(self, task_id: int) -> None:
        self.task_id = task_id
        self.calls: list[contributions.Period] = []

    def figures(self, *, plan_id, period):
        self.calls.append(period)
        return [
            contributions.Figure(self.task_id, "test_courses_held", Decimal(2)),
            contributions.Figure(self.task_id, "test_courses_held", Decimal(1)),
        ]

    def report_blocks(self, *, plan_id, period):
        return [Paragraph("Tổ chức 03 lớp tập huấn cho cán bộ cấp xã.")]


@pytest.fixture
def trainings(seed_plan):
    provider = Trainings(seed_plan.tasks.order_by("position").first().pk)
    contributions.register(provider)
    yield provider
    contributions.unregister(provider.key)


def text_of(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


@pytest.mark.django_db
def test_recorded_figures_and_sections_appear_in_the_report(seed_plan, trainings):
    period = ReportingPeriod.objects.filter(plan=seed_plan).order_by("end").last()
    text = text_of(render_consolidated_docx(plan=seed_plan, period=period, today=datetime.date(2021, 12, 20)))
    assert "Ghi nhận trên hệ thống" in text
    assert "Lớp tập huấn (ghi nhận) | lớp | - | 3" in text
    assert "1. Tập huấn, bồi dưỡng" in text
    assert "Tổ chức 03 lớp tập huấn cho cán bộ cấp xã." in text
    assert trainings.calls == [contributions.Period(period.start, period.end)]


@pytest.mark.django_db
def test_without_contributors_the_table_keeps_one_column(seed_plan):
    period = ReportingPeriod.objects.filter(plan=seed_plan).order_by("end").last()
    text = text_of(render_consolidated_docx(plan=seed_plan, period=period, today=datetime.date(2021, 12, 20)))
    assert "Ghi nhận trên hệ thống" not in text


@pytest.mark.django_db
def test_contributed_indicators_are_created_on_migrate(trainings):
    from ttdn.plans.apps import _ensure_contributed_indicators

    _ensure_contributed_indicators(sender=None)
    assert Indicator.objects.get(code="test_courses_held").unit_label == "lớp"
