"""Browser flows of the trust pages: audit search, and the two-factor setup and check."""

import pytest

from ttdn.core import audit
from ttdn.core.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_audit_search_filters_with_htmx_and_pages(page, live_server, login, admin):
    focal_officer = User.objects.create_user(username="chuyenvien", full_name="Nguyễn Thị Lan")
    for i in range(51):
        audit.record(actor=admin, action=f"demo.step{i:02d}")
    audit.record(actor=focal_officer, action="plan.import", obj=focal_officer)
    login("admin")
    page.goto(f"{live_server.url}/audit/")
    assert page.locator("tr.audit-event").count() == 50
    page.fill("input[name=actor]", "chuyenvien")
    page.wait_for_function("document.querySelectorAll('tr.audit-event').length === 1")
    assert "plan.import" in page.locator("tr.audit-event").inner_text()
    assert "actor=chuyenvien" in page.url
    page.fill("input[name=actor]", "")
    page.fill("input[name=action]", "demo.step")
    # The answer to both fields, not to the cleared actor alone (also 50 rows) if the fills came slowly.
    page.wait_for_function(
        "location.search.includes('action=demo.step') && !location.search.includes('actor=c')"
    )
    page.wait_for_function("document.querySelectorAll('tr.audit-event').length === 50")
    page.click("#audit-older")
    page.wait_for_function("document.querySelectorAll('tr.audit-event').length === 1")
    assert "demo.step00" in page.locator("tr.audit-event").inner_text()
    with page.expect_download() as download:
        page.click("#audit-export")
    assert download.value.suggested_filename == "nhat-ky-kiem-toan.csv"
