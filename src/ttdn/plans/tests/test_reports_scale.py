"""The generated documents for a plan big enough that a query per task, unit or report would show:
20 tasks × 12 units, about a thousand reports (the full 50 × 30 size is timed by `make bench`).

The query counts are asserted; the times are printed (run with ``-s``), never asserted.
"""

import datetime
import io
import time
import zipfile

import openpyxl
import pytest
from django.utils import timezone

from ttdn.directory.models import Unit
from ttdn.plans import reports, services
from ttdn.plans.models import Assignment, Plan, ProgressReport, ReportingPeriod, Task

pytestmark = pytest.mark.django_db

TASKS, UNITS = 20, 12
TODAY = datetime.date(2022, 1, 10)
SECTIONS = ("II", "III", "IV")


@pytest.fixture
def big_plan(lang_son, focal_officer):
    focal = Unit.objects.get(code="so-van-hoa-the-thao-va-du-lich")
    units = list(
        Unit.objects.filter(kind="provincial-department").exclude(pk=focal.pk).order_by("code")[:UNITS]
    )
    if len(units) < UNITS:
        units += list(
            Unit.objects.filter(kind="district-people-committee").order_by("code")[: UNITS - len(units)]
        )
    assert len(units) == UNITS
    plan = Plan.objects.create(
        title="Hoạt động thông tin đối ngoại trên địa bàn tỉnh Lạng Sơn năm 2021",
        year=2021,
        kind="KH",
        number="125/KH-UBND",
        issuer="UBND tỉnh Lạng Sơn",
        place="Lạng Sơn",
        issued_on="2021-01-29",
        reference_date=datetime.date(2021, 1, 29),
        focal_unit=focal,
        outline=[{"code": s, "title": f"MỤC {s}", "children": []} for s in SECTIONS],
    )
    services.schedules_ensure_defaults(actor=None, plan=plan)
    tasks = Task.objects.bulk_create(
        Task(
            plan=plan,
            code=f"{SECTIONS[i % 3]}.{i + 1}",
            position=i,
            title=f"Nhiệm vụ thông tin đối ngoại số {i + 1} về quảng bá hình ảnh Lạng Sơn",
            start=datetime.date(2021, 1, 1),
            end=datetime.date(2021, 6, 30) if i % 5 == 0 else datetime.date(2021, 12, 31),
            content_key=f"k{i}",
        )
        for i in range(TASKS)
    )
    assignments = Assignment.objects.bulk_create(
        Assignment(task=t, unit=u, role="lead" if j == i % UNITS else "coordinating")
        for i, t in enumerate(tasks)
        for j, u in enumerate(units)
    )
    periods = {p.label: p for p in ReportingPeriod.objects.filter(plan=plan)}
    now = timezone.now()
    narrative = "Đã tổ chức các hoạt động tuyên truyền, quảng bá theo kế hoạch; đăng tải tin, bài trên Cổng thông tin."
    report_rows = []
    for n, a in enumerate(assignments):
        for label in ("Quý I/2021", "Quý II/2021", "6 tháng đầu năm 2021", "Quý III/2021"):
            if label == "6 tháng đầu năm 2021" and n % 2:
                continue
            report_rows.append(
                ProgressReport(
                    assignment=a,
                    period=periods[label],
                    progress="in_progress",
                    percent=50,
                    narrative=f"{narrative} ({label})",
                    indicators={"articles": str(n % 7 + 1), "events": "2"},
                    state="accepted" if n % 4 else "approved",
                    accepted_at=now,
                    created_by=focal_officer,
                )
            )
    ProgressReport.objects.bulk_create(report_rows, batch_size=1000)
    return plan


def _timed(label, func):
    start = time.perf_counter()
    result = func()
    elapsed = time.perf_counter() - start
    print(f"\n[reports timing] {label}: {elapsed:.2f} s, {len(result) / 1024:.0f} KiB")
    return result


def test_large_plan_documents_use_a_fixed_number_of_queries(big_plan, django_assert_max_num_queries):
    assert ProgressReport.objects.filter(assignment__task__plan=big_plan).count() > 800
    year = ReportingPeriod.objects.get(plan=big_plan, label="Năm 2021")
    with django_assert_max_num_queries(6):
        data = _timed(
            "consolidated DOCX (year)",
            lambda: reports.render_consolidated_docx(plan=big_plan, period=year, today=TODAY),
        )
    assert data[:2] == b"PK"
    with django_assert_max_num_queries(3):
        xlsx = _timed("matrix XLSX", lambda: reports.render_matrix_xlsx(plan=big_plan, today=TODAY))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx), read_only=True)[reports.MATRIX_SHEET]
    assert sheet.max_row == TASKS * UNITS + 1
    with django_assert_max_num_queries(3):
        archive = _timed(
            "urging ZIP (all units + combined)",
            lambda: reports.render_urging_letters_zip(plan=big_plan, today=TODAY, include_combined=True),
        )
    assert len(zipfile.ZipFile(io.BytesIO(archive)).namelist()) == UNITS + 1


@pytest.mark.parametrize("label", ["Quý II/2021"])
def test_large_plan_quarter_report(big_plan, label, django_assert_max_num_queries):
    period = ReportingPeriod.objects.get(plan=big_plan, label=label)
    with django_assert_max_num_queries(6):
        data = _timed(
            f"consolidated DOCX ({label})",
            lambda: reports.render_consolidated_docx(plan=big_plan, period=period, today=TODAY),
        )
    assert data[:2] == b"PK"
