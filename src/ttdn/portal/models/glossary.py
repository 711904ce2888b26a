from django.db import models
from django.utils.translation import gettext_lazy as _

from ttdn.core.text import clean, fold


class GlossaryTerm(models.Model):
    """One agreed rendering of a name across the three languages (units, gates, places, titles)."""

    class Category(models.TextChoices):
        UNIT = "unit", _("Unit")
        GATE = "gate", _("Border gate")
        PLACE = "place", _("Place")
        TITLE = "title", _("Title")
        OTHER = "other", _("Other")

    category = models.CharField(_("category"), max_length=10, choices=Category, default=Category.OTHER)
    vi = models.CharField(_("Vietnamese"), max_length=255, unique=True)
    en = models.CharField(_("English"), max_length=255, blank=True)
    zh = models.CharField(_("Chinese"), max_length=255, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    vi_folded = models.CharField(max_length=255, editable=False, db_index=True)

    class Meta:
        ordering = ["category", "vi"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")

    def __str__(self) -> str:
        return self.vi

    def save(self, *args, **kwargs):
        self.vi, self.en, self.zh = clean(self.vi), clean(self.en), clean(self.zh)
        self.vi_folded = fold(self.vi)
        super().save(*args, **kwargs)

    def expected(self, language: str) -> str:
        return {"en": self.en, "zh-hans": self.zh, "zh": self.zh}.get(language, self.vi)
