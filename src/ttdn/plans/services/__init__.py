"""Writes for plans. ``imports``: plan documents; ``reporting``: progress reports, extensions, schedules;
``reminders``: notifications."""

from .documents import *  # noqa: F403
from .imports import *  # noqa: F403
from .notifications import *  # noqa: F403
from .reporting import *  # noqa: F403
