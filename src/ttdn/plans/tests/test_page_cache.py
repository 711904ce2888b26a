"""Cached plan pages never leak between users with different rights, filters or languages."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def main(html: str) -> str:
    return html.split("<main>", 1)[1]  # the header carries a per-request CSRF token


def test_a_unit_officer_never_gets_the_focal_officers_cached_page(
    client, seed_plan, focal_officer, unit_officer
):
    client.force_login(focal_officer)
    whole = client.get(f"/plans/{seed_plan.pk}/").content.decode()
    assert 'id="dashboard-link"' in whole  # the focal officer may track the plan
    client.force_login(unit_officer)
    scoped = client.get(f"/plans/{seed_plan.pk}/").content.decode()
    assert 'id="dashboard-link"' not in scoped
    assert scoped.count("<tr") < whole.count("<tr")  # only the tasks of the officer's unit


def test_filters_are_part_of_the_cache_key(client, seed_plan, focal_officer):
    client.force_login(focal_officer)
    everything = client.get(f"/plans/{seed_plan.pk}/").content.decode()
    ended = client.get(f"/plans/{seed_plan.pk}/?status=upcoming").content.decode()
    assert ended.count("<tr") < everything.count("<tr")
    assert main(client.get(f"/plans/{seed_plan.pk}/").content.decode()) == main(everything)


def test_dashboard_links_for_the_focal_unit_only(client, seed_plan, focal_officer, reader):
    client.force_login(focal_officer)
    assert 'id="report-link"' in client.get(f"/plans/{seed_plan.pk}/dashboard/").content.decode()
    client.force_login(reader)  # province leader: reads the dashboard, generates nothing
    page = client.get(f"/plans/{seed_plan.pk}/dashboard/")
    assert page.status_code == 200 and 'id="report-link"' not in page.content.decode()


def test_sessions_stay_in_the_database_with_a_per_process_cache():
    # A logout must end the session in every web process, which a per-process session cache cannot do.
    if "locmem" in settings.CACHES["default"]["BACKEND"].lower():
        assert settings.SESSION_ENGINE == "ttdn.core.sessions"
    else:
        assert settings.SESSION_ENGINE == "ttdn.core.sessions.cached"


def header(html: str) -> str:
    return html.split("<main>", 1)[0]


def test_the_cached_header_follows_the_unread_count_and_the_user(client, seed_plan, focal_officer, reader):
    from ttdn.plans.models import Notification

    client.force_login(focal_officer)
    path = f"/plans/{seed_plan.pk}/dashboard/"
    first = header(client.get(path).content.decode())
    assert str(focal_officer) in first and 'class="count"' not in first
    assert header(client.get(path).content.decode()) == first  # served from the cache
    Notification.objects.create(user=focal_officer, event_key="test:1", kind="test", message="Nhắc việc")
    assert '<span class="count">1</span>' in header(client.get(path).content.decode())
    client.force_login(reader)
    theirs = header(client.get(path).content.decode())
    assert str(reader) in theirs and str(focal_officer) not in theirs


def test_a_csrf_token_from_a_cached_header_is_accepted(seed_plan, focal_officer):
    import re

    from django.test import Client

    path = f"/plans/{seed_plan.pk}/"
    elsewhere = Client(enforce_csrf_checks=True)  # the same officer on another device, with its own secret
    elsewhere.force_login(focal_officer)
    elsewhere.get(path)
    client = Client(enforce_csrf_checks=True)
    client.force_login(focal_officer)
    client.get(path)
    cached = client.get(path).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', cached).group(1)
    switched = client.post("/i18n/setlang/", {"language": "en", "next": path, "csrfmiddlewaretoken": token})
    assert switched.status_code == 302  # not 403
    assert 'lang="en"' in client.get(path).content.decode()  # a new key: the header is in English too
    assert "My work" in header(client.get(path).content.decode())


def test_permission_links_in_the_top_bar(client, lang_son, focal_officer, unit_officer):
    from django.contrib.auth.models import Permission

    client.force_login(unit_officer)
    top = header(client.get("/plans/").content.decode())
    assert "/outreach/" not in top and "personal-data/" not in top
    unit_officer.user_permissions.add(Permission.objects.get(codename="compose_campaign"))
    unit_officer.user_permissions.add(Permission.objects.get(codename="handle_datasubjectrequest"))
    from django.core.cache import cache

    cache.delete(f"ttdn:nav-permissions:{unit_officer.pk}")  # kept a minute per process otherwise
    client.force_login(unit_officer)
    top = header(client.get("/plans/").content.decode())
    assert 'href="/outreach/"' in top and "personal-data/" in top
