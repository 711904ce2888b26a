"""Writes for press monitoring."""

from .cases import case_add_evidence, case_assign, case_move, case_open, case_set_statement
from .digests import digest_subscribe, send_due_digests
from .ingest import (
    PollResult,
    poll_due_sources,
    poll_source,
    poll_sources,
    prune_bands,
    source_create,
    source_set_enabled,
)
from .scheduling import sources_claim_due, sources_queue_due_polls
from .social import social_import
from .tone import active_tone_model, tone_correct, tone_retrain
from .topics import active_topic_model, topic_correct, topic_retrain

__all__ = [
    "PollResult",
    "active_tone_model",
    "active_topic_model",
    "case_add_evidence",
    "case_assign",
    "case_move",
    "case_open",
    "case_set_statement",
    "digest_subscribe",
    "poll_due_sources",
    "poll_source",
    "poll_sources",
    "prune_bands",
    "send_due_digests",
    "social_import",
    "source_create",
    "source_set_enabled",
    "sources_claim_due",
    "sources_queue_due_polls",
    "tone_correct",
    "tone_retrain",
    "topic_correct",
    "topic_retrain",
]
