"""Border clusters (maintenance, incidents, uptime, playlist export) and the directive register."""

import csv
import datetime
import io
import json

import pytest
from django.utils import timezone

from ttdn.activities import selectors, services
from ttdn.activities.models import Cluster, Directive, MaintenanceSchedule
from ttdn.directory.models import BorderGate

from .test_training import docx_text

pytestmark = pytest.mark.django_db
TZ = timezone.get_current_timezone()


@pytest.fixture
def cluster(training_task, border_guard):
    cluster = Cluster.objects.create(
        task=training_task,
        name="Cụm TTĐN cửa khẩu Hữu Nghị",
        gate=BorderGate.objects.filter(code="huu-nghi").first(),
        operator=border_guard,
        commissioned_on=datetime.date(2026, 3, 10),
    )
    cluster.components.create(kind="led", specs="Màn hình LED P5, 4×3 m")
    return cluster


def test_maintenance_moves_the_schedule_on(cluster, unit_officer, other_officer):
    schedule = MaintenanceSchedule.objects.create(
        cluster=cluster, what="Vệ sinh màn hình LED", every_days=90, next_due=datetime.date(2026, 4, 1)
    )
    services.maintenance_log_add(
        actor=unit_officer,
        cluster=cluster,
        done_on=datetime.date(2026, 4, 3),
        work="Vệ sinh, kiểm tra nguồn",
        schedule=schedule,
    )
    schedule.refresh_from_db()
    assert schedule.next_due == datetime.date(2026, 7, 2)
    with pytest.raises(services.ActivityError):
        services.maintenance_log_add(
            actor=other_officer, cluster=cluster, done_on=datetime.date(2026, 4, 3), work="x"
        )
    assert cluster.maintenance.count() == 1


def test_uptime_per_month_from_incidents(cluster, unit_officer):
    incident = services.incident_open(
        actor=unit_officer,
        cluster=cluster,
        started_at=datetime.datetime(2026, 4, 10, tzinfo=TZ),
        description="Mất nguồn màn hình LED",
    )
    with pytest.raises(services.ActivityError):
        services.incident_resolve(
            actor=unit_officer, incident=incident, resolved_at=datetime.datetime(2026, 4, 9, tzinfo=TZ)
        )
    services.incident_resolve(
        actor=unit_officer, incident=incident, resolved_at=datetime.datetime(2026, 4, 13, tzinfo=TZ)
    )
    uptime = dict(selectors.cluster_uptime(cluster, year=2026, now=datetime.datetime(2026, 6, 1, tzinfo=TZ)))
    assert uptime[1] is None  # before the cluster was in service
    assert uptime[3] == 1
    assert uptime[4] == pytest.approx(1 - 3 / 30)
    assert uptime[6] is None  # not begun


def test_playlist_exports_for_the_screens(cluster, unit_officer, client):
    services.playlist_add(
        actor=unit_officer,
        cluster=cluster,
        title="Chào mừng đến Lạng Sơn",
        language="vi",
        starts_on=datetime.date(2026, 5, 1),
        ends_on=datetime.date(2026, 5, 31),
        text="Chào mừng quý khách",
    )
    services.playlist_add(
        actor=unit_officer,
        cluster=cluster,
        title="欢迎来到谅山",
        language="zh",
        starts_on=datetime.date(2026, 6, 1),
        ends_on=datetime.date(2026, 6, 30),
        media_url="https://ttdn.langson.gov.vn/video/chao-mung-zh.mp4",
    )
    with pytest.raises(services.ActivityError):
        services.playlist_add(
            actor=unit_officer,
            cluster=cluster,
            title="Hello",
            language="en",
            starts_on=datetime.date(2026, 5, 1),
            ends_on=datetime.date(2026, 5, 2),
            text="x",
        )
    client.force_login(unit_officer)
    data = json.loads(client.get(f"/activities/clusters/{cluster.pk}/playlist.json?on=2026-06-15").content)
    assert [i["title"] for i in data["items"]] == ["欢迎来到谅山"]
    response = client.get(f"/activities/clusters/{cluster.pk}/playlist.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["language"] for r in rows] == ["vi", "zh"]
    assert client.get(f"/activities/clusters/{cluster.pk}/playlist.json?on=15/06").status_code == 400
    assert client.get(f"/activities/clusters/{cluster.pk}/").status_code == 200


def test_directive_register_and_nd30_draft(training_task, focal_officer, other_officer, client):
    directive = services.directive_register(
        actor=focal_officer,
        number="05/CT-UBND",
        issued_on=datetime.date(2026, 2, 10),
        issuer="Ủy ban nhân dân tỉnh Lạng Sơn",
        kind="chi-thi",
        summary="Về tăng cường công tác thông tin đối ngoại năm 2026",
        tasks=[training_task],
    )
    with pytest.raises(services.ActivityError):
        services.directive_register(
            actor=focal_officer,
            number="05/CT-UBND",
            issued_on=datetime.date(2026, 2, 10),
            issuer="UBND tỉnh",
            kind="chi-thi",
            summary="Trùng số",
            tasks=[training_task],
        )
    with pytest.raises(services.ActivityError):
        services.directive_register(
            actor=other_officer,
            number="06/CT-UBND",
            issued_on=datetime.date(2026, 2, 10),
            issuer="UBND",
            kind="chi-thi",
            summary="x",
            tasks=[training_task],
        )
    assert Directive.objects.count() == 1
    client.force_login(focal_officer)
    response = client.post(
        f"/activities/directives/{directive.pk}/draft/",
        {
            "body": "Thông tin đối ngoại là nhiệm vụ quan trọng.",
            "signer_authority": "TM. ỦY BAN NHÂN DÂN",
            "signer_title": "CHỦ TỊCH",
            "signer_name": "Hồ Tiến Thiệu",
        },
    )
    assert response.status_code == 200
    text = docx_text(response.content)
    assert "CHỈ THỊ" in text and "Số: 05/CT-UBND" in text
    client.force_login(other_officer)
    assert client.get(f"/activities/directives/{directive.pk}/draft/").status_code == 404


def test_classified_directive_draft_carries_the_stamp_and_is_hidden_from_the_uncleared(
    training_task, focal_officer, client
):
    with pytest.raises(services.ActivityError):  # an officer's own clearance is Thường
        services.directive_register(
            actor=focal_officer,
            number="07/CT-UBND",
            issued_on=datetime.date(2026, 3, 1),
            issuer="Ủy ban nhân dân tỉnh Lạng Sơn",
            kind="chi-thi",
            summary="Mật",
            tasks=[training_task],
            classification=1,
        )
    focal_officer.clearance = 1
    focal_officer.save(update_fields=["clearance"])
    directive = services.directive_register(
        actor=focal_officer,
        number="07/CT-UBND",
        issued_on=datetime.date(2026, 3, 1),
        issuer="Ủy ban nhân dân tỉnh Lạng Sơn",
        kind="chi-thi",
        summary="Về công tác bảo vệ bí mật",
        tasks=[training_task],
        classification=1,
    )
    client.force_login(focal_officer)
    draft = {"body": "Nội dung.", "signer_title": "CHỦ TỊCH", "signer_name": "Hồ Tiến Thiệu"}
    response = client.post(f"/activities/directives/{directive.pk}/draft/", draft)
    assert response.status_code == 200 and "MẬT" in docx_text(response.content)  # the subject is "bí mật"
    focal_officer.clearance = 0
    focal_officer.save(update_fields=["clearance"])
    assert client.get(f"/activities/directives/{directive.pk}/draft/").status_code == 404
    assert "07/CT-UBND" not in client.get("/activities/directives/").content.decode()
