"""Writes for the portal: the site tree, translations, review of machine output, image downloads."""

from typing import Any

import polib
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from ttdn.core import audit
from ttdn.core.models import User

from .models import DOWNLOAD_FILTERS, HomePage, ImageDownload, PortalImage, PortalRendition

SOURCE = "vi"
TARGETS = ("en", "zh-hans")

EDITORS = "Biên tập viên cổng TTĐN"
APPROVERS = "Lãnh đạo duyệt cổng TTĐN"
REVIEWERS = {"en": "Người rà soát bản tiếng Anh", "zh-hans": "Người rà soát bản tiếng Trung"}


def _actor(user: Any) -> User | None:
    return user if isinstance(user, User) else None


@transaction.atomic
def ensure_locales() -> dict[str, Locale]:
    from wagtail.models import Collection

    # Wagtail's migrations create the root collection; a flushed database (transactional tests) has lost it.
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code in (SOURCE, *TARGETS)}


@transaction.atomic
def ensure_home(*, title: str = "Lạng Sơn - Thông tin đối ngoại", hostname: str = "localhost") -> HomePage:
    """The Vietnamese home page under Wagtail's root, made the default site's root."""
    locales = ensure_locales()
    home = HomePage.objects.filter(locale=locales[SOURCE]).first()
    if home is None:
        root = Page.get_first_root_node()
        if root is None:  # a flushed database (transactional tests) has lost the root migrations made
            root = Page.add_root(instance=Page(title="Root", slug="root", locale=locales[SOURCE]))
        # Wagtail's installer leaves a placeholder "Welcome" page; the portal home replaces it.
        for placeholder in root.get_children().filter(content_type__model="page"):
            Site.objects.filter(root_page=placeholder).delete()
            placeholder.delete()
        home = HomePage(title=title, slug="trang-chu", locale=locales[SOURCE])
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname=hostname, root_page=home, is_default_site=True, site_name=title)
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    return home


@transaction.atomic
def setup_workflow() -> Workflow:
    """Editor → (reviewer of the language, for translations) → approver of the focal department → publish.

    Each locale has its own home page, so the English and Chinese trees get a workflow with a reviewer task
    before the approver's.
    """
    groups = {
        name: Group.objects.get_or_create(name=name)[0] for name in (EDITORS, APPROVERS, *REVIEWERS.values())
    }
    admin_access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    image_perms = Permission.objects.filter(
        content_type__app_label="portal",
        codename__in=[
            "add_portalimage",
            "change_portalimage",
            "choose_image",
            "add_portaldocument",
            "change_portaldocument",
            "choose_document",
        ],
    )
    # "Translate this page" (wagtail-localize) is for those who prepare and approve the Vietnamese source.
    # Made by a data migration of wagtail-localize, so a flushed database (transactional tests) lacks it.
    submit, _created = Permission.objects.get_or_create(
        content_type=ContentType.objects.get_or_create(app_label="wagtail_localize", model="translation")[0],
        codename="submit_translation",
        defaults={"name": "Can submit translations"},
    )
    root = Collection.get_first_root_node()
    for name, group in groups.items():
        group.permissions.add(admin_access, *image_perms)
        if name in (EDITORS, APPROVERS):
            group.permissions.add(submit)
        # Wagtail's image and document choosers check permissions per collection, not the model permission.
        for collection_perm in image_perms:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=collection_perm
            )
    approval = _task("Duyệt của lãnh đạo", groups[APPROVERS])
    homes = {h.locale.language_code: h for h in HomePage.objects.select_related("locale")}
    workflow = None
    for code, home in homes.items():
        tasks = (
            [approval]
            if code == SOURCE
            else [_task(f"Rà soát bản dịch ({code})", groups[REVIEWERS[code]]), approval]
        )
        workflow, _ = Workflow.objects.get_or_create(name=f"Xuất bản cổng TTĐN ({code})")
        existing = WorkflowTask.objects.filter(workflow=workflow).order_by("sort_order")
        if list(existing.values_list("task_id", flat=True)) != [t.pk for t in tasks]:
            existing.delete()
            # WorkflowTask hangs off a ParentalKey: created directly, not through the unsaved cluster relation.
            for order, task in enumerate(tasks):
                WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
        WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
        for perm in ("add_page", "change_page"):
            GroupPagePermission.objects.get_or_create(
                group=groups[EDITORS], page=home, permission=_page_perm(perm)
            )
        for perm in ("add_page", "change_page", "publish_page"):
            GroupPagePermission.objects.get_or_create(
                group=groups[APPROVERS], page=home, permission=_page_perm(perm)
            )
        if code in REVIEWERS:
            GroupPagePermission.objects.get_or_create(
                group=groups[REVIEWERS[code]], page=home, permission=_page_perm("change_page")
            )
    assert workflow is not None
    return workflow


def _page_perm(codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)


def _task(name: str, group: Group) -> GroupApprovalTask:
    task = GroupApprovalTask.objects.filter(name=name).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=name)
    task.groups.set([group])
    return task


@transaction.atomic
def submit_translations(*, page: Page, user: Any, languages: tuple[str, ...] = TARGETS) -> None:
    """Create (or refresh) the English and Chinese drafts of an approved Vietnamese page."""
    from wagtail_localize.models import TranslationSource
    from wagtail_localize.operations import TranslationCreator

    page = page.specific
    source, created = TranslationSource.get_or_create_from_instance(page)
    if not created:
        source.update_from_db()
    creator = TranslationCreator(_actor(user), [Locale.objects.get(language_code=code) for code in languages])
    creator.create_translations(page)
    audit.record(
        actor=_actor(user),
        action="portal.translations_submitted",
        obj=page,
        changes={"languages": list(languages)},
    )


def _translation(page: Page, language: str):
    from wagtail_localize.models import Translation

    return Translation.objects.get(
        source__object_id=page.translation_key,
        source__locale__language_code=SOURCE,
        target_locale__language_code=language,
    )


@transaction.atomic
def translate_strings(
    *, page: Page, language: str, strings: dict[str, str], user: Any, machine: str = ""
) -> Page:
    """Store translations of the source's strings (as the wagtail-localize editor does) and save a draft.

    ``strings`` maps a Vietnamese source string to its translation; strings not given stay untranslated.
    ``machine`` names the machine backend when the text came from one: it is then stored as machine output.
    """
    translation = _translation(page, language)
    po = translation.export_po()
    for entry in po:
        if entry.msgid in strings:
            entry.msgstr = strings[entry.msgid]
    translation.import_po(
        polib.pofile(str(po)),
        user=_actor(user),
        translation_type="machine" if machine else "manual",
        tool_name=machine,
    )
    translation.save_target(user=_actor(user), publish=False)
    target = translation.get_target_instance()
    audit.record(
        actor=_actor(user),
        action="portal.translation_saved",
        obj=target,
        changes={"language": language, "strings": len(strings), "machine": machine},
    )
    return target


@transaction.atomic
def submit_translation_for_review(*, page: Page, user: User) -> Any:
    """Start the language's workflow (reviewer of the language → approver) on a translation.

    wagtail-localize's editor saves each string as it is typed but has no workflow button (only "Publish in …"
    for those allowed to publish), so the translator submits from the translation dashboard: the strings
    become the draft's revision, and the approver's final approval publishes that revision.
    """
    page = page.specific
    if page.locale.language_code == SOURCE:
        raise ValidationError(gettext("Only a translation can be submitted for review here."))
    if page.workflow_in_progress:
        raise ValidationError(gettext("This translation is already in review."))
    # Wagtail's can_submit_for_moderation() leaves the edit right to the view that shows the button.
    perms = page.permissions_for_user(user)
    if not (perms.can_edit() and perms.can_submit_for_moderation()):
        raise PermissionDenied
    source = page.get_translation(Locale.objects.get(language_code=SOURCE))
    language = page.locale.language_code
    _translation(source, language).save_target(user=user, publish=False)
    page.refresh_from_db()
    workflow = page.get_workflow()
    state = workflow.start(page, user)
    audit.record(
        actor=user,
        action="portal.translation_submitted_for_review",
        obj=page,
        changes={"language": language, "workflow": workflow.name},
    )
    return state


def source_strings(page: Page, language: str) -> list[str]:
    return [entry.msgid for entry in _translation(page, language).export_po()]


@transaction.atomic
def machine_translate(*, page: Page, language: str, user: Any) -> Page | None:
    """Fill a draft with the configured backend's output; None when no backend is configured."""
    from . import mt

    backend = mt.get_backend()
    if backend is None:
        return None
    texts = source_strings(page, language)
    output = backend.translate(texts, source=SOURCE, target=language)
    return translate_strings(
        page=page,
        language=language,
        strings=dict(zip(texts, output, strict=True)),
        user=user,
        machine=backend.name,
    )


def unreviewed_machine_strings(page: Page) -> int:
    from wagtail_localize.models import StringTranslation

    if page.locale.language_code == SOURCE:
        return 0
    return StringTranslation.objects.filter(
        locale=page.locale,
        translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
        context__object_id=page.translation_key,
    ).count()


@transaction.atomic
def review_machine_strings(*, page: Page, user: Any) -> int:
    """A reviewer of the page's language accepts the machine output as it stands now."""
    from wagtail_localize.models import StringTranslation

    count = StringTranslation.objects.filter(
        locale=page.locale,
        translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
        context__object_id=page.translation_key,
    ).update(translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL, last_translated_by=_actor(user))
    audit.record(
        actor=_actor(user), action="portal.machine_translation_reviewed", obj=page, changes={"strings": count}
    )
    return count


@transaction.atomic
def approve_task(*, page: Page, user: User, comment: str = "") -> Any:
    """Approve the page's current workflow task as Wagtail's "Approve" button does, with the same right: a member
    of the task's group (or a superuser). The last task's approval publishes the page."""
    page = page.specific
    state = page.current_workflow_task_state
    if state is None:
        raise ValidationError(gettext("This page is not in review."))
    task = state.task.specific
    if "approve" not in [name for name, *_rest in task.get_actions(page, user)]:
        raise PermissionDenied
    task.on_action(state, user, "approve", comment=comment)
    audit.record(
        actor=user,
        action="portal.workflow_task_approved",
        obj=page,
        changes={"task": task.name, "revision": state.revision_id},
    )
    return state


@transaction.atomic
def unschedule_unreviewed(*, page: Page, revision: Any) -> None:
    """A translation's revision came due for scheduled publishing without its language review: it loses the date
    and stays a draft (publish_scheduled must go on with the other due revisions)."""
    type(revision).objects.filter(pk=revision.pk).update(approved_go_live_at=None)
    audit.record(
        actor=None,
        action="portal.scheduled_publish_refused",
        obj=page,
        changes={"revision": revision.pk, "reason": "translation not reviewed"},
    )


@transaction.atomic
def publish(*, page: Page, user: Any) -> Page:
    """Publish the latest revision (the approver's step when it is done outside the workflow buttons).

    A translation goes live only on a revision its language reviewer approved (``PortalPage.publish``).
    """
    page = page.specific
    revision = page.latest_revision or page.save_revision(user=_actor(user))
    revision.publish(user=_actor(user))
    page.refresh_from_db()
    return page


@transaction.atomic
def record_download(
    *, image: PortalImage, size: str, user: Any, language: str = "", purpose: str = ""
) -> PortalRendition:
    rendition = image.get_rendition(DOWNLOAD_FILTERS[size])
    ImageDownload.objects.create(
        image=image, size=size, user=_actor(user), language=language[:10], purpose=purpose[:255]
    )
    return rendition
