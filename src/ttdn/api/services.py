"""Writes for API tokens: create (the key is returned once, only its hash is kept), revoke, mark used."""

import datetime
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ttdn.core import audit
from ttdn.core.models import User
from ttdn.core.text import clean

from .models import KEY_PREFIX_LENGTH, NAME_MAX_LENGTH, ApiToken
from .selectors import key_hash

KEY_PREFIX = "ttdn_"  # recognisable in configuration files and by secret scanners
# last_used_at is a hint for administrators, not an audit trail: writing it on every request would
# turn each read into a write, so it is refreshed at most this often.
TOUCH_EVERY = datetime.timedelta(minutes=5)


class ApiTokenError(Exception):
    """A user-facing reason why a token could not be created; nothing was written."""


@transaction.atomic
def api_token_create(*, actor: User | None, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token for ``user``. Returns the token and its key: the only time the key is available."""
    name = clean(name)
    if not name:
        raise ApiTokenError(_("Give the token a name saying what it is for."))
    if len(name) > NAME_MAX_LENGTH:
        raise ApiTokenError(
            _("The token name is too long (at most %(max)d characters).") % {"max": NAME_MAX_LENGTH}
        )
    if not user.is_active:
        raise ApiTokenError(_("This user is disabled and cannot have API tokens."))
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, key_prefix=key[:KEY_PREFIX_LENGTH], key_hash=key_hash(key)
    )
    audit.record(
        actor=actor,
        action="api_token.create",
        obj=token,
        changes={"user": user.get_username(), "name": name, "key_prefix": token.key_prefix},
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, actor: User | None, token: ApiToken) -> ApiToken:
    """Revoke a token; revoking one already revoked changes nothing (and records nothing)."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(
        actor=actor,
        action="api_token.revoke",
        obj=token,
        changes={"user": token.user.get_username(), "name": token.name},
    )
    return token


def api_token_touch(*, token: ApiToken, now: datetime.datetime | None = None) -> None:
    """Note that the token was just used. Not audited: it records usage, not a change to official data."""
    now = now or timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < TOUCH_EVERY:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now


__all__ = ["KEY_PREFIX", "ApiTokenError", "api_token_create", "api_token_revoke", "api_token_touch"]
