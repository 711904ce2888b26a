from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and monitoring: the process answers. Touches nothing else on purpose."""
    return HttpResponse("ok", content_type="text/plain")
