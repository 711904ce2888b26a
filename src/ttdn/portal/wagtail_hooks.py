from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from .models import GlossaryTerm

register_snippet(GlossaryTerm)


@hooks.register("register_admin_menu_item")
def translation_dashboard_item():
    return MenuItem(_("Translations"), reverse("portal_translation_dashboard"), icon_name="globe", order=250)


@hooks.register("before_serve_document")
def refuse_confidential_documents(document, request):
    """A document marked confidential is served to nobody, whatever page links to it."""
    if getattr(document, "confidential", False):
        raise Http404
