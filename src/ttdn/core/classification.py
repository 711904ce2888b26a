"""Classification marks (độ mật) and who may see each level.

Every classified record carries one :class:`Classification`; a user's clearance is the highest level they
may see. The clearance comes from, in order: the per-user override (``User.clearance``), then the user's
role looked up through ``TTDN_CLEARANCE_ROLE`` (a dotted path of ``f(user) -> role key | None``; the
directory app supplies it, since roles live there and core imports no app), mapped through
``TTDN_CLEARANCE`` ({role key: level name}). Anonymous users and users without a role see only
:attr:`Classification.NORMAL`.

A plan's focal officers may be given more than their role (key ``"focal"``): callers that know the plan
pass ``extra_roles=("focal",)``.
"""

from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _


class Classification(models.IntegerChoices):
    NORMAL = 0, _("Unclassified")
    CONFIDENTIAL = 1, _("Confidential")
    SECRET = 2, _("Secret")
    TOP_SECRET = 3, _("Top secret")


# The stamp printed on exports (dấu chỉ độ mật): Vietnamese by law, whatever the interface language.
STAMPS = {
    Classification.NORMAL: "",
    Classification.CONFIDENTIAL: "MẬT",
    Classification.SECRET: "TỐI MẬT",
    Classification.TOP_SECRET: "TUYỆT MẬT",
}

DEFAULT_CLEARANCE = {
    "officer": "NORMAL",
    "leader": "CONFIDENTIAL",
    "focal": "CONFIDENTIAL",
    "province_leader": "CONFIDENTIAL",
    "admin": "CONFIDENTIAL",
}
DEFAULT_ROLE_SOURCE = "ttdn.directory.clearance.role_of"
_CACHE_ATTR = "_ttdn_clearance"


def classification_field(**kwargs: Any) -> models.PositiveSmallIntegerField:
    """The mark as a field, for models that cannot take :class:`ClassifiedModel` (e.g. Wagtail's bases)."""
    options: dict[str, Any] = {
        "choices": Classification.choices,
        "default": Classification.NORMAL,
        "db_index": True,
        "help_text": _(
            "Classified items are never published, sent by SMS, returned by the API or exported "
            "to anyone without clearance."
        ),
    }
    options.update(kwargs)
    return models.PositiveSmallIntegerField(_("classification"), **options)


class ClassifiedModel(models.Model):
    classification = classification_field()

    class Meta:
        abstract = True

    @property
    def is_classified(self) -> bool:
        return self.classification > Classification.NORMAL

    @property
    def classification_stamp(self) -> str:
        return stamp(self.classification)


def level_of(value: Any) -> Classification:
    """A level from an int, a level or a name ("CONFIDENTIAL", "confidential")."""
    if isinstance(value, str) and not value.isdigit():
        return Classification[value.strip().upper()]
    return Classification(int(value))


def stamp(level: int) -> str:
    return STAMPS[Classification(level)]


def is_classified(level: int) -> bool:
    return level > Classification.NORMAL


def _role_table() -> dict[str, Classification]:
    table = getattr(settings, "TTDN_CLEARANCE", DEFAULT_CLEARANCE)
    return {role: level_of(level) for role, level in table.items()}


@cache
def _role_source(path: str) -> Callable[[Any], str | None]:
    return import_string(path)


def role_key(user: Any) -> str | None:
    if user is None or not user.is_authenticated:
        return None
    return _role_source(getattr(settings, "TTDN_CLEARANCE_ROLE", DEFAULT_ROLE_SOURCE))(user)


def clearance_of(user: Any, *, extra_roles: Iterable[str] = ()) -> Classification:
    """The highest level ``user`` may see. Cached on the user object for the request (roles cost a query)."""
    if user is None or not user.is_authenticated:
        return Classification.NORMAL
    override = getattr(user, "clearance", None)
    if override is not None:
        return Classification(override)
    extra = tuple(extra_roles)
    cached: dict[tuple[str, ...], Classification] = user.__dict__.setdefault(_CACHE_ATTR, {})
    if extra not in cached:
        table = _role_table()
        keys = [role_key(user), *extra]
        cached[extra] = max(
            (table.get(k, Classification.NORMAL) for k in keys if k), default=Classification.NORMAL
        )
    return cached[extra]


def may_see(user: Any, level: int, *, extra_roles: Iterable[str] = ()) -> bool:
    """Whether ``user`` is cleared for ``level``. Unclassified items are for anyone the normal rights admit."""
    if level <= Classification.NORMAL:
        return True
    return level <= clearance_of(user, extra_roles=extra_roles)


def visible_levels(user: Any, *, extra_roles: Iterable[str] = ()) -> list[int]:
    """For ``queryset.filter(classification__lte=…)``-style filters written as ``__in``."""
    top = clearance_of(user, extra_roles=extra_roles)
    return [level.value for level in Classification if level <= top]


def record_access(*, user: Any, obj: models.Model, action: str = "view") -> None:
    """Audits a view or download of a classified item; unclassified reads are not recorded."""
    level = getattr(obj, "classification", Classification.NORMAL)
    if not is_classified(level):
        return
    from . import audit  # audit imports the models module, which imports this one

    actor = user if user is not None and user.is_authenticated else None
    audit.record(
        actor=actor, action=f"classified.{action}", obj=obj, changes={"classification": [None, int(level)]}
    )


def confidential_flag() -> property:
    """``obj.confidential`` as a yes/no view of the mark, for code and templates that only need to know
    whether something is classified (the portal's rule: classified is never public). Setting True marks
    the item "Mật" unless it already carries a higher level; setting False clears the mark. A property, so
    model constructors accept ``confidential=…`` too."""

    def get(obj: Any) -> bool:
        return is_classified(obj.classification)

    def put(obj: Any, value: bool) -> None:
        if not value:
            obj.classification = Classification.NORMAL
        elif not is_classified(obj.classification):
            obj.classification = Classification.CONFIDENTIAL

    return property(get, put)
