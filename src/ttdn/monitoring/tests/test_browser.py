"""In chromium: the stream search, a rebuttal case's life, the digest download."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from ttdn.core.text import fold
from ttdn.monitoring.models import Article, Case, Source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _article(source, n, title, text, days=0):
    return Article.objects.create(
        source=source,
        url=f"https://tin.example/{n}",
        url_hash=f"{n:032d}",
        title=title,
        text=text,
        text_folded=fold(f"{title}\n{text}"),
        published_at=timezone.now() - datetime.timedelta(days=days),
        fetched_at=timezone.now(),
        relevant=True,
        relevance_score=0.9,
        topics=["economy_trade"],
    )


@pytest.fixture
def press(lang_son, focal_officer):
    focal_officer.user_permissions.add(
        Permission.objects.get(content_type__app_label="monitoring", codename="add_source")
    )
    source = Source.objects.create(name="Trang tin X", url="https://tin.example/rss")
    _article(source, 1, "Tin đồn đóng cửa khẩu Hữu Nghị", "Có tin cửa khẩu Hữu Nghị đóng cửa vô thời hạn.")
    _article(source, 2, "Mẫu Sơn đón khách", "Du lịch Lạng Sơn khởi sắc.", days=1)
    _article(source, 3, "Chợ Đông Kinh sau cải tạo", "Tiểu thương Lạng Sơn buôn bán thuận lợi.", days=2)
    return source


def test_search_then_case_from_open_to_closed(page, live_server, login, press):
    login("chuyenvien")
    page.goto(f"{live_server.url}/monitoring/")
    assert page.locator("#articles tr.article").count() == 3
    page.locator("#id_q").press_sequentially("huu nghi")  # no tones: the folded index finds "Hữu Nghị"
    # The whole query's answer, not one for its first letters: its URL is pushed (bookmarkable).
    page.wait_for_function("location.search.includes('q=huu%20nghi')")
    assert page.locator("#articles tr.article").count() == 1
    # Leaving the search box must not search again: that request's pushState would cancel the
    # navigation the click started (a flaky CI run once stayed on the stream page).
    searches = []
    page.on(
        "request", lambda request: searches.append(request.url) if "/monitoring/?" in request.url else None
    )
    page.locator("#id_q").blur()
    page.wait_for_timeout(300)
    assert searches == []
    page.click("#articles a.open-case")
    page.wait_for_url("**/monitoring/cases/new/**")
    page.fill("#id_claim", "Cửa khẩu Hữu Nghị đóng cửa vô thời hạn.")
    page.click("#case-open-submit")
    page.wait_for_selector("#case-status")
    case = Case.objects.get()
    assert page.url.endswith(f"/monitoring/cases/{case.pk}/")

    page.fill(
        "#case-evidence-form textarea[name=text]", "Ban Quản lý cửa khẩu xác nhận thông quan bình thường."
    )
    page.click("#case-evidence-submit")
    page.wait_for_function("document.querySelectorAll('#case-evidence li:not(.muted)').length === 1")

    page.select_option("#move-status", "investigating")
    page.click("#case-move-submit")
    page.wait_for_function("document.querySelector('#move-status option[value=rebutted]') !== null")

    page.select_option("#move-status", "rebutted")  # without a label: refused, and said so
    page.click("#case-move-submit")
    page.wait_for_selector("#case-error")
    page.select_option("#move-status", "rebutted")
    page.select_option("#move-verdict", "tin_gia")
    page.click("#case-move-submit")
    page.wait_for_selector("#case-verdict")
    assert page.locator("#case-verdict").inner_text() == "Tin giả"

    page.fill("#case-statement-form input[name=statement_url]", "https://langson.gov.vn/bac-bo-tin-gia")
    page.check("#case-statement-form input[name=ministry_notified]")
    page.click("#case-statement-submit")
    page.wait_for_selector("#case-statement")
    page.select_option("#move-status", "closed")
    page.click("#case-move-submit")
    page.wait_for_function("document.querySelectorAll('#case-timeline li').length === 6")
    case.refresh_from_db()
    assert (case.status, case.verdict, case.statement_url) == (
        "closed",
        "tin_gia",
        "https://langson.gov.vn/bac-bo-tin-gia",
    )
    assert case.ministry_notified_at is not None


def test_stream_search_and_digest_download(page, live_server, login, press):
    login("chuyenvien")
    page.goto(f"{live_server.url}/monitoring/")
    page.locator("#id_q").press_sequentially("lang son")
    page.wait_for_function("location.search.includes('q=lang%20son')")
    assert page.locator("#articles tr.article").count() == 2
    page.click("#digest-link")
    page.wait_for_selector("#digest-form")
    with page.expect_download() as download_info:
        page.click("#download-digest")
    download = download_info.value
    assert download.suggested_filename.startswith(
        "tong-hop-bao-chi-"
    ) and download.suggested_filename.endswith(".docx")
    path = download.path()
    with open(path, "rb") as handle:
        assert handle.read(2) == b"PK"  # a DOCX is a zip
