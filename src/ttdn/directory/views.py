from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from . import selectors
from .forms import UnitFilterForm
from .models import Unit


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    form = UnitFilterForm(request.GET or None)
    units = selectors.unit_list()
    if form.is_valid():
        units = selectors.unit_list(
            query=form.cleaned_data["q"], kind=form.cleaned_data["kind"], on_date=form.cleaned_data["on_date"]
        )
    template = "directory/_unit_rows.html" if request.htmx else "directory/unit_list.html"
    return render(request, template, {"form": form, "units": units, "today": timezone.localdate()})


@login_required
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        unit = selectors.unit_get(code=code)
    except Unit.DoesNotExist as exc:
        raise Http404 from exc
    today = timezone.localdate()
    return render(
        request,
        "directory/unit_detail.html",
        {
            "unit": unit,
            "today": today,
            "is_current": unit.is_valid_on(today),
            "current_successors": selectors.current_successors(unit=unit, today=today),
        },
    )
