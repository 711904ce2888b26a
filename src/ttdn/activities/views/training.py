"""Training course pages for staff: set-up, participants, badges, check-in, certificates."""

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ttdn.core import generated
from ttdn.core.documents import Signer
from ttdn.plans.access import actor_for

from .. import documents, selectors, services
from ..forms import (
    CertificateSignerForm,
    CourseForm,
    InvitationForm,
    MaterialForm,
    SessionForm,
    TrainerForm,
)
from ..models import Course, CourseMaterial, Participant
from .common import DOCX_CONTENT_TYPE, download, form_error


def _course(request: HttpRequest, course_id: int, edit: bool = False) -> Course:
    return selectors.access_object(
        user=request.user, queryset=Course.objects.select_related("organiser"), pk=course_id, edit=edit
    )


@login_required
def course_list(request: HttpRequest) -> HttpResponse:
    courses = selectors.courses_for(user=request.user).order_by("-created_at")
    can_create = selectors.editable_tasks(user=request.user).exists()
    return render(request, "activities/course_list.html", {"courses": courses, "can_create": can_create})


@login_required
def course_create(request: HttpRequest) -> HttpResponse:
    tasks = selectors.editable_tasks(user=request.user)
    form = CourseForm(request.POST or None, tasks=tasks)
    if request.method == "POST" and form.is_valid():
        try:
            course = services.course_create(actor=request.user, **form.cleaned_data)
        except services.ActivityError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The course was created. Add its sessions and invite units."))
            return redirect("activities:course_detail", course_id=course.pk)
    return render(request, "activities/course_form.html", {"form": form}, status=400 if form.errors else 200)


def _absolute(request: HttpRequest, path: str) -> str:
    base = getattr(settings, "TTDN_SITE_URL", "")
    return request.build_absolute_uri(path) if request is not None else f"{base}{path}"


@login_required
def course_detail(request: HttpRequest, course_id: int) -> HttpResponse:
    course = _course(request, course_id)
    can_edit = selectors.can_edit_task(
        actor_for(request.user), course.task, selectors.task_units(course.task_id)
    )
    context = {
        "course": course,
        "can_edit": can_edit,
        "sessions": course.sessions.all(),
        "trainers": course.trainers.all(),
        "materials": course.materials.all(),
        "invitations": course.invitations.select_related("unit"),
        "participants": selectors.course_participants(course),
        "evaluation": selectors.evaluation_summary(course),
        "audiences": course.audiences,
        "registration_url": _absolute(
            request, reverse("activities:register", args=[course.registration_token])
        ),
    }
    if can_edit:
        context.update(
            session_form=SessionForm(prefix="session"),
            trainer_form=TrainerForm(prefix="trainer"),
            material_form=MaterialForm(prefix="material"),
            invitation_form=InvitationForm(prefix="invitation"),
            signer_form=CertificateSignerForm(prefix="signer"),
            documents=selectors.recent_course_documents(course),
        )
    return render(request, "activities/course_detail.html", context)


@require_POST
@login_required
def course_add(request: HttpRequest, course_id: int, what: str) -> HttpResponse:
    """The small forms on the course page: session, trainer, material, invitation, registration switch."""
    course = _course(request, course_id, edit=True)
    forms = {
        "session": SessionForm,
        "trainer": TrainerForm,
        "material": MaterialForm,
        "invitation": InvitationForm,
    }
    try:
        if what == "registration":
            services.registration_toggle(
                actor=request.user, course=course, open_=request.POST.get("open") == "1"
            )
        elif what in forms:
            form = forms[what](request.POST, request.FILES, prefix=what)
            if not form.is_valid():
                form_error(request, form)
                return redirect("activities:course_detail", course_id=course.pk)
            data = form.cleaned_data
            if what == "session":
                services.session_add(actor=request.user, course=course, **data)
            elif what == "trainer":
                services.trainer_add(actor=request.user, course=course, **data)
            elif what == "material":
                services.material_add(actor=request.user, course=course, uploaded_file=data["file"])
            else:
                services.invitation_set(actor=request.user, course=course, **data)
        else:
            messages.error(request, _("Unknown action."))
            return redirect("activities:course_detail", course_id=course.pk)
    except services.ActivityError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Saved."))
    return redirect("activities:course_detail", course_id=course.pk)


@login_required
def material_download(request: HttpRequest, material_id: int) -> FileResponse:
    material = CourseMaterial.objects.filter(pk=material_id).first()
    if material is None:
        raise Http404
    # Rights come from the course's task: a forbidden material looks missing (404).
    _course(request, material.course_id)
    response = FileResponse(material.file.open("rb"), as_attachment=True, filename=material.original_name)
    response["Content-Type"] = material.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response


def qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=4, dark="#000", light="#fff")


@login_required
def badges(request: HttpRequest, course_id: int) -> HttpResponse:
    course = _course(request, course_id, edit=True)
    cards = [
        (p, qr_svg(_absolute(request, reverse("activities:checkin", args=[services.checkin_token(p)]))))
        for p in selectors.course_participants(course)
    ]
    return render(request, "activities/badges.html", {"course": course, "cards": cards})


@login_required
def checkin(request: HttpRequest, token: str) -> HttpResponse:
    """What the QR on a badge opens: staff see who it is and confirm with one tap."""
    participant = services.participant_from_token(token, salt=services.CHECKIN_SALT)
    if participant is None:
        return render(request, "activities/checkin.html", {"invalid": True}, status=404)
    course = _course(request, participant.course_id, edit=True)
    if request.method == "POST":
        if services.participant_check_in(actor=request.user, participant=participant):
            messages.success(request, _("%(name)s is checked in.") % {"name": participant.full_name})
        else:
            messages.info(request, _("%(name)s was already checked in.") % {"name": participant.full_name})
        return redirect("activities:checkin", token=token)
    return render(request, "activities/checkin.html", {"participant": participant, "course": course})


def _signer(request: HttpRequest) -> Signer | None:
    form = CertificateSignerForm(request.GET, prefix="signer")
    if not form.is_valid():
        return None
    data = form.cleaned_data
    return Signer(data["signer_authority"] or None, data["signer_title"], data["signer_name"])


def _certificate(participant: Participant, signer: Signer):
    course = participant.course
    return documents.certificate_document(
        course=course,
        participant=participant,
        sessions=list(course.sessions.all()),
        today=timezone.localdate(),
        signer=signer,
    )


@login_required
def certificate(request: HttpRequest, participant_id: int, fmt: str) -> HttpResponse:
    participant = (
        Participant.objects.select_related("course__organiser", "course__task")
        .filter(pk=participant_id)
        .first()
    )
    if participant is None:
        raise Http404
    _course(request, participant.course_id)
    if participant.checked_in_at is None:
        return HttpResponse(_("A certificate is issued only to participants who attended."), status=400)
    signer = _signer(request) or Signer(None, "", "")
    content = documents.render_certificate(_certificate(participant, signer), fmt)
    name = documents.certificate_file_name(participant, fmt)
    return download(content, name, "application/pdf" if fmt == "pdf" else DOCX_CONTENT_TYPE)


@require_POST
@login_required
def certificates_zip(request: HttpRequest, course_id: int) -> HttpResponse:
    """Ask for every attendee's certificate as one ZIP: built on the worker, followed on its own page."""
    course = _course(request, course_id, edit=True)
    form = CertificateSignerForm(request.POST, prefix="signer")
    if not form.is_valid():
        form_error(request, form)
        return redirect("activities:course_detail", course_id=course.pk)
    data = form.cleaned_data
    signer = Signer(data["signer_authority"] or None, data["signer_title"], data["signer_name"])
    try:
        document = services.certificates_zip_request(actor=request.user, course=course, signer=signer)
    except services.ActivityError as exc:
        messages.error(request, str(exc))
        return redirect("activities:course_detail", course_id=course.pk)
    return redirect("activities:course_document", course_id=course.pk, token=document.token)


@login_required
def course_document(request: HttpRequest, course_id: int, token: str) -> HttpResponse:
    """The state of a document being built on the worker; htmx polls it until it is ready."""
    document = selectors.access_course_document(user=request.user, course_id=course_id, token=token)
    template = "core/_generated_status.html" if request.htmx else "activities/course_document.html"
    return render(request, template, {"course": document.course, "document": document})


@login_required
def course_document_file(request: HttpRequest, course_id: int, token: str) -> HttpResponse:
    document = selectors.access_course_document(user=request.user, course_id=course_id, token=token)
    return generated.file_response(
        user=request.user,
        document=document,
        action="activities.course_document_downloaded",
        obj=document.course,
    )
