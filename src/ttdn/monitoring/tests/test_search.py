"""Full-text search: FTS5 on SQLite, tsvector on PostgreSQL, over the folded copy."""

import datetime

import pytest
from django.utils import timezone

from ttdn.core.text import fold
from ttdn.monitoring.models import Article, Cluster, Source
from ttdn.monitoring.search import full_text, like_search, parse_query
from ttdn.monitoring.selectors import article_stream


def test_parse_query_folds_and_keeps_only_tokens():
    parsed = parse_query('Đồng Đăng "cửa khẩu số" -Bắc Giang\'; DROP TABLE x; --')
    assert parsed.phrases[:3] == [("dong",), ("dang",), ("cua", "khau", "so")]
    assert "bac" in parsed.excluded
    assert parsed.fts5().startswith('"dong" AND "dang" AND "cua khau so"')
    assert parsed.tsquery().startswith("(dong) & (dang) & (cua <-> khau <-> so)")
    assert all(ch not in parsed.fts5() for ch in ";'")


def test_only_exclusions_or_punctuation_is_no_query():
    assert not parse_query("-lang")
    assert not parse_query('"" ;;; ---')
    assert not parse_query("")


def _article(source, n, title, text, *, days=0, **extra):
    return Article.objects.create(
        source=source,
        url=f"https://baolangson.vn/{n}",
        url_hash=f"{n:032d}",
        title=title,
        text=text,
        text_folded=fold(f"{title}\n{text}"),
        published_at=timezone.now() - datetime.timedelta(days=days),
        fetched_at=timezone.now(),
        relevant=True,
        relevance_score=0.8,
        **extra,
    )


@pytest.fixture
def corpus(db):
    source = Source.objects.create(name="Báo Lạng Sơn", url="https://baolangson.vn/rss")
    other = Source.objects.create(name="Báo Nhân Dân", url="https://nhandan.vn/rss")
    cluster = Cluster.objects.create(key="c1", title="Đồng Đăng", first_seen=timezone.now(), size=2)
    return {
        "dong_dang": _article(
            source,
            1,
            "Cửa khẩu Đồng Đăng thông quan",
            "Đồng Đăng, Đồng Đăng: xe hàng qua cửa khẩu Đồng Đăng tăng.",
            cluster=cluster,
            topics=["economy_trade"],
        ),
        "mention": _article(other, 2, "Du lịch Mẫu Sơn", "Khách về Mẫu Sơn, ghé chợ Đồng Đăng.", days=3),
        "son_la": _article(source, 3, "Sơn La mùa mận", "Đặc sản Sơn La.", days=1, sentiment="negative"),
        "cua_khau_so": _article(other, 4, "Cửa khẩu số", "Lạng Sơn thí điểm cửa khẩu số ở Hữu Nghị.", days=2),
    }


def _titles(queryset):
    return [a.title for a in queryset]


@pytest.mark.django_db
def test_tone_and_d_insensitive_with_ranking(corpus):
    for query in ("dong dang", "Đồng Đăng", "ĐỒNG ĐĂNG", "đông đang"):
        titles = _titles(article_stream(query=query))
        assert titles == ["Cửa khẩu Đồng Đăng thông quan", "Du lịch Mẫu Sơn"]  # more mentions rank first
    ranks = [a.rank for a in article_stream(query="dong dang")]
    assert ranks[0] > ranks[1]


@pytest.mark.django_db
def test_whole_words_phrases_and_exclusions(corpus):
    assert _titles(article_stream(query="son la")) == ["Sơn La mùa mận"]  # not "Lạng Sơn" ... "la"
    assert _titles(article_stream(query='"cua khau so"')) == ["Cửa khẩu số"]
    assert set(_titles(article_stream(query="cua khau -so"))) == {"Cửa khẩu Đồng Đăng thông quan"}
    assert _titles(article_stream(query="ha noi")) == []


@pytest.mark.django_db
def test_combines_with_stream_filters(corpus):
    nhan_dan = Source.objects.get(name="Báo Nhân Dân")
    assert _titles(article_stream(query="dong dang", source_id=nhan_dan.pk)) == ["Du lịch Mẫu Sơn"]
    assert _titles(article_stream(query="dong dang", topic="economy_trade")) == [
        "Cửa khẩu Đồng Đăng thông quan"
    ]
    cluster = corpus["dong_dang"].cluster
    assert _titles(article_stream(query="dong dang", cluster_id=cluster.pk)) == [
        "Cửa khẩu Đồng Đăng thông quan"
    ]
    assert _titles(article_stream(query="son", sentiment="negative")) == ["Sơn La mùa mận"]
    since = timezone.localdate() - datetime.timedelta(days=2)
    assert _titles(article_stream(query="dong dang", since=since)) == ["Cửa khẩu Đồng Đăng thông quan"]
    until = timezone.localdate() - datetime.timedelta(days=2)
    assert _titles(article_stream(query="dong dang", until=until)) == ["Du lịch Mẫu Sơn"]
    assert article_stream(query="dong dang").count() == 2


@pytest.mark.django_db
def test_index_follows_updates_and_deletes(corpus):
    article = corpus["son_la"]
    article.text_folded = fold("Sơn La và Điện Biên")
    article.save(update_fields=["text_folded"])
    assert _titles(article_stream(query="dien bien")) == ["Sơn La mùa mận"]
    assert _titles(article_stream(query="dac san")) == []
    article.delete()
    assert _titles(article_stream(query="dien bien")) == []


@pytest.mark.django_db
def test_like_baseline_agrees_on_whole_words(corpus):
    base = Article.objects.filter(rejected_reason="", relevant=True)
    for query in ("dong dang", "mau son", "huu nghi"):
        assert set(_titles(like_search(base, query))) == set(_titles(article_stream(query=query)))


@pytest.mark.django_db
def test_search_is_two_queries_ids_then_the_page(corpus, django_assert_num_queries):
    with django_assert_num_queries(2):
        results = article_stream(query="dong dang")
        page = results[:50]
        assert [a.source.name for a in page] == ["Báo Lạng Sơn", "Báo Nhân Dân"]  # source joined


@pytest.mark.django_db
def test_ranking_window_keeps_the_newest_matches(corpus):
    base = Article.objects.filter(rejected_reason="", relevant=True)
    results = full_text(base, "dong dang", window=1)
    assert results.truncated and [a.title for a in results] == ["Du lịch Mẫu Sơn"]  # inserted last
    assert not full_text(base, "dong dang").truncated
