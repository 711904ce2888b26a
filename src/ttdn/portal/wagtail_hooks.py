from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Page
from wagtail.snippets.models import register_snippet

from . import selectors
from .models import GlossaryTerm
from .models.pages import TranslationNotReviewed

register_snippet(GlossaryTerm)


@hooks.register("register_admin_menu_item")
def translation_dashboard_item():
    return MenuItem(_("Translations"), reverse("portal_translation_dashboard"), icon_name="globe", order=250)


@hooks.register("before_serve_document")
def refuse_confidential_documents(document, request):
    """A document marked confidential is served to nobody, whatever page links to it."""
    if getattr(document, "confidential", False):
        raise Http404


# PortalPage.publish and PortalPage.save refuse an unreviewed translation on every path; the hooks below only
# turn that refusal into a message on the admin screens, before the screen starts writing.


def _is_translation(page: Page) -> bool:
    return not selectors.translation_reviewed(page=page, revision_id=None)


def _refuse(request, page: Page, *, draft_kept: bool):
    messages.error(request, TranslationNotReviewed(page).messages[0])
    if draft_kept:
        messages.info(request, gettext("The changes are kept as a draft."))


@hooks.register("before_edit_page", order=-1)
def refuse_localize_publish(request, page):
    """wagtail-localize's editor "Publish in …" (a POST with action=publish) turns the strings into a new revision
    and publishes it at once, so no reviewer can have approved that revision. Registered before
    wagtail-localize's own hook, which would otherwise take the request."""
    if request.method == "POST" and request.POST.get("action") == "publish":
        page = page.specific
        if _is_translation(page):
            _refuse(request, page, draft_kept=False)
            return redirect(request.path)
    return None


@hooks.register("before_publish_page")
def refuse_unreviewed_publish(request, page):
    """Wagtail's create and edit views: the form was just saved as a new revision, which nobody reviewed."""
    revision = page.get_latest_revision()
    if not selectors.translation_reviewed(page=page, revision_id=revision.pk if revision else None):
        _refuse(request, page, draft_kept=True)
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_bulk_action")
def refuse_unreviewed_bulk_publish(request, action_type, objects, action_class_instance):
    """Wagtail's bulk "Publish" publishes each page's latest revision (and, when asked, its draft descendants')."""
    if action_type != "publish" or not objects or not isinstance(objects[0], Page):
        return None
    form = action_class_instance.cleaned_form
    with_descendants = bool(form and form.cleaned_data.get("include_descendants"))
    for page in objects:
        pages = [page.specific]
        if with_descendants:
            pages += list(page.get_descendants().not_live().specific())
        for candidate in pages:
            revision = candidate.get_latest_revision()
            if not selectors.translation_reviewed(
                page=candidate, revision_id=revision.pk if revision else None
            ):
                _refuse(request, candidate, draft_kept=False)
                return redirect(action_class_instance.next_url)
    return None
