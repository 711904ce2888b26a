"""Topic corrections by analysts, and the topic classifier retrained from them (as for tone: the worker
trains after a correction commits, the model file lives under ``TTDN_DATA_DIR/monitoring/topics/``, the
database says which version is active)."""

from __future__ import annotations

import datetime
from pathlib import Path
from threading import Lock

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ttdn.core import audit
from ttdn.core.models import User
from ttdn.monitoring.analysis.topic_model import TopicModel, cross_validate, merge, read_examples
from ttdn.monitoring.analysis.topics import TOPIC_NAMES

from ..models import Article, TopicLabel, TopicModelVersion
from .tone import article_text

SEED_PATH = Path(__file__).resolve().parent.parent / "tests" / "data" / "topics" / "eval_vi.jsonl"
_cache: dict[str, TopicModel | None] = {}
_cache_lock = Lock()


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
    current = TopicModelVersion.objects.filter(active=True).first()
    if (
        not force
        and current is not None
        and current.n_corrections == n_corrections
        and current.last_label_at == last_label_at
    ):
        return None
    metrics = cross_validate(examples, folds=5) if evaluate and len(examples) >= 25 else {}
    version_number = (TopicModelVersion.objects.aggregate(v=Max("version"))["v"] or 0) + 1
    model = TopicModel.fit(examples, version=version_number)
    model.metrics = metrics
    relative = Path("monitoring") / "topics" / f"v{version_number}.pkl"
    target = Path(settings.DATA_DIR) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".tmp")
    temporary.write_bytes(model.dumps())
    temporary.replace(target)  # never a half-written file under the final name
    try:
        with transaction.atomic():
            TopicModelVersion.objects.filter(active=True).update(active=False)
            version = TopicModelVersion.objects.create(
                version=version_number,
                trained_at=timezone.now(),
                path=str(relative),
                n_examples=len(examples),
                n_corrections=n_corrections,
                last_label_at=last_label_at,
                metrics=metrics,
            )
            audit.record(
                actor=actor,
                action="monitoring.topic_retrain",
                obj=version,
                changes={
                    "examples": len(examples),
                    "corrections": n_corrections,
                    "micro_f1": {k: v for k, v in metrics.items() if k.endswith("micro_f1")},
                },
            )
    except IntegrityError:
        return None  # another worker trained the same version meanwhile
    return version


def active_topic_model() -> TopicModel | None:
    """The active classifier, loaded once per process and version; None before any training."""
    current = TopicModelVersion.objects.filter(active=True).values_list("path", flat=True).first()
    if current is None:
        return None
    path = Path(settings.DATA_DIR) / current
    with _cache_lock:
        if str(path) not in _cache:
            _cache[str(path)] = TopicModel.loads(path.read_bytes()) if path.exists() else None
        return _cache[str(path)]
