from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ttdn.plans.access import actor_for
from ttdn.plans.selectors import visible_plans

from .. import selectors


def _sees_press_contacts(request: HttpRequest) -> bool:
    actor = actor_for(request.user)
    return actor.sees_everything or selectors.keeps_press_contacts(actor)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "activities/index.html",
        {
            "plans": visible_plans(user=request.user).order_by("-year")[:10],
            "appraiser": selectors.can_appraise(request.user),
            "press_contacts": _sees_press_contacts(request),
        },
    )
