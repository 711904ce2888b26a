from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ttdn.plans.selectors import visible_plans

from .. import selectors


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "activities/index.html",
        {
            "plans": visible_plans(user=request.user).order_by("-year")[:10],
            "appraiser": selectors.can_appraise(request.user),
        },
    )
