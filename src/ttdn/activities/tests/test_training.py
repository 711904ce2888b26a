"""Courses: set-up rights, public registration with duplicate refusal, check-in, survey, certificates."""

import io

import docx
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from ttdn.activities import selectors, services
from ttdn.activities.models import Course, CourseMaterial, Participant
from ttdn.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def register(course, **overrides):
    data = {
        "course": course,
        "full_name": "Nguyễn Văn An",
        "organisation": "UBND xã Đồng Đăng",
        "audience": "officials",
        "email": "an@example.vn",
    }
    data.update(overrides)
    return services.participant_register(**data)


def test_unit_officer_of_the_lead_unit_sets_up_a_course(course, unit_officer):
    assert course.sessions.count() == 1
    assert course.topics == "Chủ quyền biên giới\nNhân quyền"
    assert len(course.registration_token) >= 32
    assert AuditEvent.objects.filter(action="activities.course_create", object_id=str(course.pk)).exists()


def test_other_units_and_province_leaders_cannot_edit(course, other_officer, reader, focal_officer):
    with pytest.raises(services.ActivityError):
        services.trainer_add(actor=other_officer, course=course, name="Ai đó")
    with pytest.raises(services.ActivityError):
        services.trainer_add(actor=reader, course=course, name="Ai đó")
    # The focal department edits every activity of its plan.
    assert services.trainer_add(actor=focal_officer, course=course, name="Trần Văn Bình").pk
    with pytest.raises(Http404):
        selectors.access_object(user=other_officer, queryset=Course.objects, pk=course.pk)
    assert selectors.access_object(user=reader, queryset=Course.objects, pk=course.pk) == course
    with pytest.raises(PermissionDenied):
        selectors.access_object(user=reader, queryset=Course.objects, pk=course.pk, edit=True)


def test_registration_is_nfc_and_refuses_the_same_person_twice(course):
    decomposed = "Nguye\u0302\u0303n Va\u0306n An"
    participant = register(course, full_name=decomposed, email="AN@example.vn", phone="+84 912 345 678")
    assert participant.full_name == "Nguyễn Văn An"
    assert participant.email == "an@example.vn"
    assert participant.phone == "0912345678"
    with pytest.raises(services.ActivityError, match=r"e-mail|thư điện tử"):
        register(course, email="an@example.vn")
    with pytest.raises(services.ActivityError, match=r"phone|điện thoại"):
        register(course, email="khac@example.vn", phone="0912 345 678")
    with pytest.raises(services.ActivityError, match="Nguyễn Văn An"):
        register(course, full_name="nguyen van an", email="khac@example.vn", organisation="ubnd xa dong dang")
    assert course.participants.count() == 1


@pytest.mark.parametrize(
    "overrides",
    [{"full_name": " "}, {"audience": "tourists"}, {"email": "", "phone": ""}],
)
def test_bad_registrations_write_nothing(course, overrides):
    with pytest.raises(services.ActivityError):
        register(course, **overrides)
    assert not Participant.objects.exists()


def test_closed_or_full_course_refuses(course, unit_officer):
    course.capacity = 1
    course.save()
    register(course)
    with pytest.raises(services.ActivityError):
        register(course, email="b@example.vn", full_name="Lê Thị Bích")
    services.registration_toggle(actor=unit_officer, course=course, open_=False)
    course.capacity = None
    course.save()
    with pytest.raises(services.ActivityError):
        register(course, email="b@example.vn", full_name="Lê Thị Bích")


def test_check_in_by_signed_token_once(course, unit_officer):
    participant = register(course)
    token = services.checkin_token(participant)
    assert services.participant_from_token(token, salt=services.CHECKIN_SALT) == participant
    assert services.participant_from_token(token + "x", salt=services.CHECKIN_SALT) is None
    # A survey token does not check anyone in, and vice versa.
    assert services.participant_from_token(token, salt=services.SURVEY_SALT) is None
    assert services.participant_check_in(actor=unit_officer, participant=participant) is True
    assert services.participant_check_in(actor=unit_officer, participant=participant) is False
    participant.refresh_from_db()
    assert participant.checked_in_by == unit_officer


def test_evaluation_once_per_participant(course):
    participant = register(course)
    services.evaluation_submit(
        participant=participant, content_rating=5, trainer_rating=4, organisation_rating=3
    )
    with pytest.raises(services.ActivityError):
        services.evaluation_submit(
            participant=participant, content_rating=5, trainer_rating=5, organisation_rating=5
        )
    with pytest.raises(services.ActivityError):
        services.evaluation_submit(
            participant=register(course, email="c@example.vn", full_name="Hà Văn C"),
            content_rating=6,
            trainer_rating=5,
            organisation_rating=5,
        )
    summary = selectors.evaluation_summary(course)
    assert (summary.answers, summary.content, summary.trainers) == (1, 5, 4)


def test_material_checked_by_type_and_size(course, unit_officer, settings):
    settings.TTDN_MAX_ACTIVITY_FILE_BYTES = 100
    pdf = SimpleUploadedFile("bai-giang.pdf", b"%PDF-1.7 tai lieu")
    material = services.material_add(actor=unit_officer, course=course, uploaded_file=pdf)
    assert material.content_type == "application/pdf"
    with pytest.raises(services.ActivityError):
        services.material_add(
            actor=unit_officer, course=course, uploaded_file=SimpleUploadedFile("x.exe", b"MZ..")
        )
    with pytest.raises(services.ActivityError):
        services.material_add(
            actor=unit_officer, course=course, uploaded_file=SimpleUploadedFile("x.pdf", b"MZ not pdf")
        )
    with pytest.raises(services.ActivityError):
        services.material_add(
            actor=unit_officer,
            course=course,
            uploaded_file=SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * 200),
        )
    assert CourseMaterial.objects.count() == 1


def test_certificate_docx_in_nd30_layout(course, unit_officer, client):
    participant = register(course)
    services.participant_check_in(actor=unit_officer, participant=participant)
    client.force_login(unit_officer)
    response = client.get(f"/activities/participants/{participant.pk}/certificate.docx")
    assert response.status_code == 200
    text = docx_text(response.content)
    assert "GIẤY CHỨNG NHẬN" in text
    assert "Nguyễn Văn An" in text
    assert "ngày 12/05/2026" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text


def test_certificate_refused_for_someone_who_did_not_attend(course, unit_officer, client):
    participant = register(course)
    client.force_login(unit_officer)
    assert client.get(f"/activities/participants/{participant.pk}/certificate.docx").status_code == 400
