import mimetypes
import os
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required, user_passes_test
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST, require_safe
from wagtail.models import Locale, Page

from . import selectors, services
from .models import DOWNLOAD_FILTERS, PortalDocument, PortalImage, PortalRendition


def _locale() -> Locale:
    return Locale.objects.get(language_code=translation.get_language())


@require_GET
def search(request):
    query = request.GET.get("q", "")[:200]
    locale = _locale()
    results = selectors.search_pages(locale, query) if query else []
    images = list(selectors.search_images(query)[:12]) if query and request.GET.get("images") else []
    return render(
        request,
        "portal/search.html",
        {
            "query": query,
            "results": results,
            "images": images,
            "home": selectors.home_for(locale),
            "page": None,
        },
    )


@require_GET
def feed(request):
    locale = _locale()
    home = selectors.home_for(locale)
    body = render_to_string(
        "portal/feed.xml",
        {
            "home": home,
            "items": selectors.latest(locale),
            "base": selectors.site_root_url(),
            "language": selectors.hreflang(locale.language_code),
        },
        request=request,
    )
    return HttpResponse(body, content_type="application/rss+xml; charset=utf-8")


@require_GET
def sitemap(request):
    locale = _locale()
    entries = [(page, selectors.alternates(page)) for page in selectors.live_pages(locale)]
    body = render_to_string("portal/sitemap.xml", {"entries": entries, "base": selectors.site_root_url()})
    return HttpResponse(body, content_type="application/xml; charset=utf-8")


@require_GET
def stable_page(request, page_id: int):
    """A permanent address (e.g. kept by a monitoring case) that survives moves and slug changes."""
    page = get_object_or_404(Page.objects.live().public(), pk=page_id)
    target = page.get_translation_or_none(_locale())
    if target is None or not target.live:
        target = page
    return HttpResponseRedirect(target.get_url(request=request))


@require_GET
def download_image(request, image_id: int, size: str):
    if size not in DOWNLOAD_FILTERS:
        raise Http404
    image = get_object_or_404(PortalImage, pk=image_id)
    if not image.publishable:
        raise Http404
    rendition = services.record_download(
        image=image, size=size, user=request.user, language=translation.get_language() or ""
    )
    rendition.file.open("rb")
    filename = f"{os.path.splitext(os.path.basename(image.file.name))[0]}-{size}{os.path.splitext(rendition.file.name)[1]}"
    return FileResponse(rendition.file, as_attachment=True, filename=filename)


@require_GET
def rendition_file(request, name: str):
    """Public renditions (metadata already stripped); an image marked confidential is served to nobody."""
    rendition = PortalRendition.objects.select_related("image").filter(file=f"images/{name}").first()
    if rendition is None or rendition.image.confidential:
        raise Http404
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(rendition.file.open("rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


# Played by <video>/<track>, which need the right type and byte ranges (seeking asks for 206 responses);
# Wagtail's own document view sends neither.
STREAMED_TYPES = {".mp4": "video/mp4", ".vtt": "text/vtt; charset=utf-8"}
RANGE = re.compile(r"bytes=(\d*)-(\d*)")
CHUNK = 64 * 1024


@require_safe
def document_file(request, document_id: int, document_filename: str):
    """Videos and captions with Range support; every other document goes through Wagtail's view."""
    from wagtail import hooks
    from wagtail.documents.models import document_served
    from wagtail.documents.views.serve import serve
    from wagtail.models import CollectionViewRestriction

    document = get_object_or_404(PortalDocument.objects.select_related("collection"), pk=document_id)
    content_type = STREAMED_TYPES.get(os.path.splitext(document.filename)[1].lower())
    restricted = CollectionViewRestriction.objects.filter(
        collection__in=document.collection.get_ancestors(inclusive=True)
    ).exists()
    if content_type is None or restricted or document.filename != document_filename:
        return serve(request, document_id, document_filename)
    for hook in hooks.get_hooks("before_serve_document"):
        if isinstance(result := hook(document, request), HttpResponse):
            return result
    document_served.send(sender=PortalDocument, instance=document, request=request)
    return ranged_file_response(request, document.file, content_type)


def ranged_file_response(request, field_file, content_type: str) -> HttpResponse:
    """One byte range (RFC 9110 §14) or the whole file; several ranges in one request get the whole file."""
    size = field_file.size
    match = RANGE.fullmatch(request.headers.get("Range", "").strip())
    if not match or match.groups() == ("", ""):
        response: HttpResponse = FileResponse(field_file.open("rb"), content_type=content_type)
    else:
        first, last = match.groups()
        if first:
            start, end = int(first), min(int(last), size - 1) if last else size - 1
        else:  # "bytes=-N": the last N bytes
            start, end = max(size - int(last), 0), size - 1
        if start >= size or start > end:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return response
        response = StreamingHttpResponse(
            _read(field_file, start, end - start + 1), status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600"
    return response


def _read(field_file, start: int, length: int):
    with field_file.open("rb") as stream:
        stream.seek(start)
        while length > 0 and (chunk := stream.read(min(CHUNK, length))):
            length -= len(chunk)
            yield chunk


# Wagtail's own gate for /cms/: editors, reviewers and approvers are not Django staff.
cms_user_required = user_passes_test(lambda u: u.has_perm("wagtailadmin.access_admin"), login_url="login")


@cms_user_required
def translation_dashboard(request):
    rows = selectors.translation_matrix()
    languages = [c.language for c in rows[0].cells] if rows else []
    return render(request, "portal/translation_dashboard.html", {"rows": rows, "languages": languages})


@require_POST
@login_required(login_url="login")
def submit_translation_review(request, page_id: int):
    page = get_object_or_404(Page, pk=page_id)
    try:
        services.submit_translation_for_review(page=page, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Submitted for review: %(title)s") % {"title": page.title})
    return redirect("portal_translation_dashboard")


@cms_user_required
def glossary_check(request, page_id: int):
    page = get_object_or_404(Page, pk=page_id).specific
    source = page.get_translation_or_none(Locale.objects.get(language_code=selectors.SOURCE_LANGUAGE)) or page
    language = page.locale.language_code
    hits = selectors.glossary_check(
        source.specific.text_for_search(), strip_tags(page.text_for_search()), language
    )
    return render(request, "portal/glossary_check.html", {"page": page, "source": source, "hits": hits})
