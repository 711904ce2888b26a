"""In chromium: axe-core on every page type (0 violations), and what a reader sees in three languages."""

import json
import os
from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from ttdn.portal.models import (
    ArticlePage,
    PhotoStoryItem,
    PhotoStoryPage,
    PortalDocument,
    PublicationPage,
    QAItem,
    QAPage,
    StandardPage,
    StatementPage,
    TopicPage,
    VideoPage,
)

REPO = Path(__file__).resolve().parents[4]
AXE = Path(os.environ.get("TTDN_AXE_JS", REPO / "node_modules" / "axe-core" / "axe.min.js"))
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"axe-core is required in CI ({AXE}); run `npm ci`")
        pytest.skip("axe-core not installed (npm ci)")
    return AXE.read_text()


@pytest.fixture
def every_page_type(transactional_db, site, add_page, translate, photo):
    topic = add_page(
        TopicPage(
            title="Thương mại và cửa khẩu",
            topic="trade",
            hero=photo,
            show_in_menus=True,
            body="<p>Lạng Sơn có cửa khẩu quốc tế.</p>",
        )
    )
    article = add_page(
        ArticlePage(
            title="Đồng Đăng đón khách",
            lead_image=photo,
            intro="Tin ví dụ.",
            body="<p>Nội dung bài viết.</p>",
        ),
        topic,
    )
    translate(
        article,
        {"en": {article.title: "Đồng Đăng welcomes visitors"}, "zh-hans": {article.title: "同登迎客"}},
    )
    story = PhotoStoryPage(title="Phóng sự ảnh chợ Đông Kinh")
    story.photos = [PhotoStoryItem(image=photo, caption="Chợ buổi sáng")]
    add_page(story, topic)
    captions = PortalDocument.objects.create(
        title="Phụ đề",
        file=ContentFile("WEBVTT\n\n00:00.000 --> 00:01.000\nXin chào\n".encode(), name="phu-de.vtt"),
    )
    add_page(
        VideoPage(
            title="Video lễ hội",
            poster=photo,
            captions=captions,
            transcript="<p>Lời thoại.</p>",
            external_url="https://example.org/video",
        ),
        topic,
    )
    pdf = PortalDocument.objects.create(
        title="Cẩm nang", file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="cam-nang.pdf")
    )
    add_page(
        PublicationPage(title="Cẩm nang đầu tư", document=pdf, cover=photo, authors="Sở VHTTDL", year=2026),
        topic,
    )
    qa = QAPage(title="Hỏi đáp thủ tục")
    qa.questions = [QAItem(question="Cần hộ chiếu không?", answer="Có.")]
    add_page(qa)
    add_page(
        StatementPage(
            title="Cải chính tin đồn", false_claim="Tin đồn.", body="<p>Sự thật.</p>", issued_by="Sở VHTTDL"
        )
    )
    add_page(StandardPage(title="Cơ cấu tổ chức", body="<p>Tổ chức.</p>"))
    return {"topic": topic, "article": article}


def _axe(page, axe_source) -> list[dict]:
    page.evaluate(axe_source)
    result = page.evaluate(
        "async (tags) => { const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});"
        " return {passes: r.passes.length, violations: r.violations}; }",
        WCAG_AA,
    )
    assert result["passes"] > 10  # axe really examined the page
    return [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]]} for v in result["violations"]]


def test_axe_finds_no_violation_on_any_page_type(page, live_server, every_page_type, axe_source):
    from wagtail.models import Page

    urls = [p.url for p in Page.objects.live().filter(locale__language_code="vi", depth__gte=2).specific()]
    urls += ["/en/", "/zh-hans/", f"/en{every_page_type['article'].url[3:]}", "/vi/search/?q=Dong+Dang"]
    failures = {}
    for url in urls:
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        if violations := _axe(page, axe_source):
            failures[url] = violations
    assert failures == {}, json.dumps(failures, ensure_ascii=False, indent=1)


def test_reader_switches_language_and_sees_hreflang(page, live_server, every_page_type):
    article = every_page_type["article"]
    page.goto(live_server.url + article.url)
    assert page.locator('link[hreflang="x-default"]').count() == 1
    page.get_by_role("link", name="简体中文").click()
    page.wait_for_url("**/zh-hans/**")
    assert page.locator("h1").inner_text() == "同登迎客"
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.reload()
    assert requested and all(u.startswith(live_server.url) for u in requested)


def _sign_in(page, live_server, user) -> None:
    """The browser takes over a session made for the user (the login form has its own test)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def _approve_on_dashboard(page, live_server, title: str) -> None:
    """Wagtail's "Awaiting your review" panel: open the row's action menu and approve (no comment)."""
    page.goto(f"{live_server.url}/cms/")
    row = page.locator("tr", has=page.locator("[data-workflow-action-url]")).filter(has_text=title)
    row.locator(".w-dropdown__toggle").click()
    with page.expect_navigation():
        row.locator('button[data-workflow-action-url*="/approve/"]:not([data-launch-modal])').click()


def _translate_in_localize_editor(page, live_server, target_id: int, strings: dict[str, str]) -> None:
    """wagtail-localize's React editor: each segment shows its Vietnamese source; "Translate" opens a text
    box, Enter saves it with a PUT to the segment's URL."""
    page.goto(f"{live_server.url}/cms/pages/{target_id}/edit/")
    for source, translation in strings.items():
        segment = page.locator("li.incomplete", has=page.get_by_text(source, exact=True))
        segment.get_by_role("button").click()
        with page.expect_response(lambda r: r.request.method == "PUT" and r.ok):
            segment.locator("textarea").fill(translation)
            segment.locator("textarea").press("Enter")
        saved = page.locator("li.complete", has=page.get_by_text(source, exact=True))
        saved.get_by_text(translation, exact=True).wait_for()


@pytest.mark.browser
def test_editor_reviewers_and_approver_run_the_whole_publish_and_translate_cycle(
    page, live_server, transactional_db, site, photo
):
    """Vietnamese article with a photo from the image bank → approver → wagtail-localize's "Translate this page"
    → strings typed in its editor → reviewer of each language → approver → three languages with hreflang."""
    from wagtail.models import Locale

    from ttdn.conftest import _user
    from ttdn.portal import services

    services.setup_workflow()
    from django.contrib.auth.models import Group

    people = {}
    for username, group in (
        ("bientap", services.EDITORS),
        ("lanhdao", services.APPROVERS),
        ("rasoat_en", services.REVIEWERS["en"]),
        ("rasoat_zh", services.REVIEWERS["zh-hans"]),
    ):
        people[username] = _user(username, username)
        people[username].groups.add(Group.objects.get(name=group))

    title = "Đồng Đăng đón đoàn khách Quảng Tây"
    intro = "Tin ví dụ có ảnh."
    _sign_in(page, live_server, people["bientap"])
    page.goto(f"{live_server.url}/cms/pages/add/portal/articlepage/{site.pk}/")
    page.fill("#id_title", title)
    page.fill("#id_intro", intro)
    page.locator("[data-chooser-action-choose]").first.click()
    page.locator(".modal").get_by_text("Cửa khẩu Hữu Nghị").first.click()
    page.locator("footer .w-dropdown__toggle").first.click()
    with page.expect_navigation():
        page.locator('button[name="action-submit"]').click()
    article = ArticlePage.objects.get(title=title)
    assert article.lead_image == photo and not article.live and article.workflow_in_progress

    _sign_in(page, live_server, people["lanhdao"])
    _approve_on_dashboard(page, live_server, title)
    article.refresh_from_db()
    assert article.live and article.slug == "dong-dang-don-doan-khach-quang-tay"

    _sign_in(page, live_server, people["bientap"])
    page.goto(f"{live_server.url}/cms/localize/submit/page/{article.pk}/")
    for box in page.locator('input[name="locales"]').all():
        box.check()
    with page.expect_navigation():
        page.locator('input[type="submit"]').click()
    targets = {
        code: article.get_translation(Locale.objects.get(language_code=code)).specific
        for code in ("en", "zh-hans")
    }
    translated = {
        "en": {title: "Đồng Đăng welcomes Guangxi visitors", intro: "Example news with a photo."},
        "zh-hans": {title: "同登迎接广西客人", intro: "带图片的示例新闻。"},
    }
    for code, target in targets.items():
        _translate_in_localize_editor(page, live_server, target.pk, translated[code])

    # The approver may publish, so wagtail-localize's editor shows "Publish in …"; it is refused with the
    # message, since no English reviewer approved that text, and nothing goes live.
    from django.utils import translation

    from ttdn.portal.models.pages import TranslationNotReviewed

    with translation.override("vi"):
        refusal = TranslationNotReviewed(targets["en"]).messages[0]
    _sign_in(page, live_server, people["lanhdao"])
    page.goto(f"{live_server.url}/cms/pages/{targets['en'].pk}/edit/")
    with page.expect_navigation():
        page.locator('button[name="action"][value="publish"]').click()
    page.get_by_text(refusal).wait_for()
    targets["en"].refresh_from_db()
    assert not targets["en"].live

    _sign_in(page, live_server, people["bientap"])
    page.goto(f"{live_server.url}/cms/portal/translations/")
    row = page.locator("tr", has_text=title)
    for code in targets:
        with page.expect_navigation():
            row.locator(f'td[data-language="{code}"] button[type="submit"]').click()
        row = page.locator("tr", has_text=title)

    _sign_in(page, live_server, people["rasoat_en"])
    _approve_on_dashboard(page, live_server, translated["en"][title])
    _sign_in(page, live_server, people["rasoat_zh"])
    _approve_on_dashboard(page, live_server, translated["zh-hans"][title])
    for target in targets.values():
        target.refresh_from_db()
        assert not target.live  # the reviewer's approval hands over to the approver; it does not publish
    _sign_in(page, live_server, people["lanhdao"])
    for code in targets:
        _approve_on_dashboard(page, live_server, translated[code][title])
    page.goto(f"{live_server.url}/cms/portal/translations/")
    assert page.locator("tr", has_text=title).locator('[data-state="published"]').count() == 2

    page.context.clear_cookies()
    for code, heading in (("vi", title), *((c, translated[c][title]) for c in targets)):
        url = targets.get(code, article).url
        assert url.startswith(f"/{code}/")
        page.goto(live_server.url + url)
        assert page.locator("h1").inner_text() == heading
        hreflang = {
            link.get_attribute("hreflang"): link.get_attribute("href")
            for link in page.locator('link[rel="alternate"][hreflang]').all()
        }
        assert set(hreflang) == {"vi", "en", "zh-Hans", "x-default"}
        assert hreflang["zh-Hans"].endswith(targets["zh-hans"].url)
    src = page.locator("main img").first.get_attribute("src")
    import io

    from PIL import Image

    body = page.request.get(live_server.url + src).body()
    with Image.open(io.BytesIO(body)) as img:
        assert not img.getexif().get_ifd(0x8825)

    article.title = title + " (cập nhật)"
    article.save_revision().publish()
    _sign_in(page, live_server, people["bientap"])
    page.goto(f"{live_server.url}/cms/portal/translations/")
    assert page.locator("tr", has_text=article.title).locator('[data-state="outdated"]').count() == 2
