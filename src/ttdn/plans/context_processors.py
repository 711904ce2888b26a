from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .access import actor_for
from .models import Notification


def nav(request: HttpRequest) -> dict:
    """What the top bar needs: unread notifications and whether the user sees the whole province.
    Lazy, so partial pages that have no top bar cost no query."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def build() -> dict:
        return {
            "unread": Notification.objects.filter(user=user, read_at__isnull=True).count(),
            "sees_everything": actor_for(user).sees_everything,
        }

    return {"nav": SimpleLazyObject(build)}
