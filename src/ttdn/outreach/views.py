from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ttdn.core.classification import visible_levels

from .encoding import EmptyMessage, encode, unaccented
from .forms import TEXT_FIELDS, CampaignForm, ImportForm, ScheduleForm
from .models import Language, Message, masked
from .selectors import (
    access_campaign,
    audience,
    audience_counts,
    audience_for,
    campaign_report,
    campaigns_visible,
    cost_estimate,
    sees_phone_numbers,
)
from .services import campaigns as svc
from .services.campaigns import CampaignError, max_segments
from .services.subscribers import subscribers_import


def _may(user, *perms: str) -> bool:
    return any(user.has_perm(f"outreach.{p}") for p in perms)


@login_required
def campaign_list(request):
    if not _may(request.user, "compose_campaign", "approve_campaign", "send_campaign"):
        raise PermissionDenied
    counts = audience_counts(audience())
    return render(
        request,
        "outreach/campaign_list.html",
        {"campaigns": campaigns_visible(request.user)[:100], "counts": counts},
    )


@login_required
def subscribers(request):
    if not _may(request.user, "compose_campaign"):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["file"].read().decode("utf-8-sig", errors="replace")
        report = subscribers_import(actor=request.user, text=text)
        if report.ok:
            messages.success(
                request,
                _("%(created)d subscribers added, %(updated)d updated, %(merged)d duplicate rows merged.")
                % {"created": report.created, "updated": report.updated, "merged": report.merged},
            )
            return redirect("outreach:subscribers")
    show = sees_phone_numbers(request.user)
    recent = [
        (s.phone if show else masked(s.phone), s)
        for s in audience().select_related("operator", "commune").order_by("-created_at")[:50]
    ]
    return render(
        request,
        "outreach/subscribers.html",
        {"form": form, "report": report, "counts": audience_counts(audience()), "recent": recent},
    )


def _preview_context(form_data) -> dict:
    texts = {code: (form_data.get(name) or "").strip() for name, code, _label in TEXT_FIELDS}
    rows = []
    for name, code, label in TEXT_FIELDS:
        body = texts[code]
        if not body:
            continue
        try:
            result = encode(body)
        except EmptyMessage:
            continue
        folded = encode(body, fold=True) if result.encoding == "UCS2" else None
        rows.append(
            {
                "field": name,
                "label": label,
                "result": result,
                "too_long": result.segments > max_segments(),
                "folded": folded,
                "folded_text": unaccented(body) if folded else "",
            }
        )
    qs = audience(
        communes=[c for c in form_data.getlist("communes") if c.isdigit()],
        operators=[o for o in form_data.getlist("operators") if o.isdigit()],
        languages=form_data.getlist("languages"),
        border_only=bool(form_data.get("border_only")),
    )
    counts = audience_counts(qs)
    segments, cost = cost_estimate(texts={k: v for k, v in texts.items() if v}, counts=counts)
    return {
        "rows": rows,
        "counts": counts,
        "segments": segments,
        "cost": cost,
        "max_segments": max_segments(),
        "empty": not texts[Language.VI],
    }


@login_required
def compose(request, pk: int | None = None):
    if not _may(request.user, "compose_campaign"):
        raise PermissionDenied
    campaign = access_campaign(request.user, pk) if pk else None
    if pk and campaign is None:
        raise Http404
    initial = {}
    if campaign is not None:
        texts = dict(campaign.texts.values_list("language", "body"))
        initial = {name: texts.get(code, "") for name, code, _label in TEXT_FIELDS} | {
            "title": campaign.title,
            "border_only": campaign.border_only,
            "communes": list(campaign.communes.all()),
            "operators": list(campaign.operators.all()),
            "languages": campaign.languages,
            "task": campaign.task,
            "classification": campaign.classification,
        }
    form = CampaignForm(request.POST or None, initial=initial, levels=visible_levels(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = svc.campaign_save(
                actor=request.user,
                campaign=campaign,
                title=data["title"],
                texts=form.texts(),
                communes=data["communes"],
                operators=data["operators"],
                languages=data["languages"],
                border_only=data["border_only"],
                task=data["task"],
                classification=data["classification"],
            )
        except CampaignError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("outreach:campaign", pk=campaign.pk)
    preview = _preview_context(request.POST if request.method == "POST" else _initial_query(initial))
    return render(request, "outreach/compose.html", {"form": form, "campaign": campaign, **preview})


def _initial_query(initial: dict):
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for key, value in initial.items():
        if key in ("communes", "operators"):
            query.setlist(key, [str(v.pk) for v in value])
        elif key == "languages":
            query.setlist(key, value)
        elif value:
            query[key] = str(value)
    return query


@login_required
@require_POST
def compose_preview(request):
    if not _may(request.user, "compose_campaign"):
        raise PermissionDenied
    return render(request, "outreach/_preview.html", _preview_context(request.POST))


@login_required
@require_POST
def compose_fold(request):
    """Replace a text with its unaccented form (the composer's offer)."""
    if not _may(request.user, "compose_campaign"):
        raise PermissionDenied
    name = request.POST.get("field", "")
    if name not in {n for n, _c, _l in TEXT_FIELDS}:
        raise Http404
    form = CampaignForm(initial={name: unaccented(request.POST.get(name, ""))})
    return HttpResponse(str(form[name]))


@login_required
def campaign_detail(request, pk: int):
    campaign = access_campaign(request.user, pk)
    if campaign is None:
        raise Http404
    context = {
        "campaign": campaign,
        "texts": [
            (dict(Language.choices).get(k, k), v, encode(v))
            for k, v in campaign.texts.values_list("language", "body")
        ],
        "counts": audience_counts(audience_for(campaign)),
        "report": campaign_report(campaign),
        "schedule_form": ScheduleForm(),
        "unknown": Message.objects.filter(campaign=campaign, status=Message.Status.UNKNOWN)[:50],
        "show_phones": sees_phone_numbers(request.user),
        "may_compose": _may(request.user, "compose_campaign"),
        "may_approve": _may(request.user, "approve_campaign") and campaign.created_by_id != request.user.pk,
        "may_send": _may(request.user, "send_campaign"),
    }
    if request.htmx:
        return render(request, "outreach/_report.html", context)
    return render(request, "outreach/campaign_detail.html", context)


_ACTIONS = {
    "submit": svc.campaign_submit,
    "approve": svc.campaign_approve,
    "reject": svc.campaign_reject,
    "pause": svc.campaign_pause,
    "resume": svc.campaign_resume,
    "cancel": svc.campaign_cancel,
}


@login_required
@require_POST
def campaign_action(request, pk: int, action: str):
    campaign = access_campaign(request.user, pk)
    if campaign is None:
        raise Http404
    try:
        if action == "send":
            form = ScheduleForm(request.POST)
            at = form.cleaned_data["at"] if form.is_valid() else None
            svc.campaign_schedule(actor=request.user, campaign=campaign, at=at)
        elif action in _ACTIONS:
            _ACTIONS[action](actor=request.user, campaign=campaign)
        elif action in ("resend", "close"):
            message = Message.objects.get(campaign=campaign, pk=request.POST.get("message"))
            svc.message_resolve_unknown(actor=request.user, message=message, resend=action == "resend")
        else:
            raise Http404
    except (CampaignError, Message.DoesNotExist) as exc:
        messages.error(request, str(exc))
    return redirect("outreach:campaign", pk=pk)
