"""Rebuttal cases: services, access and the htmx case page."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ttdn.core.models import AuditEvent
from ttdn.core.text import fold
from ttdn.directory.models import Unit
from ttdn.monitoring.models import Article, Case, Cluster, Source
from ttdn.monitoring.selectors import case_page
from ttdn.monitoring.services import case_add_evidence, case_assign, case_move, case_open, case_set_statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(focal_officer):
    focal_officer.user_permissions.add(
        Permission.objects.get(content_type__app_label="monitoring", codename="add_source")
    )
    return focal_officer


@pytest.fixture
def story(db):
    source = Source.objects.create(name="Trang tin X", url="https://tinx.example/rss")
    cluster = Cluster.objects.create(key="k1", title="Tin đồn", first_seen=timezone.now(), size=2)
    title = "Tin đồn đóng cửa khẩu Hữu Nghị vô thời hạn"
    return Article.objects.create(
        source=source,
        url="https://tinx.example/1",
        url_hash="1" * 32,
        title=title,
        text="Có tin cửa khẩu Hữu Nghị đóng cửa vô thời hạn từ ngày mai.",
        text_folded=fold(title),
        published_at=timezone.now(),
        fetched_at=timezone.now(),
        relevant=True,
        relevance_score=0.9,
        cluster=cluster,
    )


def test_full_life_of_a_case(staff, unit_officer, story):
    case = case_open(
        actor=staff, title=story.title, claim="Cửa khẩu Hữu Nghị đóng vô thời hạn.", articles=[story]
    )
    assert list(case.clusters.all()) == [story.cluster]  # the story's copies come along
    unit = Unit.objects.get(code="bo-chi-huy-bo-doi-bien-phong-tinh")
    deadline = timezone.localdate() + datetime.timedelta(days=2)
    case_assign(actor=staff, case=case, officer=unit_officer, unit=unit, deadline=deadline)
    case_move(actor=unit_officer, case=case, status="investigating")
    case_add_evidence(
        actor=unit_officer,
        case=case,
        kind="source",
        text="Thông báo của Ban Quản lý cửa khẩu.",
        url="https://bqlkktck.langson.gov.vn/tb",
    )
    with pytest.raises(ValidationError) as refused:
        case_move(actor=unit_officer, case=case, status="rebutted", verdict="tin_xac_thuc")
    assert "tin giả" in " ".join(refused.value.messages)
    case_move(actor=unit_officer, case=case, status="rebutted", verdict="tin_gia")
    with pytest.raises(ValidationError):
        case_move(actor=staff, case=case, status="closed")  # no statement yet
    case_set_statement(
        actor=staff, case=case, statement_url="https://langson.gov.vn/bac-bo-tin-gia", ministry_notified=True
    )
    case = case_move(actor=staff, case=case, status="closed")
    assert (
        (case.status, case.verdict) == ("closed", "tin_gia") and case.closed_at and case.ministry_notified_at
    )
    actions = list(case.events.values_list("action", flat=True))
    assert actions == ["open", "assign", "move", "evidence", "move", "statement", "move"]
    assert AuditEvent.objects.filter(object_type="monitoring.case", object_id=str(case.pk)).count() == 7
    with pytest.raises(ValidationError):
        case_add_evidence(actor=staff, case=case, kind="argument", text="Muộn.")


def test_bad_input_writes_nothing(staff, story):
    with pytest.raises(ValidationError) as refused:
        case_open(
            actor=staff, title=" ", claim="", deadline=timezone.localdate() - datetime.timedelta(days=1)
        )
    assert set(refused.value.message_dict) == {"title", "claim", "deadline"}
    assert not Case.objects.exists()
    case = case_open(actor=staff, title="T", claim="C")
    with pytest.raises(ValidationError):
        case_add_evidence(actor=staff, case=case, kind="source", text="x", url="javascript:alert(1)")
    with pytest.raises(ValidationError):
        case_set_statement(actor=staff, case=case, statement_url="ftp://x")
    assert not case.evidence.exists() and case.events.count() == 1


def test_access_staff_and_assignee_only(client, staff, unit_officer, other_officer, story):
    case = case_open(actor=staff, title="Vụ việc thử nghiệm số 1", claim="C")
    url = reverse("monitoring:case", args=[case.pk])
    client.force_login(other_officer)
    assert client.get(url).status_code == 403
    assert case.title not in client.get(reverse("monitoring:cases")).content.decode()
    case_assign(actor=staff, case=case, officer=unit_officer, unit=None, deadline=None)
    client.force_login(unit_officer)
    assert client.get(url).status_code == 200
    assert case.title in client.get(reverse("monitoring:cases")).content.decode()
    # The officer works the case but does not reassign it.
    assign = reverse("monitoring:case_action", args=[case.pk, "assign"])
    assert client.post(assign, {"officer": other_officer.pk}).status_code == 403
    assert client.get(reverse("monitoring:case_new")).status_code == 403


def test_open_from_the_stream_and_step_with_htmx(client, staff, story):
    client.force_login(staff)
    stream = client.get(reverse("monitoring:stream")).content.decode()
    assert f"/monitoring/cases/new/?article={story.pk}" in stream
    form = client.get(reverse("monitoring:case_new"), {"article": story.pk}).content.decode()
    assert story.title in form
    response = client.post(
        reverse("monitoring:case_new"),
        {"article": story.pk, "title": story.title, "claim": "Đóng cửa khẩu", "deadline": "31/12/2099"},
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("monitoring:case", args=[case.pk])
    assert case.deadline == datetime.date(2099, 12, 31) and list(case.articles.all()) == [story]
    move = reverse("monitoring:case_action", args=[case.pk, "move"])
    html = client.post(move, {"status": "investigating"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html and 'data-action="move"' in html
    html = client.post(move, {"status": "rebutted", "verdict": ""}, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="case-error"' in html
    case.refresh_from_db()
    assert case.status == "investigating"


def test_case_page_queries(staff, story, django_assert_num_queries):
    case = case_open(actor=staff, title="T", claim="C", articles=[story])
    case_add_evidence(actor=staff, case=case, kind="argument", text="Lập luận")
    with django_assert_num_queries(4):
        context = case_page(case)
    assert len(context["articles"]) == 1 and len(context["events"]) == 2


def test_classified_case_and_evidence_only_for_the_cleared(client, staff, unit_officer, story):
    """A case marked Mật is "not found" for staff without clearance, listed and audited for those with it."""
    staff.clearance = 1
    staff.save(update_fields=["clearance"])
    case = case_open(actor=staff, title="Tin giả về cửa khẩu", claim="Đóng cửa khẩu", classification=1)
    case_add_evidence(actor=staff, case=case, kind="source", text="Công văn mật", classification=1)
    case_add_evidence(actor=staff, case=case, kind="source", text="Bài báo công khai")
    with pytest.raises(ValidationError):
        case_open(actor=unit_officer, title="x", claim="y", classification=2)
    assert not case.events.filter(detail__contains="Công văn mật").exists()  # the timeline hides it
    client.force_login(staff)
    page = client.get(reverse("monitoring:case", args=[case.pk]))
    assert page.status_code == 200 and "Công văn mật" in page.content.decode()
    assert AuditEvent.objects.filter(action="classified.view", object_id=str(case.pk)).count() == 1
    staff.clearance = 0
    staff.save(update_fields=["clearance"])
    assert client.get(reverse("monitoring:case", args=[case.pk])).status_code == 404
    assert case.title not in client.get(reverse("monitoring:cases")).content.decode()
    plain = case_open(actor=staff, title="Tin thường", claim="z")
    case_add_evidence(actor=staff, case=plain, kind="source", text="Ghi chú", classification=0)
    assert [e.text for e in case_page(plain, user=staff)["evidence"]] == ["Ghi chú"]
