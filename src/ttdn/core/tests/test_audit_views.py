"""The audit page and its CSV export."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from ttdn.core import audit
from ttdn.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(admin, focal_officer):
    audit.record(actor=focal_officer, action="plan.import", obj=focal_officer, changes={"rows": 12})
    audit.record(actor=admin, action="user.rename", obj=admin, changes={"full_name": ["A", "B"]})
    audit.record(actor=None, action="directory.load_reference")


def test_page_is_for_administrators_only(client, reader, admin):
    url = reverse("core:audit")
    assert client.get(url).status_code == 302
    client.force_login(reader)
    assert client.get(url).status_code == 403
    assert client.get(reverse("core:audit_export")).status_code == 403
    client.force_login(admin)
    assert client.get(url).status_code == 200


def test_page_lists_events_newest_first_with_origin(client, admin, events):
    client.force_login(admin)
    html = client.get(reverse("core:audit"), REMOTE_ADDR="192.0.2.44").content.decode()
    assert html.index("directory.load_reference") < html.index("user.rename") < html.index("plan.import")
    assert "Nguyễn Thị Lan" in html and "Quản trị hệ thống" in html


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"actor": "chuyenvien"}, "plan.import", "user.rename"),
        ({"actor": "Quản trị"}, "user.rename", "plan.import"),
        ({"action": "rename"}, "user.rename", "directory.load_reference"),
        ({"object_type": "core.user"}, "plan.import", "directory.load_reference"),
    ],
)
def test_filters(client, admin, events, query, shown, hidden):
    client.force_login(admin)
    response = client.get(reverse("core:audit"), query, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html  # htmx gets the table only
    assert shown in html and hidden not in html


def test_date_range_filter_uses_local_days(client, admin, events):
    client.force_login(admin)
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    html = client.get(reverse("core:audit"), {"since": today.strftime("%d/%m/%Y")}).content.decode()
    assert "plan.import" in html
    html = client.get(reverse("core:audit"), {"until": yesterday.strftime("%d/%m/%Y")}).content.decode()
    assert "plan.import" not in html
    response = client.get(
        reverse("core:audit"), {"since": today.strftime("%d/%m/%Y"), "until": yesterday.strftime("%d/%m/%Y")}
    )
    assert "errorlist" in response.content.decode()


def test_pagination(client, admin):
    for i in range(55):
        audit.record(actor=admin, action=f"demo.n{i:02d}")
    client.force_login(admin)
    first = client.get(reverse("core:audit"), {"action": "demo.n"}).content.decode()
    assert "demo.n54" in first and "demo.n04" not in first and "page=2" in first
    second = client.get(reverse("core:audit"), {"action": "demo.n", "page": 2}).content.decode()
    assert "demo.n04" in second and "demo.n54" not in second


def test_csv_export_follows_the_search_and_is_itself_audited(client, admin, events):
    client.force_login(admin)
    response = client.get(
        reverse("core:audit_export"),
        {"actor": "chuyenvien"},
        REMOTE_ADDR="192.0.2.44",
        HTTP_USER_AGENT="UA/1",
    )
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0][0] == "STT" and len(rows) == 2
    assert rows[1][4] == "plan.import" and rows[1][8] == '{"rows":12}' and len(rows[1][12]) == 64
    exported = AuditEvent.objects.get(action="audit.export")
    assert (exported.actor, exported.ip, exported.user_agent) == (admin, "192.0.2.44", "UA/1")
    assert exported.changes == {"query": "actor=chuyenvien"}
