"""Personal-data requests: the registry's pure helpers, the three services over the sources the apps
register, the administrators' page and its downloads."""

import datetime
import io
import json

import openpyxl
import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from ttdn.conftest import _user
from ttdn.core import personal_data, services
from ttdn.core.models import AuditEvent, DataSubjectRequest
from ttdn.core.personal_data import TOMBSTONE, Subject, phone_key, scrub
from ttdn.core.tests.privacy import traces

PHONE = "0912 345 678"


def test_identifier_keys_and_checks():
    for raw in ("0912345678", "+84 912-345-678", "84912345678", "0084 912 345 678", "(091) 234.5678"):
        assert phone_key(raw) == "912345678"
    assert phone_key("0205 3812 345") == "2053812345"
    assert phone_key("12345") == ""
    assert Subject(email=" Hoa@Example.VN ").email_key == "hoa@example.vn"
    for bad in (Subject(), Subject(phone="12"), Subject(email="hoa@"), Subject(full_name="An")):
        with pytest.raises(personal_data.InvalidSubject):
            bad.check()
    assert Subject(phone="0912345678").matches(phone="+84912345678", name="x") == ("phone",)
    assert Subject(full_name="Nguyễn Thị Hoà").matches(name="nguyen thi hoa") == ("name",)


def test_scrub_finds_the_person_however_written():
    subject = Subject(phone=PHONE, email="hoa@example.vn", full_name="Nguyễn Thị Hòa")
    text = "Chị NGUYỄN THỊ HOÀ (nguyen thi hoa), ĐT +84 912-345-678, hoa@Example.vn; số khác 0912 999 888"
    out = scrub(text, subject)
    assert out.count(TOMBSTONE) == 4
    assert "0912 999 888" in out and "Chị" in out
    assert not traces_in(out, subject)


def traces_in(text: str, subject: Subject) -> bool:
    from ttdn.core.text import fold

    return subject.name_key in fold(text) or subject.phone_key in "".join(c for c in text if c.isdigit())


@pytest.fixture
def held(lang_son, admin):
    """The same person as an SMS subscriber (with an SMS and a STOP reply) and as a press contact."""
    from ttdn.activities.models import Journalist
    from ttdn.directory.models import Unit
    from ttdn.outreach.models import Campaign, Inbound, Message, Subscriber

    subscriber = Subscriber.objects.create(
        phone="+84912345678", consent_source="Hội nghị xã Đồng Đăng", consent_date=datetime.date(2026, 3, 1)
    )
    campaign = Campaign.objects.create(title="Tuyên truyền biên giới", created_by=admin)
    Message.objects.create(
        campaign=campaign, subscriber=subscriber, phone=subscriber.phone, language="vi", body="Tin TTĐN",
        encoding="gsm", status=Message.Status.DELIVERED,
    )  # fmt: skip
    Inbound.objects.create(phone="+84912345678", text="TC Nguyen Thi Hoa", action="opt-out")
    journalist = Journalist.objects.create(
        agency=Unit.objects.get(code="bao-va-phat-thanh-truyen-hinh-lang-son"),
        name="Nguyễn Thị Hòa",
        email="hoa@example.vn",
        phone=PHONE,
    )
    return {"subscriber": subscriber, "journalist": journalist}


@pytest.fixture
def second_admin(db):
    return _user("quantri2", "Lê Quản Trị", "core.handle_datasubjectrequest")


def _request(admin, kind, subject=None, **kw):
    subject = subject or Subject(phone=PHONE, full_name="Nguyễn Thị Hòa")
    refs = [r.ref for records in personal_data.find_all(subject).values() for r in records]
    return services.personal_data_request_create(
        actor=admin, kind=kind, subject=subject, requester="Chính chủ, nộp trực tiếp", records=refs, **kw
    )


def test_access_request_exports_json_and_xlsx(held, admin, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    request = _request(admin, "access")
    assert request.due_at - request.received_at == datetime.timedelta(hours=72)
    assert {ref.split(":")[0] for ref in request.records} == {
        "activities.journalist",
        "outreach.subscriber",
        "outreach.inbound",
    }
    services.personal_data_request_export(actor=admin, request=request)
    request.refresh_from_db()
    assert request.status == "done" and request.handled_by == admin
    document = json.loads(default_storage.open(request.export_json.name).read())
    by_source = {s["source"]: s for s in document["sources"]}
    assert set(by_source) == {"activities.journalist", "outreach.subscriber", "outreach.inbound"}
    subscriber = by_source["outreach.subscriber"]
    assert subscriber["purpose"] and subscriber["records"][0]["consent_source"] == "Hội nghị xã Đồng Đăng"
    assert subscriber["records"][0]["messages"][0]["campaign"] == "Tuyên truyền biên giới"
    assert by_source["activities.journalist"]["records"][0]["consent_recorded"] is False
    book = openpyxl.load_workbook(io.BytesIO(default_storage.open(request.export_xlsx.name).read()))
    assert len(book.sheetnames) == 4
    assert any(
        "+84912345678" in str(c.value) for row in book.worksheets[1:] for r in row.iter_rows() for c in r
    )
    actions = list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))
    assert actions[-2:] == ["core.personal_data_request_create", "core.personal_data_export"]
    # The log carries counts and ids, never the identifiers.
    assert not [e for e in AuditEvent.objects.all() if "912345678" in json.dumps(e.payload(), default=str)]
    with pytest.raises(services.PersonalDataError):
        services.personal_data_request_export(actor=admin, request=request)


def test_erasure_needs_a_second_administrator_and_leaves_no_trace(
    held, admin, second_admin, settings, tmp_path, django_capture_on_commit_callbacks
):
    from ttdn.activities.models import Journalist
    from ttdn.outreach.models import Inbound, Message, Subscriber

    settings.MEDIA_ROOT = tmp_path
    subject = Subject(phone=PHONE, email="hoa@example.vn", full_name="Nguyễn Thị Hòa")
    earlier = services.personal_data_request_export(actor=admin, request=_request(admin, "access", subject))
    copy = earlier.export_json.name
    request = _request(admin, "erasure", subject)
    before = AuditEvent.objects.count()
    with pytest.raises(services.PersonalDataError, match=r"second person|người thứ hai"):
        services.personal_data_request_erase(actor=admin, request=request)
    assert AuditEvent.objects.count() == before and Subscriber.objects.filter(phone="+84912345678").exists()

    with django_capture_on_commit_callbacks(execute=True):
        services.personal_data_request_erase(actor=second_admin, request=request)
    request.refresh_from_db()
    assert request.status == "done" and request.handled_by == second_admin
    assert request.result["erased"] == {
        "activities.journalist": 1,
        "outreach.inbound": 1,
        "outreach.subscriber": 1,
    }
    assert traces(subject, Subscriber, Message, Inbound, Journalist, DataSubjectRequest) == []
    assert personal_data.find_all(subject) == {}
    # Counts survive: the subscriber, the SMS and the opt-out are still there, unreachable.
    assert Subscriber.objects.count() == 1 and Message.objects.count() == 1
    assert Inbound.objects.get().action == "opt-out"
    assert not Subscriber.objects.reachable().exists()
    assert not default_storage.exists(copy)
    events = AuditEvent.objects.filter(
        seq__gt=AuditEvent.objects.get(
            action="core.personal_data_request_create", object_id=str(request.pk)
        ).seq
    )
    assert {"core.personal_data_erase", "outreach.subscriber_erase", "activities.journalist_erase"} <= set(
        events.values_list("action", flat=True)
    )
    assert not [
        e for e in events if "912345678" in json.dumps(e.payload(), default=str) or "Hòa" in e.object_repr
    ]


def test_bad_input_writes_nothing(held, admin, reader):
    subject = Subject(phone=PHONE)
    before = (AuditEvent.objects.count(), DataSubjectRequest.objects.count())
    cases = [
        dict(actor=reader, kind="access", subject=subject, requester="A", records=[]),
        dict(actor=admin, kind="delete-all", subject=subject, requester="A", records=[]),
        dict(actor=admin, kind="access", subject=Subject(phone="12 34"), requester="A", records=[]),
        dict(actor=admin, kind="access", subject=subject, requester="  ", records=[]),
        dict(actor=admin, kind="erasure", subject=subject, requester="A", records=[]),
        # A record of somebody else cannot be slipped into the request.
        dict(actor=admin, kind="erasure", subject=subject, requester="A", records=["activities.journalist:999999"]),
        dict(
            actor=admin, kind="access", subject=subject, requester="A", records=[],
            received_at=timezone.now() + datetime.timedelta(days=1),
        ),
    ]  # fmt: skip
    for kwargs in cases:
        with pytest.raises(services.PersonalDataError):
            services.personal_data_request_create(**kwargs)
    assert (AuditEvent.objects.count(), DataSubjectRequest.objects.count()) == before


def test_pages_are_for_administrators_only(client, held, admin, second_admin, reader, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    staff = _user("nhanvien", "Nhân viên", is_staff=True)
    for user in (reader, staff):
        client.force_login(user)
        assert client.get("/personal-data/").status_code == 403
    client.force_login(admin)
    page = client.get("/personal-data/", {"phone": PHONE})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Hội nghị xã Đồng Đăng" in html and "Nguyễn Thị Hòa" in html
    assert client.get("/personal-data/", {"phone": "12"}).status_code == 200  # the form says what is wrong
    posted = {"phone": PHONE, "kind": "access", "requester": "", "received_on": "28/11/2026"}
    assert client.post("/personal-data/", posted).status_code == 400
    assert not DataSubjectRequest.objects.exists()
    ref = f"outreach.subscriber:{held['subscriber'].pk}"
    today = timezone.localdate().strftime("%d/%m/%Y")
    response = client.post(
        "/personal-data/", posted | {"requester": "Chính chủ", "received_on": today, "records": [ref]}
    )
    request = DataSubjectRequest.objects.get()
    assert response.status_code == 302 and request.records == [ref]
    assert client.post(f"/personal-data/{request.pk}/export/").status_code == 302
    download = client.get(f"/personal-data/{request.pk}/download/xlsx/")
    assert download.status_code == 200 and download["Cache-Control"] == "private, no-store"
    assert AuditEvent.objects.filter(action="core.personal_data_download").count() == 1
    client.force_login(reader)
    for url in (f"/personal-data/{request.pk}/", f"/personal-data/{request.pk}/download/json/"):
        assert client.get(url).status_code == 403
    assert client.post(f"/personal-data/{request.pk}/erase/", {"confirm": "on"}).status_code == 403
    # The erase form needs the confirmation box, and a second administrator.
    erasure = _request(admin, "erasure", Subject(phone=PHONE))
    client.force_login(second_admin)
    client.post(f"/personal-data/{erasure.pk}/erase/", {})
    erasure.refresh_from_db()
    assert erasure.status == "open"
    client.post(f"/personal-data/{erasure.pk}/erase/", {"confirm": "on"})
    erasure.refresh_from_db()
    assert erasure.status == "done"


def test_request_list_is_one_query(held, admin, second_admin, django_assert_num_queries):
    from ttdn.core.selectors import personal_data_requests

    for _ in range(3):
        _request(admin, "access")
    with django_assert_num_queries(1):
        rows = personal_data_requests()
        assert [str(r.created_by) for r in rows] == ["Quản trị hệ thống"] * 3
