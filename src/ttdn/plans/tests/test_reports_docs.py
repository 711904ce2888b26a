"""The consolidated báo cáo and the công văn đôn đốc, built from reports driven through the services and
read back with python-docx."""

import datetime
import io
import zipfile
from decimal import Decimal

import docx
import pytest
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from ttdn.conftest import _user
from ttdn.plans import reports, services
from ttdn.plans.models import Assignment, ReportingPeriod
from ttdn.plans.reports.common import non_overlapping, vn_number
from ttdn.plans.selectors.tracking import with_status

pytestmark = pytest.mark.django_db

TTTT = "so-thong-tin-va-truyen-thong"
BORDER = "bo-chi-huy-bo-doi-bien-phong-tinh"
TODAY = datetime.date(2022, 1, 10)
BORDER_TEXT = "Tổ chức 3 buổi tuyên truyền tại xã biên giới Đồng Đăng."
Q1_TEXT = "Đăng 50 tin, bài quảng bá Lạng Sơn trên Cổng thông tin điện tử tỉnh."
Q2_TEXT = "Đăng thêm 70 tin, bài trên mạng xã hội.\nPhối hợp Báo Lạng Sơn mở chuyên mục mới."
NOT_ACCEPTED = "Nội dung chưa được tiếp nhận không được đưa vào báo cáo."


def period(plan, label: str) -> ReportingPeriod:
    return ReportingPeriod.objects.get(plan=plan, label=label)


def assignment(plan, code: str, unit: str) -> Assignment:
    return Assignment.objects.get(task__plan=plan, task__code=code, unit__code=unit, role="lead")


def drive(officer, leader, focal, *, assignment, period, accept=True, **fields) -> None:
    """Draft → submitted → approved (→ accepted) through the services, as the UI does."""
    report = services.report_save(actor=officer, assignment=assignment, period=period, **fields)
    services.report_submit(actor=officer, report=report)
    services.report_approve(actor=leader, report=report)
    if accept:
        services.report_accept(actor=focal, report=report)


@pytest.fixture
def tracked(seed_plan, unit_officer, unit_leader, focal_officer):
    """Accepted reports with indicators for II.4.1 (Border Guard, done) and II.3.1.a (Sở TT&TT, Q1 + Q2);
    one approved-only report that must not count; II.2 (Sở TT&TT, due 30/6) left overdue."""
    officer = _user("tttt", "Hà Thị Mai", unit=TTTT)
    leader = _user("tttt-ld", "Lý Văn Bình", unit=TTTT, role="leader")
    q1, q2 = period(seed_plan, "Quý I/2021"), period(seed_plan, "Quý II/2021")
    drive(
        unit_officer,
        unit_leader,
        focal_officer,
        assignment=assignment(seed_plan, "II.4.1", BORDER),
        period=q2,
        progress="done",
        percent=100,
        narrative=BORDER_TEXT,
        indicators={"events": "3", "participants": "250"},
        done_on=datetime.date(2021, 6, 20),
    )
    internet = assignment(seed_plan, "II.3.1.a", TTTT)
    common = {"progress": "in_progress", "percent": 40}
    drive(
        officer,
        leader,
        focal_officer,
        assignment=internet,
        period=q1,
        narrative=Q1_TEXT,
        indicators={"articles": "50"},
        **common,
    )
    drive(
        officer,
        leader,
        focal_officer,
        assignment=internet,
        period=q2,
        narrative=Q2_TEXT,
        indicators={"articles": "70", "participants": "12,5"},
        **common,
    )
    drive(
        officer,
        leader,
        focal_officer,
        assignment=assignment(seed_plan, "II.3.2", TTTT),
        period=q2,
        narrative=NOT_ACCEPTED,
        indicators={"articles": "999"},
        accept=False,
        **common,
    )
    return seed_plan


TEXTS = reports.ReportTexts(
    number="15",
    signer_name="Nguyễn Văn Bình",
    difficulties="Kinh phí còn hạn chế.\nNhân lực làm công tác TTĐN ở cơ sở còn thiếu.",
    proposals="Đề nghị UBND tỉnh bổ sung kinh phí tập huấn năm 2022.",
)


def read_docx(data: bytes):
    assert data[:2] == b"PK"
    return docx.Document(io.BytesIO(data))


def body_blocks(document) -> list:
    """Body content in order: ("p", style name, text) or ("t", [[cell text]])."""
    out: list = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = DocxParagraph(child, document._body)
            if paragraph.text.strip():
                out.append(("p", paragraph.style.name, paragraph.text))
        elif child.tag == qn("w:tbl"):
            table = DocxTable(child, document._body)
            out.append(("t", [[cell.text for cell in row.cells] for row in table.rows]))
    return out


def texts_of(blocks) -> list[str]:
    return [b[2] for b in blocks if b[0] == "p"]


def index_of(items: list[str], needle: str, start: int = 0) -> int:
    for i in range(start, len(items)):
        if needle in items[i]:
            return i
    raise AssertionError(f"{needle!r} not found after position {start}")


@pytest.fixture
def annual(tracked):
    data = reports.render_consolidated_docx(
        plan=tracked, period=period(tracked, "Năm 2021"), texts=TEXTS, today=TODAY
    )
    return read_docx(data)


# --- consolidated report --------------------------------------------------------------------------


def test_report_page_and_header(annual):
    section = annual.sections[0]
    assert [round(x.mm) for x in (section.page_width, section.page_height)] == [210, 297]
    assert [round(x.mm) for x in (section.top_margin, section.left_margin, section.right_margin)] == [
        20,
        30,
        15,
    ]
    header = annual.tables[0]
    org = [p.text for p in header.rows[0].cells[0].paragraphs if p.text]
    assert org == ["UBND TỈNH LẠNG SƠN", "SỞ VĂN HÓA, THỂ THAO\nVÀ DU LỊCH"]
    number, date = (c.text for c in header.rows[1].cells)
    assert number == "Số: 15/BC-SVHTTDL"
    assert date == "Lạng Sơn, ngày 10 tháng 01 năm 2022"


def test_report_title_addressee_and_opening(annual):
    paras = texts_of(body_blocks(annual))
    subject = "Kết quả thực hiện Kế hoạch hoạt động thông tin đối ngoại trên địa bàn tỉnh Lạng Sơn năm 2021"
    assert paras[:3] == ["BÁO CÁO", subject, "Kính gửi: Ủy ban nhân dân tỉnh Lạng Sơn"]
    assert paras[3] == (
        "Thực hiện Kế hoạch hoạt động thông tin đối ngoại trên địa bàn tỉnh Lạng Sơn năm 2021 "
        "của UBND tỉnh Lạng Sơn; Sở Văn hóa, Thể thao và Du lịch báo cáo kết quả thực hiện năm 2021 như sau:"
    )


def test_report_sections_and_tasks_in_plan_order(annual, tracked):
    paras = texts_of(body_blocks(annual))
    at = 0
    for needle in (
        "I. KẾT QUẢ THỰC HIỆN",
        "1. Nội dung (mục II của Kế hoạch)",
        "II.1. Xây dựng văn bản chỉ đạo",
        "II.2. Tập huấn, bồi dưỡng nghiệp vụ",
        "II.3.1.a. Đổi mới nội dung",
        "II.4.1. Tổ chức tuyên truyền",
        "II.6. Lồng ghép thông tin đối ngoại",
        "2. Tổ chức thực hiện (mục IV của Kế hoạch)",
        "IV.1. Sở Thông tin và Truyền thông",
        "IV.3. Các sở, ban, ngành tỉnh",
        "II. CHỈ TIÊU",
        "III. NHIỆM VỤ CHƯA HOÀN THÀNH",
        "IV. KHÓ KHĂN, VƯỚNG MẮC",
        "V. ĐỀ XUẤT, KIẾN NGHỊ",
    ):
        at = index_of(paras, needle, at) + 1
    headings = [b[2] for b in body_blocks(annual) if b[0] == "p" and b[1].startswith("ND30 Heading 3")]
    live = tracked.tasks.filter(withdrawn_at__isnull=True).order_by("position")
    assert [h.split(". ", 1)[0] for h in headings] == list(live.values_list("code", flat=True))


def test_accepted_narratives_sit_under_their_task_with_the_unit(annual):
    paras = texts_of(body_blocks(annual))
    border = index_of(paras, "II.4.1. ")
    assert paras[border + 1] == "- Đơn vị chủ trì: Bộ Chỉ huy Bộ đội Biên phòng tỉnh."
    assert paras[border + 2] == f"- Bộ Chỉ huy Bộ đội Biên phòng tỉnh (quý II/2021): {BORDER_TEXT}"
    internet = index_of(paras, "II.3.1.a. ")
    assert paras[internet + 2 : internet + 5] == [
        f"- Sở Thông tin và Truyền thông (quý I/2021): {Q1_TEXT}",
        "- Sở Thông tin và Truyền thông (quý II/2021): Đăng thêm 70 tin, bài trên mạng xã hội.",
        "Phối hợp Báo Lạng Sơn mở chuyên mục mới.",
    ]
    assert paras[index_of(paras, "II.1. ") + 1] == "Chưa có báo cáo của đơn vị chủ trì."  # II.1 has no lead
    assert not any(NOT_ACCEPTED in p for p in paras)


def test_indicator_totals_count_only_accepted_reports(annual):
    tables = [b[1] for b in body_blocks(annual) if b[0] == "t"]
    indicators = next(t for t in tables if t[0] == ["STT", "Chỉ tiêu", "Đơn vị tính", "Kết quả"])
    assert indicators[1:] == [
        ["1", "Lượt người tham dự", "lượt người", "262,5"],
        ["2", "Sự kiện, hoạt động truyền thông", "sự kiện", "3"],
        ["3", "Tin, bài được đăng, phát", "tin, bài", "120"],  # 50 + 70; the 999 was never accepted
    ]


def test_outstanding_tasks_table(annual, tracked):
    tables = [b[1] for b in body_blocks(annual) if b[0] == "t"]
    outstanding = next(t for t in tables if t[0][:3] == ["STT", "Mã", "Nhiệm vụ"])
    assert outstanding[0] == ["STT", "Mã", "Nhiệm vụ", "Đơn vị chủ trì", "Thời hạn", "Tình trạng"]
    rows = {row[1]: row for row in outstanding[1:]}
    # At 31/12/2021 II.2 (due 30/6) is overdue, the year-long tasks are due that day, II.4.1 is done.
    assert rows["II.2"][3:] == ["Sở Thông tin và Truyền thông", "30/06/2021", "Quá hạn"]
    assert rows["II.3.1.b"][3:] == [
        "Sở Thông tin và Truyền thông; Văn phòng Ủy ban nhân dân tỉnh",
        "31/12/2021",
        "Đang thực hiện trong hạn",
    ]
    assert "II.4.1" not in rows
    leads = Assignment.objects.filter(task__plan=tracked, task__code="IV.3", role="lead").count()
    assert rows["IV.3"][3].startswith("Ban Dân tộc; ") and rows["IV.3"][3].endswith(
        f" và {leads - 4} đơn vị khác"
    )
    live = tracked.tasks.filter(withdrawn_at__isnull=True).count()
    assert len(rows) == live - 1
    assert [row[0] for row in outstanding[1:]] == [str(i) for i in range(1, live)]


def test_difficulties_proposals_recipients_and_signer(annual):
    paras = texts_of(body_blocks(annual))
    at = index_of(paras, "IV. KHÓ KHĂN, VƯỚNG MẮC")
    assert paras[at + 1 : at + 3] == [
        "Kinh phí còn hạn chế.",
        "Nhân lực làm công tác TTĐN ở cơ sở còn thiếu.",
    ]
    at = index_of(paras, "V. ĐỀ XUẤT, KIẾN NGHỊ")
    assert paras[at + 1] == "Đề nghị UBND tỉnh bổ sung kinh phí tập huấn năm 2022."
    assert paras[at + 2].startswith("Trên đây là báo cáo kết quả thực hiện Kế hoạch") and paras[
        at + 2
    ].endswith("./.")
    recipients, signer = annual.tables[-1].rows[0].cells
    assert [p.text for p in recipients.paragraphs if p.text] == [
        "Nơi nhận:",
        "- Như trên;",
        "- UBND tỉnh (b/c);",
        "- Lưu: VT, TTĐN.",
    ]
    assert [p.text for p in signer.paragraphs if p.text] == [
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Nguyễn Văn Bình",
    ]


def test_quarter_report_takes_only_that_quarter(tracked):
    document = read_docx(
        reports.render_consolidated_docx(plan=tracked, period=period(tracked, "Quý II/2021"), today=TODAY)
    )
    blocks = body_blocks(document)
    paras = texts_of(blocks)
    assert paras[1] == (
        "Kết quả thực hiện Kế hoạch hoạt động thông tin đối ngoại trên địa bàn tỉnh Lạng Sơn quý II/2021"
    )
    assert document.tables[0].rows[1].cells[0].text == "Số:      /BC-SVHTTDL"  # blank for the văn thư
    internet = index_of(paras, "II.3.1.a. ")
    assert paras[internet + 2] == "- Sở Thông tin và Truyền thông: Đăng thêm 70 tin, bài trên mạng xã hội."
    assert not any(Q1_TEXT in p for p in paras)
    totals = next(b[1] for b in blocks if b[0] == "t" and b[1][0][1] == "Chỉ tiêu")
    assert ["3", "Tin, bài được đăng, phát", "tin, bài", "70"] in totals
    # Nothing is overdue on 30/6; the tasks of the year are in progress; II.4.1 was done on 20/6.
    outstanding = next(b[1] for b in blocks if b[0] == "t" and b[1][0][1] == "Mã")
    assert {row[5] for row in outstanding[1:]} == {"Đang thực hiện trong hạn"}
    assert "II.4.1" not in {row[1] for row in outstanding[1:]}
    assert paras[index_of(paras, "IV. KHÓ KHĂN") + 1] == "Không có."


def test_report_queries_are_batched(tracked, django_assert_max_num_queries):
    year = period(tracked, "Năm 2021")
    with django_assert_max_num_queries(6):
        document = reports.consolidated_report_document(plan=tracked, period=year, today=TODAY)
    assert document.kind == "Báo cáo"


def test_report_pdf(tracked):
    data = reports.render_consolidated_pdf(plan=tracked, period=period(tracked, "Quý II/2021"), today=TODAY)
    assert data[:5] == b"%PDF-"


def test_report_refuses_a_period_of_another_plan(tracked):
    other = ReportingPeriod(
        plan_id=tracked.pk + 1000, label="x", start=TODAY, end=TODAY, cutoff=TODAY, due=TODAY
    )
    with pytest.raises(ValueError):
        reports.consolidated_report_document(plan=tracked, period=other)


def test_non_overlapping_prefers_the_longer_report():
    d = datetime.date
    q1 = {"id": 1, "period__start": d(2021, 1, 1), "period__end": d(2021, 3, 31)}
    q2 = {"id": 2, "period__start": d(2021, 4, 1), "period__end": d(2021, 6, 30)}
    h1 = {"id": 3, "period__start": d(2021, 1, 1), "period__end": d(2021, 6, 30)}
    q3 = {"id": 4, "period__start": d(2021, 7, 1), "period__end": d(2021, 9, 30)}
    assert [r["id"] for r in non_overlapping([q1, q2, q3])] == [1, 2, 4]
    assert [r["id"] for r in non_overlapping([q1, q2, h1, q3])] == [3, 4]
    assert vn_number(Decimal("1234567")) == "1.234.567" and vn_number(Decimal("12.50")) == "12,5"


# --- urging letters -------------------------------------------------------------------------------


def overdue_codes(plan, unit_code: str, today: datetime.date) -> list[str]:
    """The oracle: the tracking selector's own overdue assignments of the unit, in plan order."""
    rows = with_status(
        Assignment.objects.filter(task__plan=plan, unit__code=unit_code, active=True), today
    ).filter(status="overdue")
    return list(rows.order_by("task__position", "role").values_list("task__code", flat=True))


def letter_rows(document) -> list[list[str]]:
    return next(b[1] for b in body_blocks(document) if b[0] == "t" and b[1][0][0] == "STT")


def test_urging_letter_for_one_unit(tracked):
    from ttdn.directory.models import Unit

    unit = Unit.objects.get(code=TTTT)
    texts = reports.UrgingTexts(signer_name="Nguyễn Văn Bình")
    document = read_docx(reports.render_urging_docx(plan=tracked, unit=unit, today=TODAY, texts=texts))
    header = document.tables[0]
    assert header.rows[1].cells[0].text == "Số:      /SVHTTDL-TTĐN"
    assert header.rows[2].cells[0].text == (
        "V/v đôn đốc thực hiện Kế hoạch hoạt động thông tin đối ngoại trên địa bàn tỉnh Lạng Sơn năm 2021"
    )
    paras = texts_of(body_blocks(document))
    assert paras[0] == "Kính gửi: Sở Thông tin và Truyền thông"
    assert not any(p == "BÁO CÁO" for p in paras)
    table = letter_rows(document)
    assert table[0] == ["STT", "Mã", "Nhiệm vụ", "Vai trò", "Thời hạn", "Số ngày quá hạn"]
    expected = overdue_codes(tracked, TTTT, TODAY)
    assert [row[1] for row in table[1:]] == expected and "II.2" in expected
    ii2 = next(row for row in table[1:] if row[1] == "II.2")
    assert ii2[3:] == ["Chủ trì", "30/06/2021", str((TODAY - datetime.date(2021, 6, 30)).days)]
    assert any("trước ngày 17/01/2022" in p for p in paras)  # today + 7 days
    assert f"còn {len(expected)} nhiệm vụ" in paras[2]


def test_no_letter_for_a_unit_without_overdue_work(tracked):
    from ttdn.directory.models import Unit

    with pytest.raises(reports.NoOverdueWork):
        reports.urging_letter_document(
            plan=tracked, unit=Unit.objects.get(code=TTTT), today=datetime.date(2021, 6, 1)
        )


def test_urging_zip_has_one_letter_per_unit_with_exactly_its_overdue_tasks(
    tracked, django_assert_max_num_queries
):
    day = datetime.date(2021, 7, 15)  # only II.2 (due 30/6) is late; its lead and coordinators
    with django_assert_max_num_queries(3):
        data = reports.render_urging_letters_zip(plan=tracked, today=day, include_combined=True)
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = set(archive.namelist())
    units = set(
        Assignment.objects.filter(task__plan=tracked, task__code="II.2", active=True).values_list(
            "unit__code", flat=True
        )
    )
    assert names == {f"don-doc-{code}.docx" for code in units} | {reports.COMBINED_FILE_NAME}
    assert all(name.isascii() for name in names)
    for code in units:
        document = read_docx(archive.read(f"don-doc-{code}.docx"))
        assert [row[1] for row in letter_rows(document)[1:]] == overdue_codes(tracked, code, day) == ["II.2"]

    combined = read_docx(archive.read(reports.COMBINED_FILE_NAME))
    paras = texts_of(body_blocks(combined))
    assert paras[0] == "Kính gửi: Các cơ quan, đơn vị có tên tại danh sách dưới đây"  # > 10 units
    assert f"{len(units)} cơ quan, đơn vị còn nhiệm vụ đã quá thời hạn" in paras[2]
    table = letter_rows(combined)
    assert table[0][:3] == ["STT", "Đơn vị", "Mã"] and len(table) == len(units) + 1


def test_urging_zip_limited_to_units_and_later_date(tracked):
    from ttdn.directory.models import Unit

    chosen = [Unit.objects.get(code=TTTT), Unit.objects.get(code=BORDER)]
    archive = zipfile.ZipFile(
        io.BytesIO(reports.render_urging_letters_zip(plan=tracked, units=chosen, today=TODAY))
    )
    expected = {code for code in (TTTT, BORDER) if overdue_codes(tracked, code, TODAY)}
    assert set(archive.namelist()) == {f"don-doc-{code}.docx" for code in expected}
    for code in expected:
        document = read_docx(archive.read(f"don-doc-{code}.docx"))
        assert [row[1] for row in letter_rows(document)[1:]] == overdue_codes(tracked, code, TODAY)
    # II.4.1 was reported done on time, so it is never urged.
    assert "II.4.1" not in overdue_codes(tracked, BORDER, TODAY)


def test_combined_letter_is_one_letter_to_the_units(tracked):
    from ttdn.directory.models import Unit

    day = datetime.date(2021, 7, 15)
    chosen = list(Unit.objects.filter(code__in=[TTTT, "so-ngoai-vu", "thanh-tra-tinh", BORDER]))
    document = read_docx(reports.render_urging_all_docx(plan=tracked, units=chosen, today=day))
    paras = texts_of(body_blocks(document))
    late = [u for u in chosen if overdue_codes(tracked, u.code, day)]
    assert len(late) == 3  # the Border Guard command has no part in II.2
    assert paras[:3] == ["Kính gửi:\t- Sở Ngoại vụ;", "- Sở Thông tin và Truyền thông;", "- Thanh tra tỉnh."]
    table = letter_rows(document)
    assert [row[1] for row in table[1:]] == ["Sở Ngoại vụ", "Sở Thông tin và Truyền thông", "Thanh tra tỉnh"]
    assert [row[4] for row in table[1:]] == ["Phối hợp", "Chủ trì", "Phối hợp"]
    assert len(document.tables) == 3  # header, the overdue table, signature: one letter
