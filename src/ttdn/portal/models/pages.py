"""Page types of the public portal. Vietnamese pages are the source; English and Chinese are their translations."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ttdn.core.classification import classification_field, confidential_flag
from ttdn.core.text import clean, fold, slugify_vi

IMAGE_MODEL = "portal.PortalImage"
DOCUMENT_MODEL = "portal.PortalDocument"


def search_text(text: str) -> str:
    """Folded text for the search index; CJK characters spaced out so each is a token of its own."""
    folded = fold(text)
    return "".join(f" {ch} " if "\u3400" <= ch <= "\u9fff" else ch for ch in folded)


LANGUAGE_NAMES = {"en": _("English"), "zh-hans": _("Chinese")}


class TranslationNotReviewed(ValidationError):
    """A translation's revision was about to go live without its language reviewer's approval.

    Carries a dict so that Wagtail's page API (which reads ``message_dict``) answers 400 with the message.
    """

    def __init__(self, page: Page):
        code = page.locale.language_code
        self.page = page
        message = _(
            "This translation has not been approved by the reviewer of its language (%(language)s), so it cannot "
            "be published. Only the version that reviewer approved can go live: submit it for review on the "
            "Translations page."
        ) % {"language": LANGUAGE_NAMES.get(code, code)}
        super().__init__({NON_FIELD_ERRORS: [message]})


class PortalPage(Page):
    intro = models.TextField(_("summary"), blank=True)
    classification = classification_field(help_text=_("Confidential content can never be published."))
    confidential = confidential_flag()
    search_folded = models.TextField(blank=True, editable=False)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("classification")]
    search_fields = [*Page.search_fields, index.SearchField("search_folded")]

    class Meta:
        abstract = True

    def text_for_search(self) -> str:
        return " ".join([self.title, self.intro, strip_tags(getattr(self, "body", "") or "")])

    def full_clean(self, *args, **kwargs):
        # ASCII slugs everywhere (đ→d). The admin's slug field is left Unicode (Wagtail's default) on purpose: its
        # own ASCII transliteration turns "Đồng" into "djng", so the Vietnamese is folded here instead. A Chinese
        # title gives no ASCII, so the slug then stays the source's.
        self.slug = slugify_vi(self.slug or "") or slugify_vi(self.title) or self.slug
        super().full_clean(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.classification and self.live:
            raise ValidationError(_("Confidential content can never be published."))

    def publish(
        self,
        revision,
        user=None,
        changed=True,
        log_action=True,
        previous_revision=None,
        skip_permission_checks=False,
    ):
        # Every Revision.publish() ends here (workflow approval, bulk publish, scheduled publishing,
        # wagtail-localize's "Publish in …", the create view): refused before anything is written.
        from ttdn.portal import selectors, services

        if not selectors.translation_reviewed(page=self, revision_id=revision.pk):
            if log_action == "wagtail.publish.scheduled":
                # publish_scheduled publishes every due revision in one loop: an exception would hold back
                # the others, so the unreviewed one loses its date (audited) and stays a draft.
                services.unschedule_unreviewed(page=self, revision=revision)
                return None
            raise TranslationNotReviewed(self)
        return super().publish(
            revision,
            user=user,
            changed=changed,
            log_action=log_action,
            previous_revision=previous_revision,
            skip_permission_checks=skip_permission_checks,
        )

    def _going_live_unreviewed(self) -> bool:
        """The backstop for paths that run Wagtail's publish action without Page.publish (the edit view, the
        page API): the row is about to become live, or to change its live revision, on an unreviewed one."""
        from ttdn.portal import selectors

        if not self.live or self.alias_of_id or not self.locale_id:
            return False
        from ttdn.portal.services import SOURCE

        if self.locale.language_code == SOURCE:
            return False
        stored = type(self).objects.filter(pk=self.pk).values_list("live", "live_revision_id").first()
        if stored == (True, self.live_revision_id):
            return False  # already live on this revision: a move, a title sync, a re-save
        return not selectors.translation_reviewed(page=self, revision_id=self.live_revision_id)

    def save(self, *args, **kwargs):
        if self.live and self.classification:
            raise ValidationError(_("Confidential content can never be published."))
        if self.pk is None and self.live and not self.alias_of_id:
            # Wagtail inserts a page created with "Publish" as live before publishing its first revision; a
            # translated page is inserted as a draft instead and goes live only on a reviewed revision.
            from ttdn.portal.services import SOURCE

            # Before Page.save's clean, a new page may not have its locale yet: it takes its parent's.
            locale = self.locale if self.locale_id else self.get_default_locale()
            if locale.language_code != SOURCE:
                self.live = False
        elif self.pk and self._going_live_unreviewed():
            raise TranslationNotReviewed(self)
        if self.live and self.pk and self.locale_id:
            from ttdn.portal.services import unreviewed_machine_strings

            if unreviewed_machine_strings(self):
                raise ValidationError(
                    _("Machine translation must be reviewed by a person before publishing.")
                )
        self.title = clean(self.title)
        self.slug = slugify_vi(self.slug or "") or slugify_vi(self.title) or self.slug
        self.search_folded = search_text(self.text_for_search())
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from ttdn.portal import selectors

        context = super().get_context(request, *args, **kwargs)
        context["alternates"] = selectors.alternates(self)
        context["home"] = selectors.home_for(self.locale)
        return context


class HomePage(PortalPage):
    parent_page_types = ["wagtailcore.Page"]
    template = "portal/home_page.html"

    def get_context(self, request, *args, **kwargs):
        from ttdn.portal import selectors

        context = super().get_context(request, *args, **kwargs)
        context["latest"] = selectors.latest(self.locale, limit=10)
        return context

    class Meta:
        verbose_name = _("portal home page")


class Topic(models.TextChoices):
    INVESTMENT = "investment", _("Investment")
    TRADE = "trade", _("Trade and border gates")
    TOURISM = "tourism", _("Tourism")
    CULTURE = "culture", _("Culture")
    GUANGXI = "guangxi", _("Guangxi cooperation")


class TopicPage(PortalPage):
    topic = models.CharField(_("topic"), max_length=20, choices=Topic)
    body = RichTextField(_("body"), blank=True)
    hero = models.ForeignKey(IMAGE_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    content_panels = [*PortalPage.content_panels, FieldPanel("topic"), FieldPanel("hero"), FieldPanel("body")]
    parent_page_types = ["portal.HomePage"]
    template = "portal/topic_page.html"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = (
            self.get_children().live().public().order_by("-first_published_at").specific()[:20]
        )
        return context

    class Meta:
        verbose_name = _("topic landing page")


class StandardPage(PortalPage):
    """Plain pages, e.g. the organisation, functions and contacts pages Nghị định 42/2022 requires in English."""

    body = RichTextField(_("body"), blank=True)
    content_panels = [*PortalPage.content_panels, FieldPanel("body")]
    template = "portal/standard_page.html"

    class Meta:
        verbose_name = _("standard page")


class ArticlePage(PortalPage):
    date = models.DateField(_("date"), default=timezone.localdate)
    lead_image = models.ForeignKey(
        IMAGE_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = RichTextField(_("body"), blank=True)
    content_panels = [
        *PortalPage.content_panels,
        FieldPanel("date"),
        FieldPanel("lead_image"),
        FieldPanel("body"),
    ]
    parent_page_types = ["portal.HomePage", "portal.TopicPage"]
    template = "portal/article_page.html"

    class Meta:
        verbose_name = _("news article")


class PhotoStoryPage(PortalPage):
    date = models.DateField(_("date"), default=timezone.localdate)
    content_panels = [
        *PortalPage.content_panels,
        FieldPanel("date"),
        InlinePanel("photos", label=_("photos")),
    ]
    parent_page_types = ["portal.HomePage", "portal.TopicPage"]
    template = "portal/photo_story_page.html"

    class Meta:
        verbose_name = _("photo story")


class PhotoStoryItem(Orderable):
    page = ParentalKey(PhotoStoryPage, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(IMAGE_MODEL, on_delete=models.CASCADE, related_name="+")
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    panels = [FieldPanel("image"), FieldPanel("caption")]


class VideoPage(PortalPage):
    date = models.DateField(_("date"), default=timezone.localdate)
    video = models.ForeignKey(
        DOCUMENT_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    poster = models.ForeignKey(
        IMAGE_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    captions = models.ForeignKey(
        DOCUMENT_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("WebVTT captions file"),
    )
    external_url = models.URLField(_("external link"), blank=True)
    transcript = RichTextField(_("transcript"), blank=True)
    content_panels = [
        *PortalPage.content_panels,
        FieldPanel("date"),
        FieldPanel("video"),
        FieldPanel("poster"),
        FieldPanel("captions"),
        FieldPanel("external_url"),
        FieldPanel("transcript"),
    ]
    parent_page_types = ["portal.HomePage", "portal.TopicPage"]
    template = "portal/video_page.html"

    class Meta:
        verbose_name = _("video")

    def clean(self):
        """The video must be an MP4 and the captions WebVTT, by their bytes (PortalDocument checked size and
        magic on upload; here the editor could still have chosen a PDF from the document library)."""
        super().clean()
        from ttdn.portal import imagemeta

        errors = {}
        for field, extension, message in (
            ("video", ".mp4", _("Choose an MP4 video file.")),
            ("captions", ".vtt", _("Choose a WebVTT (.vtt) captions file.")),
        ):
            document = getattr(self, field)
            if document is None:
                continue
            with document.file.open("rb") as stream:
                head = stream.read(128)
            if document.file_extension.lower() != extension.lstrip(".") or not imagemeta.sniff_document(
                head, extension
            ):
                errors[field] = message
        if errors:
            raise ValidationError(errors)


class PublicationPage(PortalPage):
    document = models.ForeignKey(
        DOCUMENT_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cover = models.ForeignKey(IMAGE_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    authors = models.CharField(_("authors"), max_length=255, blank=True)
    publisher = models.CharField(_("publisher"), max_length=255, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    isbn = models.CharField(_("ISBN"), max_length=20, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    body = RichTextField(_("description"), blank=True)
    content_panels = [
        *PortalPage.content_panels,
        FieldPanel("document"),
        FieldPanel("cover"),
        FieldPanel("authors"),
        FieldPanel("publisher"),
        FieldPanel("year"),
        FieldPanel("isbn"),
        FieldPanel("page_count"),
        FieldPanel("body"),
    ]
    parent_page_types = ["portal.HomePage", "portal.TopicPage"]
    template = "portal/publication_page.html"

    class Meta:
        verbose_name = _("publication")


class QAPage(PortalPage):
    content_panels = [*PortalPage.content_panels, InlinePanel("questions", label=_("questions"))]
    parent_page_types = ["portal.HomePage", "portal.TopicPage"]
    template = "portal/qa_page.html"

    def text_for_search(self) -> str:
        return " ".join(
            [super().text_for_search(), *(f"{q.question} {q.answer}" for q in self.questions.all())]
        )

    class Meta:
        verbose_name = _("Q&A set")


class QAItem(Orderable):
    page = ParentalKey(QAPage, on_delete=models.CASCADE, related_name="questions")
    question = models.CharField(_("question"), max_length=500)
    answer = models.TextField(_("answer"))
    panels = [FieldPanel("question"), FieldPanel("answer")]


class StatementPage(PortalPage):
    """Thông cáo / cải chính thông tin sai sự thật. Its stable address is /<lang>/s/<id>/ (see urls)."""

    date = models.DateField(_("date"), default=timezone.localdate)
    reference = models.CharField(_("reference number"), max_length=100, blank=True)
    issued_by = models.CharField(_("issued by"), max_length=255, blank=True)
    false_claim = models.TextField(_("false information being clarified"), blank=True)
    body = RichTextField(_("clarification"), blank=True)
    content_panels = [
        *PortalPage.content_panels,
        FieldPanel("date"),
        FieldPanel("reference"),
        FieldPanel("issued_by"),
        FieldPanel("false_claim"),
        FieldPanel("body"),
    ]
    parent_page_types = ["portal.HomePage", "portal.TopicPage"]
    template = "portal/statement_page.html"

    class Meta:
        verbose_name = _("official statement")


PAGE_TYPES = [
    HomePage,
    TopicPage,
    StandardPage,
    ArticlePage,
    PhotoStoryPage,
    VideoPage,
    PublicationPage,
    QAPage,
    StatementPage,
]
