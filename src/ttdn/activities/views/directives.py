"""The directive register and drafts of directives in the ND30 layout."""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ttdn.core.classification import record_access, visible_levels
from ttdn.core.documents import Signer, render_docx
from ttdn.core.text import slugify_vi

from .. import selectors, services
from ..documents import directive_document
from ..forms import DirectiveForm, DraftForm
from ..models import Directive
from .common import DOCX_CONTENT_TYPE, download, save_form


def _visible(request: HttpRequest):
    condition = selectors.access.visible_task_filter(request.user, prefix="tasks__")
    directives = (
        Directive.objects.filter(classification__in=visible_levels(request.user))
        .prefetch_related("tasks")
        .order_by("-issued_on")
    )
    return (
        directives
        if condition is None
        else directives.filter(condition | Q(created_by=request.user)).distinct()
    )


@login_required
def directive_list(request: HttpRequest) -> HttpResponse:
    tasks = selectors.editable_tasks(user=request.user)
    form = DirectiveForm(request.POST or None, tasks=tasks, levels=visible_levels(request.user))
    if save_form(
        request,
        form,
        lambda data: services.directive_register(
            actor=request.user, **(data | {"tasks": list(data["tasks"])})
        ),
    ):
        return redirect("activities:directive_list")
    return render(
        request,
        "activities/directive_list.html",
        {"directives": _visible(request), "form": form if tasks.exists() else None},
        status=400 if form.errors else 200,
    )


@login_required
def directive_draft(request: HttpRequest, directive_id: int) -> HttpResponse:
    directive = _visible(request).filter(pk=directive_id).first()
    if directive is None:
        from django.http import Http404

        raise Http404
    form = DraftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        document = directive_document(
            directive=directive,
            body=data["body"].splitlines(),
            signer=Signer(data["signer_authority"] or None, data["signer_title"], data["signer_name"]),
            recipients=[r for r in data["recipients"].splitlines() if r.strip()],
        )
        record_access(user=request.user, obj=directive, action="export")
        return download(
            render_docx(document), f"{slugify_vi(directive.number) or directive.pk}.docx", DOCX_CONTENT_TYPE
        )
    record_access(user=request.user, obj=directive)
    return render(request, "activities/directive_draft.html", {"directive": directive, "form": form})
