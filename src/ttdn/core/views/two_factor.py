"""Second factor: set up an authenticator app (TOTP) once, then enter its code after each login."""

from base64 import b32encode
from urllib.parse import urlencode

import django_otp
import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from ttdn.core import audit
from ttdn.core.forms import TokenForm


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


def qr_svg(data: str) -> str:
    """The otpauth URI as an inline SVG QR code (no image request, nothing leaves the server)."""
    return segno.make(data, error="m").svg_inline(scale=5, border=2, dark="#1b2430")


@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user_has_device(user, confirmed=True):
        return redirect(f"{reverse('core:otp_verify')}?{urlencode({'next': _next_url(request)})}")
    # One pending device per user: reloading the page keeps the secret the app may already have scanned.
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                audit.record(actor=user, action="account.otp_enrol", obj=user)
            django_otp.login(request, device)
            messages.success(request, _("Two-step verification is on for your account."))
            return redirect(_next_url(request))
        audit.record(actor=user, action="account.otp_fail", obj=user, changes={"step": "setup"})
        form.add_error("token", _("This code is not valid. Check the time on your phone and try again."))
    context = {
        "form": form,
        "qr": qr_svg(device.config_url),
        "config_url": device.config_url,
        "secret": b32encode(device.bin_key).decode(),
        "next": _next_url(request),
    }
    return render(request, "core/otp_setup.html", context, status=400 if form.errors else 200)


@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user_has_device(user, confirmed=True):
        return redirect("core:otp_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"])
        if device is not None:
            django_otp.login(request, device)
            return redirect(_next_url(request))
        audit.record(actor=user, action="account.otp_fail", obj=user, changes={"step": "verify"})
        form.add_error("token", _("This code is not valid. Check the time on your phone and try again."))
    return render(
        request,
        "core/otp_verify.html",
        {"form": form, "next": _next_url(request)},
        status=400 if form.errors else 200,
    )
