"""URL normalisation, stable ids and MinHash near-duplicate clustering (pure: no Django)."""

import itertools
import random

import pytest

from ttdn.monitoring.analysis.dedup import Doc, MinHasher, cluster, content_id, jaccard, normalize_url, url_id


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://WWW.BaoLangSon.vn/du-lich/mau-son.html", "https://baolangson.vn/du-lich/mau-son.html"),
        ("http://baolangson.vn:80/a/", "https://baolangson.vn/a"),
        ("https://baolangson.vn:443/a#binh-luan", "https://baolangson.vn/a"),
        ("https://baolangson.vn:8080/a", "https://baolangson.vn:8080/a"),
        ("https://baolangson.vn/a?utm_source=fb&utm_medium=x&fbclid=1&gclid=2", "https://baolangson.vn/a"),
        ("https://baolangson.vn/a?b=2&a=1&utm_campaign=t", "https://baolangson.vn/a?a=1&b=2"),
        ("https://m.baolangson.vn/a", "https://baolangson.vn/a"),
        ("https://amp.vnexpress.net/a-123.html", "https://vnexpress.net/a-123.html"),
        ("https://vnexpress.net/amp/a-123.html", "https://vnexpress.net/a-123.html"),
        ("https://dantri.com.vn/a-123.amp.html", "https://dantri.com.vn/a-123.html"),
        ("https://tuoitre.vn/a-123.htm?amp", "https://tuoitre.vn/a-123.htm"),
        ("https://baolangson.vn/", "https://baolangson.vn/"),
        ("https://baolangson.vn", "https://baolangson.vn/"),
    ],
)
def test_normalize_url(url, expected):
    assert normalize_url(url) == expected


def test_stable_ids():
    assert url_id("http://www.baolangson.vn/a/?utm_source=x") == url_id("https://baolangson.vn/a")
    assert len(url_id("https://baolangson.vn/a")) == 16
    assert content_id("Lạng Sơn  đón khách.") == content_id("LANG SON don khach")
    assert content_id("Lạng Sơn đón khách") != content_id("Lạng Sơn tiễn khách")


SENTENCES = [
    "Lượng khách du lịch đến {p} tăng mạnh trong dịp nghỉ lễ vừa qua",
    "Các cơ sở lưu trú tại {p} gần như kín phòng vào cuối tuần",
    "Kim ngạch xuất nhập khẩu qua cửa khẩu {p} đạt hơn {n} triệu USD",
    "Lực lượng chức năng {p} thu giữ {n} tấn hàng hóa không rõ nguồn gốc",
    "Mưa lớn kéo dài gây sạt lở nhiều tuyến đường tại {p}",
    "Nông dân {p} phấn khởi vì được mùa được giá với {n} ha cây trồng",
    "Tỉnh {p} tổ chức hội nghị xúc tiến đầu tư với {n} dự án đăng ký",
    "Đoàn công tác đã kiểm tra tiến độ thi công công trình trọng điểm tại {p}",
    "Chính quyền địa phương yêu cầu các đơn vị khẩn trương khắc phục hậu quả",
    "Người dân được khuyến cáo không đi qua các khu vực nguy hiểm",
    "Hợp tác xã {p} xây dựng thương hiệu sản phẩm OCOP cho {n} mặt hàng",
    "Ngành giáo dục {p} chuẩn bị cho năm học mới với {n} trường học",
]
PLACES = ["Lạng Sơn", "Cao Lộc", "Đồng Đăng", "Chi Lăng", "Bắc Sơn", "Lộc Bình", "Văn Lãng", "Hữu Lũng"]
HEADERS = ["", "Báo điện tử tổng hợp. ", "TIN MỚI - Thời sự - Kinh tế. ", "(Tin tổng hợp) "]
FOOTERS = ["", " Theo báo địa phương.", " Nguồn: cổng thông tin điện tử.", " Chia sẻ bài viết. Bình luận."]


def _article(rng: random.Random) -> str:
    """An original: 14 template sentences with fresh places and numbers (topics overlap on purpose)."""
    return (
        ". ".join(
            rng.choice(SENTENCES).format(p=rng.choice(PLACES), n=rng.randint(2, 999)) for _ in range(14)
        )
        + "."
    )


def _syndicate(text: str, rng: random.Random) -> str:
    """A re-publication: new header/footer, a sentence dropped or a few words changed."""
    sentences = text.split(". ")
    if rng.random() < 0.5:
        del sentences[rng.randrange(len(sentences))]
    words = ". ".join(sentences).split()
    for _ in range(rng.randint(0, 3)):
        words[rng.randrange(len(words))] = rng.choice(["mới", "cũng", "đã", "rất"])
    return rng.choice(HEADERS) + " ".join(words) + rng.choice(FOOTERS)


def test_minhash_estimates_jaccard():
    rng = random.Random(7)
    a = _article(rng)
    b = _syndicate(a, rng)
    hasher = MinHasher(128)
    estimate = MinHasher.similarity(hasher.signature(a), hasher.signature(b))
    assert abs(estimate - jaccard(a, b)) < 0.15
    assert hasher.signature(a) == MinHasher(128).signature(a)  # seeded: reproducible


def test_clustering_precision_and_recall_on_a_syndication_set():
    rng = random.Random(20260105)
    docs, truth = [], {}
    for story in range(30):
        original = _article(rng)
        for copy in range(rng.randint(1, 4)):
            doc_id = f"s{story:02d}-c{copy}"
            docs.append(Doc(doc_id, original if copy == 0 else _syndicate(original, rng)))
            truth[doc_id] = story
        if story % 3 == 0:
            # A follow-up story on the same subject reusing 5 of the 14 sentences: a different article.
            kept = original.rstrip(".").split(". ")[:5]
            follow_up = ". ".join(kept) + ". " + _article(rng)
            docs.append(Doc(f"f{story:02d}", follow_up))
            truth[f"f{story:02d}"] = 1000 + story
    found = {doc_id: i for i, group in enumerate(cluster(docs, threshold=0.5)) for doc_id in group}
    tp = fp = fn = 0
    for a, b in itertools.combinations(sorted(truth), 2):
        same_truth, same_found = truth[a] == truth[b], found[a] == found[b]
        tp += same_truth and same_found
        fp += same_found and not same_truth
        fn += same_truth and not same_found
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"pairs: tp={tp} fp={fp} fn={fn} precision={precision:.3f} recall={recall:.3f}")
    assert tp > 20
    assert precision >= 0.95 and recall >= 0.95


def test_vectorised_signature_equals_the_plain_formula():
    # Stored signatures must stay comparable with new ones: the numpy path gives the very same numbers.
    import random

    from ttdn.monitoring.analysis.dedup import MinHasher

    hasher = MinHasher()
    rng = random.Random(3)
    words = [
        "lạng",
        "sơn",
        "cửa",
        "khẩu",
        "hữu",
        "nghị",
        "du",
        "lịch",
        "mẫu",
        "sơn",
        "buôn",
        "lậu",
        "tăng",
        "mạnh",
        "đồng",
        "đăng",
        "chi",
        "lăng",
    ]
    for _ in range(40):
        text = " ".join(rng.choices(words, k=rng.randint(1, 300)))
        assert hasher.signature(text) == hasher.signature_reference(text)
