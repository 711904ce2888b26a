"""Tone corrections by analysts, and the classifier retrained from them.

Training takes seconds, so it runs in the worker (``retrain_tone_model`` task) after a correction commits,
outside any transaction; only the version row is written atomically. The model file lives under
``TTDN_DATA_DIR/monitoring/tone/`` as ``v<N>.pkl``; the database says which version is active.
"""

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
from ttdn.monitoring.analysis.tone_model import ToneModel, cross_validate, merge, read_examples

from ..models import Article, ToneLabel, ToneModelVersion
from . import model_store

SEED_PATH = Path(__file__).resolve().parent.parent / "tests" / "data" / "tone" / "eval_vi.jsonl"
TEXT_CHARS = 3000  # title and the opening of the article: where the tone is set


def seed_path() -> Path:
    return Path(getattr(settings, "TTDN_MONITORING_TONE_SEED", SEED_PATH))


def article_text(article: Article) -> str:
    return f"{article.title}. {article.text}"[:TEXT_CHARS]


@transaction.atomic
def tone_correct(*, actor: User | None, article: Article, label: str) -> ToneLabel:
    """Record an analyst's tone for the article, show it at once, and retrain the classifier later."""
    if label not in Article.Sentiment.values:
        raise ValidationError({"label": _("Choose positive, neutral or negative.")})
    article = Article.objects.select_for_update().get(pk=article.pk)
    previous = article.sentiment
    correction, _created = ToneLabel.objects.update_or_create(
        article=article,
        defaults={"label": label, "labelled_by": actor},
        create_defaults={"label": label, "labelled_by": actor, "previous": previous},
    )
    article.sentiment, article.tone_by = label, "analyst"
    article.save(update_fields=["sentiment", "tone_by"])
    audit.record(
        actor=actor,
        action="monitoring.tone_correct",
        obj=article,
        changes={"sentiment": [previous, label]},
    )
    from ..tasks import retrain_tone_model

    transaction.on_commit(lambda: retrain_tone_model.enqueue())
    return correction


def _training_set() -> tuple[list[tuple[str, str]], int, datetime.datetime | None]:
    labels = ToneLabel.objects.select_related("article").order_by("pk")
    corrections = [(article_text(label.article), label.label) for label in labels]
    last = labels.aggregate(last=Max("updated_at"))["last"]
    seed = read_examples(seed_path()) if seed_path().exists() else []
    return merge(seed, corrections), len(corrections), last


def tone_retrain(*, actor: User | None = None, force: bool = False) -> ToneModelVersion | None:
    """Train a new version from the seed set and every correction; None when nothing changed since the
    active version (a burst of corrections queues many tasks, only the first one trains)."""
    examples, n_corrections, last_label_at = _training_set()
    if not force and model_store.unchanged(ToneModelVersion, n_corrections, last_label_at):
        return None
    texts, labels = [t for t, _ in examples], [label for _, label in examples]
    smallest = min(labels.count(label) for label in set(labels)) if labels else 0
    metrics = cross_validate(texts, labels, folds=min(5, smallest)) if smallest >= 3 else {}
    number = model_store.next_version(ToneModelVersion)
    model = ToneModel.fit(texts, labels, version=number)
    model.metrics = metrics
    return model_store.store(
        version_model=ToneModelVersion,
        folder="tone",
        number=number,
        model=model,
        actor=actor,
        action="monitoring.tone_retrain",
        n_examples=len(examples),
        n_corrections=n_corrections,
        last_label_at=last_label_at,
        audit_changes={"examples": len(examples), "corrections": n_corrections, **metrics},
    )


def active_tone_model() -> ToneModel | None:
    """The active classifier, loaded once per process and version; None before any training."""
    return model_store.load_active(ToneModelVersion, ToneModel.loads)
