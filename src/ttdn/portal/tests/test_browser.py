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


def test_editor_publishes_an_article_with_a_photo_submits_translations_and_sees_the_dashboard(
    page, live_server, login, admin, site, photo, translate
):
    from ttdn.portal import services

    login("admin")
    page.goto(f"{live_server.url}/cms/pages/add/portal/articlepage/{site.pk}/")
    page.fill("#id_title", "Đồng Đăng đón đoàn khách Quảng Tây")
    page.fill("#id_intro", "Tin ví dụ có ảnh.")
    page.locator("[data-chooser-action-choose]").first.click()
    page.locator(".modal").get_by_text("Cửa khẩu Hữu Nghị").first.click()
    page.locator("footer .w-dropdown__toggle").first.click()
    page.locator('button[name="action-publish"]').click()
    page.wait_for_url("**/cms/pages/**")
    article = ArticlePage.objects.get(title="Đồng Đăng đón đoàn khách Quảng Tây")
    assert (
        article.live and article.slug == "dong-dang-don-doan-khach-quang-tay" and article.lead_image == photo
    )

    page.goto(f"{live_server.url}/cms/localize/submit/page/{article.pk}/")
    for box in page.locator('input[name="locales"]').all():
        box.check()
    page.locator('input[type="submit"]').click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/cms/portal/translations/")
    row = page.locator("tr", has_text="Đồng Đăng đón đoàn khách Quảng Tây")
    assert row.locator('[data-state="draft"]').count() == 2

    # The translators' strings (what the wagtail-localize editor saves), then the approver publishes.
    for language, title in (("en", "Đồng Đăng welcomes Guangxi visitors"), ("zh-hans", "同登迎接广西客人")):
        target = services.translate_strings(
            page=article, language=language, strings={article.title: title}, user=admin
        )
        services.publish(page=target, user=admin)
    page.reload()
    assert row.locator('[data-state="published"]').count() == 2

    page.goto(f"{live_server.url}/cms/pages/{article.pk}/edit/")
    page.fill("#id_title", "Đồng Đăng đón đoàn doanh nghiệp Quảng Tây")
    page.locator("footer .w-dropdown__toggle").first.click()
    page.locator('button[name="action-publish"]').click()
    page.wait_for_url("**/cms/pages/**")
    page.goto(f"{live_server.url}/cms/portal/translations/")
    row = page.locator("tr", has_text="Đồng Đăng đón đoàn doanh nghiệp Quảng Tây")
    assert row.locator('[data-state="outdated"]').count() == 2

    page.goto(f"{live_server.url}/zh-hans/{article.slug}/")
    assert page.locator("h1").inner_text() == "同登迎接广西客人"
    assert page.locator('link[rel="alternate"][hreflang]').count() == 4
    src = page.locator("main img").first.get_attribute("src")
    import io

    from PIL import Image

    body = page.request.get(live_server.url + src).body()
    with Image.open(io.BytesIO(body)) as img:
        assert not img.getexif().get_ifd(0x8825)
