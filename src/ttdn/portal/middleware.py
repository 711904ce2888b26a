"""Public portal responses: a whole-page cache for anonymous readers, and a strict CSP.

The cache key carries a generation number that every publish/unpublish bumps (see signals), so a cached page is
never stale after an editor publishes, and nothing has to enumerate which pages to purge.
"""

from django.conf import settings
from django.core.cache import cache
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.csp import CSP

PUBLIC_PREFIXES = tuple(f"/{code}/" for code, _name in settings.LANGUAGES)
GENERATION_KEY = "portal:generation"
CACHE_SECONDS = 600
POLICY = "; ".join(
    [
        f"default-src {CSP.SELF}",
        f"img-src {CSP.SELF} data:",
        f"media-src {CSP.SELF}",
        f"style-src {CSP.SELF}",
        f"script-src {CSP.SELF}",
        f"frame-ancestors {CSP.NONE}",
        f"form-action {CSP.SELF}",
        f"base-uri {CSP.SELF}",
    ]
)


def generation() -> int:
    return cache.get_or_set(GENERATION_KEY, 1, None)


def purge() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)


class PortalMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if not path.startswith(PUBLIC_PREFIXES):
            return self.get_response(request)
        cacheable = (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.GET
        )
        # get_host() validates ALLOWED_HOSTS here, before a cached page could answer a forged Host.
        key = f"portal:page:{generation()}:{request.get_host()}:{path}" if cacheable else ""
        if key and (cached := cache.get(key)) is not None:
            return cached
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", POLICY)
        if (
            key
            and response.status_code == 200
            and not response.cookies
            and not getattr(response, "streaming", False)
            and response.get("Content-Type", "").startswith(
                ("text/html", "application/rss", "application/xml")
            )
        ):
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            cache.set(key, response, CACHE_SECONDS)
        return response


class PortalLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, fitted to a site where only the public portal is language-prefixed.

    - An unknown staff URL stays a 404: Django would otherwise redirect it to /vi/<path>, because Wagtail's
      catch-all page route makes every prefixed path look valid.
    - Staff pages (no prefix) speak only TTDN_STAFF_LANGUAGES (vi, en); Chinese is the public portal's alone.
    """

    def process_request(self, request):
        super().process_request(request)
        if not request.path_info.startswith(PUBLIC_PREFIXES):
            staff = getattr(settings, "TTDN_STAFF_LANGUAGES", ["vi", "en"])
            if translation.get_language() not in staff:
                translation.activate(settings.LANGUAGE_CODE)
                request.LANGUAGE_CODE = settings.LANGUAGE_CODE

    def process_response(self, request, response):
        if response.status_code == 404 and not request.path_info.startswith(PUBLIC_PREFIXES):
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)
