"""The versioned REST API (``/api/v1/``) for unit systems and scripts, authenticated by bearer tokens."""
