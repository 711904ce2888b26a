import datetime

import pytest

from ttdn.outreach.models import Campaign, Language, Message
from ttdn.outreach.services.campaigns import (
    CampaignError,
    campaign_approve,
    campaign_cancel,
    campaign_save,
    campaign_submit,
    messages_create,
    text_for,
)
from ttdn.outreach.services.dispatch import window_open_at

VI = "Thông báo: cửa khẩu Hữu Nghị mở cửa từ 7h00 đến 19h00 hằng ngày."
NUNG = "Slam bấu: pác cửa Hữu Nghị khay tẳng 7 giờ."


def _draft(composer, **kw):
    return campaign_save(actor=composer, title="Cửa khẩu", texts={"vi": VI, "nut": NUNG}, **kw)


def test_empty_and_over_long_are_refused(composer, settings):
    with pytest.raises(CampaignError, match=r"Vietnamese text|tiếng Việt"):
        campaign_save(actor=composer, title="x", texts={"vi": "   "})
    settings.TTDN_SMS_MAX_SEGMENTS = 2
    with pytest.raises(CampaignError, match=r"segments|đoạn"):
        campaign_save(actor=composer, title="x", texts={"vi": "ạ" * 135})
    assert Campaign.objects.count() == 0


def test_approval_needs_a_second_person(composer, approver):
    campaign = campaign_submit(actor=composer, campaign=_draft(composer))
    composer_can_approve = composer
    with pytest.raises(CampaignError):
        campaign_approve(actor=composer_can_approve, campaign=campaign)
    campaign = campaign_approve(actor=approver, campaign=campaign)
    assert campaign.status == Campaign.Status.APPROVED and campaign.approved_by == approver


def test_reader_cannot_compose(reader):
    with pytest.raises(CampaignError):
        campaign_save(actor=reader, title="x", texts={"vi": "x"})


def test_language_variants_and_unaccented_fallback(subscribers, composer):
    campaign = _draft(composer)
    assert messages_create(campaign=campaign) == 4
    bodies = dict(Message.objects.values_list("language", "body"))
    assert bodies[Language.NUNG] == NUNG
    assert bodies[Language.VI] == VI
    assert bodies[Language.VI_UNACCENTED].startswith("Thong bao: cua khau Huu Nghi")
    assert bodies[Language.TAY] == VI  # no Tày text: the Vietnamese one
    assert Message.objects.get(language=Language.VI_UNACCENTED).encoding == "GSM7"
    assert messages_create(campaign=campaign) == 0  # never twice
    assert text_for({"vi": "Đ"}, "vi-unaccented") == "D"


def test_cancel_stops_queued(subscribers, composer):
    campaign = _draft(composer)
    messages_create(campaign=campaign)
    campaign_cancel(actor=composer, campaign=campaign)
    assert set(Message.objects.values_list("status", flat=True)) == {"cancelled"}


def test_sending_window(settings):
    settings.TTDN_SMS_SEND_WINDOW = ("07:00", "22:00")
    tz = datetime.timezone(datetime.timedelta(hours=7))
    inside = datetime.datetime(2026, 11, 28, 9, 0, tzinfo=tz)
    assert window_open_at(inside) == inside
    late = datetime.datetime(2026, 11, 28, 22, 30, tzinfo=tz)
    assert window_open_at(late) == datetime.datetime(2026, 11, 29, 7, 0, tzinfo=tz)
    early = datetime.datetime(2026, 11, 28, 5, 0, tzinfo=tz)
    assert window_open_at(early) == datetime.datetime(2026, 11, 28, 7, 0, tzinfo=tz)


@pytest.mark.parametrize("level", [1, 2, 3])
def test_a_classified_campaign_is_never_sent(composer, approver, subscribers, level):
    """Whatever the clearance of the people involved (here: cleared for every level), SMS is refused."""
    for person in (composer, approver):
        person.clearance = 3
        person.save(update_fields=["clearance"])
    draft = _draft(composer, classification=level)
    with pytest.raises(CampaignError, match=r"classified|mật"):
        campaign_submit(actor=composer, campaign=draft)
    # Marked after approval (or forced into the queue): no message is created, none leaves.
    approved = campaign_approve(
        actor=approver, campaign=campaign_submit(actor=composer, campaign=_draft(composer))
    )
    Campaign.objects.filter(pk=approved.pk).update(classification=level)
    approved.refresh_from_db()
    with pytest.raises(CampaignError):
        messages_create(campaign=approved)
    assert not Message.objects.exists()


def test_the_mark_is_kept_when_a_draft_is_edited_and_cannot_exceed_clearance(composer):
    with pytest.raises(CampaignError):
        _draft(composer, classification=1)  # an officer's own clearance is Thường
    composer.clearance = 1
    draft = _draft(composer, classification=1)
    edited = campaign_save(actor=composer, campaign=draft, title="Sửa", texts={"vi": VI})
    assert edited.classification == 1
