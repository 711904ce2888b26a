import pytest

from ttdn.plans.models import Plan

from .conftest import SEED

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_seed_upload_preview_confirm_plan_page(page, live_server, login, lang_son, focal_officer):
    login("chuyenvien")
    page.goto(f"{live_server.url}/plans/upload/")
    page.set_input_files("input[type=file]", str(SEED))
    page.click("#upload-submit")

    page.wait_for_selector("#preview-tasks")
    assert page.locator("#preview-tasks tbody tr").count() == 17
    assert (
        page.locator("#preview-tasks tr[data-code='II.4.1']")
        .inner_text()
        .count("Bộ Chỉ huy Bộ đội Biên phòng")
        >= 1
    )
    assert page.locator("#preview-tasks .unresolved").count() == 0

    page.select_option("#focal_unit", "so-van-hoa-the-thao-va-du-lich")
    page.click("#confirm-import")
    page.wait_for_selector("#tasks")
    plan = Plan.objects.get()
    assert page.url == f"{live_server.url}/plans/{plan.pk}/"
    assert page.locator("#tasks tbody tr").count() == 17
    assert "17" in page.locator("#task-count").inner_text()

    # The htmx filter narrows the table without a page load.
    page.select_option("select[name=unit]", "bo-chi-huy-bo-doi-bien-phong-tinh")
    page.wait_for_function("document.querySelectorAll('#tasks tbody tr').length < 17")
    assert page.locator("#tasks tr[data-code='II.4.1']").count() == 1
    assert page.locator("#tasks tr[data-code='II.6']").count() == 0
    assert "unit=bo-chi-huy-bo-doi-bien-phong-tinh" in page.url
