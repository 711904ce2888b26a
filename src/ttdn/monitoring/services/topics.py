"""Topic corrections by analysts, and the topic classifier retrained from them (as for tone: the worker
trains after a correction commits, the model file lives under ``TTDN_DATA_DIR/monitoring/topics/``, the
database says which version is active)."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ttdn.core import audit
from ttdn.core.models import User
from ttdn.monitoring.analysis.topic_model import TopicModel, cross_validate, merge, read_examples
from ttdn.monitoring.analysis.topics import TOPIC_NAMES

from ..models import Article, TopicLabel, TopicModelVersion
from . import model_store
from .tone import article_text

SEED_PATH = Path(__file__).resolve().parent.parent / "tests" / "data" / "topics" / "eval_vi.jsonl"


def seed_path() -> Path:
    return Path(getattr(settings, "TTDN_MONITORING_TOPIC_SEED", SEED_PATH))


@transaction.atomic
def topic_correct(*, actor: User | None, article: Article, topics: list[str]) -> TopicLabel:
    """Record an analyst's topics for the article (possibly none), show them at once, retrain later."""
    unknown = sorted(set(topics) - set(TOPIC_NAMES))
    if unknown:
        raise ValidationError({"topics": _("Unknown topic: %(codes)s.") % {"codes": ", ".join(unknown)}})
    chosen = [code for code in TOPIC_NAMES if code in topics]  # rule order, no duplicates
    article = Article.objects.select_for_update().get(pk=article.pk)
    previous = list(article.topics or [])
    correction, _created = TopicLabel.objects.update_or_create(
        article=article,
        defaults={"topics": chosen, "labelled_by": actor},
        create_defaults={"topics": chosen, "labelled_by": actor, "previous": previous},
    )
    article.topics = chosen
    article.save(update_fields=["topics"])
    audit.record(
        actor=actor, action="monitoring.topic_correct", obj=article, changes={"topics": [previous, chosen]}
    )
    from ..tasks import retrain_topic_model

    transaction.on_commit(lambda: retrain_topic_model.enqueue())
    return correction


def _training_set() -> tuple[list[tuple[str, tuple[str, ...]]], int, datetime.datetime | None]:
    labels = TopicLabel.objects.select_related("article").order_by("pk")
    corrections = [(article_text(label.article), tuple(label.topics)) for label in labels]
    last = labels.aggregate(last=Max("updated_at"))["last"]
    seed = read_examples(seed_path()) if seed_path().exists() else []
    return merge(seed, corrections), len(corrections), last


def topic_retrain(
    *, actor: User | None = None, force: bool = False, evaluate: bool = True
) -> TopicModelVersion | None:
    """A new version from the seed set and every correction; None when nothing changed since the active
    version. ``evaluate`` runs the 5-fold comparison with the rules stored with the version."""
    examples, n_corrections, last_label_at = _training_set()
    if not force and model_store.unchanged(TopicModelVersion, n_corrections, last_label_at):
        return None
    metrics = cross_validate(examples, folds=5) if evaluate and len(examples) >= 25 else {}
    number = model_store.next_version(TopicModelVersion)
    model = TopicModel.fit(examples, version=number)
    model.metrics = metrics
    return model_store.store(
        version_model=TopicModelVersion,
        folder="topics",
        number=number,
        model=model,
        actor=actor,
        action="monitoring.topic_retrain",
        n_examples=len(examples),
        n_corrections=n_corrections,
        last_label_at=last_label_at,
        audit_changes={
            "examples": len(examples),
            "corrections": n_corrections,
            "micro_f1": {k: v for k, v in metrics.items() if k.endswith("micro_f1")},
        },
    )


def active_topic_model() -> TopicModel | None:
    """The active classifier, loaded once per process and version; None before any training."""
    return model_store.load_active(TopicModelVersion, TopicModel.loads)
