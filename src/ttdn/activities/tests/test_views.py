"""Pages render for each role; scoping: other units 404, province leaders read-only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ttdn.activities import services

pytestmark = pytest.mark.django_db

PAGES = [
    "/activities/",
    "/activities/courses/",
    "/activities/budget/",
    "/activities/visits/",
    "/activities/events/",
    "/activities/content/",
    "/activities/clusters/",
    "/activities/directives/",
]


@pytest.mark.parametrize("username", ["unit_officer", "reader", "other_officer", "focal_officer"])
def test_every_list_page_renders(client, request, username, course):
    client.force_login(request.getfixturevalue(username))
    for url in PAGES:
        assert client.get(url).status_code == 200, url


def test_course_scoping(client, course, unit_officer, other_officer, reader):
    url = f"/activities/courses/{course.pk}/"
    client.force_login(other_officer)
    assert client.get(url).status_code == 404
    client.force_login(reader)
    response = client.get(url)
    assert response.status_code == 200 and b'id="add-session"' not in response.content
    assert client.post(f"{url}add/trainer/", {"trainer-name": "X"}).status_code == 403
    client.force_login(unit_officer)
    response = client.post(f"{url}add/trainer/", {"trainer-name": "Trần Văn Bình"}, follow=True)
    assert "Trần Văn Bình" in response.content.decode()


def test_course_page_adds_a_session_and_rejects_bad_input(client, course, unit_officer):
    client.force_login(unit_officer)
    url = f"/activities/courses/{course.pk}/add/session/"
    bad = client.post(
        url,
        {
            "session-starts_at": "2026-05-13T14:00",
            "session-ends_at": "2026-05-13T13:00",
            "session-place": "Hội trường",
        },
        follow=True,
    )
    assert course.sessions.count() == 1
    assert b"messages" in bad.content
    client.post(
        url,
        {
            "session-starts_at": "13/05/2026 13:30",
            "session-ends_at": "13/05/2026 17:00",
            "session-place": "Hội trường",
        },
    )
    assert course.sessions.count() == 2


def test_material_download_is_permission_checked(client, course, unit_officer, other_officer):
    material = services.material_add(
        actor=unit_officer, course=course, uploaded_file=SimpleUploadedFile("bai-giang.pdf", b"%PDF-1.7 x")
    )
    client.force_login(other_officer)
    assert client.get(f"/activities/materials/{material.pk}/").status_code == 404
    client.force_login(unit_officer)
    response = client.get(f"/activities/materials/{material.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.7 x"


def test_public_pages_need_a_valid_token(client, course):
    assert client.get("/activities/r/not-a-token/").status_code == 404
    assert client.get("/activities/badge/forged/").status_code == 404
    assert client.get("/activities/survey/forged/").status_code == 404
    response = client.get(f"/activities/r/{course.registration_token}/")
    assert response.status_code == 200 and "Hội trường Bộ Chỉ huy BĐBP tỉnh" in response.content.decode()


def test_survey_through_the_badge_link(client, course):
    participant = services.participant_register(
        course=course,
        full_name="Lê Văn Đức",
        organisation="Báo Lạng Sơn",
        audience="officials",
        phone="0912000111",
    )
    url = f"/activities/survey/{services.survey_token(participant)}/"
    answers = {"content_rating": "5", "trainer_rating": "4", "organisation_rating": "4", "comment": "Bổ ích"}
    assert client.post(url, answers).status_code == 302
    assert participant.evaluation.comment == "Bổ ích"
    again = client.get(url)
    assert b'id="survey-done"' in again.content


def test_badges_page_has_one_qr_per_participant(client, course, unit_officer):
    for i in range(3):
        services.participant_register(
            course=course,
            full_name=f"Học viên {i}",
            organisation="UBND xã",
            audience="officials",
            email=f"h{i}@example.vn",
        )
    client.force_login(unit_officer)
    content = client.get(f"/activities/courses/{course.pk}/badges/").content.decode()
    assert content.count('class="badge-card"') == 3
    assert content.count("<svg") == 3
