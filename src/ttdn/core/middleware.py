"""Request-wide context for the audit log and the second factor."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from . import audit


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
