"""Writes for press monitoring."""

from .ingest import (
    PollResult,
    poll_due_sources,
    poll_source,
    poll_sources,
    source_create,
    source_set_enabled,
)
from .tone import active_tone_model, tone_correct, tone_retrain

__all__ = [
    "PollResult",
    "active_tone_model",
    "poll_due_sources",
    "poll_source",
    "poll_sources",
    "source_create",
    "source_set_enabled",
    "tone_correct",
    "tone_retrain",
]
