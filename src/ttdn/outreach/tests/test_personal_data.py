"""Outreach's personal-data sources: a subscriber with the SMS sent to them, and incoming messages."""

import datetime

import pytest

from ttdn.core import personal_data
from ttdn.core.models import AuditEvent
from ttdn.core.personal_data import Subject
from ttdn.core.tests.privacy import traces
from ttdn.outreach.models import Campaign, Inbound, Message, Subscriber
from ttdn.outreach.services.subscribers import inbound_receive

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscriber(operators, admin):
    subscriber = Subscriber.objects.create(
        phone="+84912345678",
        operator=operators.get("viettel"),
        consent_source="Phiếu đăng ký tại xã Tân Thanh",
        consent_date=datetime.date(2026, 2, 3),
    )
    neighbour = Subscriber.objects.create(
        phone="+84987654321", consent_source="Phiếu đăng ký", consent_date=datetime.date(2026, 2, 3)
    )
    sent = Campaign.objects.create(title="Bản tin tháng 3", created_by=admin)
    pending = Campaign.objects.create(title="Bản tin tháng 4", created_by=admin)
    for campaign, status in ((sent, Message.Status.DELIVERED), (pending, Message.Status.QUEUED)):
        for s in (subscriber, neighbour):
            Message.objects.create(
                campaign=campaign, subscriber=s, phone=s.phone, language="vi", body="Thông tin đối ngoại",
                encoding="ucs2", status=status,
            )  # fmt: skip
    inbound_receive(operator=None, source="0912345678", text="TC")
    return subscriber


def test_subscriber_found_exported_and_erased(subscriber, admin):
    subject = Subject(phone="0912 345 678")
    found = personal_data.find_all(subject)
    assert set(found) == {"outreach.subscriber", "outreach.inbound"}
    record = found["outreach.subscriber"][0]
    assert record.consent.recorded and record.consent.withdrawn_at is not None  # the TC reply opted out
    exported = personal_data.source("outreach.subscriber").export(found["outreach.subscriber"])
    assert [m["campaign"] for m in exported["records"][0]["messages"]] == [
        "Bản tin tháng 3",
        "Bản tin tháng 4",
    ]
    assert personal_data.source("outreach.inbound").export(found["outreach.inbound"])["records"][0]["id"]

    for key, records in found.items():
        assert personal_data.source(key).erase(records, actor=admin) == 1
    assert traces(subject, Subscriber, Message, Inbound) == []
    assert personal_data.find_all(subject) == {}
    # Figures keep counting: rows stay; the unsent SMS is not sent; the neighbour is untouched.
    assert Message.objects.count() == 4 and Subscriber.objects.count() == 2
    mine = Message.objects.filter(subscriber=subscriber)
    assert set(mine.values_list("status", flat=True)) == {Message.Status.DELIVERED, Message.Status.CANCELLED}
    assert Message.objects.filter(phone="+84987654321", status=Message.Status.QUEUED).count() == 1
    assert Inbound.objects.get().action == "opt-out"
    assert (
        AuditEvent.objects.filter(action__in=["outreach.subscriber_erase", "outreach.inbound_erase"]).count()
        == 2
    )


def test_an_erased_number_can_subscribe_again(subscriber, admin):
    records = personal_data.source("outreach.subscriber").find(Subject(phone="0912345678"))
    personal_data.source("outreach.subscriber").erase(records, actor=admin)
    again = Subscriber.objects.create(
        phone="+84912345678", consent_source="Đăng ký lại", consent_date=datetime.date(2026, 11, 1)
    )
    assert [r.pk for r in personal_data.source("outreach.subscriber").find(Subject(phone="0912345678"))] == [
        str(again.pk)
    ]
