import pytest


@pytest.fixture(autouse=True)
def _second_step_off(settings):
    """Pages are tested through ``force_login``, which skips authentication and so the second step too;
    the two-step tests (test_accounts.py) turn the requirement back on. The root conftest should do the
    same for every app (see docs/security.md)."""
    settings.TTDN_OTP_REQUIRED = False
