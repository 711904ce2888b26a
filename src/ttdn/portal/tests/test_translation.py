"""The translate-and-review cycle: drafts, machine output held for review, dashboard states, glossary."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from wagtail.models import Locale

from ttdn.core.models import AuditEvent
from ttdn.portal import demo, selectors, services
from ttdn.portal.models import ArticlePage, GlossaryTerm
from ttdn.portal.models.pages import TranslationNotReviewed

TITLE = "Ủy ban nhân dân tỉnh Lạng Sơn tiếp đoàn Quảng Tây"


@pytest.fixture
def article(add_page):
    return add_page(ArticlePage(title=TITLE, intro="Tin ví dụ."))


def _states(page):
    row = next(r for r in selectors.translation_matrix() if r.source.pk == page.pk)
    return {c.language: c.state for c in row.cells}


def test_submitting_makes_drafts_and_the_dashboard_follows_every_state(article):
    assert _states(article) == {"en": "missing", "zh-hans": "missing"}
    services.submit_translations(page=article, user=None)
    assert _states(article) == {"en": "draft", "zh-hans": "draft"}
    en = services.translate_strings(
        page=article, language="en", strings={TITLE: "Province receives Guangxi"}, user=None
    )
    assert not en.live
    demo.review_and_publish(en, demo.demo_staff())
    assert _states(article) == {"en": "published", "zh-hans": "draft"}
    article.title = TITLE + " lần thứ hai"
    article.save_revision().publish()
    assert _states(article) == {"en": "outdated", "zh-hans": "outdated"}
    services.submit_translations(page=article, user=None)  # resync from the changed source
    assert _states(article)["en"] != "outdated"


def test_no_machine_backend_by_default(article):
    services.submit_translations(page=article, user=None)
    assert services.machine_translate(page=article, language="en", user=None) is None


@override_settings(TTDN_PORTAL_MT_BACKEND="ttdn.portal.mt.GlossaryTranslator")
def test_machine_output_is_never_published_without_review(article, admin):
    GlossaryTerm.objects.create(
        vi="Ủy ban nhân dân tỉnh Lạng Sơn",
        en="People's Committee of Lạng Sơn Province",
        zh="谅山省人民委员会",
    )
    services.submit_translations(page=article, user=admin)
    draft = services.machine_translate(page=article, language="zh-hans", user=admin)
    assert draft.title.startswith("谅山省人民委员会") and not draft.live
    assert services.unreviewed_machine_strings(draft) > 0
    with pytest.raises(ValidationError):
        services.publish(page=draft, user=admin)
    draft.refresh_from_db()
    assert not draft.live
    services.review_machine_strings(page=draft, user=admin)
    with pytest.raises(TranslationNotReviewed):  # the strings were accepted, not this revision
        services.publish(page=draft, user=admin)
    draft.refresh_from_db()
    assert not draft.live


@override_settings(TTDN_PORTAL_MT_BACKEND="ttdn.portal.mt.GlossaryTranslator")
def test_the_language_reviewers_approval_reviews_machine_output_and_the_approver_publishes(article):
    services.submit_translations(page=article, user=None)
    staff = demo.demo_staff()
    draft = services.machine_translate(page=article, language="zh-hans", user=staff["editor"])
    assert services.unreviewed_machine_strings(draft) > 0
    services.submit_translation_for_review(page=draft, user=staff["editor"])
    services.approve_task(page=draft, user=staff["zh-hans"])
    assert services.unreviewed_machine_strings(draft) == 0
    draft.refresh_from_db()
    assert not draft.live
    services.approve_task(page=draft, user=staff["approver"])
    draft.refresh_from_db()
    assert draft.live
    assert AuditEvent.objects.filter(action="portal.machine_translation_reviewed").exists()


def test_glossary_check_flags_a_translation_not_using_the_agreed_term(article):
    GlossaryTerm.objects.create(vi="Quảng Tây", en="Guangxi", zh="广西", category="place")
    hits = selectors.glossary_check(TITLE, "Province receives Kwangsi delegation", "en")
    assert [(h.term.vi, h.expected, h.found) for h in hits] == [("Quảng Tây", "Guangxi", False)]
    hits = selectors.glossary_check(TITLE, "省接待广西代表团", "zh-hans")
    assert [(h.expected, h.found) for h in hits] == [("广西", True)]


def test_dashboard_and_glossary_views_for_staff(client, admin, article):
    services.submit_translations(page=article, user=None)
    client.force_login(admin)
    html = client.get("/cms/portal/translations/").content.decode()
    assert TITLE in html and 'data-state="draft"' in html
    en = article.get_translation(Locale.objects.get(language_code="en"))
    assert client.get(f"/cms/portal/glossary-check/{en.pk}/").status_code == 200


def test_dashboard_is_staff_only(client, reader):
    client.force_login(reader)
    assert client.get("/cms/portal/translations/").status_code == 302


def test_workflows_put_a_language_reviewer_before_the_approver(site):
    services.setup_workflow()
    from ttdn.portal.models import HomePage

    tasks = {
        home.locale.language_code: [t.name for t in home.get_workflow().tasks]
        for home in HomePage.objects.select_related("locale")
    }
    assert tasks == {
        "vi": ["Duyệt của lãnh đạo"],
        "en": ["Rà soát bản dịch (en)", "Duyệt của lãnh đạo"],
        "zh-hans": ["Rà soát bản dịch (zh-hans)", "Duyệt của lãnh đạo"],
    }


def test_submitting_a_translation_for_review_starts_its_language_workflow_once(article, admin, reader):
    services.setup_workflow()
    services.submit_translations(page=article, user=admin)
    services.translate_strings(
        page=article, language="en", strings={TITLE: "Province receives Guangxi"}, user=None
    )
    en = article.get_translation(Locale.objects.get(language_code="en"))
    with pytest.raises(ValidationError):
        services.submit_translation_for_review(page=article, user=admin)  # the source has its own workflow
    state = services.submit_translation_for_review(page=en, user=admin)
    assert [t.name for t in state.workflow.tasks] == ["Rà soát bản dịch (en)", "Duyệt của lãnh đạo"]
    assert state.current_task_state.revision.content["title"] == "Province receives Guangxi"
    with pytest.raises(ValidationError):
        services.submit_translation_for_review(page=en, user=admin)
    submitted = AuditEvent.objects.filter(
        action="portal.translation_submitted_for_review", object_id=str(en.pk)
    )
    assert submitted.count() == 1
    other = article.get_translation(Locale.objects.get(language_code="zh-hans"))
    with pytest.raises(PermissionDenied):  # no group, no page rights
        services.submit_translation_for_review(page=other, user=reader)
