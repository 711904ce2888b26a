import mimetypes
import os

from django.contrib.admin.views.decorators import staff_member_required
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import strip_tags
from django.views.decorators.http import require_GET
from wagtail.models import Locale, Page

from . import selectors, services
from .models import DOWNLOAD_FILTERS, PortalImage, PortalRendition


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


@staff_member_required(login_url="login")
def translation_dashboard(request):
    rows = selectors.translation_matrix()
    languages = [c.language for c in rows[0].cells] if rows else []
    return render(request, "portal/translation_dashboard.html", {"rows": rows, "languages": languages})


@staff_member_required(login_url="login")
def glossary_check(request, page_id: int):
    page = get_object_or_404(Page, pk=page_id).specific
    source = page.get_translation_or_none(Locale.objects.get(language_code=selectors.SOURCE_LANGUAGE)) or page
    language = page.locale.language_code
    hits = selectors.glossary_check(
        source.specific.text_for_search(), strip_tags(page.text_for_search()), language
    )
    return render(request, "portal/glossary_check.html", {"page": page, "source": source, "hits": hits})
