"""Analysts correct topics on the article page; the worker retrains a versioned multi-label classifier whose
confident predictions are added to the rules' topics; the page explains each topic."""

import json

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from ttdn.core.models import AuditEvent
from ttdn.monitoring.models import Article, Source, TopicLabel, TopicModelVersion
from ttdn.monitoring.selectors import article_page
from ttdn.monitoring.services import active_topic_model, social_import, topic_correct, topic_retrain

from .factories import relevant_article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.TTDN_MONITORING_TOPIC_EVALUATE = False  # five extra fits: measured in bench/, not here


@pytest.fixture
def staff(focal_officer):
    focal_officer.user_permissions.add(
        Permission.objects.get(content_type__app_label="monitoring", codename="add_source")
    )
    return focal_officer


@pytest.fixture
def article(db):
    return relevant_article(
        title="Mẫu Sơn đón hàng nghìn du khách",
        text="Khu du lịch Mẫu Sơn, tỉnh Lạng Sơn, đón khách lên ngắm băng giá.",
        topics=["du-lich"],
    )


def test_correction_on_the_article_page_audits_and_retrains(
    client, staff, article, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    url = reverse("monitoring:article", args=[article.pk])
    page = client.get(url).content.decode()
    assert 'id="topic-form"' in page and 'data-topic="du-lich"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"topics": ["thien-tai", "du-lich"]})
    assert response.status_code == 302 and response["Location"] == url
    article.refresh_from_db()
    assert article.topics == ["du-lich", "thien-tai"]  # rule order
    label = TopicLabel.objects.get()
    assert (label.topics, label.previous, label.labelled_by) == (["du-lich", "thien-tai"], ["du-lich"], staff)
    event = AuditEvent.objects.get(action="monitoring.topic_correct", object_id=str(article.pk))
    assert event.changes == {"topics": [["du-lich"], ["du-lich", "thien-tai"]]}
    version = TopicModelVersion.objects.get()  # the retrain task ran after commit
    assert version.active and version.n_corrections == 1 and version.n_examples == 124
    assert (tmp_path / version.path).exists()
    html = client.get(url).content.decode()
    assert 'id="topics-by-analyst"' in html and "v1" in html
    assert html.count('class="probability') == 9 and "—</td>" in html


def test_explanation_reads_rules_and_classifier_in_two_queries(article, django_assert_num_queries):
    assert topic_retrain() is not None and topic_retrain() is None  # nothing new the second time
    active_topic_model()  # loaded once per process
    with django_assert_num_queries(2):
        page = article_page(article)
    tourism = next(t for t in page["topics"] if t.code == "du-lich")
    assert tourism.assigned and tourism.rule_matched and tourism.phrases == ["du khách", "khu du lịch"]
    assert tourism.rule_score == 3.0  # "du khách" in the title (×2) and "khu du lịch" in the text
    assert tourism.probability is not None and tourism.confident
    assert page["topic_model_version"] == 1 and page["topic_label"] is None


def test_retrain_after_correction_and_imports_run_with_the_classifier(staff, article):
    first = topic_retrain()
    topic_correct(actor=staff, article=article, topics=[])  # "none of these" is a correction too
    second = topic_retrain()
    assert second is not None and second.version == 2 and second.n_corrections == 1
    assert list(TopicModelVersion.objects.filter(active=True)) == [second] and first.version == 1
    source = Source.objects.create(
        name="Lắng nghe", url="https://social.example.vn/", kind=Source.Kind.SOCIAL
    )
    post = {
        "url": "https://social.example.vn/p/1",
        "text": "Mưa lũ và sạt lở ở Bình Gia, tỉnh Lạng Sơn, nhiều nhà bị cuốn trôi, người dân sơ tán.",
    }
    social_import(actor=staff, source=source, data=json.dumps([post]).encode(), filename="x.json")
    stored = Article.objects.get(source=source)
    assert stored.relevant and "thien-tai" in stored.topics


def test_reader_sees_but_cannot_correct_and_bad_codes_write_nothing(client, reader, staff, article):
    url = reverse("monitoring:article", args=[article.pk])
    client.force_login(reader)
    page = client.get(url)
    assert page.status_code == 200 and 'id="topic-form"' not in page.content.decode()
    assert client.post(url, {"topics": ["van-hoa"]}).status_code == 403
    client.force_login(staff)
    assert client.post(url, {"topics": ["le-hoi"]}).status_code == 400
    article.refresh_from_db()
    assert article.topics == ["du-lich"] and not TopicLabel.objects.exists()
    assert not TopicModelVersion.objects.exists()
