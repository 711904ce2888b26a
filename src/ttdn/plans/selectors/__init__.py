"""Reads for plans. ``documents``: plans, tasks and imports; ``tracking``: reports, status, dashboards;
``access``: unit-scoped objects fetched only after a rights check."""

from .access import *  # noqa: F403
from .documents import *  # noqa: F403
from .tracking import *  # noqa: F403
