import functools

from django.http import HttpRequest
from django.urls import get_script_prefix, reverse
from django.utils.functional import SimpleLazyObject

from .access import actor_for
from .models import Notification

# The top bar's links. Reversing a URL name costs as much as a small query, and every page shows all of
# them, so each process reverses them once (per script prefix, which is all that can change them).
NAV_URL_NAMES = (
    "home",
    "login",
    "logout",
    "set_language",
    "admin:index",
    "activities:index",
    "core:audit",
    "core:personal_data",
    "outreach:campaigns",
    "directory:unit_list",
    "monitoring:stream",
    "plans:my_work",
    "plans:notifications",
    "plans:overview",
    "plans:plan_list",
)


@functools.cache
def _nav_links(script_prefix: str) -> dict[str, str]:
    return {name.replace(":", "_"): reverse(name) for name in NAV_URL_NAMES}


def nav(request: HttpRequest) -> dict:
    """What the top bar needs: its links, unread notifications and whether the user sees the whole
    province. The per-user part is lazy, so partial pages that have no top bar cost no query."""
    links = _nav_links(get_script_prefix())
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_links": links}

    def build() -> dict:
        return {
            "unread": Notification.objects.filter(user=user, read_at__isnull=True).count(),
            "sees_everything": actor_for(user).sees_everything,
        }

    return {"nav": SimpleLazyObject(build), "nav_links": links}
