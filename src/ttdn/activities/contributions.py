"""What the activities app feeds into the consolidated plan report (see ``ttdn.plans.contributions``)."""

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import CharField, Count, DecimalField, F, Sum, Value
from django.db.models.functions import Cast

from ttdn.core.documents import Block, Paragraph
from ttdn.plans.contributions import Figure, IndicatorSpec, Period

from .models import (
    ContentItem,
    Course,
    Estimate,
    EstimateLine,
    MediaEvent,
    Participant,
    ReporterVisit,
    Spending,
)

COURSES = "act_courses_held"
PARTICIPANTS = "act_course_participants"
VISITS = "act_reporter_visits"
EVENTS = "act_media_events"
CONTENT = "act_content_items"
APPROVED = "act_budget_approved"
SPENT = "act_budget_spent"


def _money(value: Decimal) -> str:
    return f"{int(value):,}".replace(",", ".")


class ActivitiesContributor:
    key = "activities"
    label = "Các hoạt động thông tin đối ngoại đã tổ chức"
    indicators = [
        IndicatorSpec(COURSES, "Lớp tập huấn đã tổ chức (ghi nhận)", "lớp"),
        IndicatorSpec(PARTICIPANTS, "Lượt học viên tham dự tập huấn (ghi nhận)", "người"),
        IndicatorSpec(VISITS, "Đoàn phóng viên nước ngoài (ghi nhận)", "đoàn"),
        IndicatorSpec(EVENTS, "Sự kiện truyền thông (ghi nhận)", "sự kiện"),
        IndicatorSpec(CONTENT, "Tin, bài, phóng sự đã đăng (ghi nhận)", "sản phẩm"),
        IndicatorSpec(APPROVED, "Kinh phí được thẩm định (ghi nhận)", "đồng"),
        IndicatorSpec(SPENT, "Kinh phí đã chi (ghi nhận)", "đồng"),
    ]

    def _counts(self, *, plan_id: int, period: Period) -> dict[str, dict[int, Decimal]]:
        """{indicator: {task id: value}} in one UNION query, so the report pays one query per call."""
        span = (period.start, period.end)
        amount = DecimalField(max_digits=20, decimal_places=0)

        def part(queryset, task_field: str, code: str, value):
            return (
                queryset.order_by()
                .values(t=F(task_field))
                .annotate(code=Value(code, output_field=CharField()), n=Cast(value, amount))
                .values_list("t", "code", "n")
            )

        parts = [
            part(
                Course.objects.filter(task__plan_id=plan_id, sessions__starts_at__date__range=span),
                "task_id",
                COURSES,
                Count("pk", distinct=True),
            ),
            part(
                Participant.objects.filter(course__task__plan_id=plan_id, checked_in_at__date__range=span),
                "course__task_id",
                PARTICIPANTS,
                Count("pk"),
            ),
            part(
                ReporterVisit.objects.filter(task__plan_id=plan_id, starts_on__range=span),
                "task_id",
                VISITS,
                Count("pk"),
            ),
            part(
                MediaEvent.objects.filter(task__plan_id=plan_id, starts_at__date__range=span),
                "task_id",
                EVENTS,
                Count("pk"),
            ),
            part(
                ContentItem.objects.filter(task__plan_id=plan_id, published_on__range=span),
                "task_id",
                CONTENT,
                Count("pk"),
            ),
            part(
                EstimateLine.objects.filter(
                    estimate__task__plan_id=plan_id,
                    estimate__state=Estimate.State.APPROVED,
                    estimate__appraised_at__date__range=span,
                ),
                "estimate__task_id",
                APPROVED,
                Sum("approved_amount"),
            ),
            part(
                Spending.objects.filter(estimate__task__plan_id=plan_id, spent_on__range=span),
                "estimate__task_id",
                SPENT,
                Sum("amount"),
            ),
        ]
        out: dict[str, dict[int, Decimal]] = {}
        for task_id, code, value in parts[0].union(*parts[1:], all=True).order_by():
            if value:
                bucket = out.setdefault(code, {})
                bucket[task_id] = bucket.get(task_id, Decimal(0)) + Decimal(str(value))
        return out

    def figures(self, *, plan_id: int, period: Period) -> Iterable[Figure]:
        for code, per_task in self._counts(plan_id=plan_id, period=period).items():
            for task_id, value in per_task.items():
                yield Figure(task_id, code, value, source="activities")

    def report_blocks(self, *, plan_id: int, period: Period) -> list[Block]:
        counts = self._counts(plan_id=plan_id, period=period)
        total = {code: sum(values.values(), Decimal(0)) for code, values in counts.items()}
        if not any(total.values()):
            return []
        blocks: list[Block] = []
        lines = [
            (COURSES, "Tổ chức {n} lớp tập huấn, bồi dưỡng nghiệp vụ TTĐN với {p} lượt học viên tham dự."),
            (VISITS, "Phối hợp đón, quản lý {n} đoàn phóng viên nước ngoài đến tác nghiệp tại tỉnh."),
            (EVENTS, "Tổ chức, tham gia {n} sự kiện truyền thông, văn hóa, thể thao, du lịch, đối ngoại."),
            (CONTENT, "Sản xuất, đăng tải {n} tin, bài, phóng sự, video clip quảng bá hình ảnh tỉnh."),
        ]
        for code, text in lines:
            n = int(total.get(code, 0))
            if n:
                blocks.append(Paragraph("- " + text.format(n=f"{n:02d}", p=int(total.get(PARTICIPANTS, 0)))))
        approved, spent = total.get(APPROVED, Decimal(0)), total.get(SPENT, Decimal(0))
        if approved or spent:
            blocks.append(
                Paragraph(
                    f"- Kinh phí được Sở Tài chính thẩm định: {_money(approved)} đồng; đã chi: {_money(spent)} đồng."
                )
            )
        return blocks
