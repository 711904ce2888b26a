"""Reads for the public portal and its translation dashboard."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Q, QuerySet
from wagtail.models import Locale, Page

from ttdn.core.classification import Classification
from ttdn.core.text import fold

from .models import GlossaryTerm, HomePage, PortalImage
from .models.pages import search_text

SOURCE_LANGUAGE = "vi"
# BCP 47 codes for hreflang and content-language (Django's "zh-hans" is "zh-Hans" there).
HREFLANG = {"vi": "vi", "en": "en", "zh-hans": "zh-Hans"}


def hreflang(code: str) -> str:
    return HREFLANG.get(code, code)


def site_root_url() -> str:
    return getattr(settings, "TTDN_SITE_URL", "http://127.0.0.1:8000").rstrip("/")


def home_for(locale: Locale) -> HomePage | None:
    return HomePage.objects.filter(locale=locale).first()


@dataclass(frozen=True)
class Alternate:
    hreflang: str
    url: str
    language: str


def alternates(page: Page) -> list[Alternate]:
    """Live translations of a page (itself included), plus x-default pointing at the Vietnamese source."""
    base = site_root_url()
    versions = (
        Page.objects.live()
        .filter(translation_key=page.translation_key)
        .select_related("locale")
        .order_by("locale_id")
    )
    out: list[Alternate] = []
    default = ""
    for version in versions:
        url = version.get_url()
        if not url:
            continue
        full = url if url.startswith("http") else base + url
        code = version.locale.language_code
        out.append(Alternate(hreflang(code), full, code))
        if code == SOURCE_LANGUAGE:
            default = full
    if default:
        out.append(Alternate("x-default", default, SOURCE_LANGUAGE))
    return out


def live_pages(locale: Locale) -> QuerySet[Page]:
    return Page.objects.live().public().filter(locale=locale, depth__gte=2).specific()


def latest(locale: Locale, *, limit: int = 20) -> list[Page]:
    pages = (
        Page.objects.live()
        .public()
        .filter(locale=locale, depth__gt=2)
        .exclude(content_type__model__in=["topicpage", "standardpage"])
        .order_by("-first_published_at")
        .specific()[:limit]
    )
    return list(pages)


def search_pages(locale: Locale, query: str) -> list[Page]:
    """Tone- and đ-insensitive: the query is folded the way each page's search_folded copy was."""
    terms = search_text(query)
    if not terms.strip():
        return []
    return list(Page.objects.live().public().filter(locale=locale).specific().search(terms, operator="and"))


def search_images(query: str) -> QuerySet[PortalImage]:
    """Keyword or place, any spelling of the tones; confidential pictures never show."""
    terms = fold(query)
    return PortalImage.objects.filter(classification=Classification.NORMAL).search(terms, operator="and")


# --- translation dashboard -------------------------------------------------------------------------------

MISSING, DRAFT, PUBLISHED, OUTDATED = "missing", "draft", "published", "outdated"


@dataclass
class TranslationCell:
    language: str
    state: str
    page: Page | None


@dataclass
class TranslationRow:
    source: Page
    changed_at: datetime | None
    cells: list[TranslationCell]


def translation_matrix() -> list[TranslationRow]:
    """Every Vietnamese page × every other language: missing, draft, published, or out of date."""
    from wagtail_localize.models import TranslationSource

    source_locale = Locale.objects.get(language_code=SOURCE_LANGUAGE)
    targets = list(Locale.objects.exclude(pk=source_locale.pk).order_by("language_code"))
    sources = list(
        Page.objects.filter(locale=source_locale, depth__gte=2)
        .order_by("path")
        .select_related("latest_revision")
    )
    keys = [p.translation_key for p in sources]
    translated: dict[tuple, Page] = {
        (p.translation_key, p.locale_id): p
        for p in Page.objects.filter(translation_key__in=keys, locale__in=targets).select_related(
            "latest_revision"
        )
    }
    synced: dict = {
        ts.object_id: ts.last_updated_at
        for ts in TranslationSource.objects.filter(object_id__in=keys, locale=source_locale)
    }
    rows = []
    for source in sources:
        changed = source.last_published_at or (
            source.latest_revision.created_at if source.latest_revision else None
        )
        cells = []
        for target in targets:
            page = translated.get((source.translation_key, target.pk))
            if page is None:
                state = MISSING
            elif changed and synced.get(source.translation_key) and changed > synced[source.translation_key]:
                state = OUTDATED
            elif page.live and not page.has_unpublished_changes:
                state = PUBLISHED
            else:
                state = DRAFT
            cells.append(TranslationCell(target.language_code, state, page))
        rows.append(TranslationRow(source, changed, cells))
    return rows


@dataclass(frozen=True)
class GlossaryHit:
    term: GlossaryTerm
    expected: str
    found: bool


def glossary_check(source_text: str, translated_text: str, language: str) -> list[GlossaryHit]:
    """Glossary terms the Vietnamese text uses, and whether the translation uses the agreed rendering."""
    folded = fold(source_text)
    hits = []
    lowered = translated_text.casefold()
    for term in GlossaryTerm.objects.all():
        if term.vi_folded and term.vi_folded in folded:
            expected = term.expected(language)
            if expected:
                hits.append(GlossaryHit(term, expected, expected.casefold() in lowered))
    return hits


def translation_reviewed(*, page: Page, revision_id: int | None) -> bool:
    """Whether a reviewer of the page's language approved exactly this revision of a translation.

    The review is the language's workflow task ("Rà soát bản dịch (…)") approved on that revision; an edit makes
    a new revision, which needs its own review. Who counts is Wagtail's own rule for a group approval task: a
    member of the language's reviewer group, or a superuser. TaskState.approve() itself checks nobody, so the
    approving user is checked here. The Vietnamese source and alias pages (copies of the source, not
    translations) need no language review.
    """
    from wagtail.models import TaskState

    from .services import REVIEWERS, SOURCE

    if page.alias_of_id:
        return True
    language = page.locale.language_code
    if language == SOURCE:
        return True
    group = REVIEWERS.get(language)
    if group is None or revision_id is None:
        return False
    return (
        TaskState.objects.filter(
            revision_id=revision_id,
            status=TaskState.STATUS_APPROVED,
            task__groupapprovaltask__groups__name=group,
        )
        .filter(Q(finished_by__is_superuser=True) | Q(finished_by__groups__name=group))
        .exists()
    )
