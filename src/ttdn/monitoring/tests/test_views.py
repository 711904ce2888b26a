"""The article stream and the sources page."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from ttdn.core.models import AuditEvent
from ttdn.core.text import fold
from ttdn.monitoring.models import Article, Cluster, Source

pytestmark = pytest.mark.django_db


def _article(source, title, text, *, relevant=True, days=0, **extra):
    now = timezone.now()
    return Article.objects.create(
        source=source,
        url=f"https://baolangson.vn/{fold(title).replace(' ', '-')}",
        url_hash=fold(title)[:32],
        title=title,
        text=text,
        text_folded=fold(f"{title}\n{text}"),
        published_at=datetime.datetime(2026, 1, 6, 8, 15, tzinfo=datetime.UTC)
        - datetime.timedelta(days=days),
        fetched_at=now,
        relevant=relevant,
        relevance_score=0.9 if relevant else 0.1,
        matched=["Lạng Sơn", "Đồng Đăng"] if relevant else [],
        **extra,
    )


@pytest.fixture
def stream(lang_son):
    source = Source.objects.create(name="Báo Lạng Sơn", url="https://baolangson.vn/rss")
    cluster = Cluster.objects.create(key="k", title="x", first_seen=timezone.now(), size=3)
    _article(
        source,
        "Thông quan tại cửa khẩu Đồng Đăng tăng mạnh",
        "Tỉnh Lạng Sơn đẩy mạnh cửa khẩu số.",
        cluster=cluster,
        topics=["economy_trade"],
        sentiment="positive",
    )
    _article(source, "Mẫu Sơn đón khách", "Du lịch Lạng Sơn khởi sắc.", days=1, sentiment="positive")
    _article(source, "Bắc Giang thu hoạch vải", "Lạng Giang vào vụ.", relevant=False)
    _article(source, "Chuyên mục", "", relevant=False, rejected_reason="listing page")
    return source


def test_stream_requires_login(client):
    response = client.get(reverse("monitoring:stream"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_stream_shows_relevant_articles(client, reader, stream):
    client.force_login(reader)
    response = client.get(reverse("monitoring:stream"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Thông quan tại cửa khẩu Đồng Đăng tăng mạnh" in html and "Mẫu Sơn đón khách" in html
    assert "Bắc Giang thu hoạch vải" not in html and "Chuyên mục" not in html.split('id="articles"')[1]
    assert "06/01/2026" in html and "05/01/2026" in html  # dd/mm/yyyy
    assert "Lạng Sơn, Đồng Đăng" in html and "0,90" in html  # matched terms, score
    assert html.index("Đồng Đăng tăng mạnh") < html.index("Mẫu Sơn đón khách")  # newest first
    assert 'class="cluster-link">3</a>' in html  # cluster size, linking to its copies
    assert "Báo chí" in html or "Theo dõi báo chí" in html


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("Lang Son", {"Thông quan tại cửa khẩu Đồng Đăng tăng mạnh", "Mẫu Sơn đón khách"}),
        ("dong dang", {"Thông quan tại cửa khẩu Đồng Đăng tăng mạnh"}),
        ("ĐỒNG ĐĂNG", {"Thông quan tại cửa khẩu Đồng Đăng tăng mạnh"}),
        ("mau son du lich", {"Mẫu Sơn đón khách"}),
        ("ha noi", set()),
    ],
)
def test_folded_search_via_htmx(client, reader, stream, query, titles):
    client.force_login(reader)
    response = client.get(
        reverse("monitoring:stream"), {"q": query, "relevant": "on"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "<html" not in html  # the fragment only
    found = {a.title for a in Article.objects.all() if a.title in html}
    assert found == titles


def test_filters(client, reader, stream):
    client.force_login(reader)
    url = reverse("monitoring:stream")
    html = client.get(url, {"topic": "economy_trade", "relevant": "on"}).content.decode()
    assert "Đồng Đăng tăng mạnh" in html and "Mẫu Sơn đón khách" not in html
    html = client.get(url, {"q": "vai"}).content.decode()  # relevant only unticked
    assert "Bắc Giang thu hoạch vải" in html
    html = client.get(url, {"sentiment": "negative", "relevant": "on"}).content.decode()
    assert "Đồng Đăng tăng mạnh" not in html


def _focal(user):
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="monitoring", codename="add_source")
    )
    return user


def test_focal_officer_adds_and_disables_a_source(client, focal_officer):
    client.force_login(_focal(focal_officer))
    url = reverse("monitoring:sources")
    response = client.post(url, {"name": "Báo Lạng Sơn", "url": "https://baolangson.vn/rss", "kind": "rss"})
    assert response.status_code == 302
    source = Source.objects.get()
    assert AuditEvent.objects.filter(action="monitoring.source_create", object_id=str(source.pk)).exists()
    assert "Thêm nguồn tin" in client.get(url).content.decode()
    client.post(reverse("monitoring:source_toggle", args=[source.pk]))
    source.refresh_from_db()
    assert not source.enabled


def test_sources_page_shows_a_poll_handed_to_a_worker(client, reader):
    from ttdn.monitoring.services import sources_claim_due

    Source.objects.create(name="Báo Lạng Sơn", url="https://baolangson.vn/rss")
    Source.objects.create(name="Báo Biên Phòng", url="https://bienphong.com.vn/rss", enabled=False)
    client.force_login(reader)
    assert "Đang đọc" not in client.get(reverse("monitoring:sources")).content.decode()
    sources_claim_due()
    html = client.get(reverse("monitoring:sources")).content.decode()
    assert html.count("Đang đọc") == 1


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("ftp://baolangson.vn/rss", "Địa chỉ phải bắt đầu bằng http:// hoặc https://."),
        ("baolangson.vn/rss", "Địa chỉ phải bắt đầu bằng http:// hoặc https://."),
        ("https://bao lang son/rss", "Hãy nhập một địa chỉ trang web hợp lệ."),
        ("https://baolangson.vn/rss", "Địa chỉ này đã được theo dõi."),
    ],
)
def test_source_validation_in_vietnamese(client, focal_officer, address, message):
    Source.objects.create(name="Báo Lạng Sơn", url="https://baolangson.vn/rss")
    client.force_login(_focal(focal_officer))
    response = client.post(
        reverse("monitoring:sources"), {"name": "Nguồn mới", "url": address, "kind": "rss"}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Source.objects.count() == 1


def test_reader_cannot_add_or_toggle(client, reader):
    source = Source.objects.create(name="Báo Lạng Sơn", url="https://baolangson.vn/rss")
    client.force_login(reader)
    url = reverse("monitoring:sources")
    html = client.get(url).content.decode()
    assert "Báo Lạng Sơn" in html and "Thêm nguồn tin" not in html
    response = client.post(url, {"name": "X", "url": "https://x.vn/rss", "kind": "rss"})
    assert response.status_code == 403
    assert client.post(reverse("monitoring:source_toggle", args=[source.pk])).status_code == 403
    assert Source.objects.count() == 1 and Source.objects.get().enabled
