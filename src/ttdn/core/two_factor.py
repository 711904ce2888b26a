"""Who must prove a second factor (a TOTP code from an authenticator app), and where to send them.

Required, when ``TTDN_OTP_REQUIRED`` is on (the default), for administrators (superusers and staff, who
reach the Django admin) and focal officers: holders of ``plans.add_planimport`` or officers/leaders of a
unit that is the focal unit of some plan. The list of checks is ``TTDN_OTP_REQUIRED_FOR`` (dotted paths of
``f(user) -> bool``), so an app can add its own without core importing it.
"""

import time
from collections.abc import Callable
from functools import cache
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest
from django.urls import Resolver404, resolve, reverse
from django.utils.module_loading import import_string
from django_otp import user_has_device
from django_otp.middleware import is_verified

from .models import User

DEFAULT_CHECKS = ("ttdn.core.two_factor.is_administrator", "ttdn.core.two_factor.is_focal_officer")
# Pages an unverified user may still reach: signing in and out, the second-factor pages, language switch.
EXEMPT_URL_NAMES = frozenset(
    {"login", "logout", "set_language", "healthz", "core:otp_setup", "core:otp_verify"}
)
# Token-authenticated API calls carry no session; static files are public.
DEFAULT_EXEMPT_PREFIXES = ("/static/", "/api/v1/")


NOT_REQUIRED_SESSION_KEY = "_ttdn_otp_not_required_until"
NOT_REQUIRED_SECONDS = 300


def otp_required() -> bool:
    return bool(getattr(settings, "TTDN_OTP_REQUIRED", True))


def is_administrator(user: User) -> bool:
    return bool(user.is_superuser or user.is_staff)


def is_focal_officer(user: User) -> bool:
    if user.has_perm("plans.add_planimport"):
        return True
    if not (apps.is_installed("ttdn.plans") and apps.is_installed("ttdn.directory")):
        return False
    # Looked up by name: core imports no app (see ARCHITECTURE.md).
    membership_model = apps.get_model("directory", "Membership")
    plan_model = apps.get_model("plans", "Plan")
    if "membership" in user._state.fields_cache:  # loaded with the user by the authentication backend
        loaded = user._state.fields_cache["membership"]
        membership = (loaded.unit_id, loaded.role) if loaded is not None else None
    else:
        membership = membership_model.objects.filter(user_id=user.pk).values_list("unit_id", "role").first()
    if membership is None or membership[1] not in ("officer", "leader"):
        return False
    return plan_model.objects.filter(focal_unit_id=membership[0]).exists()


@cache
def _load_checks(paths: tuple[str, ...]) -> tuple[Callable[[User], bool], ...]:
    return tuple(import_string(path) for path in paths)


def requires_otp(user: User) -> bool:
    if not user.is_authenticated:
        return False
    paths = tuple(getattr(settings, "TTDN_OTP_REQUIRED_FOR", DEFAULT_CHECKS))
    return any(check(user) for check in _load_checks(paths))


def _exempt(path: str) -> bool:
    prefixes = tuple(getattr(settings, "TTDN_OTP_EXEMPT_PREFIXES", DEFAULT_EXEMPT_PREFIXES))
    if path.startswith(prefixes) or path.startswith(settings.STATIC_URL):
        return True
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.view_name in EXEMPT_URL_NAMES


def pending_step(request: HttpRequest) -> str | None:
    """The URL an authenticated user must go through before this request, or None."""
    user = request.user
    if not otp_required() or not user.is_authenticated or is_verified(user) or _exempt(request.path):
        return None
    # Deciding costs queries (permissions, membership, plans) that most users would pay on every page;
    # a "not required" answer is kept in the session for a few minutes, so a new focal officer is asked
    # for a code within that time, without logging out.
    now = time.time()
    if request.session.get(NOT_REQUIRED_SESSION_KEY, 0) > now:
        return None
    if not requires_otp(user):
        request.session[NOT_REQUIRED_SESSION_KEY] = now + NOT_REQUIRED_SECONDS
        return None
    step = "core:otp_verify" if user_has_device(user, confirmed=True) else "core:otp_setup"
    return f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}"
