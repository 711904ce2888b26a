"""The weekly press digest, read back from the DOCX."""

import datetime
import io

import docx
import pytest
from django.utils import timezone

from ttdn.core.text import fold
from ttdn.monitoring.digest import digest_document
from ttdn.monitoring.models import Article, Cluster, Source

pytestmark = pytest.mark.django_db
TZ = datetime.timezone(datetime.timedelta(hours=7))


def _article(
    source, n, *, title, sentiment="positive", topics=("du-lich",), day=10, cluster=None, relevant=True
):
    return Article.objects.create(
        source=source,
        url=f"https://{source.name.lower().replace(' ', '')}.vn/{n}",
        url_hash=f"h{n}",
        title=title,
        text=title,
        text_folded=fold(title),
        published_at=datetime.datetime(2026, 3, day, 9, 0, tzinfo=TZ),
        fetched_at=timezone.now(),
        relevance_score=0.9,
        relevant=relevant,
        sentiment=sentiment,
        topics=list(topics),
        cluster=cluster,
    )


@pytest.fixture
def week(db):
    a = Source.objects.create(name="Báo Xứ Lạng", url="https://xl.example.vn/rss")
    b = Source.objects.create(name="Tin Biên Giới", url="https://tbg.example.vn/rss")
    story = Cluster.objects.create(key="k1", title="Mẫu Sơn đón khách", first_seen=timezone.now(), size=2)
    _article(a, 1, title="Mẫu Sơn đón hơn 20.000 lượt khách", cluster=story)
    _article(b, 2, title="Mẫu Sơn đón 20.000 lượt khách đầu năm", cluster=story)
    _article(
        b, 3, title="Bắt giữ vụ buôn lậu tại Tân Thanh", sentiment="negative", topics=("an-ninh-buon-lau",)
    )
    _article(a, 4, title="Tin cũ ngoài kỳ", day=1)
    _article(a, 5, title="Tin không liên quan", relevant=False)


def test_weekly_digest_counts_stories_once_and_lists_negative_items(week):
    document = digest_document(first=datetime.date(2026, 3, 8), last=datetime.date(2026, 3, 14))
    from ttdn.core.documents import render_docx

    parsed = docx.Document(io.BytesIO(render_docx(document)))
    text = "\n".join(p.text for p in parsed.paragraphs)
    assert "Tổng hợp báo chí viết về Lạng Sơn (08/03/2026 - 14/03/2026)" in text
    assert "ghi nhận 3 tin, bài" in text and "1 tin tiêu cực" in text
    assert "Bắt giữ vụ buôn lậu tại Tân Thanh (Tin Biên Giới, 10/03/2026)" in text
    assert "Tin cũ ngoài kỳ" not in text and "Tin không liên quan" not in text
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in parsed.tables]
    topic_rows = next(t for t in tables if t[0][:2] == ["STT", "Chủ đề"])
    assert ["1", "Du lịch", "2"] in topic_rows
    top = next(t for t in tables if t[0][:2] == ["STT", "Tiêu đề"])
    assert top[1][1].startswith("Mẫu Sơn") and top[1][4] == "2"  # the syndicated story, carried twice


def test_digest_page_downloads_docx_and_refuses_bad_dates(client, reader, week):
    client.force_login(reader)
    assert client.get("/monitoring/digest/").status_code == 200
    response = client.get("/monitoring/digest/", {"last": "14/03/2026", "span": "week", "output": "docx"})
    assert response.status_code == 200 and response.content[:2] == b"PK"
    bad = client.get("/monitoring/digest/", {"last": "31/02/2026", "span": "week", "output": "docx"})
    assert bad.status_code == 400 and "errorlist" in bad.content.decode()


def test_search_exports_as_csv_with_the_same_filters(client, reader, week):
    import csv

    client.force_login(reader)
    response = client.get("/monitoring/export.csv", {"q": "mau son", "relevant": "on"})
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0][:3] == ["Ngày đăng", "Tiêu đề", "Cơ quan báo chí"]
    assert sorted(r[1] for r in rows[1:]) == [
        "Mẫu Sơn đón 20.000 lượt khách đầu năm",
        "Mẫu Sơn đón hơn 20.000 lượt khách",
    ]
