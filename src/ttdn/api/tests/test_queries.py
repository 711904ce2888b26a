"""List endpoints cost a fixed number of queries: a page of 200 costs what a page of 1 costs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ttdn.plans.models import Plan

from .conftest import save_draft

pytestmark = pytest.mark.django_db


def _queries(client, path: str, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **params)
    assert response.status_code == 200, response.content
    return len(captured)


# Each case lists several items, so that a per-item query would show. (The Border Guard command leads a
# single task of the seed plan, so its own assignment list is covered by the focal officer's case.)
CASES = [
    ("focal_officer", "/plans"),
    ("focal_officer", "/plans/{p}/tasks"),
    ("focal_officer", "/plans/{p}/assignments"),
    ("focal_officer", "/assignments/{a}/reports"),
    ("unit_officer", "/plans"),
    ("unit_officer", "/plans/{p}/tasks"),
    ("unit_officer", "/assignments/{a}/reports"),
    ("reader", "/plans/{p}/tasks"),
]


@pytest.mark.parametrize(("role", "path"), CASES)
def test_list_endpoints_do_not_grow_with_the_page(
    request, api, seed_plan, border_assignment, unit_officer, django_assert_max_num_queries, role, path
):
    for n in range(3):  # more plans and reports, so that a page holds several of each
        Plan.objects.create(
            title=f"Kế hoạch {n}",
            year=2020 + n,
            reference_date="2021-01-01",
            focal_unit=seed_plan.focal_unit,
            owner_unit=border_assignment.unit,
        )
    for period in seed_plan.periods.all()[:4]:
        save_draft(unit_officer, border_assignment, period)
    client = api(request.getfixturevalue(role))
    path = path.format(p=seed_plan.pk, a=border_assignment.pk)
    client.get(path)  # the token's first use records last_used_at; measure steady state
    one = _queries(client, path, limit=1)
    many = _queries(client, path, limit=200)
    assert one == many
    with django_assert_max_num_queries(12):
        body = client.get(path, limit=200).json()
    assert len(body["items"]) > 1
