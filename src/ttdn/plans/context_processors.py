from django.http import HttpRequest

from .access import actor_for
from .models import Notification


def nav(request: HttpRequest) -> dict:
    """What the top bar needs: unread notifications and whether the user sees the whole province."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav": {
            "unread": Notification.objects.filter(user=user, read_at__isnull=True).count(),
            "sees_everything": actor_for(user).sees_everything,
        }
    }
