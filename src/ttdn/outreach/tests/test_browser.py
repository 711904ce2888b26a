"""Compose in Vietnamese and Nùng, approve as a second person, send, and watch receipts arrive."""

import threading

import pytest
from django.db import connection

from ttdn.outreach.models import Message

pytestmark = pytest.mark.django_db(transaction=True)

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_compose_approve_send_and_watch(
    settings, page, login, live_server, subscribers, composer, approver, smsc, wire
):
    from ttdn.outreach.tests.conftest import _grant

    _grant(approver, "send_campaign")
    sim = smsc(receipt_delay=0.3)
    wire(sim)
    settings.TASKS = DB_TASKS

    login("chuyenvien")
    page.goto(f"{live_server.url}/outreach/compose/")
    page.fill("#id_title", "Giờ mở cửa khẩu")
    page.fill("#id_text_vi", "Cửa khẩu Hữu Nghị mở cửa từ 7h00 đến 19h00 hằng ngày.")
    page.fill("#id_text_nut", "Pác cửa Hữu Nghị khay tẳng 7 giờ.")
    page.check("#id_border_only")
    page.wait_for_selector("#preview-card .preview-row[data-field=text_nut]")
    assert page.inner_text("#preview-card .preview-row[data-field=text_vi] .encoding") == "UCS2"
    page.click("#preview-card .preview-row[data-field=text_vi] button")
    page.wait_for_function("document.querySelector('#id_text_vi').value.startsWith('Cua khau Huu Nghi')")
    page.click("#save-campaign")
    page.click("#submit-approval")
    assert "Chờ phê duyệt" in page.inner_text("#campaign-status") or "approval" in page.inner_text(
        "#campaign-status"
    )
    detail = page.url

    page.context.clear_cookies()
    login("pheduyet")
    page.goto(detail)
    page.click("#approve")
    page.click("#send")

    # django_tasks_db's own worker loop, in a thread (its command installs signal handlers, main thread only).
    from django_tasks_db.management.commands.db_worker import Worker

    runner = Worker(
        queue_names=["default"],
        interval=0.1,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="browser-test",
        excluded_queue_names=[],
    )

    def work() -> None:
        try:
            runner.run()
        finally:
            connection.close()  # or PostgreSQL cannot drop the test database

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    page.wait_for_function(
        "document.querySelector('#by-commune td.delivered') && document.querySelector('#by-commune td.delivered').innerText === '2'",
        timeout=20000,
    )
    runner.running = False
    worker.join(20)
    assert sorted(Message.objects.values_list("status", flat=True)) == ["delivered", "delivered"]
    assert sorted(sim.destinations()) == ["84383456002", "84912345001"]
    assert sim.texts()["84912345001"] == ["Cua khau Huu Nghi mo cua tu 7h00 den 19h00 hang ngay."]
