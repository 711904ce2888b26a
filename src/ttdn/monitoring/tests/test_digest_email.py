"""The digest by e-mail: subscribe on the digest page; the sweep sends each period once, even twice over."""

import datetime
import re
import threading

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from ttdn.core.models import AuditEvent
from ttdn.monitoring.models import DigestDelivery, DigestSubscription
from ttdn.monitoring.services import digest_subscribe, send_due_digests
from ttdn.monitoring.services.digests import due_period

TZ = datetime.timezone(datetime.timedelta(hours=7))
MONDAY_8 = datetime.datetime(2026, 3, 9, 8, 0, tzinfo=TZ)  # a Monday


def test_due_periods():
    assert due_period("day", MONDAY_8) == (datetime.date(2026, 3, 8), datetime.date(2026, 3, 8))
    assert due_period("week", MONDAY_8) == (datetime.date(2026, 3, 2), datetime.date(2026, 3, 8))
    assert due_period("week", MONDAY_8 + datetime.timedelta(days=1)) is None  # weekly goes on Mondays
    assert due_period("day", MONDAY_8.replace(hour=6)) is None  # before the office opens


@pytest.mark.django_db
def test_subscribe_on_the_digest_page(client, reader):
    reader.email = "lanhdao@langson.gov.vn"
    reader.save()
    client.force_login(reader)
    response = client.post(reverse("monitoring:digest_subscription"), {"spans": ["day", "week"]})
    assert response.status_code == 302
    assert set(DigestSubscription.objects.values_list("span", flat=True)) == {"day", "week"}
    page = client.get(reverse("monitoring:digest")).content.decode()
    assert re.search(r'value="week"[^>]*checked', page) and re.search(r'value="day"[^>]*checked', page)
    client.post(reverse("monitoring:digest_subscription"), {"spans": ["week"]})
    assert list(DigestSubscription.objects.values_list("span", flat=True)) == ["week"]
    assert AuditEvent.objects.filter(action="monitoring.digest_subscribe").count() == 2


@pytest.mark.django_db
def test_no_email_address_is_refused(reader):
    from django.core.exceptions import ValidationError

    reader.email = ""
    reader.save()
    with pytest.raises(ValidationError):
        digest_subscribe(actor=reader, spans=["day"])
    assert not DigestSubscription.objects.exists()


@pytest.mark.django_db
def test_sent_once_per_period_with_attachment(reader, focal_officer):
    for user, spans in ((reader, ["day", "week"]), (focal_officer, ["day"])):
        user.email = f"{user.username}@langson.gov.vn"
        user.save()
        digest_subscribe(actor=user, spans=spans)
    assert send_due_digests(now=MONDAY_8) == 3
    assert send_due_digests(now=MONDAY_8 + datetime.timedelta(minutes=5)) == 0  # the next sweep
    assert len(mail.outbox) == 3
    weekly = next(m for m in mail.outbox if "02/03/2026 - 08/03/2026" in m.subject)
    name, content, mimetype = weekly.attachments[0]
    assert mimetype.endswith("wordprocessingml.document")
    assert name == "tong-hop-bao-chi-20260302-20260308.docx" and content[:2] == b"PK"
    assert send_due_digests(now=MONDAY_8 + datetime.timedelta(days=1)) == 2  # Tuesday: daily only


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_once(reader):
    if connection.vendor == "sqlite":
        pytest.skip("two concurrent writers need PostgreSQL; SQLite serialises them anyway")
    reader.email = "lanhdao@langson.gov.vn"
    reader.save()
    digest_subscribe(actor=reader, spans=["day"])
    results = []

    def worker():
        try:
            results.append(send_due_digests(now=MONDAY_8))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0, 1]
    assert len(mail.outbox) == 1 and DigestDelivery.objects.count() == 1
