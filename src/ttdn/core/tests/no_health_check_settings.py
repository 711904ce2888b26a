"""The project's settings without the connection health check: the control in test_pg_restart.py, showing
what a kept connection does after an idle restart when nothing checks it."""

from ttdn.config.settings import *  # noqa: F403
from ttdn.config.settings import DATABASES

DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
