"""In a real browser: a focal officer goes from the activities index to the cluster list, creates a cluster
and adds its first component and maintenance schedule."""

import pytest

from ttdn.activities.models import Cluster
from ttdn.directory.models import BorderGate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_new_cluster_then_component_and_schedule(
    page, live_server, login, training_task, focal_officer, border_guard
):
    gate = BorderGate.objects.get(code="huu-nghi")
    login("chuyenvien")
    page.goto(f"{live_server.url}/activities/")
    page.click("a[href='/activities/clusters/']")
    page.select_option("#cluster-form #id_task", str(training_task.pk))
    page.fill("#cluster-form #id_name", "Cụm TTĐN cửa khẩu Hữu Nghị")
    page.select_option("#cluster-form #id_gate", str(gate.pk))
    page.select_option("#cluster-form #id_operator", str(border_guard.pk))
    page.fill("#cluster-form #id_commissioned_on", "2026-03-10")
    page.click("#cluster-form button[type=submit]")
    page.wait_for_selector("#component-form")
    cluster = Cluster.objects.get()
    assert page.url == f"{live_server.url}/activities/clusters/{cluster.pk}/"
    assert "10/03/2026" in page.inner_text("main")

    page.select_option("#id_c-kind", "led")
    page.fill("#id_c-specs", "Màn hình LED P5, 4×3 m")
    page.click("#component-form button[type=submit]")
    page.wait_for_selector("#components li:has-text('Màn hình LED P5')")
    page.fill("#id_s-what", "Vệ sinh màn hình LED")
    page.fill("#id_s-every_days", "90")
    page.fill("#id_s-next_due", "2026-06-01")
    page.click("#schedule-form button[type=submit]")
    page.wait_for_selector("#schedules li:has-text('Vệ sinh màn hình LED')")
    assert "01/06/2026" in page.inner_text("#schedules")
    assert cluster.components.get().kind == "led" and cluster.schedules.get().every_days == 90
