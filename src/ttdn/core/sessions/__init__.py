"""Session stores that read the session row without compiling a queryset (see ``core.rows``): every
signed-in request reads it. Writes, expiry and everything else are Django's own."""

from django.contrib.sessions.backends import db
from django.utils import timezone

from ..rows import fetch_by_pk


class FastRead:
    def _get_session_from_db(self):  # type: ignore[no-untyped-def]
        key = self.session_key  # type: ignore[attr-defined]
        found = fetch_by_pk(self.model, key) if key else None  # type: ignore[attr-defined]
        if found is None or found.expire_date <= timezone.now():
            # As Django's store does for a missing or expired row: the key is not reused.
            self._session_key = None
            return None
        return found


class SessionStore(FastRead, db.SessionStore):
    """Database sessions (the default)."""
