import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ttdn.conftest import FOCAL_UNIT
from ttdn.plans.models import Plan, PlanImport

pytestmark = pytest.mark.django_db


def _upload_seed(client, seed_text, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/plans/upload/", {"file": SimpleUploadedFile("ke-hoach-2021.txt", seed_text.encode())}
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def test_upload_preview_confirm_and_plan_page(
    client, focal_officer, lang_son, seed_text, django_capture_on_commit_callbacks
):
    client.force_login(focal_officer)
    preview_url = _upload_seed(client, seed_text, django_capture_on_commit_callbacks)
    preview = client.get(preview_url).content.decode()
    assert preview.count('<tr data-code="') == 17
    assert "Sở Thông tin và Truyền thông tỉnh Lạng Sơn" in preview
    assert "UBND các huyện, thành phố" in preview and "11 đơn vị" in preview

    plan_import = PlanImport.objects.get()
    response = client.post(f"/plans/imports/{plan_import.pk}/confirm/", {"focal_unit": FOCAL_UNIT})
    plan = Plan.objects.get()
    assert response["Location"] == f"/plans/{plan.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert page.count('<tr data-code="') == 17
    # The 2021 lead no longer exists: the page says who holds its functions today.
    assert "Sở Văn hóa, Thể thao và Du lịch tỉnh Lạng Sơn" in page

    only_q2 = client.get(f"/plans/{plan.pk}/?quarter=2", headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in only_q2 and 'data-code="II.2"' in only_q2
    by_unit = client.get(f"/plans/{plan.pk}/?unit=bo-chi-huy-bo-doi-bien-phong-tinh").content.decode()
    assert 'data-code="II.4.1"' in by_unit and 'data-code="II.6"' not in by_unit

    unit_page = client.get("/plans/units/so-ke-hoach-va-dau-tu/").content.decode()
    assert 'data-code="II.6"' in unit_page

    original = client.get(f"/plans/imports/{plan_import.pk}/original/")
    assert b"".join(original.streaming_content).decode() == seed_text


def test_bad_upload_shows_a_vietnamese_error(client, focal_officer, lang_son):
    client.force_login(focal_officer)
    response = client.post("/plans/upload/", {"file": SimpleUploadedFile("anh.png", b"\x89PNG....")})
    assert response.status_code == 400
    assert "Loại tệp không được hỗ trợ" in response.content.decode()
    assert PlanImport.objects.count() == 0


def test_failed_parse_is_shown_with_its_reason(
    client, focal_officer, lang_son, django_capture_on_commit_callbacks
):
    client.force_login(focal_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/plans/upload/", {"file": SimpleUploadedFile("hong.docx", b"PK\x03\x04garbage")}
        )
    page = client.get(response["Location"]).content.decode()
    assert 'id="import-error"' in page


def test_readers_cannot_import(client, reader, lang_son, seed_text):
    client.force_login(reader)
    response = client.post("/plans/upload/", {"file": SimpleUploadedFile("k.txt", seed_text.encode())})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert PlanImport.objects.count() == 0
    assert client.get("/plans/").status_code == 200
