"""Django admin writes go through LogEntry; mirror them into the audit log so that no write is silent."""

from axes.signals import user_locked_out
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.backends.signals import connection_created
from django.db.models.signals import post_save
from django.dispatch import receiver

from . import audit, audit_db

_ACTIONS = {ADDITION: "admin.add", CHANGE: "admin.change", DELETION: "admin.delete"}


@receiver(post_save, sender=LogEntry)
def mirror_admin_log(sender, instance: LogEntry, created: bool, **kwargs) -> None:
    if not created:
        return
    audit.append(
        actor_id=instance.user_id,
        action=_ACTIONS.get(instance.action_flag, "admin"),
        object_type=instance.content_type.model_class()._meta.label_lower if instance.content_type else "",
        object_id=instance.object_id or "",
        object_repr=instance.object_repr[:300],
        changes={"message": instance.get_change_message()},
    )


@receiver(connection_created)
def sqlite_audit_guard(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        audit_db.register_sqlite_function(connection)


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs) -> None:
    audit.record(actor=user, action="account.login", obj=user)


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit.record(actor=user, action="account.logout", obj=user)


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs) -> None:
    # The password is never recorded; Django already masks it in ``credentials``.
    audit.record(
        actor=None, action="account.login_failed", changes={"username": credentials.get("username", "")}
    )


@receiver(user_locked_out)
def audit_locked_out(sender, request, username, ip_address, **kwargs) -> None:
    audit.record(actor=None, action="account.locked_out", changes={"username": username or ""})
