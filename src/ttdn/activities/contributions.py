"""What the activities app feeds into the consolidated plan report (see ``ttdn.plans.contributions``)."""

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Count, Q, Sum

from ttdn.core.documents import Block, Paragraph, Table
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
        span = (period.start, period.end)
        out: dict[str, dict[int, Decimal]] = {}

        def put(code: str, rows: Iterable[tuple[int, object]]) -> None:
            bucket = out.setdefault(code, {})
            for task_id, value in rows:
                if value:
                    bucket[task_id] = bucket.get(task_id, Decimal(0)) + Decimal(str(value))

        courses = Course.objects.filter(
            task__plan_id=plan_id, sessions__starts_at__date__range=span
        ).distinct()
        put(
            COURSES,
            courses.values("task_id").annotate(n=Count("pk", distinct=True)).values_list("task_id", "n"),
        )
        put(
            PARTICIPANTS,
            Participant.objects.filter(course__task__plan_id=plan_id, checked_in_at__date__range=span)
            .values("course__task_id")
            .annotate(n=Count("pk"))
            .values_list("course__task_id", "n"),
        )
        for code, model, field in (
            (VISITS, ReporterVisit, "starts_on__range"),
            (EVENTS, MediaEvent, "starts_at__date__range"),
            (CONTENT, ContentItem, "published_on__range"),
        ):
            put(
                code,
                model.objects.filter(task__plan_id=plan_id, **{field: span})
                .values("task_id")
                .annotate(n=Count("pk"))
                .values_list("task_id", "n"),
            )
        put(
            APPROVED,
            EstimateLine.objects.filter(
                estimate__task__plan_id=plan_id,
                estimate__state=Estimate.State.APPROVED,
                estimate__appraised_at__date__range=span,
            )
            .values("estimate__task_id")
            .annotate(n=Sum("approved_amount"))
            .values_list("estimate__task_id", "n"),
        )
        put(
            SPENT,
            Spending.objects.filter(estimate__task__plan_id=plan_id, spent_on__range=span)
            .values("estimate__task_id")
            .annotate(n=Sum("amount"))
            .values_list("estimate__task_id", "n"),
        )
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
        rows = (
            Course.objects.filter(
                task__plan_id=plan_id, sessions__starts_at__date__range=(period.start, period.end)
            )
            .distinct()
            .select_related("task")
            .annotate(
                attended=Count(
                    "participants", filter=Q(participants__checked_in_at__isnull=False), distinct=True
                )
            )
            .order_by("task__position", "pk")
        )
        table_rows = [[str(i), c.task.code, c.title, str(c.attended)] for i, c in enumerate(rows, start=1)]
        if table_rows:
            blocks.append(
                Table(
                    ["TT", "Nhiệm vụ", "Lớp tập huấn", "Học viên dự"], table_rows, widths=[0.6, 1.2, 5, 1.4]
                )
            )
        return blocks
