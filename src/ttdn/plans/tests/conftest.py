from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ttdn.plans import services
from ttdn.plans.models import PlanImport

FIXTURES = Path(__file__).parent / "fixtures"
SEED = Path(__file__).parents[1] / "data" / "samples" / "ke-hoach-ttdn-lang-son-2021.txt"


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


@pytest.fixture
def seed_plan(lang_son, upload, seed_text, focal_officer):
    """The seed plan imported, with the 2026 focal unit, and its reporting periods."""
    from ttdn.conftest import FOCAL_UNIT
    from ttdn.directory.models import Unit

    return services.plan_import_confirm(
        actor=focal_officer, plan_import=upload(seed_text), focal_unit=Unit.objects.get(code=FOCAL_UNIT)
    )


@pytest.fixture
def border_assignment(seed_plan):
    """II.4.1, led by the Border Guard command."""
    from ttdn.plans.models import Assignment

    return Assignment.objects.get(
        task__plan=seed_plan, task__code="II.4.1", unit__code="bo-chi-huy-bo-doi-bien-phong-tinh"
    )


@pytest.fixture(autouse=True)
def _plans_alone():
    """Plans' own tests measure plans alone (query counts, report text); each app tests its contributor."""
    from ttdn.plans import contributions

    saved = dict(contributions._registry.contributors)
    contributions._registry.contributors.clear()
    yield
    contributions._registry.contributors.clear()
    contributions._registry.contributors.update(saved)
