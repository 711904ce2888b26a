"""Request-wide context for the audit log and the second factor."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django_otp.middleware import OTPMiddleware
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import audit, two_factor
from .rows import fetch_by_pk


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, or the header a trusted reverse proxy sets (``TTDN_CLIENT_IP_HEADER``, e.g.
    ``HTTP_X_REAL_IP``). Only name a header the proxy always overwrites: clients can send any header."""
    header = getattr(settings, "TTDN_CLIENT_IP_HEADER", "")
    if header and request.META.get(header):
        # X-Forwarded-For lists every hop; the proxy appends the client it saw last.
        return request.META[header].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


class AuditContextMiddleware:
    """Every audit event recorded while a request is served says which address and browser it came from."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with audit.from_origin(ip=client_ip(request), user_agent=request.META.get("HTTP_USER_AGENT", "")):
            return self.get_response(request)


class TwoFactorMiddleware(OTPMiddleware):
    """django-otp's middleware (``request.user.is_verified()``) plus enforcement: a user who must use a
    second factor and has not yet done so in this session is sent to set one up or to enter a code.
    Install right after ``AuthenticationMiddleware``."""

    async_capable = False

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._is_async = False

    def _device_from_persistent_id(self, persistent_id: str):  # type: ignore[no-untyped-def]
        # The device that verified the session is read on every request: by key, without compiling a
        # queryset (core/rows.py). Binding to the user and confirmation are still checked by django-otp.
        model_label, _, pk = self._normalize_persistent_id(persistent_id).partition("/")
        if model_label == "otp_totp.totpdevice" and pk.isdigit():
            return fetch_by_pk(TOTPDevice, int(pk))
        return super()._device_from_persistent_id(persistent_id)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        self._install_lazy_accessors(request)
        step = two_factor.pending_step(request)
        if step is not None:
            if request.headers.get("HX-Request") == "true":
                return HttpResponse(status=204, headers={"HX-Redirect": step})
            return redirect(step)
        return self.get_response(request)
