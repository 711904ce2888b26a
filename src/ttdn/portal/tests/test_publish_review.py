"""A translation goes live only on a revision its language reviewer approved, whatever the publish path."""

import time
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone
from wagtail.actions.publish_page_revision import PublishPageRevisionAction
from wagtail.models import Locale, Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from ttdn.core.models import AuditEvent
from ttdn.portal import demo, services
from ttdn.portal.models import ArticlePage
from ttdn.portal.models.pages import TranslationNotReviewed

TITLE = "Lạng Sơn đón đoàn doanh nghiệp Quảng Tây"
EN_TITLE = "Lạng Sơn welcomes Guangxi businesses"


@pytest.fixture
def staff(site):
    return demo.demo_staff()


@pytest.fixture
def article(add_page):
    return add_page(ArticlePage(title=TITLE, intro="Tin ví dụ."))


@pytest.fixture
def en(article, staff):
    """The English draft of the article, its strings translated, not yet reviewed."""
    services.submit_translations(page=article, user=staff["editor"])
    return services.translate_strings(
        page=article, language="en", strings={TITLE: EN_TITLE}, user=staff["editor"]
    ).specific


def _refusal_text(page) -> str:
    return TranslationNotReviewed(page).messages[0]


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _assert_draft(page, revisions_before: int | None = None) -> None:
    page.refresh_from_db()
    assert not page.live and page.live_revision_id is None
    assert not AuditEvent.objects.filter(action="portal.page_published", object_id=str(page.pk)).exists()
    if revisions_before is not None:
        assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == revisions_before


def test_every_programmatic_publish_of_an_unreviewed_translation_is_refused(en, staff):
    assert "Tiếng Anh" in _refusal_text(en) or "English" in _refusal_text(en)
    with pytest.raises(TranslationNotReviewed):
        services.publish(page=en, user=staff["approver"])
    with pytest.raises(TranslationNotReviewed):
        en.get_latest_revision().publish(user=staff["approver"])
    # Wagtail's edit view and page API run the publish action without Page.publish: the row refuses to go live.
    with pytest.raises(TranslationNotReviewed):
        PublishPageRevisionAction(en.get_latest_revision(), user=staff["approver"]).execute(
            skip_permission_checks=True
        )
    fresh = ArticlePage.objects.get(pk=en.pk)
    fresh.live = True
    with pytest.raises(TranslationNotReviewed):
        fresh.save()
    _assert_draft(en)
    # A translated page made directly in the English tree is inserted as a draft, never live without a revision.
    direct = ArticlePage(title="Made in English", live=True)
    en.get_parent().add_child(instance=direct)
    direct.refresh_from_db()
    assert not direct.live


def test_the_reviewed_revision_is_published_and_an_edit_after_the_review_goes_back_to_the_reviewer(en, staff):
    services.submit_translation_for_review(page=en, user=staff["editor"])
    services.approve_task(page=en, user=staff["en"])
    en.refresh_from_db()
    reviewed = en.get_latest_revision()
    # The translator changes a string while the page waits for the approver: a new, unreviewed revision.
    services.translate_strings(
        page=en.get_translation(Locale.objects.get(language_code="vi")),
        language="en",
        strings={TITLE: EN_TITLE + " again"},
        user=staff["editor"],
    )
    en.refresh_from_db()
    edited = en.get_latest_revision()
    assert edited.pk != reviewed.pk
    services.approve_task(page=en, user=staff["approver"])
    _assert_draft(en)  # the approver's approval did not publish the unreviewed edit
    state = en.current_workflow_task_state
    assert state.task.name == "Rà soát bản dịch (en)" and state.revision_id == edited.pk
    with pytest.raises(TranslationNotReviewed):
        edited.publish(user=staff["approver"])
    services.approve_task(page=en, user=staff["en"])
    services.approve_task(page=en, user=staff["approver"])
    en.refresh_from_db()
    assert en.live and en.live_revision_id == edited.pk and en.title == EN_TITLE + " again"


def test_only_a_reviewer_of_the_language_counts(en, staff):
    services.submit_translation_for_review(page=en, user=staff["editor"])
    with pytest.raises(PermissionDenied):
        services.approve_task(page=en, user=staff["zh-hans"])  # the Chinese reviewer
    with pytest.raises(PermissionDenied):
        services.approve_task(page=en, user=staff["editor"])
    # Wagtail's TaskState.approve checks nobody: an approval recorded by someone outside the group is no review.
    en.current_workflow_task_state.approve(user=staff["editor"])
    with pytest.raises(TranslationNotReviewed):
        services.approve_task(page=en, user=staff["approver"])
    _assert_draft(en)
    assert (
        en.current_workflow_task_state.task.name == "Duyệt của lãnh đạo"
    )  # the refused approval rolled back


def test_wagtail_localize_publish_button_is_refused_with_the_message(client, en, staff, admin):
    """The editor's "Publish in English" is a form POST of action=publish to the page's edit URL."""
    revisions = Revision.page_revisions.filter(object_id=str(en.pk)).count()
    for user in (staff["approver"], admin):
        client.force_login(user)
        url = f"/cms/pages/{en.pk}/edit/"
        response = client.post(url, {"action": "publish"})
        assert response.status_code == 302 and response["Location"] == url
        assert _refusal_text(en) in _messages(response)
        _assert_draft(en, revisions)
    page = client.get(url)
    assert page.status_code == 200  # the editor opens again, showing the message


def _article_form(title: str, **extra) -> dict:
    return nested_form_data(
        {
            "title": title,
            "slug": "",
            "intro": "",
            "classification": "0",
            "date": "2026-05-01",
            "lead_image": "",
            "body": rich_text("<p>Body.</p>"),
            "comments": inline_formset([]),
            **extra,
        }
    )


def test_wagtail_edit_and_create_views_refuse_to_publish_a_translation(client, en, staff):
    from wagtail_localize.models import Translation

    # A translation whose synchronisation was stopped is edited in Wagtail's own page editor.
    Translation.objects.filter(target_locale=en.locale, source__object_id=en.translation_key).update(
        enabled=False
    )
    client.force_login(staff["approver"])
    response = client.post(
        f"/cms/pages/{en.pk}/edit/",
        _article_form("Edited in English", slug=en.slug, **{"action-publish": "1"}),
    )
    assert response.status_code == 302 and response["Location"] == f"/cms/pages/{en.pk}/edit/"
    assert _refusal_text(en) in _messages(response)
    _assert_draft(en)
    assert en.get_latest_revision().content["title"] == "Edited in English"  # kept as a draft
    # The same with a publishing date: nothing is scheduled either.
    later = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    response = client.post(
        f"/cms/pages/{en.pk}/edit/",
        _article_form("Scheduled in English", slug=en.slug, go_live_at=later, **{"action-publish": "1"}),
    )
    assert _refusal_text(en) in _messages(response)
    assert not Revision.page_revisions.filter(
        object_id=str(en.pk), approved_go_live_at__isnull=False
    ).exists()
    # A page created straight in the English tree with "Publish".
    response = client.post(
        f"/cms/pages/add/portal/articlepage/{en.get_parent().pk}/",
        _article_form("Written in English", slug="written-in-english", **{"action-publish": "1"}),
    )
    created = ArticlePage.objects.get(slug="written-in-english")
    assert response.status_code == 302 and _refusal_text(created) in _messages(response)
    _assert_draft(created)


def test_bulk_publish_refuses_an_unreviewed_translation_and_its_draft_descendants(client, en, staff):
    client.force_login(staff["approver"])
    home = en.get_parent()
    for page, data in ((en, {}), (home, {"include_descendants": "on"})):
        response = client.post(f"/cms/bulk/wagtailcore/page/publish/?id={page.pk}&next=/cms/pages/", data)
        assert response.status_code == 302 and response["Location"] == "/cms/pages/"
        assert _refusal_text(en) in _messages(response)
        _assert_draft(en)


def test_page_api_publish_answers_400_with_the_message(client, en, staff):
    client.force_login(staff["approver"])
    response = client.post(f"/cms/api/main/pages/{en.pk}/action/publish/", content_type="application/json")
    assert response.status_code == 400
    assert _refusal_text(en) in response.content.decode()
    _assert_draft(en)


def test_scheduled_publishing_publishes_reviewed_translations_and_never_an_unreviewed_one(
    client, article, en, staff
):
    soon = timezone.now() + timedelta(seconds=1)
    # Chinese: reviewed, then approved with a publishing date → scheduled, goes live when due.
    zh = services.translate_strings(
        page=article, language="zh-hans", strings={TITLE: "谅山欢迎广西企业"}, user=staff["editor"]
    ).specific
    zh.go_live_at = soon
    zh.save_revision(user=staff["editor"])
    zh.get_workflow().start(zh, staff["editor"])
    services.approve_task(page=zh, user=staff["zh-hans"])
    services.approve_task(page=zh, user=staff["approver"])
    zh.refresh_from_db()
    assert not zh.live and zh.get_latest_revision().approved_go_live_at is not None
    # English, unreviewed: scheduling through Revision.publish is refused at once …
    en.go_live_at = soon
    unreviewed = en.save_revision(user=staff["editor"])
    with pytest.raises(TranslationNotReviewed):
        unreviewed.publish(user=staff["approver"])
    unreviewed.refresh_from_db()
    assert unreviewed.approved_go_live_at is None
    # … but the page API schedules a draft page without making it live; when due, publish_scheduled refuses it
    # and goes on with the others.
    client.force_login(staff["approver"])
    assert client.post(f"/cms/api/main/pages/{en.pk}/action/publish/").status_code == 200
    unreviewed.refresh_from_db()
    assert unreviewed.approved_go_live_at is not None
    time.sleep(1.1)
    call_command("publish_scheduled")
    zh.refresh_from_db()
    assert zh.live
    _assert_draft(en)
    unreviewed.refresh_from_db()
    assert unreviewed.approved_go_live_at is None
    assert AuditEvent.objects.filter(action="portal.scheduled_publish_refused", object_id=str(en.pk)).exists()
