import datetime
from decimal import Decimal

from django.utils import timezone

from ttdn.outreach.models import Campaign, Message
from ttdn.outreach.services.campaigns import campaign_save, messages_create
from ttdn.plans.contributions import Period, recorded_by_task, report_sections
from ttdn.plans.models import Plan, Task


def test_sent_and_delivered_feed_the_plan_task(subscribers, composer):
    plan = Plan.objects.create(
        title="Kế hoạch TTĐN 2026", year=2026, reference_date=datetime.date(2026, 1, 5)
    )
    task = Task.objects.create(
        plan=plan,
        code="II.4.3",
        title="Thông tin cho thuê bao di động vùng biên",
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 12, 31),
        content_key="ii-4-3",
    )
    campaign = campaign_save(actor=composer, title="Cửa khẩu", texts={"vi": "Thông báo"}, task=task)
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.SENDING)
    messages_create(campaign=campaign)
    now = timezone.now()
    Message.objects.filter(phone__in=["+84912345001", "+84383456002"]).update(
        status="delivered", submitted_at=now
    )
    Message.objects.filter(phone="+84903456003").update(status="failed", submitted_at=now)
    today = timezone.localdate()
    period = Period(today - datetime.timedelta(days=1), today)
    totals = recorded_by_task(plan_id=plan.pk, period=period)
    assert totals[(task.pk, "sms-sent")] == Decimal(3)
    assert totals[(task.pk, "sms-delivered")] == Decimal(2)
    sections = dict(report_sections(plan_id=plan.pk, period=period))
    assert "3 tin nhắn" in sections["Tin nhắn SMS thông tin đối ngoại"][0].text
    earlier = Period(today - datetime.timedelta(days=30), today - datetime.timedelta(days=2))
    assert recorded_by_task(plan_id=plan.pk, period=earlier) == {}
