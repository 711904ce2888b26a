"""Bearer-token authentication for the API: ``Authorization: Bearer <key>``."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from ttdn.core.models import User

from .selectors import api_token_for_key
from .services import api_token_touch


class InvalidToken(AuthenticationError):
    """A key was sent but is unknown or revoked (as opposed to no key at all)."""


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        if not token.strip():
            return None  # "Bearer" and nothing else: answered like a missing header
        api_token = api_token_for_key(key=token.strip())
        if api_token is None:
            raise InvalidToken(message=_("The API token is unknown or has been revoked."))
        api_token_touch(token=api_token)
        # The plans selectors and services take the user (and cache its rights on it): from here on a
        # token request is the same as a signed-in page request by that user.
        request.user = api_token.user
        return api_token.user
