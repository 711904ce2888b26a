"""Reads for API tokens."""

import hashlib
import hmac

from .models import KEY_PREFIX_LENGTH, ApiToken


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_for_key(*, key: str) -> ApiToken | None:
    """The live token this key belongs to, with its user, or None (unknown, revoked, or user disabled)."""
    if len(key) <= KEY_PREFIX_LENGTH:
        return None
    digest = key_hash(key)
    candidates = ApiToken.objects.select_related("user").filter(
        key_prefix=key[:KEY_PREFIX_LENGTH], revoked_at__isnull=True, user__is_active=True
    )
    # Compared in constant time, so response timing does not leak how much of a guessed hash matched.
    return next((t for t in candidates if hmac.compare_digest(t.key_hash, digest)), None)


__all__ = ["api_token_for_key", "key_hash"]
