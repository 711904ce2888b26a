"""Activities' personal-data sources: participants (with consent from the registration form), trainers,
journalists and foreign reporters' visits — found, exported and erased without a trace."""

import datetime

import pytest

from ttdn.activities import services
from ttdn.activities.models import Evaluation, Journalist, Participant, ReporterVisit, Trainer
from ttdn.core import personal_data
from ttdn.core.models import AuditEvent
from ttdn.core.personal_data import TOMBSTONE, Subject
from ttdn.core.tests.privacy import traces

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered(course):
    hoa = services.participant_register(
        course=course,
        full_name="Nguyễn Thị Hòa",
        organisation="UBND xã Đồng Đăng",
        audience="officials",
        email="Hoa@Example.vn",
        phone="+84 912 345 678",
        consent=True,
    )
    other = services.participant_register(
        course=course, full_name="Lý Văn Bình", organisation="Đồn Biên phòng Hữu Nghị", audience="border",
        phone="0987654321",
    )  # fmt: skip
    Evaluation.objects.create(
        participant=hoa,
        content_rating=5,
        trainer_rating=4,
        organisation_rating=5,
        comment="Tôi, Hòa, rất hài lòng",
    )
    return hoa, other


def test_participants_found_by_phone_email_or_name_with_consent(registered):
    hoa, other = registered
    source = personal_data.source("activities.participant")
    assert hoa.consent_source == services.training.CONSENT_ON_FORM and hoa.consent_date is not None
    assert other.consent_source == "" and other.consent_date is None  # registered without the form's box
    by_phone = source.find(Subject(phone="0912.345.678"))
    assert [(r.pk, r.matched_by) for r in by_phone] == [(str(hoa.pk), ("phone",))]
    assert source.find(Subject(email="HOA@example.VN"))[0].pk == str(hoa.pk)
    weak = source.find(Subject(full_name="nguyen thi hoa"))
    assert weak[0].matched_by == ("name",) and not weak[0].strong
    assert source.find(Subject(phone="0911111111")) == []
    exported = source.export(by_phone)
    row = exported["records"][0]
    assert exported["purpose"] and row["consent_recorded"] is True and "rất hài lòng" in str(row)


def test_participant_erased_in_place_counts_kept(registered, focal_officer):
    hoa, other = registered
    subject = Subject(phone="0912345678", email="hoa@example.vn", full_name="Nguyễn Thị Hòa")
    records = personal_data.source("activities.participant").find(subject)
    assert personal_data.source("activities.participant").erase(records, actor=focal_officer) == 1
    hoa.refresh_from_db()
    assert hoa.full_name == TOMBSTONE and hoa.consent_withdrawn_at is not None
    assert Participant.objects.count() == 2 and Evaluation.objects.get().content_rating == 5
    assert traces(subject, Participant, Evaluation) == []
    other.refresh_from_db()
    assert other.full_name == "Lý Văn Bình" and other.phone == "0987654321"
    event = AuditEvent.objects.get(action="activities.participant_erase")
    assert event.changes == {"ids": [hoa.pk]}
    # Registration audit names the row, not the person.
    assert AuditEvent.objects.get(
        action="activities.participant_register", object_id=str(hoa.pk)
    ).object_repr == (f"participant #{hoa.pk}")


def test_journalists_trainers_and_reporters(
    course, press_task, focal_officer, border_guard, unit_officer, lang_son
):
    from ttdn.directory.models import Unit

    newspaper = Unit.objects.get(code="bao-va-phat-thanh-truyen-hinh-lang-son")
    journalist = services.journalist_create(
        actor=focal_officer, agency=newspaper, name="Li Wei", phone="0205 3812 345",
        consent_source="Thư đồng ý ngày 02/01/2026", consent_date=datetime.date(2026, 1, 2),
    )  # fmt: skip
    services.trainer_add(actor=unit_officer, course=course, name="Li Wei", position="Chuyên gia")
    visit = services.visit_create(
        actor=focal_officer, task=press_task, reporter="Li Wei", outlet="Nhân dân Nhật báo", country="Trung Quốc",
        starts_on=datetime.date(2026, 3, 16), ends_on=datetime.date(2026, 3, 18), accompanying_unit=border_guard,
        itinerary="Li Wei gặp lãnh đạo tỉnh\nCửa khẩu Hữu Nghị",
    )  # fmt: skip
    subject = Subject(full_name="LI WEI", phone="+84 205 381 2345")
    found = personal_data.find_all(subject)
    assert set(found) == {"activities.journalist", "activities.trainer", "activities.reporter_visit"}
    assert found["activities.journalist"][0].matched_by == ("phone", "name")
    assert found["activities.journalist"][0].consent.source == "Thư đồng ý ngày 02/01/2026"
    assert found["activities.reporter_visit"][0].consent is None  # a legal duty, not consent
    for key, records in found.items():
        assert personal_data.source(key).erase(records, actor=focal_officer) == 1
    assert traces(subject, Journalist, Trainer, ReporterVisit) == []
    visit.refresh_from_db()
    assert visit.outlet == "Nhân dân Nhật báo" and "Cửa khẩu Hữu Nghị" in visit.itinerary
    journalist.refresh_from_db()
    assert journalist.consent_withdrawn_at is not None and journalist.agency == newspaper
    assert personal_data.find_all(subject) == {}


def test_public_registration_needs_consent(client, course):
    url = f"/activities/r/{course.registration_token}/"
    data = {
        "full_name": "Hoàng Thị Mai",
        "organisation": "UBND xã Đồng Đăng",
        "audience": "border",
        "email": "mai@example.vn",
    }
    assert client.post(url, data).status_code == 400
    assert not Participant.objects.exists()
    assert client.post(url, data | {"consent": "on"}).status_code == 302
    mai = Participant.objects.get()
    assert mai.consent_source and mai.consent_date is not None


def test_every_source_exports_its_columns_and_keeps_an_earlier_withdrawal(
    registered, course, press_task, focal_officer, unit_officer, border_guard, lang_son
):
    """The four sources are rows of one table-driven implementation: each shows its own columns, and a
    consent withdrawn before the erasure keeps the date the person withdrew it, whichever table holds it."""
    from ttdn.directory.models import Unit

    hoa, _other = registered
    newspaper = Unit.objects.get(code="bao-va-phat-thanh-truyen-hinh-lang-son")
    journalist = services.journalist_create(
        actor=focal_officer, agency=newspaper, name="Hoàng Thu Trang", email="trang@baols.vn",
        consent_source="Thư đồng ý", consent_date=datetime.date(2026, 1, 2),
    )  # fmt: skip
    services.trainer_add(actor=unit_officer, course=course, name="Hoàng Thu Trang", position="Báo Lạng Sơn")
    services.visit_create(
        actor=focal_officer, task=press_task, reporter="Hoàng Thu Trang", outlet="VTV4", country="Việt Nam",
        starts_on=datetime.date(2026, 3, 16), ends_on=datetime.date(2026, 3, 18), accompanying_unit=border_guard,
    )  # fmt: skip
    withdrawn = datetime.datetime(2026, 2, 1, 9, 0, tzinfo=datetime.UTC)
    Journalist.objects.filter(pk=journalist.pk).update(consent_withdrawn_at=withdrawn)
    Participant.objects.filter(pk=hoa.pk).update(consent_withdrawn_at=withdrawn)

    exported = {
        key: personal_data.source(key).export(records)
        for key, records in personal_data.find_all(Subject(full_name="Hoàng Thu Trang")).items()
    }
    assert set(exported) == {"activities.journalist", "activities.trainer", "activities.reporter_visit"}

    def label(model, column):  # the column's verbose name, in the active language
        return str(model._meta.get_field(column).verbose_name)

    assert exported["activities.trainer"]["records"][0][label(Trainer, "position")] == "Báo Lạng Sơn"
    assert exported["activities.reporter_visit"]["records"][0]["record"] == "VTV4 · 16/03/2026"
    journalist_row = exported["activities.journalist"]["records"][0]
    assert (
        journalist_row[label(Journalist, "email")] == "trang@baols.vn"
        and journalist_row["consent_withdrawn_at"] == withdrawn
    )

    for key, subject in (
        ("activities.journalist", Subject(email="trang@baols.vn")),
        ("activities.participant", Subject(email="hoa@example.vn")),
    ):
        source = personal_data.source(key)
        assert source.erase(source.find(subject), actor=focal_officer) == 1
    journalist.refresh_from_db()
    hoa.refresh_from_db()
    assert journalist.consent_withdrawn_at == withdrawn and hoa.consent_withdrawn_at == withdrawn
    assert journalist.name == TOMBSTONE and journalist.email == "" and hoa.full_name == TOMBSTONE
