from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ttdn.plans import services
from ttdn.plans.models import PlanImport

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "ke-hoach-ttdn-lang-son-2021.txt"


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def upload(django_capture_on_commit_callbacks, focal_officer):
    """Upload bytes as the focal officer and let the parse task run, as the worker would."""

    def _upload(data: bytes | str, name: str = "ke-hoach.txt", **kwargs) -> PlanImport:
        if isinstance(data, str):
            data = data.encode("utf-8")
        with django_capture_on_commit_callbacks(execute=True):
            plan_import = services.plan_import_upload(
                actor=focal_officer, uploaded_file=SimpleUploadedFile(name, data), **kwargs
            )
        plan_import.refresh_from_db()
        return plan_import

    return _upload
