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
    assert response.status_code == 403
    assert PlanImport.objects.count() == 0
    assert client.get("/plans/").status_code == 200


def test_unit_uploads_its_own_plan_and_links_it(
    client, unit_officer, seed_plan, django_capture_on_commit_callbacks
):
    own_plan = """KẾ HOẠCH
Thông tin đối ngoại của Bộ Chỉ huy Bộ đội Biên phòng tỉnh năm 2021

I. NHIỆM VỤ

1. Tuyên truyền bảo vệ chủ quyền biên giới tại các đồn biên phòng
- Đơn vị chủ trì: Bộ Chỉ huy Bộ đội Biên phòng tỉnh.
- Thời gian: Quý III/2021.
"""
    client.force_login(unit_officer)
    assert client.get("/plans/upload/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/plans/upload/",
            {"file": SimpleUploadedFile("kh-bdbp.txt", own_plan.encode()), "unit_plan_for": seed_plan.pk},
        )
    assert response.status_code == 302, response.content.decode()[:1500]
    plan_import = PlanImport.objects.get(owner_unit__code="bo-chi-huy-bo-doi-bien-phong-tinh")
    assert client.get(response["Location"]).status_code == 200
    response = client.post(f"/plans/imports/{plan_import.pk}/confirm/")
    unit_plan = Plan.objects.get(parent_plan=seed_plan)
    assert (
        unit_plan.focal_unit == seed_plan.focal_unit
        and unit_plan.owner_unit.code == "bo-chi-huy-bo-doi-bien-phong-tinh"
    )
    task = unit_plan.tasks.get()
    served = seed_plan.tasks.get(code="II.4.1")
    client.post(f"/plans/tasks/{task.pk}/link/", {"serves": [served.pk]})
    assert list(task.serves.all()) == [served]
    page = client.get(f"/plans/{unit_plan.pk}/").content.decode()
    assert "II.4.1" in page


def test_admin_edit_of_a_task_shows_at_once_on_the_cached_plan_page(client, admin, seed_plan):
    import re

    def task_row(code: str) -> str:
        html = client.get(f"/plans/{seed_plan.pk}/").content.decode()
        return re.search(rf'<tr data-code="{re.escape(code)}">.*?</tr>', html, re.S).group(0)

    client.force_login(admin)
    assert "Tiêu đề sửa trong trang quản trị" not in task_row("II.6")  # the table is now cached
    task = seed_plan.tasks.get(code="II.6")
    form = client.get(f"/admin/plans/task/{task.pk}/change/")
    # Post the admin's own form, as an administrator would, changing only the title.
    data = {k: v for k, v in form.context["adminform"].form.initial.items() if v is not None}
    data.update(plan=seed_plan.pk, title="Tiêu đề sửa trong trang quản trị", warnings="[]")
    data.update(start="2021-01-01", end="2021-12-31")
    data.pop("serves", None)
    for formset in form.context["inline_admin_formsets"]:
        data[f"{formset.formset.prefix}-TOTAL_FORMS"] = "0"
        data[f"{formset.formset.prefix}-INITIAL_FORMS"] = "0"
    assert client.post(f"/admin/plans/task/{task.pk}/change/", data).status_code == 302
    assert "Tiêu đề sửa trong trang quản trị" in task_row("II.6")
