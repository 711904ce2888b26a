from django import template
from django.utils import translation

from ttdn.portal import labels, selectors

register = template.Library()


@register.simple_tag
def label(key: str) -> str:
    return labels.label(key, translation.get_language() or "vi")


@register.simple_tag
def bcp47() -> str:
    return selectors.hreflang(translation.get_language() or "vi")


@register.simple_tag
def image_alt(image) -> str:
    return image.alt(translation.get_language() or "vi") if image else ""


@register.simple_tag
def image_caption(image) -> str:
    return image.caption(translation.get_language() or "vi") if image else ""


@register.simple_tag
def language_links(alternates, home):
    """(code, name, url, is_current) for the language switcher: the page's translation, else that language's home."""
    from wagtail.models import Locale

    current = translation.get_language()
    from urllib.parse import urlparse

    # Same-host links: the switcher works on whatever host serves the page (hreflang keeps the canonical host).
    by_code = {a.language: urlparse(a.url).path for a in alternates or [] if a.hreflang != "x-default"}
    out = []
    for code, name in labels.LANGUAGE_NAMES.items():
        url = by_code.get(code)
        if not url:
            locale = Locale.objects.filter(language_code=code).first()
            target = selectors.home_for(locale) if locale else None
            url = target.url if target and target.live else f"/{code}/"
        out.append((selectors.hreflang(code), name, url, code == current))
    return out
