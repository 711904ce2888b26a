"""The task × unit tracking matrix, reopened with openpyxl."""

import datetime
import io

import openpyxl
import pytest

from ttdn.plans import reports
from ttdn.plans.models import Assignment, Indicator
from ttdn.plans.selectors.tracking import with_status

from .test_reports_docs import TODAY, tracked  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def workbook(tracked):  # noqa: F811
    return openpyxl.load_workbook(io.BytesIO(reports.render_matrix_xlsx(plan=tracked, today=TODAY)))


def header(ws) -> list:
    return [cell.value for cell in ws[1]]


def rows_by_key(ws) -> dict[tuple[str, str, str], dict]:
    titles = header(ws)
    out = {}
    for values in ws.iter_rows(min_row=2, values_only=True):
        row = dict(zip(titles, values, strict=True))
        out[(row["Mã nhiệm vụ"], row["Đơn vị"], row["Vai trò"])] = row
    return out


def test_matrix_header_and_one_row_per_active_assignment(workbook, tracked):  # noqa: F811
    ws = workbook[reports.MATRIX_SHEET]
    indicators = list(Indicator.objects.order_by("name"))
    assert header(ws) == [
        "STT",
        "Mã nhiệm vụ",
        "Nhiệm vụ",
        "Đơn vị",
        "Vai trò",
        "Thời hạn",
        "Tình trạng",
        "Kỳ báo cáo gần nhất",
        "Trạng thái báo cáo",
        "Tỷ lệ hoàn thành",
    ] + [f"{i.name} ({i.unit_label})" for i in indicators]
    active = Assignment.objects.filter(task__plan=tracked, active=True, task__withdrawn_at__isnull=True)
    assert ws.max_row - 1 == active.count()
    assert [ws.cell(row=r, column=1).value for r in range(2, ws.max_row + 1)] == list(range(1, ws.max_row))
    first = ws[1][0]
    assert first.font.bold and first.fill.fill_type == "solid"
    assert ws.freeze_panes == "C2"
    assert ws.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(ws.max_column)}{ws.max_row}"
    assert ws["C2"].alignment.wrap_text and ws.column_dimensions["C"].width == 60


def test_matrix_dates_statuses_reports_and_totals(workbook, tracked):  # noqa: F811
    ws = workbook[reports.MATRIX_SHEET]
    rows = rows_by_key(ws)
    border = rows[("II.4.1", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Lạng Sơn", "Chủ trì")]
    assert border["Thời hạn"] == datetime.datetime(2021, 12, 31)
    assert border["Tình trạng"] == "Hoàn thành đúng hạn"
    assert (border["Kỳ báo cáo gần nhất"], border["Trạng thái báo cáo"]) == ("Quý II/2021", "Đã tiếp nhận")
    assert border["Tỷ lệ hoàn thành"] == 1
    assert border["Sự kiện, hoạt động truyền thông (sự kiện)"] == 3
    assert border["Lượt người tham dự (lượt người)"] == 250

    internet = rows[("II.3.1.a", "Sở Thông tin và Truyền thông tỉnh Lạng Sơn", "Chủ trì")]
    assert internet["Tin, bài được đăng, phát (tin, bài)"] == 120  # Q1 50 + Q2 70
    assert internet["Lượt người tham dự (lượt người)"] == 12.5
    assert internet["Tình trạng"] == "Quá hạn"  # not reported done by 31/12/2021, seen on 10/01/2022
    pending = rows[("II.3.2", "Sở Thông tin và Truyền thông tỉnh Lạng Sơn", "Chủ trì")]
    assert pending["Trạng thái báo cáo"] == "Chờ cơ quan đầu mối tiếp nhận"
    assert pending["Tin, bài được đăng, phát (tin, bài)"] is None  # approved, never accepted
    assert rows[("II.2", "Sở Ngoại vụ tỉnh Lạng Sơn", "Phối hợp")]["Trạng thái báo cáo"] == "Chưa báo cáo"

    # The deadline is a real date cell shown dd/mm/yyyy.
    date_cell = ws.cell(row=2, column=6)
    assert date_cell.is_date and date_cell.number_format == "dd/mm/yyyy"
    assert ws.cell(row=2, column=10).number_format == "0%"


def test_summary_sheet_counts_by_status_per_unit(workbook, tracked):  # noqa: F811
    ws = workbook[reports.SUMMARY_SHEET]
    titles = header(ws)
    assert titles[:9] == [
        "STT",
        "Đơn vị",
        "Chủ trì",
        "Phối hợp",
        "Hoàn thành đúng hạn",
        "Hoàn thành quá hạn",
        "Đang thực hiện trong hạn",
        "Quá hạn",
        "Tổng số",
    ]
    rows = {r[1]: dict(zip(titles, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)}
    expected = {}
    for name, status in with_status(
        Assignment.objects.filter(task__plan=tracked, active=True, task__withdrawn_at__isnull=True), TODAY
    ).values_list("unit__name", "status"):
        counts = expected.setdefault(
            name, {"done_on_time": 0, "done_late": 0, "in_progress": 0, "overdue": 0}
        )
        counts[status] += 1
    assert set(rows) - {"Tổng cộng"} == set(expected)
    border = rows["Bộ Chỉ huy Bộ đội Biên phòng tỉnh Lạng Sơn"]
    assert border["Hoàn thành đúng hạn"] == 1
    for name, counts in expected.items():
        row = rows[name]
        statuses = ("Hoàn thành đúng hạn", "Hoàn thành quá hạn", "Đang thực hiện trong hạn", "Quá hạn")
        assert [row[s] for s in statuses] == list(counts.values())
        assert row["Tổng số"] == sum(counts.values()) == row["Chủ trì"] + row["Phối hợp"]
    total = rows["Tổng cộng"]
    assert total["Tổng số"] == sum(sum(c.values()) for c in expected.values())
    assert total["Tin, bài được đăng, phát (tin, bài)"] == 120
    assert ws.freeze_panes == "C2" and ws.auto_filter.ref.endswith(str(ws.max_row - 1))


def test_matrix_queries_are_batched(tracked, django_assert_max_num_queries):  # noqa: F811
    with django_assert_max_num_queries(3):
        data = reports.render_matrix_xlsx(plan=tracked, today=TODAY)
    assert data[:2] == b"PK"


def test_matrix_of_an_empty_plan_has_only_headers(seed_plan):
    Assignment.objects.filter(task__plan=seed_plan).update(active=False)
    workbook = openpyxl.load_workbook(io.BytesIO(reports.render_matrix_xlsx(plan=seed_plan, today=TODAY)))
    ws = workbook[reports.MATRIX_SHEET]
    assert ws.max_row == 1 and workbook[reports.SUMMARY_SHEET].cell(row=2, column=2).value == "Tổng cộng"
