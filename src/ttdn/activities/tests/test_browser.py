"""The three flows the issue names, in a real browser: register and check in by QR; submit and appraise an
estimate; record a foreign reporter visit and get the permit reminder."""

import datetime
import re

import pytest
from django.utils import timezone

from ttdn.activities import services
from ttdn.activities.models import Estimate, Participant
from ttdn.activities.views.training import qr_svg

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def logout(page):
    page.click("header form[action$='/logout/'] button")


def test_register_by_public_link_then_check_in_by_qr(page, live_server, login, course, unit_officer):
    page.goto(f"{live_server.url}/activities/r/{course.registration_token}/")
    page.fill("#id_full_name", "Hoàng Thị Mai")
    page.fill("#id_organisation", "UBND xã Đồng Đăng")
    page.select_option("#id_audience", "border")
    page.fill("#id_email", "mai@example.vn")
    page.check("#id_consent")
    page.click("#register")
    page.wait_for_selector("#badge-name")
    assert page.inner_text("#badge-name") == "Hoàng Thị Mai"
    checkin_url = page.inner_text("#checkin-url")
    assert checkin_url.startswith(f"{live_server.url}/activities/checkin/")
    # The QR on the badge encodes exactly that link.
    expected = re.search(r'class="qrline"[^>]* d="([^"]+)"', qr_svg(checkin_url)).group(1)
    assert page.get_attribute("#badge-qr path.qrline", "d") == expected

    # The same person again is refused with a clear message, and nothing is written.
    page.goto(f"{live_server.url}/activities/r/{course.registration_token}/")
    page.fill("#id_full_name", "Hoàng Thị Mai")
    page.fill("#id_organisation", "UBND xã Đồng Đăng")
    page.fill("#id_email", "MAI@example.vn")
    page.check("#id_consent")
    page.click("#register")
    page.wait_for_selector("#form-errors")
    assert "mai@example.vn" not in page.inner_text("#form-errors")  # the message names the problem, not data
    assert Participant.objects.count() == 1

    # Staff scan the badge with a phone: the QR opens the check-in page; one tap confirms.
    page.set_viewport_size({"width": 390, "height": 844})
    login("bienphong")
    page.goto(checkin_url)
    assert page.inner_text("#checkin-name") == "Hoàng Thị Mai"
    page.click("#confirm-checkin")
    page.wait_for_selector("#checkin-done")
    assert Participant.objects.get().checked_in_by == unit_officer


def test_submit_and_appraise_an_estimate(page, live_server, login, training_task, unit_officer, appraiser):
    login("bienphong")
    page.goto(f"{live_server.url}/activities/budget/")
    page.select_option("#id_task", str(training_task.pk))
    page.fill("#id_title", "Dự toán lớp tập huấn TTĐN khu vực biên giới")
    page.click("#create-estimate")
    page.wait_for_selector("#line-form")
    page.select_option("#id_line-norm_code", "bao-cao-vien-tinh")
    page.fill("#id_line-quantity", "2")
    page.fill("#id_line-unit_price", "800000")
    page.click("#add-line")
    page.wait_for_selector(".over-norm")
    assert page.inner_text("#estimate-total") == "1.600.000 đ"
    page.click("#submit-estimate")
    page.wait_for_selector("#estimate-state")
    estimate = Estimate.objects.get()
    assert estimate.state == Estimate.State.SUBMITTED
    logout(page)

    login("taichinh")
    page.goto(f"{live_server.url}/activities/budget/{estimate.pk}/")
    line = estimate.lines.get()
    page.fill(f"input[name=approved-{line.pk}]", "1200000")
    page.click("#approve-estimate")  # no reason: refused, nothing written
    page.wait_for_selector(".messages li.error")
    assert Estimate.objects.get().state == Estimate.State.SUBMITTED
    page.fill(f"input[name=approved-{line.pk}]", "1200000")
    page.fill(f"input[name=reason-{line.pk}]", "Theo định mức 600.000 đ/buổi")
    page.click("#approve-estimate")
    page.wait_for_selector("#approved-total:has-text('1.200.000 đ')")
    assert Estimate.objects.get().state == Estimate.State.APPROVED


def test_record_a_visit_and_get_the_permit_reminder(
    page, live_server, login, press_task, focal_officer, border_guard
):
    today = timezone.localdate()
    start = today + datetime.timedelta(days=14)
    while not 1 <= (services.permit_deadline_for(start) - today).days <= 7:
        start += datetime.timedelta(days=1)
    deadline = services.permit_deadline_for(start)
    login("chuyenvien")
    page.goto(f"{live_server.url}/activities/visits/")
    page.select_option("#id_task", str(press_task.pk))
    page.fill("#id_reporter", "Li Wei")
    page.fill("#id_outlet", "Tân Hoa Xã")
    page.fill("#id_country", "Trung Quốc")
    page.fill("#id_starts_on", start.isoformat())
    page.fill("#id_ends_on", start.isoformat())
    page.select_option("#id_accompanying_unit", str(border_guard.pk))
    page.click("#save-visit")
    page.wait_for_selector("#permit-deadline")
    assert page.inner_text("#permit-deadline") == deadline.strftime("%d/%m/%Y")
    page.goto(f"{live_server.url}/plans/notifications/")
    body = page.inner_text("main")
    assert "Li Wei" in body and deadline.strftime("%d/%m/%Y") in body


def test_course_certificates_zip_is_prepared_on_the_worker_and_offered_when_ready(
    page, live_server, login, settings, course, unit_officer
):
    import io
    import zipfile

    from django.core.management import call_command

    from ttdn.core.tests.workers import DB_TASKS

    settings.TASKS = DB_TASKS  # queued in the database, as in production, and run by db_worker below
    for name, email in (("Nguyễn Văn An", "an@example.vn"), ("Lý Thị Bích", "bich@example.vn")):
        person = services.participant_register(
            course=course, full_name=name, organisation="UBND xã Đồng Đăng", audience="officials", email=email
        )
        services.participant_check_in(actor=unit_officer, participant=person)

    login("bienphong")
    page.goto(f"{live_server.url}/activities/courses/{course.pk}/")
    page.fill("#id_signer-signer_name", "Hoàng Văn Thái")
    page.click("#generate-certificates")
    page.wait_for_selector("#generated-status")
    # The request answered before anything was built: the page says so and offers nothing to download yet.
    assert page.locator("#generated-download").count() == 0
    waiting_url = page.url

    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    # No reload: the status card polls itself (htmx) and swaps in the download button.
    page.wait_for_selector("#generated-download", timeout=10000)
    assert page.url == waiting_url
    with page.expect_download() as info:
        page.click("#generated-download")
    download = info.value
    assert download.suggested_filename == f"giay-chung-nhan-{course.pk}.zip"
    with open(download.path(), "rb") as handle:
        assert len(zipfile.ZipFile(io.BytesIO(handle.read())).namelist()) == 2
