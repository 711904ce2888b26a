"""Public pages: locales, slugs, head (hreflang, content-language, no outside host), feeds, sitemaps, cache."""

import re
from urllib.parse import urlparse

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from ttdn.portal.models import ArticlePage, StatementPage, TopicPage

ARTICLE_STRINGS = {
    "en": {"Đồng Đăng đón khách Quảng Tây": "Đồng Đăng welcomes Guangxi visitors"},
    "zh-hans": {"Đồng Đăng đón khách Quảng Tây": "同登迎接广西客人"},
}


@pytest.fixture
def article(add_page, translate):
    page = add_page(ArticlePage(title="Đồng Đăng đón khách Quảng Tây", intro="Tin về Cửa khẩu Hữu Nghị."))
    translate(page, ARTICLE_STRINGS)
    return page


def test_ascii_slug_from_vietnamese_title(add_page):
    page = add_page(TopicPage(title="Thương mại và cửa khẩu Đồng Đăng", topic="trade"))
    assert page.slug == "thuong-mai-va-cua-khau-dong-dang"


def _external_urls(html: str) -> list[str]:
    urls = re.findall(r"""(?:src|href|srcset|poster|action)=["']([^"']+)""", html)
    urls += re.findall(r"url\(([^)]+)\)", html)
    return [u for u in urls if urlparse(u).netloc and urlparse(u).netloc != "127.0.0.1:8000"]


def test_every_language_has_head_alternates_and_no_outside_assets(client, article):
    for prefix, lang in (("vi", "vi"), ("en", "en"), ("zh-hans", "zh-Hans")):
        response = client.get(f"/{prefix}/{article.slug}/")
        html = response.content.decode()
        assert response.status_code == 200
        assert f'<html lang="{lang}">' in html
        assert f'<meta http-equiv="content-language" content="{lang}">' in html
        hreflangs = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', html)
        assert dict(hreflangs) == {
            "vi": f"http://127.0.0.1:8000/vi/{article.slug}/",
            "en": f"http://127.0.0.1:8000/en/{article.slug}/",
            "zh-Hans": f"http://127.0.0.1:8000/zh-hans/{article.slug}/",
            "x-default": f"http://127.0.0.1:8000/vi/{article.slug}/",
        }
        assert _external_urls(html) == []
        assert "googleapis" not in html and "gstatic" not in html
    assert "同登迎接广西客人" in client.get(f"/zh-hans/{article.slug}/").content.decode()


def test_feeds_and_sitemaps_per_language(client, article):
    feed = client.get("/en/feed.xml")
    assert feed["Content-Type"].startswith("application/rss+xml")
    body = feed.content.decode()
    assert "<language>en</language>" in body and "Đồng Đăng welcomes Guangxi visitors" in body
    assert "同登迎接广西客人" in client.get("/zh-hans/feed.xml").content.decode()
    sitemap = client.get("/zh-hans/sitemap.xml").content.decode()
    assert f"<loc>http://127.0.0.1:8000/zh-hans/{article.slug}/</loc>" in sitemap
    assert f'hreflang="x-default" href="http://127.0.0.1:8000/vi/{article.slug}/"' in sitemap
    assert 'hreflang="zh-Hans"' in sitemap


def test_confidential_page_can_never_be_published(add_page, site):
    page = StatementPage(title="Bản nháp mật", confidential=True, live=False)
    site.add_child(instance=page)
    with pytest.raises(ValidationError):
        page.save_revision().publish()
    page.refresh_from_db()
    assert not page.live


def test_statement_has_a_stable_url_that_survives_a_slug_change(client, add_page, translate):
    statement = add_page(StatementPage(title="Cải chính tin đồn đóng cửa khẩu", false_claim="Tin đồn."))
    translate(statement, {"en": {statement.title: "Correction of a rumour"}})
    assert client.get(f"/vi/s/{statement.pk}/")["Location"] == f"/vi/{statement.slug}/"
    assert client.get(f"/en/s/{statement.pk}/")["Location"] == f"/en/{statement.slug}/"
    statement.slug = "cai-chinh-moi"
    statement.save_revision().publish()
    assert client.get(f"/vi/s/{statement.pk}/")["Location"] == "/vi/cai-chinh-moi/"


@override_settings(
    CACHES={
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "portal-test"}
    }
)
def test_published_pages_are_cached_and_purged_on_publish(client, article, django_assert_max_num_queries):
    url = f"/vi/{article.slug}/"
    client.get(url)
    with django_assert_max_num_queries(0):
        cached = client.get(url)
    assert cached.status_code == 200
    article.title = "Đồng Đăng đón đoàn doanh nghiệp"
    article.save_revision().publish()
    assert "Đồng Đăng đón đoàn doanh nghiệp" in client.get(url).content.decode()


def test_security_headers_on_public_pages(client, article):
    response = client.get(f"/en/{article.slug}/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_staff_pages_still_work(client, site):
    assert client.get("/login/").status_code == 200
    assert client.get("/cms/").status_code == 302
    assert client.get("/admin/login/").status_code == 200


def test_scheduled_publishing_and_audit(add_page, site):
    import time
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from ttdn.core.models import AuditEvent

    page = ArticlePage(title="Tin hẹn giờ", live=False)
    site.add_child(instance=page)
    page.go_live_at = timezone.now() + timedelta(seconds=1)
    page.save_revision().publish()
    page.refresh_from_db()
    assert not page.live
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live
    time.sleep(1.1)
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live
    assert AuditEvent.objects.filter(action="portal.page_published", object_id=str(page.pk)).exists()


def test_unknown_staff_url_stays_404_and_staff_ui_never_turns_chinese(client, site):
    # Without PortalLocaleMiddleware these would redirect to /vi/<path> (Wagtail's catch-all route makes it valid).
    assert client.get("/khong-co/").status_code == 404
    assert client.get("/directory/khong-co/").status_code == 404
    response = client.get("/login/", headers={"accept-language": "zh-CN,zh;q=0.9"})
    assert response["Content-Language"] == "vi"
    assert client.get("/zh-hans/", headers={"accept-language": "vi"})["Content-Language"] == "zh-hans"


def test_no_classified_level_can_be_published(site):
    """The portal's old "confidential" flag is now the shared mark: every level above Thường stays unpublished."""
    for level in (1, 2, 3):
        page = StatementPage(title=f"Bản nháp mức {level}", classification=level, live=False)
        site.add_child(instance=page)
        assert page.confidential
        with pytest.raises(ValidationError):
            page.save_revision().publish()
        page.refresh_from_db()
        assert not page.live
