import io
import zipfile

import openpyxl
import pytest

pytestmark = pytest.mark.django_db


def test_focal_downloads_report_urging_letters_and_matrix(
    client, seed_plan, focal_officer, django_capture_on_commit_callbacks
):
    client.force_login(focal_officer)
    period = seed_plan.periods.get(label="Quý II/2021")
    page = client.get(f"/plans/{seed_plan.pk}/report/")
    assert page.status_code == 200 and "Quý II/2021" in page.content.decode()
    response = client.post(
        f"/plans/{seed_plan.pk}/report/",
        {"period": period.pk, "signer_title": "PHÓ GIÁM ĐỐC", "output": "docx"},
    )
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert "attachment" in response["Content-Disposition"]
    bad = client.post(
        f"/plans/{seed_plan.pk}/report/", {"period": 999999, "signer_title": "", "output": "docx"}
    )
    assert bad.status_code == 400 and "errorlist" in bad.content.decode()

    # Today the whole 2021 plan is overdue: every lead unit gets a letter.
    urging = client.get(f"/plans/{seed_plan.pk}/urging/").content.decode()
    assert "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Lạng Sơn" in urging
    # The ZIP is built on the worker: the request answers with the document's page at once.
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(f"/plans/{seed_plan.pk}/urging/", {"what": "zip"})
    assert asked.status_code == 302
    status = client.get(asked["Location"]).content.decode()
    assert 'id="generated-download"' in status
    download = client.get(f"{asked['Location']}file/")
    assert download.status_code == 200 and 'filename="don-doc.zip"' in download["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert archive.namelist() and all(
        name.endswith(".docx") and name.isascii() for name in archive.namelist()
    )

    workbook = openpyxl.load_workbook(io.BytesIO(client.get(f"/plans/{seed_plan.pk}/matrix.xlsx").content))
    assert workbook.active.max_row > 17


def test_unit_staff_cannot_generate_province_documents(client, seed_plan, unit_officer):
    client.force_login(unit_officer)
    assert client.get(f"/plans/{seed_plan.pk}/report/").status_code == 403
    assert client.post(f"/plans/{seed_plan.pk}/urging/", {"what": "zip"}).status_code == 403
    assert client.get(f"/plans/{seed_plan.pk}/matrix.xlsx").status_code == 403


def test_generated_documents_are_for_the_plans_focal_staff_only(
    client, seed_plan, focal_officer, other_officer, reader, django_capture_on_commit_callbacks
):
    from ttdn.plans.models import GeneratedDocument

    client.force_login(focal_officer)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        asked = client.post(f"/plans/{seed_plan.pk}/urging/", {"what": "all"})
    document = GeneratedDocument.objects.get()
    assert len(callbacks) == 1 and document.status == "pending" and document.kind == "urging_all"
    pending = client.get(asked["Location"]).content.decode()
    assert 'hx-trigger="every 2s"' in pending and "generated-download" not in pending
    assert client.get(f"{asked['Location']}file/").status_code == 404  # not built yet
    callbacks[0]()  # the worker runs the task
    document.refresh_from_db()
    assert document.status == "ready" and document.file.name.endswith(".docx")
    fragment = client.get(asked["Location"], headers={"HX-Request": "true"}).content.decode()
    assert "generated-download" in fragment and "every 2s" not in fragment

    for outsider in (other_officer, reader):
        client.force_login(outsider)
        assert client.get(asked["Location"]).status_code in (403, 404)
        assert client.get(f"{asked['Location']}file/").status_code in (403, 404)


def test_nothing_to_urge_is_refused_before_queueing(client, seed_plan, focal_officer):
    from ttdn.plans.models import Assignment, GeneratedDocument

    Assignment.objects.filter(task__plan=seed_plan).update(extended_end="2099-12-31")
    client.force_login(focal_officer)
    response = client.post(f"/plans/{seed_plan.pk}/urging/", {"what": "zip"}, follow=True)
    assert "Không có đơn vị nào có nhiệm vụ quá hạn" in response.content.decode()
    assert not GeneratedDocument.objects.exists()
