import csv
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ttdn.core.charts import band_chart
from ttdn.core.classification import visible_levels
from ttdn.core.documents import render_docx, render_pdf

from .analysis.topics import TOPIC_NAMES
from .digest import digest_document
from .forms import (
    CaseAssignForm,
    CaseOpenForm,
    DigestForm,
    DigestSubscribeForm,
    EvidenceForm,
    MoveForm,
    SocialImportForm,
    SourceForm,
    StatementForm,
    StreamFilterForm,
    TopicCorrectionForm,
)
from .models import Article, Case, DigestSubscription, Source
from .selectors import (
    access_article,
    access_case,
    article_page,
    case_list,
    case_page,
    is_monitoring_staff,
    source_health,
    topic_choices,
    volume_forecast,
)
from .selectors import article_stream as stream_selector
from .services import (
    case_add_evidence,
    case_assign,
    case_move,
    case_open,
    case_set_statement,
    digest_subscribe,
    social_import,
    source_create,
    source_set_enabled,
    tone_correct,
    topic_correct,
)

PAGE_SIZE = 50


def _row_context(request) -> dict:
    return {"can_correct": is_monitoring_staff(request.user), "tones": Article.Sentiment.choices}


def _filtered_articles(request):
    data = request.GET.copy() if request.GET else {"relevant": "on"}
    form = StreamFilterForm(data)
    filters = form.cleaned_data if form.is_valid() else {}
    articles = stream_selector(
        query=filters.get("q", ""),
        relevant_only=bool(filters.get("relevant")),
        sentiment=filters.get("sentiment", ""),
        topic=filters.get("topic", ""),
        source_id=filters["source"].pk if filters.get("source") else None,
        cluster_id=filters.get("cluster"),
        since=filters.get("since"),
        until=filters.get("until"),
    )
    return form, articles


@login_required
def article_stream(request):
    form, articles = _filtered_articles(request)
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "topics": topic_choices(),
        "query_string": request.GET.urlencode(),
        **_row_context(request),
    }
    template = "monitoring/_articles.html" if request.htmx else "monitoring/stream.html"
    return render(request, template, context)


@login_required
def forecast(request):
    """Daily volume and its statistical projection for the next seven days, with the backtest beside it."""
    topic = request.GET.get("topic", "")
    if topic not in TOPIC_NAMES:
        topic = ""
    result = volume_forecast(topic=topic)
    chart = rows = None
    if result.forecast is not None:
        wide, narrow = result.forecast.intervals[0.95], result.forecast.intervals[0.8]
        shown = 8 * 7  # the last eight weeks are enough to see the weekly rhythm
        chart = band_chart(
            [float(c) for c in result.counts[-shown:]],
            result.forecast.point,
            [(wide[0], wide[1], "wide"), (narrow[0], narrow[1], "narrow")],
            title=_("Statistical projection of daily article volume"),
            labels=(
                result.days[-shown:][0].strftime("%d/%m/%Y"),
                result.days[-1].strftime("%d/%m/%Y"),
                result.future[-1].strftime("%d/%m/%Y"),
            ),
        )
        rows = [
            (day, point, narrow[0][i], narrow[1][i], wide[0][i], wide[1][i])
            for i, (day, point) in enumerate(zip(result.future, result.forecast.point, strict=True))
        ]
    return render(
        request,
        "monitoring/forecast.html",
        {
            "result": result,
            "chart": chart,
            "rows": rows,
            "topics": sorted(TOPIC_NAMES.items(), key=lambda item: item[1]),
            "topic": topic,
            "topic_name": TOPIC_NAMES.get(topic, ""),
        },
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
def article_export(request):
    """The current search as CSV (UTF-8 with a BOM, so Excel reads the Vietnamese right), streamed."""
    _form, articles = _filtered_articles(request)
    writer = csv.writer(_Echo())
    header = ["Ngày đăng", "Tiêu đề", "Cơ quan báo chí", "Địa chỉ", "Liên quan", "Điểm", "Sắc thái", "Chủ đề"]

    def rows():
        yield "\ufeff" + writer.writerow(header)
        for article in articles.iterator(chunk_size=500):
            published = (
                timezone.localtime(article.published_at).strftime("%d/%m/%Y %H:%M")
                if article.published_at
                else ""
            )
            yield writer.writerow(
                [
                    published,
                    article.title,
                    article.source.name,
                    article.url,
                    "có" if article.relevant else "không",
                    f"{article.relevance_score:.2f}",
                    article.sentiment,
                    ", ".join(article.topics),
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="bao-chi.csv"'
    return response


@require_POST
@login_required
def article_tone(request, pk: int):
    """An analyst corrects the tone; the row comes back (htmx), or the page it was sent from reloads (the
    article page sends ``back=article``, the stream's no-script form nothing)."""
    if not is_monitoring_staff(request.user):
        raise PermissionDenied
    article = get_object_or_404(Article.objects.select_related("source", "cluster"), pk=pk)
    from_article = request.POST.get("back") == "article"
    try:
        tone_correct(actor=request.user, article=article, label=request.POST.get("label", ""))
    except ValidationError as exc:
        if from_article:
            messages.error(request, " ".join(exc.messages))
            return redirect("monitoring:article", pk=article.pk)
        return HttpResponse(" ".join(exc.messages), status=400)
    if not request.htmx:
        messages.success(request, _("Tone saved; the classifier will learn from it."))
        return (
            redirect("monitoring:article", pk=article.pk) if from_article else redirect("monitoring:stream")
        )
    article.refresh_from_db()
    return render(request, "monitoring/_article_row.html", {"article": article, **_row_context(request)})


@login_required
def article_detail(request, pk: int):
    """One article: its analysis, and why it has its topics; the monitoring staff correct them here."""
    article = access_article(user=request.user, pk=pk)
    form = TopicCorrectionForm(initial={"topics": article.topics})
    status = 200
    if request.method == "POST":
        if not is_monitoring_staff(request.user):
            raise PermissionDenied
        form = TopicCorrectionForm(request.POST)
        if form.is_valid():
            try:
                topic_correct(actor=request.user, article=article, topics=form.cleaned_data["topics"])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Topics saved; the classifier will learn from them."))
                return redirect("monitoring:article", pk=article.pk)
        status = 400
    context = {**article_page(article), "form": form, **_row_context(request)}
    return render(request, "monitoring/article.html", context, status=status)


@login_required
def source_list(request):
    form = SourceForm()
    if request.method == "POST":
        if not request.user.has_perm("monitoring.add_source"):
            raise PermissionDenied
        form = SourceForm(request.POST)
        if form.is_valid():
            try:
                source = source_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Source “%(name)s” added.") % {"name": source.name})
                return redirect("monitoring:sources")
    return render(request, "monitoring/sources.html", {"form": form, "sources": source_health()})


@require_POST
@login_required
def source_toggle(request, pk: int):
    if not request.user.has_perm("monitoring.add_source"):
        raise PermissionDenied
    source = get_object_or_404(Source, pk=pk)
    source_set_enabled(actor=request.user, source=source, enabled=not source.enabled)
    return redirect("monitoring:sources")


@login_required
def digest(request):
    """The daily or weekly "Tổng hợp báo chí" as a document to sign and send."""
    form = DigestForm(request.GET or None, initial={"last": timezone.localdate(), "span": "week"})
    if request.GET and form.is_valid():
        last = form.cleaned_data["last"]
        first = last - datetime.timedelta(days=6) if form.cleaned_data["span"] == "week" else last
        document = digest_document(first=first, last=last)
        name = f"tong-hop-bao-chi-{first:%Y%m%d}-{last:%Y%m%d}"
        if form.cleaned_data["output"] == "pdf":
            content, content_type, name = render_pdf(document), "application/pdf", f"{name}.pdf"
        else:
            content = render_docx(document)
            content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            name = f"{name}.docx"
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    subscribed = list(DigestSubscription.objects.filter(user=request.user).values_list("span", flat=True))
    subscribe_form = DigestSubscribeForm(initial={"spans": subscribed})
    return render(
        request,
        "monitoring/digest.html",
        {"form": form, "subscribe_form": subscribe_form},
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def digest_subscription(request):
    form = DigestSubscribeForm(request.POST)
    if form.is_valid():
        try:
            spans = digest_subscribe(actor=request.user, spans=form.cleaned_data["spans"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if spans:
                messages.success(request, _("You will receive the digest by e-mail."))
            else:
                messages.success(request, _("You will no longer receive the digest by e-mail."))
    return redirect("monitoring:digest")


# --- rebuttal cases ------------------------------------------------------------------------------


@login_required
def cases(request):
    status = request.GET.get("status", "")
    rows = case_list(user=request.user, status=status if status in Case.Status.values else "")
    return render(
        request,
        "monitoring/cases.html",
        {"cases": rows, "statuses": Case.Status.choices, "status": status, "today": timezone.localdate()},
    )


@login_required
def case_new(request):
    """Opened from an article (or a cluster) in the stream: the claim is what that story says."""
    if not is_monitoring_staff(request.user):
        raise PermissionDenied
    article = None
    article_id = request.GET.get("article") or request.POST.get("article")
    if article_id and str(article_id).isdigit():
        article = Article.objects.filter(pk=int(article_id)).select_related("cluster").first()
    initial = {"title": article.title[:300]} if article else {}
    form = CaseOpenForm(request.POST or None, initial=initial, levels=visible_levels(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            case = case_open(actor=request.user, articles=[article] if article else [], **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("monitoring:case", pk=case.pk)
    return render(request, "monitoring/case_new.html", {"form": form, "article": article})


def _case_context(request, case: Case, **forms) -> dict:
    context = case_page(case, user=request.user)
    context.update(
        assign_form=forms.get("assign")
        or CaseAssignForm(
            initial={"officer": case.assigned_to_id, "unit": case.unit_id, "deadline": case.deadline}
        ),
        evidence_form=forms.get("evidence") or EvidenceForm(levels=visible_levels(request.user)),
        statement_form=forms.get("statement") or StatementForm(initial={"statement_url": case.statement_url}),
        move_form=forms.get("move") or MoveForm(initial={"verdict": case.verdict}),
        next_statuses=[(s, Case.Status(s).label) for s in _next(case)],
        today=timezone.localdate(),
        error=forms.get("error"),
    )
    return context


def _next(case: Case) -> tuple[str, ...]:
    from .analysis.case_flow import next_statuses

    return next_statuses(case.status)


@login_required
def case_detail(request, pk: int):
    case = access_case(user=request.user, pk=pk)
    return render(request, "monitoring/case.html", _case_context(request, case))


_CASE_ACTIONS = {
    "assign": (CaseAssignForm, case_assign),
    "evidence": (EvidenceForm, case_add_evidence),
    "statement": (StatementForm, case_set_statement),
    "move": (MoveForm, case_move),
}


@require_POST
@login_required
def case_action(request, pk: int, action: str):
    """One step of the case (htmx swaps the case body; without htmx the page reloads)."""
    case = access_case(user=request.user, pk=pk)
    if action not in _CASE_ACTIONS:
        raise PermissionDenied
    if action == "assign" and not is_monitoring_staff(request.user):
        raise PermissionDenied  # the officer in charge works the case; the staff decide who that is
    form_class, service = _CASE_ACTIONS[action]
    form = form_class(request.POST)
    bound: dict = {}
    status = 200
    if form.is_valid():
        try:
            service(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            bound = {action: form, "error": exc.messages}
            status = 400
    else:
        bound = {action: form}
        status = 400
    case = access_case(user=request.user, pk=pk)
    if not request.htmx:
        if status == 200:
            return redirect("monitoring:case", pk=case.pk)
        return render(request, "monitoring/case.html", _case_context(request, case, **bound), status=status)
    # htmx swaps the body even on a refused step, so the message shows where the user acted.
    return render(request, "monitoring/_case_body.html", _case_context(request, case, **bound))


@login_required
def social_import_view(request):
    """Upload a social-listening export; the validation report says what was read, and what was not."""
    if not is_monitoring_staff(request.user):
        raise PermissionDenied
    form = SocialImportForm(request.POST or None, request.FILES or None)
    report = counts = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report, counts = social_import(
                    actor=request.user,
                    source=form.cleaned_data["source"],
                    data=upload.read(),
                    filename=upload.name,
                )
            except ValidationError as exc:
                form.add_error("source", exc)
            if report is not None and not report.ok:
                status = 400
        else:
            status = 400
    return render(
        request,
        "monitoring/social_import.html",
        {"form": form, "report": report, "counts": counts},
        status=status,
    )
