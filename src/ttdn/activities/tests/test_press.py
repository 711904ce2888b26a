"""Foreign reporter visits (permit deadline and reminders), media events and iCal, content items."""

import datetime

import icalendar
import pytest
from django.utils import timezone

from ttdn.activities import services
from ttdn.activities.models import ReporterVisit
from ttdn.plans.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(press_task, focal_officer, border_guard, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.visit_create(
            actor=focal_officer,
            task=press_task,
            reporter="Li Wei",
            outlet="Nhân dân Nhật báo",
            country="Trung Quốc",
            starts_on=datetime.date(2026, 3, 16),
            ends_on=datetime.date(2026, 3, 18),
            accompanying_unit=border_guard,
            itinerary="Cửa khẩu Hữu Nghị\nChợ Đông Kinh",
            today=datetime.date(2026, 2, 1),
        )


def test_visit_gets_its_permit_deadline(visit):
    assert visit.permit_deadline == datetime.date(2026, 3, 2)
    assert not Notification.objects.exists()  # a month ahead: no reminder yet


def test_deadline_follows_the_setting(press_task, focal_officer, border_guard, settings):
    settings.TTDN_PERMIT_WORKING_DAYS = 5
    visit = services.visit_create(
        actor=focal_officer,
        task=press_task,
        reporter="A",
        outlet="B",
        country="C",
        starts_on=datetime.date(2026, 3, 16),
        ends_on=datetime.date(2026, 3, 16),
        accompanying_unit=border_guard,
    )
    assert visit.permit_deadline == datetime.date(2026, 3, 9)


def test_reminders_once_per_step_to_both_units(visit, unit_officer, focal_officer, other_officer):
    assert services.permit_reminders(today=datetime.date(2026, 2, 20)) == 0
    sent = services.permit_reminders(today=datetime.date(2026, 2, 24))  # 6 days left: the 7-day step
    assert sent == 2
    assert set(Notification.objects.values_list("user__username", flat=True)) == {"bienphong", "chuyenvien"}
    assert services.permit_reminders(today=datetime.date(2026, 2, 25)) == 0
    assert services.permit_reminders(today=datetime.date(2026, 2, 27)) == 2  # the 3-day step
    assert services.permit_reminders(today=datetime.date(2026, 3, 3)) == 2  # late
    message = Notification.objects.order_by("-pk").first().message
    assert "02/03/2026" in message


def test_no_reminder_once_applied(visit, focal_officer):
    services.visit_permit_update(actor=focal_officer, visit=visit, state="applied")
    assert services.permit_reminders(today=datetime.date(2026, 3, 1)) == 0
    with pytest.raises(services.ActivityError):
        services.visit_permit_update(actor=focal_officer, visit=visit, state="granted")
    visit.refresh_from_db()
    assert visit.permit_state == ReporterVisit.PermitState.APPLIED


def test_bad_visits_write_nothing(press_task, focal_officer, border_guard, other_officer):
    base = {
        "task": press_task,
        "reporter": "A",
        "outlet": "B",
        "country": "C",
        "starts_on": datetime.date(2026, 3, 16),
        "ends_on": datetime.date(2026, 3, 15),
        "accompanying_unit": border_guard,
    }
    with pytest.raises(services.ActivityError):
        services.visit_create(actor=focal_officer, **base)
    base["ends_on"] = base["starts_on"]
    with pytest.raises(services.ActivityError):
        services.visit_create(actor=other_officer, **base)
    assert not ReporterVisit.objects.exists()


def test_event_calendar_exports_ical(press_task, focal_officer, focal_unit, client):
    tz = timezone.get_current_timezone()
    event = services.event_create(
        actor=focal_officer,
        task=press_task,
        title="Lễ hội Kỳ Lừa",
        kind="culture",
        starts_at=datetime.datetime(2026, 2, 25, 8, tzinfo=tz),
        ends_at=datetime.datetime(2026, 2, 25, 11, tzinfo=tz),
        organiser=focal_unit,
        place="Phố đi bộ Kỳ Lừa",
        coverage_urls=["https://baolangson.vn/le-hoi-ky-lua"],
    )
    services.event_add_coverage(actor=focal_officer, event=event, url="https://vtv.vn/ky-lua")
    with pytest.raises(services.ActivityError):
        services.event_add_coverage(actor=focal_officer, event=event, url="javascript:alert(1)")
    client.force_login(focal_officer)
    response = client.get("/activities/events/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    (entry,) = calendar.walk("VEVENT")
    assert str(entry["summary"]) == "Lễ hội Kỳ Lừa"
    assert entry.decoded("dtstart") == datetime.datetime(2026, 2, 25, 8, tzinfo=tz)
    assert "https://vtv.vn/ky-lua" in str(entry["description"])


def test_content_item_languages_are_checked(press_task, focal_officer):
    with pytest.raises(services.ActivityError):
        services.content_item_create(
            actor=focal_officer,
            task=press_task,
            title="Tin",
            kind="news",
            languages=["fr"],
            published_on=datetime.date(2026, 1, 5),
        )
    item = services.content_item_create(
        actor=focal_officer,
        task=press_task,
        title="Lạng Sơn mở cửa khẩu",
        kind="news",
        languages=["vi", "zh", "vi"],
        published_on=datetime.date(2026, 1, 5),
    )
    assert item.languages == ["vi", "zh"]


def test_agreements_publications_and_journalists(press_task, focal_officer, unit_officer, lang_son):
    from ttdn.directory.models import Unit

    newspaper = Unit.objects.get(code="bao-va-phat-thanh-truyen-hinh-lang-son")
    agreement = services.agreement_create(
        actor=focal_officer,
        task=press_task,
        agency=newspaper,
        title="Thỏa thuận tuyên truyền TTĐN 2026",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
        deliverables="24 tin, bài; 4 phóng sự",
    )
    assert agreement.pk
    with pytest.raises(services.ActivityError):
        services.journalist_create(actor=unit_officer, agency=newspaper, name="Nguyễn Hà")
    with pytest.raises(services.ActivityError):
        services.journalist_create(actor=focal_officer, agency=press_task.plan.focal_unit, name="Nguyễn Hà")
    assert services.journalist_create(actor=focal_officer, agency=newspaper, name="Nguyễn Hà").pk
    publication = services.publication_create(
        actor=focal_officer,
        task=press_task,
        title="Sổ tay hỏi - đáp về biên giới",
        kind="qa",
        owner_unit=newspaper,
        print_run=2000,
    )
    with pytest.raises(services.ActivityError):
        services.publication_status(actor=focal_officer, publication=publication, status="published")
    services.publication_status(
        actor=focal_officer,
        publication=publication,
        status="published",
        published_on=datetime.date(2026, 6, 1),
    )
    publication.refresh_from_db()
    assert publication.status == "published"
