"""The image bank (hệ thống dữ liệu quảng bá hình ảnh) and the document store behind publications and videos."""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument, Document
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.search import index

from ttdn.core.classification import classification_field, confidential_flag
from ttdn.core.text import clean, fold
from ttdn.portal import imagemeta


class Licence(models.TextChoices):
    FREE_WITH_CREDIT = "free_credit", _("Free use with credit")
    EDITORIAL = "editorial", _("Editorial use only")
    INTERNAL = "internal", _("Internal use only")
    CC_BY = "cc_by", _("Creative Commons BY 4.0")


class Consent(models.TextChoices):
    NO_PEOPLE = "no_people", _("No identifiable people")
    OBTAINED = "obtained", _("Consent obtained")
    PUBLIC_EVENT = "public_event", _("Public event, no consent needed")
    MISSING = "missing", _("Consent missing")


class PortalImage(AbstractImage):
    credit = models.CharField(_("credit"), max_length=255, blank=True)
    photographer = models.CharField(_("photographer"), max_length=255, blank=True)
    licence = models.CharField(_("licence"), max_length=20, choices=Licence, default=Licence.FREE_WITH_CREDIT)
    usage_terms = models.TextField(_("usage terms"), blank=True)
    consent = models.CharField(
        _("consent of people shown"), max_length=20, choices=Consent, default=Consent.NO_PEOPLE
    )
    location = models.CharField(_("location"), max_length=255, blank=True)
    keywords = models.CharField(_("keywords"), max_length=500, blank=True, help_text=_("Comma-separated"))
    caption_vi = models.TextField(_("caption (Vietnamese)"), blank=True)
    caption_en = models.TextField(_("caption (English)"), blank=True)
    caption_zh = models.TextField(_("caption (Chinese)"), blank=True)
    alt_vi = models.CharField(_("alt text (Vietnamese)"), max_length=255, blank=True)
    alt_en = models.CharField(_("alt text (English)"), max_length=255, blank=True)
    alt_zh = models.CharField(_("alt text (Chinese)"), max_length=255, blank=True)
    classification = classification_field()
    confidential = confidential_flag()
    camera = models.CharField(_("camera"), max_length=255, blank=True, editable=False)
    taken_at = models.DateTimeField(_("taken at"), null=True, blank=True, editable=False)
    # Everything the upload carried (GPS included): for staff only, never copied into a rendition.
    source_metadata = models.JSONField(default=dict, blank=True, editable=False)
    search_folded = models.TextField(blank=True, editable=False)

    admin_form_fields = (
        *Image.admin_form_fields,
        "credit",
        "photographer",
        "licence",
        "usage_terms",
        "consent",
        "location",
        "keywords",
        "caption_vi",
        "caption_en",
        "caption_zh",
        "alt_vi",
        "alt_en",
        "alt_zh",
        "classification",
    )
    search_fields = [
        *AbstractImage.search_fields,
        index.SearchField("search_folded"),
        index.FilterField("classification"),
    ]

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")
        permissions = [("choose_image", "Can choose image")]

    @property
    def publishable(self) -> bool:
        return not self.confidential and self.consent != Consent.MISSING

    def caption(self, language: str) -> str:
        return getattr(self, f"caption_{language[:2]}", "") or self.caption_vi

    def alt(self, language: str) -> str:
        return getattr(self, f"alt_{language[:2]}", "") or self.alt_vi or self.title

    def fill_from_metadata(self) -> None:
        """Blank fields take what the camera and the agency wrote into the file (IPTC/EXIF)."""
        self.file.seek(0)
        try:
            meta = imagemeta.read_metadata(self.file.read())
        except Exception:  # a picture Pillow can open but whose metadata is broken keeps none
            meta = {}
        self.file.seek(0)
        self.source_metadata = {k: v for k, v in meta.items()}
        self.photographer = self.photographer or meta.get("byline") or meta.get("artist", "")
        self.credit = self.credit or meta.get("credit") or meta.get("copyright", "")
        self.caption_vi = self.caption_vi or meta.get("caption") or meta.get("imagedescription", "")
        place = ", ".join(p for p in (meta.get("sublocation"), meta.get("city"), meta.get("province")) if p)
        self.location = self.location or place
        if not self.keywords and meta.get("keywords"):
            self.keywords = ", ".join(meta["keywords"])
        self.camera = " ".join(p for p in (meta.get("make"), meta.get("model")) if p)[:255]
        if meta.get("taken_at"):
            from datetime import datetime
            from zoneinfo import ZoneInfo

            self.taken_at = datetime.fromisoformat(meta["taken_at"]).replace(
                tzinfo=ZoneInfo(settings.TIME_ZONE)
            )

    def save(self, *args, **kwargs):
        if self._state.adding and self.file:
            self.fill_from_metadata()
        for name in ("title", "credit", "photographer", "location", "keywords", "caption_vi", "alt_vi"):
            setattr(self, name, clean(getattr(self, name) or ""))
        self.search_folded = fold(
            " ".join(
                [
                    self.title,
                    self.location,
                    self.keywords,
                    self.caption_vi,
                    self.caption_en,
                    self.photographer,
                ]
            )
        )
        super().save(*args, **kwargs)

    def generate_rendition_file(self, filter, *, source=None):
        generated = super().generate_rendition_file(filter, source=source)
        generated.seek(0)
        return ContentFile(imagemeta.strip_metadata(generated.read()), name=generated.name)


class PortalRendition(AbstractRendition):
    image = models.ForeignKey(PortalImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class DownloadSize(models.TextChoices):
    SMALL = "small", _("Small (800 px)")
    MEDIUM = "medium", _("Medium (1600 px)")
    LARGE = "large", _("Large (2400 px)")


DOWNLOAD_FILTERS = {"small": "max-800x800", "medium": "max-1600x1600", "large": "max-2400x2400"}


class ImageDownload(models.Model):
    image = models.ForeignKey(PortalImage, on_delete=models.CASCADE, related_name="downloads")
    size = models.CharField(max_length=10, choices=DownloadSize)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    language = models.CharField(max_length=10, blank=True)
    purpose = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("image download")
        verbose_name_plural = _("image downloads")
        indexes = [models.Index(fields=["image", "created_at"])]

    def __str__(self) -> str:
        return f"{self.image_id} {self.size} {self.created_at:%d/%m/%Y %H:%M}"


class PortalDocument(AbstractDocument):
    """PDF/e-book publications, MP4 videos and their WebVTT captions; checked by their bytes on upload."""

    classification = classification_field()
    confidential = confidential_flag()
    admin_form_fields = (*Document.admin_form_fields, "classification")

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        permissions = [("choose_document", "Can choose document")]

    def clean(self) -> None:
        super().clean()
        if not self.file:
            return
        limit = getattr(settings, "TTDN_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
        if self.file.size > limit * 10:  # videos are bigger than photos; still bounded
            raise ValidationError({"file": _("The file is too large.")})
        extension = os.path.splitext(self.file.name)[1]
        self.file.seek(0)
        head = self.file.read(128)
        self.file.seek(0)
        if not imagemeta.sniff_document(head, extension):
            raise ValidationError({"file": _("The file content does not match its type.")})
