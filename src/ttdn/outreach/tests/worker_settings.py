"""Settings for a db_worker subprocess started by the crash test: the project's settings, plus short leases
and timeouts so a restart takes over within seconds."""

from ttdn.config.settings import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
TTDN_SMS_LEASE_SECONDS = 1.5
TTDN_SMS_SEND_WINDOW = ("00:00", "00:00")
TTDN_SMS_BATCH_SIZE = 20
TTDN_SMS_RECEIPT_WAIT = 0.5
TTDN_SMS_CONNECT_ATTEMPTS = 3
