"""Media events (seed 3.2), press cooperation (3.3), foreign reporter visits, content items and
publications (3.4)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ttdn.core.models import TimeStampedModel
from ttdn.directory.models import Unit
from ttdn.plans.models import Task


def _task_fk():
    return models.ForeignKey(Task, verbose_name=_("plan task"), on_delete=models.PROTECT, related_name="+")


class ReporterVisit(TimeStampedModel):
    """A foreign reporter's visit; it needs the Ministry of Foreign Affairs' permit (Nghị định 88/2012)."""

    class PermitState(models.TextChoices):
        NOT_APPLIED = "not_applied", _("Not applied for")
        APPLIED = "applied", _("Applied for")
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", _("Refused")

    task = _task_fk()
    reporter = models.CharField(_("reporter"), max_length=200)
    outlet = models.CharField(_("press outlet"), max_length=200)
    country = models.CharField(_("country"), max_length=100)
    starts_on = models.DateField(_("visit starts"))
    ends_on = models.DateField(_("visit ends"))
    itinerary = models.TextField(_("itinerary"), blank=True)
    accompanying_unit = models.ForeignKey(
        Unit, verbose_name=_("accompanying unit"), on_delete=models.PROTECT, related_name="+"
    )
    permit_deadline = models.DateField(_("permit application deadline"))
    permit_state = models.CharField(
        _("permit"), max_length=20, choices=PermitState.choices, default=PermitState.NOT_APPLIED
    )
    permit_number = models.CharField(_("permit number"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("foreign reporter visit")
        verbose_name_plural = _("foreign reporter visits")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__lte=models.F("ends_on")), name="visit_starts_before_end"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reporter} ({self.outlet})"

    def audit_repr(self) -> str:
        return f"visit #{self.pk} ({self.outlet})"


class MediaEvent(TimeStampedModel):
    class Kind(models.TextChoices):
        CULTURE = "culture", _("Culture")
        SPORT = "sport", _("Sport")
        TOURISM = "tourism", _("Tourism")
        FOREIGN_AFFAIRS = "foreign_affairs", _("Foreign affairs")
        TRADE_FAIR = "trade_fair", _("Trade fair")
        GUANGXI = "guangxi", _("Guangxi delegation")
        OTHER = "other", _("Other")

    task = _task_fk()
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    organiser = models.ForeignKey(
        Unit, verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(_("description"), blank=True)
    # Coverage found by monitoring is linked by URL: activities never imports monitoring's models.
    coverage_urls = models.JSONField(_("coverage links"), default=list, blank=True)

    class Meta:
        verbose_name = _("media event")
        verbose_name_plural = _("media events")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__lt=models.F("ends_at")), name="event_starts_before_end"
            )
        ]

    def __str__(self) -> str:
        return self.title


class CooperationAgreement(TimeStampedModel):
    task = _task_fk()
    agency = models.ForeignKey(
        Unit, verbose_name=_("press agency"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=300)
    starts_on = models.DateField(_("term starts"))
    ends_on = models.DateField(_("term ends"))
    deliverables = models.TextField(_("deliverables"), blank=True)
    value = models.DecimalField(_("value (VND)"), max_digits=17, decimal_places=0, null=True, blank=True)

    class Meta:
        verbose_name = _("cooperation agreement")
        verbose_name_plural = _("cooperation agreements")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__lte=models.F("ends_on")), name="agreement_term_order"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Journalist(TimeStampedModel):
    agency = models.ForeignKey(
        Unit, verbose_name=_("press agency"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    # Nghị định 13/2023; blank for contacts entered before consent was recorded ("not recorded").
    consent_source = models.CharField(_("consent source"), max_length=200, blank=True, default="")
    consent_date = models.DateField(_("consent date"), null=True, blank=True)
    consent_withdrawn_at = models.DateTimeField(_("consent withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("journalist")
        verbose_name_plural = _("journalists")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def audit_repr(self) -> str:
        return f"journalist #{self.pk}"


class ContentItem(TimeStampedModel):
    class Kind(models.TextChoices):
        NEWS = "news", _("News")
        ARTICLE = "article", _("Article")
        PHOTO = "photo", _("Photo report")
        VIDEO = "video", _("Video clip")

    class Language(models.TextChoices):
        VI = "vi", _("Vietnamese")
        EN = "en", _("English")
        ZH = "zh", _("Chinese")
        OTHER = "other", _("Other")

    task = _task_fk()
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    languages = models.JSONField(_("languages"), default=list)
    published_on = models.DateField(_("published on"))
    url = models.URLField(_("link"), max_length=500, blank=True)
    agency = models.ForeignKey(
        Unit,
        verbose_name=_("press agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("content item")
        verbose_name_plural = _("content items")
        ordering = ["-published_on"]

    def __str__(self) -> str:
        return self.title


class Publication(TimeStampedModel):
    class Kind(models.TextChoices):
        BOOK = "book", _("Book")
        IMAGES = "images", _("Image set")
        VIDEO = "video", _("Video")
        QA = "qa", _("Q&A booklet")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PRODUCTION = "in_production", _("In production")
        PUBLISHED = "published", _("Published")

    task = _task_fk()
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    owner_unit = models.ForeignKey(
        Unit, verbose_name=_("owner unit"), on_delete=models.PROTECT, related_name="+"
    )
    print_run = models.PositiveIntegerField(_("print run"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to="activities/publications/%Y/", blank=True, max_length=300)
    portal_url = models.URLField(_("portal page"), max_length=500, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title
