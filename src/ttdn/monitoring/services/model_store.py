"""Versions of the trained classifiers (tone, topics): one pickle per version in the data directory, one
row per version, the newest active one loaded once per process."""

from __future__ import annotations

import datetime
from pathlib import Path
from threading import Lock
from typing import Any, Protocol

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from ttdn.core import audit
from ttdn.core.models import User

from ..models import ModelVersion


class Trained(Protocol):
    metrics: dict

    def dumps(self) -> bytes: ...


def unchanged(version_model: type[ModelVersion], n_corrections: int, last: datetime.datetime | None) -> bool:
    """Whether the active version was trained on exactly these corrections (a burst of corrections queues
    many retrain tasks; only the first one trains)."""
    current = version_model.objects.filter(active=True).first()
    return current is not None and current.n_corrections == n_corrections and current.last_label_at == last


def next_version(version_model: type[ModelVersion]) -> int:
    return (version_model.objects.aggregate(v=Max("version"))["v"] or 0) + 1


def store(
    *,
    version_model: type[ModelVersion],
    folder: str,
    number: int,
    model: Trained,
    actor: User | None,
    action: str,
    n_examples: int,
    n_corrections: int,
    last_label_at: datetime.datetime | None,
    audit_changes: dict[str, Any],
) -> Any:
    """Write the model, then make its row the active version; None when another worker stored this version
    number meanwhile."""
    relative = Path("monitoring") / folder / f"v{number}.pkl"
    target = Path(settings.DATA_DIR) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".tmp")
    temporary.write_bytes(model.dumps())
    temporary.replace(target)  # never a half-written file under the final name
    try:
        with transaction.atomic():
            manager = version_model.objects
            manager.filter(active=True).update(active=False)
            version = manager.create(
                version=number,
                trained_at=timezone.now(),
                path=str(relative),
                n_examples=n_examples,
                n_corrections=n_corrections,
                last_label_at=last_label_at,
                metrics=model.metrics,
            )
            audit.record(actor=actor, action=action, obj=version, changes=audit_changes)
    except IntegrityError:
        return None
    return version


_cache: dict[str, Any] = {}
_cache_lock = Lock()


def load_active(version_model: type[ModelVersion], loads: Any) -> Any:
    """The active version's model, loaded once per process and version; None before any training."""
    manager = version_model.objects
    current = manager.filter(active=True).values_list("path", flat=True).first()
    if current is None:
        return None
    path = Path(settings.DATA_DIR) / current
    with _cache_lock:
        if str(path) not in _cache:
            _cache[str(path)] = loads(path.read_bytes()) if path.exists() else None
        return _cache[str(path)]
