"""Pages reached without logging in: registration at the course's unguessable link, a participant's badge,
and the evaluation survey. Each is reached only through a random or signed token."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .. import services
from ..forms import EvaluationForm, RegistrationForm
from ..models import Course
from .training import _absolute, qr_svg


@never_cache
def register(request: HttpRequest, token: str) -> HttpResponse:
    course = Course.objects.select_related("organiser").filter(registration_token=token).first()
    if course is None:
        raise Http404
    form = RegistrationForm(request.POST or None, audiences=course.audiences)
    if request.method == "POST" and course.registration_open and form.is_valid():
        try:
            participant = services.participant_register(course=course, **form.cleaned_data)
        except services.ActivityError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("You are registered. Show this badge at the entrance."))
            return redirect("activities:badge", token=services.checkin_token(participant))
    return render(
        request,
        "activities/register.html",
        {"course": course, "form": form, "sessions": course.sessions.all()},
        status=400 if form.errors else 200,
    )


@never_cache
def badge(request: HttpRequest, token: str) -> HttpResponse:
    participant = services.participant_from_token(token, salt=services.CHECKIN_SALT)
    if participant is None:
        raise Http404
    checkin_url = _absolute(request, reverse("activities:checkin", args=[token]))
    return render(
        request,
        "activities/badge.html",
        {
            "participant": participant,
            "course": participant.course,
            "qr": qr_svg(checkin_url),
            "checkin_url": checkin_url,
            "survey_url": reverse("activities:survey", args=[services.survey_token(participant)]),
        },
    )


@never_cache
def survey(request: HttpRequest, token: str) -> HttpResponse:
    participant = services.participant_from_token(token, salt=services.SURVEY_SALT)
    if participant is None:
        raise Http404
    answered = hasattr(participant, "evaluation")
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and not answered and form.is_valid():
        try:
            services.evaluation_submit(participant=participant, **form.cleaned_data)
        except services.ActivityError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Thank you for your answers."))
            return redirect("activities:survey", token=token)
    return render(
        request,
        "activities/survey.html",
        {"participant": participant, "course": participant.course, "form": form, "answered": answered},
        status=400 if form.errors else 200,
    )
