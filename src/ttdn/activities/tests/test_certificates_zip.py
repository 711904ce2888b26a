"""A whole course's certificates as one ZIP, built on the worker (``ttdn.core.generated``): the request
answers at once with a page that polls itself, the file is downloaded by people who may see the course
(audited), classification marks still hide a document from users without clearance, and a course with no
attendee is refused before anything is queued."""

import io
import zipfile

import docx
import pytest
from django.core.management import call_command

from ttdn.activities import services
from ttdn.activities.models import CourseDocument, Participant
from ttdn.core.classification import Classification
from ttdn.core.models import AuditEvent
from ttdn.core.personal_data import Subject
from ttdn.core.tests.workers import DB_TASKS

SIGNER = {
    "signer-signer_authority": "KT. CHỈ HUY TRƯỞNG",
    "signer-signer_title": "PHÓ CHỈ HUY TRƯỞNG",
    "signer-signer_name": "Hoàng Văn Thái",
}
PEOPLE = [
    ("Nguyễn Văn An", "an@example.vn"),
    ("Lý Thị Bích", "bich@example.vn"),
    ("Vi Văn Cường", "cuong@example.vn"),
]


def _participants(course, officer, *, attended: int) -> list[Participant]:
    people = [
        services.participant_register(
            course=course, full_name=name, organisation="UBND xã Đồng Đăng", audience="officials", email=email
        )
        for name, email in PEOPLE
    ]
    for person in people[:attended]:
        services.participant_check_in(actor=officer, participant=person)
    return people


def _docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.mark.django_db(transaction=True)
def test_zip_is_built_by_the_db_worker_and_downloaded_with_an_audit(settings, course, unit_officer, client):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DB_TASKS
    people = _participants(course, unit_officer, attended=2)
    client.force_login(unit_officer)

    asked = client.post(f"/activities/courses/{course.pk}/certificates/", SIGNER)
    assert asked.status_code == 302
    document = CourseDocument.objects.get()
    assert asked["Location"] == f"/activities/courses/{course.pk}/documents/{document.token}/"
    # Answered at once: the build is a row in the queue, not work done in the request.
    assert document.status == "pending" and not document.file
    assert (
        DBTaskResult.objects.filter(task_path__endswith="build_course_document", status="READY").count() == 1
    )
    pending = client.get(asked["Location"]).content.decode()
    assert 'hx-trigger="every 2s"' in pending and "generated-download" not in pending
    assert client.get(f"{asked['Location']}file/").status_code == 404  # not built yet

    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")

    document.refresh_from_db()
    assert document.status == "ready" and document.file.name.endswith(f"giay-chung-nhan-{course.pk}.zip")
    fragment = client.get(asked["Location"], headers={"HX-Request": "true"}).content.decode()
    assert 'id="generated-download"' in fragment and "every 2s" not in fragment and "<html" not in fragment
    download = client.get(f"{asked['Location']}file/")
    assert download.status_code == 200
    assert f'filename="giay-chung-nhan-{course.pk}.zip"' in download["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert sorted(archive.namelist()) == sorted(
        f"giay-chung-nhan-{slug}-{p.pk}.docx"
        for slug, p in (("nguyen-van-an", people[0]), ("ly-thi-bich", people[1]))
    )
    first = _docx_text(archive.read(f"giay-chung-nhan-nguyen-van-an-{people[0].pk}.docx"))
    # The signer typed with the request, the ND30 layout, and the course's own facts.
    assert "GIẤY CHỨNG NHẬN" in first and "Nguyễn Văn An" in first and "Vi Văn Cường" not in first
    assert "Hoàng Văn Thái" in first and "KT. CHỈ HUY TRƯỞNG" in first and "ngày 12/05/2026" in first

    requested = AuditEvent.objects.get(action="activities.certificates_requested")
    assert requested.actor_id == unit_officer.pk and requested.object_id == str(course.pk)
    assert requested.changes["attended"] == 2 and requested.changes["document"] == str(document.token)
    downloaded = AuditEvent.objects.get(action="activities.course_document_downloaded")
    assert downloaded.actor_id == unit_officer.pk and downloaded.changes == {"document": str(document.token)}

    # The course page lists it, so someone who left the waiting page finds it again.
    detail = client.get(f"/activities/courses/{course.pk}/").content.decode()
    assert f"/activities/courses/{course.pk}/documents/{document.token}/" in detail


@pytest.mark.django_db
def test_only_people_who_see_the_course_get_the_file(
    course, unit_officer, other_officer, reader, focal_officer, client, django_capture_on_commit_callbacks
):
    _participants(course, unit_officer, attended=1)
    client.force_login(unit_officer)
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(f"/activities/courses/{course.pk}/certificates/", SIGNER)
    page, file_url = asked["Location"], f"{asked['Location']}file/"
    document = CourseDocument.objects.get()
    assert document.status == "ready"

    # A unit with no part in the task: the course, its page and its file do not exist for them.
    client.force_login(other_officer)
    assert client.get(page).status_code == 404
    assert client.get(file_url).status_code == 404
    assert client.post(f"/activities/courses/{course.pk}/certificates/", SIGNER).status_code == 404
    # The province leader reads the course, so reads its file; asking for a new build is a change: 403.
    client.force_login(reader)
    assert client.get(file_url).status_code == 200
    assert client.post(f"/activities/courses/{course.pk}/certificates/", SIGNER).status_code == 403
    # Another course's id with this token is not a way round the rights.
    other_course = services.course_create(
        actor=focal_officer, task=course.task, title="Lớp khác", organiser=course.organiser
    )
    assert client.get(f"/activities/courses/{other_course.pk}/documents/{document.token}/").status_code == 404
    assert CourseDocument.objects.count() == 1

    # A mark above the reader's clearance hides the document like anything else they may not see; a
    # cleared read of a classified document is audited as such.
    CourseDocument.objects.filter(pk=document.pk).update(classification=Classification.SECRET)
    assert client.get(page).status_code == 404 and client.get(file_url).status_code == 404
    CourseDocument.objects.filter(pk=document.pk).update(classification=Classification.CONFIDENTIAL)
    assert client.get(file_url).status_code == 200
    assert AuditEvent.objects.filter(
        action="classified.download", actor=reader, object_id=str(document.pk)
    ).exists()
    client.force_login(unit_officer)  # an officer's clearance is Thường
    assert client.get(file_url).status_code == 404


@pytest.mark.django_db
def test_nobody_attended_is_refused_in_vietnamese_and_nothing_is_queued(
    course, unit_officer, client, django_capture_on_commit_callbacks
):
    _participants(course, unit_officer, attended=0)
    client.force_login(unit_officer)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(f"/activities/courses/{course.pk}/certificates/", SIGNER, follow=True)
    assert response.redirect_chain == [(f"/activities/courses/{course.pk}/", 302)]
    assert "Chưa có học viên nào điểm danh: chưa có giấy chứng nhận để cấp." in response.content.decode()
    assert callbacks == [] and not CourseDocument.objects.exists()
    assert not AuditEvent.objects.filter(action="activities.certificates_requested").exists()

    # A request without the signer's name is refused the same way: nothing written, nothing queued.
    Participant.objects.filter(course=course).update(checked_in_at="2026-05-12T08:30:00+07:00")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            f"/activities/courses/{course.pk}/certificates/",
            SIGNER | {"signer-signer_name": ""},
            follow=True,
        )
    assert "Họ tên người ký" in response.content.decode()
    assert callbacks == [] and not CourseDocument.objects.exists()
    # Certificates are asked for with a POST: a GET (an old bookmark, a link preview) builds nothing.
    assert client.get(f"/activities/courses/{course.pk}/certificates/").status_code == 405


@pytest.mark.django_db
def test_attendees_gone_before_the_build_fail_with_the_reason(
    course, unit_officer, client, django_capture_on_commit_callbacks
):
    _participants(course, unit_officer, attended=1)
    client.force_login(unit_officer)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        asked = client.post(f"/activities/courses/{course.pk}/certificates/", SIGNER)
    Participant.objects.filter(course=course).delete()  # removed in the admin before the worker came
    callbacks[0]()
    document = CourseDocument.objects.get()
    assert document.status == "failed" and document.error == "nobody_attended" and not document.file
    page = client.get(asked["Location"]).content.decode()
    assert "Chưa có học viên nào điểm danh" in page and "every 2s" not in page
    # Running the task again (a retry, a second worker) changes nothing.
    assert services.course_document_build(document=document).status == "failed"


@pytest.mark.django_db
def test_erasing_a_participant_removes_the_certificates_that_name_them(
    course, unit_officer, focal_officer, client, django_capture_on_commit_callbacks
):
    from ttdn.core import personal_data

    _participants(course, unit_officer, attended=2)
    client.force_login(unit_officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/activities/courses/{course.pk}/certificates/", SIGNER)
    document = CourseDocument.objects.get()
    storage, name = document.file.storage, document.file.name
    assert storage.exists(name)

    source = personal_data.source("activities.participant")
    with django_capture_on_commit_callbacks(execute=True):
        source.erase(source.find(Subject(email="an@example.vn")), actor=focal_officer)
    # The ZIP held the person's name in every certificate: it goes, and can be built again without them.
    assert not CourseDocument.objects.exists() and not storage.exists(name)
