"""Django admin writes go through LogEntry; mirror them into the audit log so that no write is silent."""

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
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
