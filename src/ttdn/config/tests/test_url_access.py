"""Every URL the project serves, generated from the URL configuration, for anonymous visitors and every role.

A view added without deciding who may reach it fails here: anonymous visitors must be sent to the login page
(or refused) unless the URL is listed in PUBLIC with the reason it is public. Every URL, for every role,
answers GET and an empty POST without a server error (ids that do not exist, empty forms).
"""

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# URL names anyone may open, and why.
PUBLIC = {
    "home": "redirects to login for visitors",
    "healthz": "load balancer probe",
    "login": "sign-in page",
    "logout": "sign-out",
    "set_language": "language switch",
    "activities:register": "public course registration at an unguessable link",
    "activities:badge": "a participant's own badge, at an unguessable link",
    "activities:survey": "a participant's own evaluation survey, at an unguessable link",
    "activities:checkin": "QR check-in link; confirming needs staff",
    "api-v1:openapi-json": "published API description",
    "api-v1:openapi-view": "published API description",
    "api-v1:api-root": "API index",
    "portal:feed": "the public portal's RSS feed",
    "portal:search": "the public portal's search",
    "portal:sitemap": "the public portal's sitemap",
    "wagtailcore_login": "Wagtail's form for pages behind a password (the portal publishes none)",
}
# Served by their own frameworks, which guard themselves (Django admin, Wagtail admin) or are static files.
SKIPPED_PREFIXES = ("admin/", "cms/", "static/", "media/", "__")
ROLES = ("admin", "focal_officer", "reader", "unit_officer", "unit_leader", "other_officer")


def _walk(patterns, prefix="", namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield prefix + str(entry.pattern), name


def _sample(kind: str, regex: str | None = None) -> str:
    if kind in ("int", "id"):
        return "999999"
    if kind == "uuid":
        return str(uuid.UUID(int=1))
    if regex is not None:
        for candidate in ("999999", "docx", "csv", "x"):
            if re.fullmatch(regex, candidate):
                return candidate
    return "x"


def _url(route: str, name: str) -> str | None:
    kwargs = {}
    for kind, param in re.findall(r"<(?:(\w+):)?(\w+)>", route):
        kwargs[param] = _sample(kind or "str")
    for param, regex in re.findall(r"\(\?P<(\w+)>([^)]*)\)", route):
        kwargs[param] = _sample("regex", regex)
    try:
        return reverse(name, kwargs=kwargs or None)
    except Exception:  # a name reused with other parameters: reversing finds the other one
        return None


def _urls() -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for route, name in _walk(get_resolver().url_patterns):
        if route.lstrip("^").startswith(SKIPPED_PREFIXES):
            continue
        url = _url(route, name)
        if url is not None:
            seen.setdefault(url, name)
    return sorted((name, url) for url, name in seen.items())


URLS = _urls()


def test_the_url_table_is_not_empty():
    names = {name for name, _ in URLS}
    assert {"plans:plan_detail", "monitoring:stream", "outreach:campaigns", "activities:index"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "url"), URLS, ids=[name for name, _ in URLS])
def test_anonymous_visitors_reach_only_public_urls(client, lang_son, name, url):
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert response.status_code < 500, (method, url)
        if name in PUBLIC:
            continue
        allowed = response.status_code in (401, 403, 404, 405) or (
            response.status_code == 302 and "/login/" in response["Location"]
        )
        assert allowed, (
            f"{method.upper()} {url} ({name}) answered {response.status_code} to an anonymous visitor: "
            "protect the view, or list it in PUBLIC with the reason"
        )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_no_url_fails_for_any_role(client, lang_son, request, role):
    client.force_login(request.getfixturevalue(role))
    failures = []
    for name, url in URLS:
        for method in ("get", "post"):
            status = getattr(client, method)(url).status_code
            if status >= 500:
                failures.append(f"{method.upper()} {url} ({name}): {status}")
        if name == "logout":
            client.force_login(request.getfixturevalue(role))
    assert not failures
