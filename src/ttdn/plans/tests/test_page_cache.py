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
