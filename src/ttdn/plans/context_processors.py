import functools
import hashlib

from django.core.cache import cache
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.urls import get_script_prefix, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

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


def _header_key(request: HttpRequest, user, nav: dict | None) -> str:
    """Everything the page header shows or embeds, hashed: its cache key.

    The header holds the CSRF token of two forms and of htmx requests; a token is any masking of the
    CSRF secret, so a header rendered for this secret stays valid for it, and a new secret (after a log-in)
    is a new key. The secret itself never leaves this hash."""
    # Without a CSRF cookie yet, this makes the secret now (and sends the cookie, as {% csrf_token %} would):
    # the key then names a secret nobody else has, so no header made for another secret is served.
    get_token(request)
    parts = [
        get_language() or "",
        request.get_full_path(),
        request.META["CSRF_COOKIE"],
    ]
    if nav is not None:
        parts += [
            str(user.pk),
            str(user),
            str(user.is_staff),
            str(user.is_superuser),
            str(nav["unread"]),
            str(nav["sees_everything"]),
            repr(sorted(nav["links"].items())),
        ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def nav(request: HttpRequest) -> dict:
    """What the top bar needs: its links, unread notifications and whether the user sees the whole
    province. The per-user part is lazy, so partial pages that have no top bar cost no query."""
    links = _nav_links(get_script_prefix())
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_links": links, "header_key": SimpleLazyObject(lambda: _header_key(request, user, None))}

    built: dict = {}

    def build() -> dict:
        if not built:
            built.update(
                unread=unread_notification_count(user_id=user.pk),
                sees_everything=actor_for(user).sees_everything,
                links=_nav_permissions(user),
            )
        return built

    return {
        "nav": SimpleLazyObject(build),
        "nav_links": links,
        "header_key": SimpleLazyObject(lambda: _header_key(request, user, build())),
    }
