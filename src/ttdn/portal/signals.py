"""Every publish, unpublish and deletion of a portal page is audited and empties the public page cache."""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, task_approved

from ttdn.core import audit

from . import middleware
from .models import PortalPage


def _actor(revision):
    user = getattr(revision, "user", None)
    return user if user is not None and user.is_authenticated else None


@receiver(page_published)
def _published(sender, instance, revision=None, **kwargs):
    if isinstance(instance, PortalPage):
        # Wagtail sends page_published also when a revision is only scheduled (the page stays a draft).
        audit.record(
            actor=_actor(revision),
            action="portal.page_published" if instance.live else "portal.page_scheduled",
            obj=instance,
            changes={"locale": instance.locale.language_code, "revision": getattr(revision, "pk", None)},
        )
    middleware.purge()


@receiver(page_unpublished)
def _unpublished(sender, instance, **kwargs):
    if isinstance(instance, PortalPage):
        audit.record(actor=None, action="portal.page_unpublished", obj=instance)
    middleware.purge()


@receiver(post_delete)
def _deleted(sender, instance, **kwargs):
    if isinstance(instance, PortalPage):
        middleware.purge()


@receiver(task_approved)
def _reviewed(sender, instance, user=None, **kwargs):
    """A language reviewer's approval is the human review that machine output needs before it can go live."""
    from . import services

    state = instance.workflow_state
    page = state.content_object if state else None
    if page is None or not hasattr(page, "locale"):
        return
    if instance.task.name.startswith("Rà soát bản dịch") and services.unreviewed_machine_strings(page):
        services.review_machine_strings(page=page, user=user)
