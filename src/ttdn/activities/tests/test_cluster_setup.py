"""Setting up a border-gate cluster from the pages: the new-cluster form, then components and maintenance
schedules on the cluster page; refusals in Vietnamese with nothing written; rights from the task."""

import datetime

import pytest

from ttdn.activities import services
from ttdn.activities.models import Cluster, Component, MaintenanceSchedule
from ttdn.core.models import AuditEvent
from ttdn.directory.models import BorderGate

pytestmark = pytest.mark.django_db


@pytest.fixture
def huu_nghi(lang_son):
    return BorderGate.objects.get(code="huu-nghi")


def _cluster_post(task, gate, operator, **overrides):
    data = {
        "task": task.pk,
        "name": "Cụm TTĐN cửa khẩu Hữu Nghị",
        "gate": gate.pk,
        "operator": operator.pk,
        "commissioned_on": "10/03/2026",
    }
    data.update(overrides)
    return data


@pytest.fixture
def cluster(training_task, unit_officer, huu_nghi, border_guard):
    return services.cluster_create(
        actor=unit_officer,
        task=training_task,
        name="Cụm TTĐN cửa khẩu Hữu Nghị",
        gate=huu_nghi,
        operator=border_guard,
        commissioned_on=datetime.date(2026, 3, 10),
    )


def test_focal_officer_creates_a_cluster_then_adds_components_and_a_schedule(
    client, training_task, focal_officer, huu_nghi, border_guard
):
    client.force_login(focal_officer)
    assert "Thêm cụm mới" in client.get("/activities/clusters/").content.decode()
    response = client.post("/activities/clusters/", _cluster_post(training_task, huu_nghi, border_guard))
    cluster = Cluster.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/activities/clusters/{cluster.pk}/"
    assert (cluster.gate, cluster.operator, cluster.commissioned_on) == (
        huu_nghi,
        border_guard,
        datetime.date(2026, 3, 10),
    )
    assert AuditEvent.objects.get(action="activities.cluster_create").changes["gate"] == "huu-nghi"

    url = f"/activities/clusters/{cluster.pk}/"
    client.post(
        f"{url}component/",
        {"c-kind": "led", "c-specs": "Màn hình LED P5, 4×3 m", "c-installed_on": "2026-03-01"},
    )
    client.post(f"{url}component/", {"c-kind": "speakers", "c-specs": ""})
    assert sorted(cluster.components.values_list("kind", flat=True)) == ["led", "speakers"]
    response = client.post(
        f"{url}schedule/",
        {"s-what": "Vệ sinh màn hình LED", "s-every_days": "90", "s-next_due": "01/06/2026"},
        follow=True,
    )
    schedule = cluster.schedules.get()
    assert (schedule.every_days, schedule.next_due) == (90, datetime.date(2026, 6, 1))
    page = response.content.decode()
    assert "Màn hình LED P5, 4×3 m" in page and "01/06/2026" in page and "01/03/2026" in page
    assert (
        AuditEvent.objects.filter(action="activities.component_add", object_id=str(cluster.pk)).count() == 2
    )
    assert AuditEvent.objects.filter(action="activities.schedule_add", actor=focal_officer).count() == 1

    # The schedule just added is the one the maintenance log offers, and logging against it moves it on.
    client.post(
        f"{url}maintenance/",
        {"m-done_on": "2026-06-02", "m-work": "Vệ sinh, kiểm tra điểm ảnh", "m-schedule": schedule.pk},
    )
    schedule.refresh_from_db()
    assert schedule.next_due == datetime.date(2026, 8, 31)


def test_gate_row_of_another_type_period_is_refused_and_nothing_is_written(
    client, training_task, focal_officer, border_guard
):
    # Tân Thanh was a secondary gate until 26/05/2024; a cluster built in 2026 belongs to the later row.
    old_row = BorderGate.objects.get(code="tan-thanh", gate_type="secondary")
    client.force_login(focal_officer)
    response = client.post("/activities/clusters/", _cluster_post(training_task, old_row, border_guard))
    assert response.status_code == 400
    assert "Ngày 10/03/2026 cửa khẩu thuộc loại hình khác" in response.content.decode()
    assert not Cluster.objects.exists()
    assert not AuditEvent.objects.filter(action="activities.cluster_create").exists()
    current_row = BorderGate.objects.get(code="tan-thanh", gate_type="clearance-route")
    response = client.post("/activities/clusters/", _cluster_post(training_task, current_row, border_guard))
    assert response.status_code == 302 and Cluster.objects.get().gate == current_row


def test_bad_component_and_schedule_are_refused_in_vietnamese(client, cluster, unit_officer):
    client.force_login(unit_officer)
    url = f"/activities/clusters/{cluster.pk}/"
    response = client.post(f"{url}schedule/", {"s-what": "Bảo dưỡng loa", "s-every_days": "0"}, follow=True)
    assert "messages" in response.content.decode()
    assert "Lịch bảo dưỡng" in response.content.decode()
    with pytest.raises(services.ActivityError, match="Chu kỳ bảo dưỡng"):
        services.schedule_add(
            actor=unit_officer,
            cluster=cluster,
            what="Bảo dưỡng loa",
            every_days=0,
            next_due=datetime.date(2026, 4, 1),
        )
    with pytest.raises(services.ActivityError, match="Hãy mô tả công việc bảo dưỡng"):
        services.schedule_add(
            actor=unit_officer, cluster=cluster, what=" ", every_days=30, next_due=datetime.date(2026, 4, 1)
        )
    with pytest.raises(services.ActivityError, match="Loại thiết bị không hợp lệ"):
        services.component_add(actor=unit_officer, cluster=cluster, kind="drone")
    response = client.post(f"{url}component/", {"c-kind": "drone"}, follow=True)
    assert response.redirect_chain[-1][0] == url
    assert not MaintenanceSchedule.objects.exists() and not Component.objects.exists()
    assert not AuditEvent.objects.filter(action__in=["activities.schedule_add", "activities.component_add"])


def test_province_leader_gets_403_on_every_set_up_write(
    client, cluster, reader, training_task, huu_nghi, border_guard
):
    client.force_login(reader)
    page = client.get(f"/activities/clusters/{cluster.pk}/").content.decode()
    assert 'id="component-form"' not in page and 'id="schedule-form"' not in page
    assert 'id="cluster-form"' not in client.get("/activities/clusters/").content.decode()
    assert (
        client.post("/activities/clusters/", _cluster_post(training_task, huu_nghi, border_guard)).status_code
        == 403
    )
    url = f"/activities/clusters/{cluster.pk}/"
    assert client.post(f"{url}component/", {"c-kind": "led"}).status_code == 403
    assert (
        client.post(
            f"{url}schedule/", {"s-what": "x", "s-every_days": "30", "s-next_due": "2026-04-01"}
        ).status_code
        == 403
    )
    assert Cluster.objects.count() == 1
    assert not cluster.components.exists() and not cluster.schedules.exists()


def test_units_without_rights_on_the_task_cannot_set_up(
    client, cluster, other_officer, unit_officer, press_task, huu_nghi, border_guard
):
    url = f"/activities/clusters/{cluster.pk}/"
    client.force_login(other_officer)  # a unit with no task in the plan
    assert client.get(url).status_code == 404
    assert client.post(f"{url}component/", {"c-kind": "led"}).status_code == 404
    assert (
        client.post("/activities/clusters/", _cluster_post(press_task, huu_nghi, border_guard)).status_code
        == 403
    )
    # The Border Guard officer edits clusters of II.2 but may not put one under the focal department's task.
    client.force_login(unit_officer)
    response = client.post("/activities/clusters/", _cluster_post(press_task, huu_nghi, border_guard))
    assert response.status_code == 400
    with pytest.raises(services.ActivityError, match="không có quyền"):
        services.cluster_create(
            actor=unit_officer,
            task=press_task,
            name="Cụm khác",
            gate=huu_nghi,
            operator=border_guard,
            commissioned_on=datetime.date(2026, 3, 10),
        )
    assert Cluster.objects.count() == 1 and not cluster.components.exists()


def _edit_post(operator, **overrides):
    data = {
        "e-name": "Cụm TTĐN cửa khẩu quốc tế Hữu Nghị",
        "e-operator": operator.pk,
        "e-commissioned_on": "2026-04-01",
    }
    data.update(overrides)
    return data


def test_focal_officer_edits_the_cluster_name_operator_and_date(client, cluster, focal_officer, focal_unit):
    client.force_login(focal_officer)
    url = f"/activities/clusters/{cluster.pk}/"
    page = client.get(url).content.decode()
    assert 'id="cluster-edit-form"' in page and 'name="e-gate"' not in page  # the gate row stays
    # The form opens on the cluster as it is.
    assert f'name="e-name" value="{cluster.name}"' in page
    assert f'<option value="{cluster.operator_id}" selected>' in page
    decomposed = "Cu\u0323m TTĐN cư\u0309a khâ\u0309u quô\u0301c tê\u0301 Hữu Nghị"
    response = client.post(
        f"{url}edit/", _edit_post(focal_unit, **{"e-name": decomposed + "  "}), follow=True
    )
    assert response.redirect_chain == [(url, 302)]
    cluster.refresh_from_db()
    assert (cluster.name, cluster.operator, cluster.commissioned_on) == (
        "Cụm TTĐN cửa khẩu quốc tế Hữu Nghị",
        focal_unit,
        datetime.date(2026, 4, 1),
    )
    page = response.content.decode()
    assert "Đã lưu." in page and "01/04/2026" in page and focal_unit.name in page
    event = AuditEvent.objects.get(action="activities.cluster_update")
    assert event.actor == focal_officer and event.object_id == str(cluster.pk)
    assert event.changes == {
        "name": ["Cụm TTĐN cửa khẩu Hữu Nghị", "Cụm TTĐN cửa khẩu quốc tế Hữu Nghị"],
        "operator": ["bo-chi-huy-bo-doi-bien-phong-tinh", focal_unit.code],
        "commissioned_on": ["2026-03-10", "2026-04-01"],
    }
    # The same values again change nothing and log nothing.
    client.post(f"{url}edit/", _edit_post(focal_unit))
    assert AuditEvent.objects.filter(action="activities.cluster_update").count() == 1


def test_cluster_edit_keeps_the_gate_period_and_refuses_in_vietnamese(
    client, training_task, focal_officer, border_guard
):
    # Built at Tân Thanh's row from 27/05/2024: moving the date before it would show the wrong gate type.
    gate = BorderGate.objects.get(code="tan-thanh", gate_type="clearance-route")
    cluster = services.cluster_create(
        actor=focal_officer,
        task=training_task,
        name="Cụm TTĐN Tân Thanh",
        gate=gate,
        operator=border_guard,
        commissioned_on=datetime.date(2026, 3, 10),
    )
    client.force_login(focal_officer)
    url = f"/activities/clusters/{cluster.pk}/"
    response = client.post(
        f"{url}edit/", _edit_post(border_guard, **{"e-commissioned_on": "2024-01-01"}), follow=True
    )
    assert "Ngày 01/01/2024 cửa khẩu thuộc loại hình khác" in response.content.decode()
    response = client.post(f"{url}edit/", _edit_post(border_guard, **{"e-name": "   "}), follow=True)
    assert "Tên: Trường này là bắt buộc." in response.content.decode()
    with pytest.raises(services.ActivityError, match="Hãy nhập tên cụm"):
        services.cluster_update(
            actor=focal_officer,
            cluster=cluster,
            name="  ",
            operator=border_guard,
            commissioned_on=datetime.date(2026, 3, 10),
        )
    cluster.refresh_from_db()
    assert (cluster.name, cluster.commissioned_on) == ("Cụm TTĐN Tân Thanh", datetime.date(2026, 3, 10))
    assert not AuditEvent.objects.filter(action="activities.cluster_update").exists()


def test_cluster_edit_is_403_for_province_leaders_and_404_for_other_units(
    client, cluster, reader, other_officer, border_guard
):
    url = f"/activities/clusters/{cluster.pk}/"
    client.force_login(reader)
    assert 'id="cluster-edit-form"' not in client.get(url).content.decode()
    assert client.post(f"{url}edit/", _edit_post(border_guard)).status_code == 403
    client.force_login(other_officer)
    assert client.post(f"{url}edit/", _edit_post(border_guard)).status_code == 404
    with pytest.raises(services.ActivityError, match="không có quyền"):
        services.cluster_update(
            actor=other_officer,
            cluster=cluster,
            name="Cụm khác",
            operator=border_guard,
            commissioned_on=datetime.date(2026, 3, 10),
        )
    cluster.refresh_from_db()
    assert cluster.name == "Cụm TTĐN cửa khẩu Hữu Nghị"
    assert not AuditEvent.objects.filter(action="activities.cluster_update").exists()
