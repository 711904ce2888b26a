"""Sessions in a shared cache (Redis, memcached), written through to the database."""

from django.contrib.sessions.backends import cached_db

from . import FastRead


class SessionStore(FastRead, cached_db.SessionStore):
    pass
