"""The reporting cycle in a real browser: officer → leader → focal department, on the imported seed."""

import pytest

from ttdn.plans.models import ProgressReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def open_as(browser, live_server):
    contexts = []

    def _open(username: str):
        context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", "mật-khẩu-thử-nghiệm")
        page.click("#login-submit")
        page.wait_for_url(f"{live_server.url}/")
        return page

    yield _open
    for context in contexts:
        context.close()


def test_report_with_evidence_approved_returned_then_accepted(
    open_as, live_server, border_assignment, unit_officer, unit_leader, focal_officer, tmp_path
):
    q2 = border_assignment.task.plan.periods.get(label="Quý II/2021")
    officer = open_as("bienphong")
    officer.goto(f"{live_server.url}/plans/my/")
    officer.click(f"tr[data-assignment='{border_assignment.pk}'] a")
    officer.select_option("#id_period", str(q2.pk))
    officer.select_option("#id_progress", "in_progress")
    officer.fill("#id_percent", "60")
    officer.fill("#id_narrative", "Tổ chức 5 buổi tuyên truyền tại các xã biên giới.")
    officer.fill("#id_ind_events", "5")
    officer.click("#save-report")
    officer.wait_for_selector("#report-state")
    evidence = tmp_path / "bien-ban.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% bien ban\n")
    officer.set_input_files("input[type=file]", str(evidence))
    officer.click("#attach")
    officer.wait_for_selector("#evidence a")
    assert "bien-ban.pdf" in officer.inner_text("#evidence")
    officer.click("#submit-report")
    officer.wait_for_selector("text=Chờ lãnh đạo đơn vị duyệt")
    report = ProgressReport.objects.get()

    leader = open_as("chihuy")
    leader.goto(f"{live_server.url}/plans/my/")
    leader.click(f"#to-approve a[href='/plans/reports/{report.pk}/']")
    leader.click("#approve-report")
    leader.wait_for_selector("text=Chờ cơ quan đầu mối xem xét")

    focal = open_as("chuyenvien")
    focal.goto(f"{live_server.url}/plans/{border_assignment.task.plan_id}/dashboard/")
    focal.click(f"#waiting a[href='/plans/reports/{report.pk}/']")
    focal.click("#return-report")  # without a comment: refused, nothing changes
    focal.wait_for_selector(".messages .error")
    assert "ý kiến" in focal.inner_text(".messages")
    focal.fill("#id_comment", "Đề nghị bổ sung số người tham dự.")
    focal.click("#return-report")
    focal.wait_for_selector("text=Trả lại để bổ sung")

    officer.goto(f"{live_server.url}/plans/reports/{report.pk}/")
    assert "Đề nghị bổ sung số người tham dự." in officer.inner_text("#history")
    officer.fill("#id_ind_participants", "420")
    officer.click("text=Lưu dự thảo")
    officer.wait_for_selector("#submit-report")
    officer.click("#submit-report")
    leader.goto(f"{live_server.url}/plans/reports/{report.pk}/")
    leader.click("#approve-report")
    focal.goto(f"{live_server.url}/plans/reports/{report.pk}/")
    focal.click("#accept-report")
    focal.wait_for_selector("text=Đã tiếp nhận")
    report.refresh_from_db()
    assert report.state == ProgressReport.State.ACCEPTED
    assert report.indicators == {"events": "5", "participants": "420"}


def test_focal_officer_generates_the_consolidated_docx(
    open_as, live_server, border_assignment, unit_officer, unit_leader, focal_officer, tmp_path
):
    import docx

    from ttdn.plans import services

    q2 = border_assignment.task.plan.periods.get(label="Quý II/2021")
    report = services.report_save(
        actor=unit_officer,
        assignment=border_assignment,
        period=q2,
        progress="done",
        percent=100,
        narrative="Đã tổ chức 12 buổi tuyên truyền chủ quyền biên giới.",
        done_on=q2.end,
    )
    services.report_submit(actor=unit_officer, report=report)
    services.report_approve(actor=unit_leader, report=report)
    services.report_accept(actor=focal_officer, report=report)

    focal = open_as("chuyenvien")
    focal.goto(f"{live_server.url}/plans/{border_assignment.task.plan_id}/dashboard/")
    focal.click("#report-link")
    focal.select_option("#id_period", str(q2.pk))
    focal.fill("#id_signer_name", "Nguyễn Văn An")
    focal.fill("#id_difficulties", "Kinh phí còn hạn chế.")
    with focal.expect_download() as download:
        focal.click("#generate-report")
    path = tmp_path / "bao-cao.docx"
    download.value.save_as(path)
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "Đã tổ chức 12 buổi tuyên truyền chủ quyền biên giới." in text
    assert "Kinh phí còn hạn chế." in text
