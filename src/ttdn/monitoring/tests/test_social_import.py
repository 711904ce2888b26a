"""Import of social-listening exports: the validation report, all-or-nothing, the upload page."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ttdn.core.models import AuditEvent
from ttdn.monitoring.analysis.social_import import parse_export
from ttdn.monitoring.models import Article, Source
from ttdn.monitoring.services import social_import

DATA = Path(__file__).parent / "data" / "social"


def test_vietnamese_headers_semicolons_and_day_first_dates():
    report = parse_export((DATA / "export_ok.csv").read_bytes(), "export_ok.csv")
    assert report.ok and len(report.posts) == 3
    assert report.columns == {
        "url": "Đường dẫn",
        "text": "Nội dung",
        "author": "Tác giả",
        "platform": "Nền tảng",
        "published": "Thời gian",
    }
    assert report.posts[0].published.startswith("2026-02-10T09:15")
    assert report.posts[2].published is None


def test_every_bad_line_is_reported():
    report = parse_export((DATA / "export_bad.json").read_bytes(), "export_bad.json")
    assert not report.ok
    assert [line for line, _ in report.errors] == [2, 3, 4, 5]
    assert "bad address" in report.errors[0][1] and "empty text" in report.errors[1][1]
    assert "unreadable date" in report.errors[2][1] and "twice" in report.errors[3][1]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"\xff\xfe\x00", "x.csv", "not UTF-8"),
        (b"{", "x.json", "not JSON"),
        (b'{"a": 1}', "x.json", "list of objects"),
        (b"Ten,Gia\nA,1\n", "x.csv", "missing column(s): url, text"),
        (b"url,text\n", "x.csv", "no rows"),
    ],
)
def test_unreadable_files(data, name, message):
    report = parse_export(data, name)
    assert not report.ok and message in report.errors[0][1]


@pytest.fixture
def social(db):
    return Source.objects.create(
        name="Công cụ lắng nghe MXH", url="https://listening.example/", kind="social"
    )


@pytest.mark.django_db
def test_import_stores_analyses_and_skips_known_posts(lang_son, social):
    data = (DATA / "export_ok.csv").read_bytes()
    report, counts = social_import(actor=None, source=social, data=data, filename="export_ok.csv")
    assert report.ok
    assert counts == {"rows": 3, "new": 3, "duplicates": 0, "relevant": 2}
    post = Article.objects.get(url="https://facebook.example/posts/1")
    assert post.relevant and post.sentiment == "positive" and "Lạng Sơn" in post.matched
    _report, again = social_import(actor=None, source=social, data=data, filename="export_ok.csv")
    assert again["new"] == 0 and again["duplicates"] == 3
    assert AuditEvent.objects.filter(action="monitoring.social_import").count() == 2


@pytest.mark.django_db
def test_a_bad_file_writes_nothing(lang_son, social):
    report, counts = social_import(
        actor=None, source=social, data=(DATA / "export_bad.json").read_bytes(), filename="export_bad.json"
    )
    assert not report.ok and counts["new"] == 0 and not Article.objects.exists()


@pytest.mark.django_db
def test_upload_page(client, focal_officer, reader, social):
    client.force_login(reader)
    assert client.get(reverse("monitoring:social_import")).status_code == 403
    focal_officer.user_permissions.add(
        Permission.objects.get(content_type__app_label="monitoring", codename="add_source")
    )
    client.force_login(focal_officer)
    upload = SimpleUploadedFile("export_bad.json", (DATA / "export_bad.json").read_bytes())
    response = client.post(reverse("monitoring:social_import"), {"source": social.pk, "file": upload})
    html = response.content.decode()
    assert response.status_code == 400 and "import-errors" in html and "unreadable date" in html
    upload = SimpleUploadedFile("export_ok.csv", (DATA / "export_ok.csv").read_bytes())
    response = client.post(reverse("monitoring:social_import"), {"source": social.pk, "file": upload})
    assert response.status_code == 200 and 'id="import-summary"' in response.content.decode()
    assert Article.objects.filter(source=social).count() == 3
