import functools

from django.core.cache import cache
from django.http import HttpRequest
from django.urls import get_script_prefix, reverse
from django.utils.functional import SimpleLazyObject

from .access import actor_for
from .selectors import unread_notification_count

# Which permission-guarded links the top bar shows. Reading a user's permissions costs two queries; these
# are only links (the pages check the permission themselves), so each process keeps the answer a minute.
NAV_PERMISSION_SECONDS = 60
NAV_PERMISSIONS = {
    "sms": ("outreach.compose_campaign", "outreach.approve_campaign", "outreach.send_campaign"),
    "personal_data": ("core.handle_datasubjectrequest",),
}

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


def _nav_permissions(user) -> dict[str, bool]:
    if user.is_superuser:
        return dict.fromkeys(NAV_PERMISSIONS, True)
    key = f"ttdn:nav-permissions:{user.pk}"
    found = cache.get(key)
    if found is None:
        found = {link: any(user.has_perm(p) for p in perms) for link, perms in NAV_PERMISSIONS.items()}
        cache.set(key, found, NAV_PERMISSION_SECONDS)
    return found


def nav(request: HttpRequest) -> dict:
    """What the top bar needs: its links, unread notifications and whether the user sees the whole
    province. The per-user part is lazy, so partial pages that have no top bar cost no query."""
    links = _nav_links(get_script_prefix())
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_links": links}

    def build() -> dict:
        return {
            "unread": unread_notification_count(user_id=user.pk),
            "sees_everything": actor_for(user).sees_everything,
            "links": _nav_permissions(user),
        }

    return {"nav": SimpleLazyObject(build), "nav_links": links}
