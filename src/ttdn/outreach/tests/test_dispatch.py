"""Sending campaigns through the real SMPP client to the simulator on 127.0.0.1."""

import pytest

from ttdn.outreach.models import Campaign, Inbound, Message, MessagePart, Subscriber
from ttdn.outreach.selectors import campaign_report
from ttdn.outreach.services.campaigns import (
    campaign_approve,
    campaign_save,
    campaign_submit,
    message_resolve_unknown,
    messages_create,
)
from ttdn.outreach.services.dispatch import dispatch_campaign

VI = "Thông báo: cửa khẩu Hữu Nghị mở cửa từ 7h00 đến 19h00 hằng ngày. Bà con lưu ý mang giấy tờ."
NUNG = "Slam bấu: pác cửa Hữu Nghị khay tẳng 7 giờ."


def _sending(composer, approver, texts=None, **kw) -> Campaign:
    campaign = campaign_save(actor=composer, title="Cửa khẩu", texts=texts or {"vi": VI, "nut": NUNG}, **kw)
    campaign = campaign_submit(actor=composer, campaign=campaign)
    campaign = campaign_approve(actor=approver, campaign=campaign)
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.SENDING)
    messages_create(campaign=campaign)
    return campaign


@pytest.mark.parametrize(
    ("id_format", "receipt_format"), [("hex", None), ("dec", None), ("uuid", None), ("hex", "dec")]
)
def test_send_and_receipts_whatever_the_id_format(
    subscribers, composer, approver, smsc, wire, id_format, receipt_format
):
    sim = smsc(id_format=id_format, receipt_id_format=receipt_format)
    wire(sim)
    campaign = _sending(composer, approver)
    result = dispatch_campaign(campaign_id=campaign.pk)
    assert result.state == "done" and result.submitted == 4
    assert sorted(sim.destinations()) == sorted(s.phone.lstrip("+") for s in subscribers)
    assert set(Message.objects.values_list("status", flat=True)) == {"delivered"}
    texts = sim.texts()
    assert texts["84383456002"] == [NUNG]  # Nùng variant, UCS-2
    assert texts["84903456003"][0].startswith("Thong bao: cua khau Huu Nghi")  # unaccented, GSM-7
    assert {s.data_coding for s in sim.submits if s.destination == "84903456003"} == {0}


def test_long_message_goes_in_udh_parts_and_sar(subscribers, composer, approver, smsc, wire, operators):
    sim = smsc(receipt_parts="last")
    wire(sim)
    long_text = VI + " " + VI  # 2 UCS-2 segments after NFC... or 3
    campaign = _sending(composer, approver, texts={"vi": long_text}, languages=["vi"])
    operators["vinaphone"].__class__.objects.filter(code="mobifone").update(use_sar=True)
    dispatch_campaign(campaign_id=campaign.pk)
    message = Message.objects.get(phone="+84912345001")
    assert message.segments >= 2 and message.status == "delivered"
    assert MessagePart.objects.filter(message=message).count() == message.segments
    assert sim.texts()["84912345001"] == [long_text]
    assert all(s.esm_class & 0x40 for s in sim.submits if s.destination == "84912345001")


def test_throttling_is_backed_off_and_retried_without_duplicates(
    operators, composer, approver, smsc, wire, many
):
    sim = smsc(throughput=100, burst=5)
    wire(sim, throughput=200, window=20)  # the client is configured faster than the SMSC allows
    campaign = _sending(composer, approver, texts={"vi": "Thong bao"})
    result = dispatch_campaign(campaign_id=campaign.pk)
    assert sim.throttled > 0 and result.throttled > 0
    destinations = sim.destinations()
    assert len(destinations) == len(set(destinations)) == many
    assert Message.objects.exclude(status="delivered").count() == 0


def test_rejected_undeliverable_and_temporary(subscribers, composer, approver, smsc, wire):
    sim = smsc(rejected={"84912345001"}, undeliverable={"84383456002"}, temporary_failures={"84903456003": 1})
    wire(sim)
    campaign = _sending(composer, approver)
    dispatch_campaign(campaign_id=campaign.pk)
    status = dict(Message.objects.values_list("phone", "status"))
    assert status == {
        "+84912345001": "failed",  # 0x0B, never retried
        "+84383456002": "failed",  # UNDELIV receipt
        "+84903456003": "delivered",  # 0x14 once, retried
        "+84945678004": "delivered",
    }
    assert Message.objects.get(phone="+84912345001").error == "SMSC error 0x0B"
    assert sim.destinations().count("84903456003") == 1
    report = campaign_report(campaign)
    assert report.totals == {"failed": 2, "delivered": 2}
    by_commune = {r["commune__name"]: (r["delivered"], r["failed"]) for r in report.by_commune}
    assert by_commune["Xã Đồng Đăng"] == (0, 2)


def test_mo_stop_during_a_campaign_opts_out(subscribers, composer, approver, smsc, wire):
    sim = smsc()
    wire(sim)
    campaign = _sending(composer, approver)
    from ttdn.outreach.models import Operator
    from ttdn.outreach.services.dispatch import Channels, drain_inbox

    channels = Channels()
    channels.get(Operator.objects.get(code="viettel"))
    assert sim.send_mo("84383456002", "TC") == 1
    import time

    time.sleep(0.2)
    drain_inbox(channels)
    channels.close()
    assert Inbound.objects.get().action == "opt-out"
    dispatch_campaign(campaign_id=campaign.pk)
    assert "84383456002" not in sim.destinations()
    assert Message.objects.get(phone="+84383456002").status == "cancelled"
    assert Subscriber.objects.get(phone="+84383456002").opted_out_at is not None


def test_lost_link_makes_in_flight_unknown_and_a_person_decides(
    subscribers, composer, approver, smsc, wire, settings
):
    settings.TTDN_SMS_RESPONSE_TIMEOUT = 0.3
    # Far beyond the timeout: on a loaded CI machine 1 s was once short enough for two answers to arrive.
    sim = smsc(response_delay=5.0)
    wire(sim)
    campaign = _sending(composer, approver)
    result = dispatch_campaign(campaign_id=campaign.pk, receipt_wait=0)
    assert result.unknown == 4
    assert set(Message.objects.values_list("status", flat=True)) == {"unknown"}
    message = Message.objects.first()
    message_resolve_unknown(actor=composer, message=message, resend=False)
    message.refresh_from_db()
    assert message.status == "failed"


def test_daily_cap_defers(subscribers, composer, approver, smsc, wire, settings):
    settings.TTDN_SMS_DAILY_CAP = 1
    sim = smsc()
    wire(sim)
    first = _sending(composer, approver, texts={"vi": "Mot"})
    dispatch_campaign(campaign_id=first.pk)
    second = _sending(composer, approver, texts={"vi": "Hai"})
    result = dispatch_campaign(campaign_id=second.pk, receipt_wait=0)
    assert result.state == "waiting" and result.submitted == 0
    assert Message.objects.filter(campaign=second, status="queued", not_before__isnull=False).count() == 4
    assert len(sim.destinations()) == 4


def test_no_smsc_configured_keeps_messages_queued(subscribers, composer, approver, operators):
    campaign = _sending(composer, approver)
    result = dispatch_campaign(campaign_id=campaign.pk, receipt_wait=0)
    assert result.requeued == 4 and Message.objects.filter(status="queued").count() == 4


def test_receipts_held_by_the_smsc_after_a_campaign_are_collected(
    subscribers, composer, approver, smsc, operators, settings
):
    # The receipts come later than the dispatcher lingers: the campaign ends with its messages submitted,
    # each operator's SMSC keeps the receipts for the next bind, and the minute sweep binds to collect them.
    from ttdn.outreach.models import Operator
    from ttdn.outreach.services.dispatch import receipts_collect
    from ttdn.outreach.tasks import sweep_campaigns_and_reschedule

    settings.TTDN_SMS_RECEIPT_WAIT = 10  # an upper bound: collection stops once nothing is owed
    sims = {}
    for code in operators:
        sims[code] = sim = smsc(receipt_delay=1.0)
        host, port = sim.address
        Operator.objects.filter(code=code).update(
            smpp_host=host, smpp_port=port, system_id="ttdn", password="secret", throughput=500
        )
    campaign = _sending(composer, approver)
    result = dispatch_campaign(campaign_id=campaign.pk, receipt_wait=0)
    assert result.state == "done" and result.submitted == 4
    assert set(Message.objects.values_list("status", flat=True)) == {"submitted"}
    owing = set(Message.objects.values_list("operator__code", flat=True))
    binds = {code: sim.binds for code, sim in sims.items()}

    # The sweep finds no campaign to dispatch but receipts owed: it queues the collection (the tests'
    # task backend runs it at once), which binds, waits for what the SMSCs hand over, and unbinds.
    assert sweep_campaigns_and_reschedule.call() == 0
    assert {code for code, sim in sims.items() if sim.binds > binds[code]} == owing and len(owing) > 1
    assert set(Message.objects.values_list("status", flat=True)) == {"delivered"}
    assert campaign_report(campaign=campaign).totals == {"delivered": 4}
    # Nothing owed any more: the next collection binds to nobody.
    binds = {code: sim.binds for code, sim in sims.items()}
    assert receipts_collect(wait=5) == 0
    assert {code: sim.binds for code, sim in sims.items()} == binds
