"""The organisation directory, versioned over time.

A unit is never edited into something else: when the 2025 reform merged departments, the old unit got a
``valid_to`` and successor links, and the new one a ``valid_from``. Plans keep pointing at the unit that
existed on their date; the UI follows successors to show who holds the function today.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ttdn.core.models import TimeStampedModel
from ttdn.core.text import fold


class UnitKind(models.TextChoices):
    CENTRAL_AGENCY = "central-agency", _("Central agency")
    PROVINCIAL_PEOPLE_COMMITTEE = "provincial-people-committee", _("Provincial People's Committee")
    PROVINCIAL_PEOPLE_COUNCIL = "provincial-people-council", _("Provincial People's Council")
    PARTY_BODY = "party-body", _("Party body")
    PROVINCIAL_OFFICE = "provincial-office", _("Provincial office")
    PROVINCIAL_DEPARTMENT = "provincial-department", _("Provincial department")
    ARMED_FORCE = "armed-force", _("Armed force")
    POLICE = "police", _("Police")
    ECONOMIC_ZONE_BOARD = "economic-zone-board", _("Economic zone board")
    PRESS = "press", _("Press agency")
    ENTERPRISE = "enterprise", _("Enterprise")
    DISTRICT_PEOPLE_COMMITTEE = "district-people-committee", _("District People's Committee")
    COMMUNE_PEOPLE_COMMITTEE = "commune-people-committee", _("Commune People's Committee")
    MASS_ORGANISATION = "mass-organisation", _("Mass organisation")
    OTHER = "other", _("Other")


class ValidQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date):
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class Unit(TimeStampedModel):
    code = models.SlugField(_("code"), max_length=100, unique=True)
    name = models.CharField(_("official name"), max_length=300)
    aliases = models.JSONField(_("aliases and abbreviations"), default=list, blank=True)
    kind = models.CharField(_("kind"), max_length=40, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self", verbose_name=_("successors"), symmetrical=False, blank=True, related_name="predecessors"
    )
    source = models.CharField(_("source"), max_length=500, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    search_text = models.TextField(
        editable=False, blank=True, help_text="folded name and aliases, for search"
    )

    objects = ValidQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_from__lte=models.F("valid_to")),
                name="unit_valid_range",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def is_valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )


class UnitGroup(TimeStampedModel):
    """A collective name used in plans ("các sở, ban, ngành"), with a membership rule evaluated at a date.

    Members are the units of ``kinds`` (under ``parent`` when set) plus ``explicit_members``, valid on the date.
    An open set means the plan leaves the real participants to the lead unit.
    """

    code = models.SlugField(_("code"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=300)
    kinds = models.JSONField(_("member kinds"), default=list, blank=True)
    parent = models.ForeignKey(
        Unit,
        verbose_name=_("parent of members"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    explicit_members = models.ManyToManyField(
        Unit, verbose_name=_("listed members"), blank=True, related_name="groups"
    )
    open_set = models.BooleanField(_("open set"), default=False)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("unit group")
        verbose_name_plural = _("unit groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class GroupPhrase(models.Model):
    """One wording of a group as it appears in plans; matched after folding."""

    group = models.ForeignKey(UnitGroup, on_delete=models.CASCADE, related_name="phrases")
    phrase = models.CharField(_("phrase"), max_length=300)
    folded = models.CharField(max_length=300, unique=True, editable=False)

    class Meta:
        verbose_name = _("group phrase")
        verbose_name_plural = _("group phrases")

    def __str__(self) -> str:
        return self.phrase

    def save(self, *args, **kwargs):
        self.folded = fold(self.phrase)
        super().save(*args, **kwargs)


class Commune(TimeStampedModel):
    code = models.SlugField(_("code"), max_length=100, unique=True)
    gso_code = models.CharField(_("GSO code"), max_length=10, blank=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20)
    former_district = models.CharField(_("former district"), max_length=100, blank=True)
    former_units = models.JSONField(_("former units"), default=list, blank=True)
    border = models.BooleanField(_("border commune"), null=True, blank=True)
    people_committee = models.OneToOneField(
        Unit,
        verbose_name=_("People's Committee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commune",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=500, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = ValidQuerySet.as_manager()

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CommunePredecessor(models.Model):
    """A pre-2025 commune and the new commune that took its territory."""

    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="predecessors")
    old_gso_code = models.CharField(max_length=10)
    old_name = models.CharField(max_length=200)
    old_district = models.CharField(max_length=100, blank=True)
    code_retained = models.BooleanField(default=False)
    source = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("former commune")
        verbose_name_plural = _("former communes")
        constraints = [
            models.UniqueConstraint(fields=["commune", "old_gso_code"], name="uniq_commune_predecessor")
        ]

    def __str__(self) -> str:
        return self.old_name


class BorderGate(TimeStampedModel):
    """One border gate in one status period (a gate that changed type has one row per period)."""

    code = models.SlugField(_("code"), max_length=100)
    name = models.CharField(_("name"), max_length=300)
    counterpart = models.CharField(_("counterpart across the border"), max_length=300, blank=True)
    mode = models.CharField(_("mode"), max_length=20)
    gate_type = models.CharField(_("type"), max_length=40)
    gate_type_vi = models.CharField(_("type (Vietnamese)"), max_length=200, blank=True)
    type_valid_from = models.CharField(_("type valid from"), max_length=10, blank=True)
    type_valid_to = models.CharField(_("type valid to"), max_length=10, blank=True)
    district_2021 = models.CharField(_("district (2021)"), max_length=100, blank=True)
    commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune (2025)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="border_gates",
    )
    source = models.CharField(_("source"), max_length=500, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("border gate")
        verbose_name_plural = _("border gates")
        ordering = ["code", "type_valid_from"]
        constraints = [models.UniqueConstraint(fields=["code", "gate_type"], name="uniq_gate_type")]

    def __str__(self) -> str:
        return self.name


class Membership(TimeStampedModel):
    """A user's place in the organisation: the unit they work for and what they may do there.

    Whether an officer is a *focal* officer is not stored here: it depends on the plan (the focal unit
    changed in 2025), so it is decided by comparing this unit with the plan's focal unit.
    """

    class Role(models.TextChoices):
        OFFICER = "officer", _("Officer (reports for the unit)")
        LEADER = "leader", _("Unit leader (approves the unit's reports)")
        PROVINCE_LEADER = "province_leader", _("Province leader (reads everything)")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="members")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.OFFICER)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} · {self.unit} ({self.get_role_display()})"
