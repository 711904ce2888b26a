"""The audit hash chain, with no Django in it: one event's canonical form and its hash.

Each event's hash covers its own fields and the previous event's hash, so changing, removing or
reordering any stored event changes every hash after it. The canonical form is JSON with sorted keys,
no whitespace and UTF-8 text, so the same event always hashes to the same value on any database.
"""

import datetime
import hashlib
import json
from typing import Any

GENESIS = ""  # the "previous hash" of the first event

FIELDS = (
    "seq",
    "at",
    "actor_id",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "changes",
    "ip",
    "user_agent",
    "prev_hash",
)


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def normalise(value: Any) -> Any:
    """The value as it reads back from a JSON column: what is stored is exactly what is hashed."""
    return json.loads(canonical_json(value))


def timestamp(at: datetime.datetime) -> str:
    return at.astimezone(datetime.UTC).isoformat(timespec="microseconds")


def event_hash(payload: dict[str, Any]) -> str:
    missing = set(FIELDS) - set(payload)
    if missing:
        raise ValueError(f"audit payload lacks {sorted(missing)}")
    data = {name: payload[name] for name in FIELDS}
    if isinstance(data["at"], datetime.datetime):
        data["at"] = timestamp(data["at"])
    return hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()
