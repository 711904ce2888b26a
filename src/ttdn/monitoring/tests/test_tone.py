"""Analysts correct tones in the stream; the worker retrains a versioned classifier from the corrections."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from ttdn.core.models import AuditEvent
from ttdn.monitoring.models import ToneLabel, ToneModelVersion
from ttdn.monitoring.services import active_tone_model, tone_correct, tone_retrain

from .factories import relevant_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(focal_officer):
    focal_officer.user_permissions.add(
        Permission.objects.get(content_type__app_label="monitoring", codename="add_source")
    )
    return focal_officer


@pytest.fixture
def article(db):
    return relevant_article(
        title="Đồng Đăng đón đoàn khách", text="Hàng trăm khách tham quan chợ Đồng Đăng, Lạng Sơn."
    )


def test_correction_via_htmx_updates_the_row_audits_and_retrains(
    client, staff, article, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.DATA_DIR = tmp_path
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("monitoring:article_tone", args=[article.pk]),
            {"label": "positive"},
            HTTP_HX_REQUEST="true",
        )
    html = response.content.decode()
    assert response.status_code == 200 and html.startswith('<tr class="article"')
    assert 'value="positive" selected' in html and 'data-tone-by="analyst"' in html
    article.refresh_from_db()
    assert (article.sentiment, article.tone_by) == ("positive", "analyst")
    label = ToneLabel.objects.get()
    assert (label.label, label.previous, label.labelled_by) == ("positive", "neutral", staff)
    assert AuditEvent.objects.filter(action="monitoring.tone_correct", object_id=str(article.pk)).exists()
    version = ToneModelVersion.objects.get()  # the retrain task ran after commit
    assert version.active and version.n_corrections == 1 and version.n_examples == 181
    assert (tmp_path / version.path).exists()
    assert version.metrics["model_macro_f1"] > version.metrics["baseline_macro_f1"]


def test_retrain_only_when_corrections_changed(staff, article, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    first = tone_retrain()
    assert first is not None and first.version == 1 and first.n_corrections == 0
    assert tone_retrain() is None  # nothing new
    tone_correct(actor=staff, article=article, label="negative")
    second = tone_retrain()
    assert second is not None and second.version == 2 and second.n_corrections == 1
    assert list(ToneModelVersion.objects.filter(active=True)) == [second]
    model = active_tone_model()
    assert model is not None and model.version == 2
    assert model.predict(["Buôn lậu và ma túy gia tăng ở biên giới Lạng Sơn."]) == ["negative"]


def test_bad_label_and_reader_are_refused(client, reader, staff, article):
    client.force_login(reader)
    url = reverse("monitoring:article_tone", args=[article.pk])
    assert client.post(url, {"label": "positive"}).status_code == 403
    client.force_login(staff)
    response = client.post(url, {"label": "tốt"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    article.refresh_from_db()
    assert article.sentiment == "neutral" and not ToneLabel.objects.exists()


def test_stream_shows_the_correction_control_to_staff_only(client, reader, staff, article):
    client.force_login(reader)
    assert "tone-form" not in client.get(reverse("monitoring:stream")).content.decode()
    client.force_login(staff)
    assert "tone-form" in client.get(reverse("monitoring:stream")).content.decode()


def test_correction_from_the_article_page_returns_there_and_shows_who_decided(client, staff, article):
    client.force_login(staff)
    page = reverse("monitoring:article", args=[article.pk])
    assert 'id="tone-form"' in client.get(page).content.decode()
    url = reverse("monitoring:article_tone", args=[article.pk])
    response = client.post(url, {"label": "negative", "back": "article"}, follow=True)
    assert response.redirect_chain == [(page, 302)]
    html = response.content.decode()
    assert 'data-tone-by="analyst"' in html and 'value="negative" selected' in html
    assert ToneLabel.objects.get().label == "negative"
    # A bad value from that page: back to it with the message, nothing written.
    response = client.post(url, {"label": "tốt", "back": "article"}, follow=True)
    assert response.redirect_chain == [(page, 302)]
    assert 'class="error"' in response.content.decode()
    assert ToneLabel.objects.get().label == "negative"


def test_article_page_shows_no_tone_control_to_readers(client, reader, article):
    client.force_login(reader)
    html = client.get(reverse("monitoring:article", args=[article.pk])).content.decode()
    assert 'id="tone-value"' in html and 'id="tone-form"' not in html
