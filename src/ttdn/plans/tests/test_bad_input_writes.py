"""0 partial writes: bad input to the plan import services raises their error and leaves every row as it was,
even when the bad part is found after the plan and some tasks were already written."""

import os
from pathlib import PurePath

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ttdn.core.models import AuditEvent
from ttdn.plans import services
from ttdn.plans.models import Assignment, Mention, Plan, PlanImport, Task
from ttdn.plans.services import PlanImportError, mention_key

pytestmark = pytest.mark.django_db
FIXTURE_CHECKS = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]


def _counts() -> tuple[int, ...]:
    models = (Plan, Task, Mention, Assignment, PlanImport, AuditEvent)
    return tuple(m.objects.count() for m in models)


@settings(max_examples=15, deadline=None, suppress_health_check=FIXTURE_CHECKS)
@given(data=st.data())
def test_a_bad_choice_anywhere_writes_nothing(upload, seed_text, focal_officer, data):
    plan_import = PlanImport.objects.filter(status="ready").first() or upload(seed_text)
    keys = [
        mention_key(i, role, p)
        for i, task in enumerate(plan_import.parsed["tasks"])
        for role in ("lead", "coordinating")
        for p in range(len(task[role]))
    ]
    bad_key = data.draw(st.sampled_from(keys), label="bad mention")
    bad = data.draw(
        st.builds(
            lambda kind, code: f"{kind}:x-{code}", st.sampled_from(["unit", "group"]), st.text(max_size=8)
        )
    )
    good = data.draw(st.dictionaries(st.sampled_from(keys), st.just("none"), max_size=5))
    before = _counts()
    with pytest.raises(PlanImportError):
        services.plan_import_confirm(
            actor=focal_officer, plan_import=plan_import, choices=good | {bad_key: bad}
        )
    assert _counts() == before
    plan_import.refresh_from_db()
    assert plan_import.status == PlanImport.Status.READY and plan_import.plan_id is None


@settings(max_examples=30, deadline=None, suppress_health_check=FIXTURE_CHECKS)
@given(
    name=st.text(max_size=20).map(lambda s: s.replace("/", "")),
    suffix=st.sampled_from([".exe", ".doc", ".html", "", ".txt", ".docx"]),
    data=st.binary(max_size=40),
)
def test_a_refused_upload_writes_nothing(settings, tmp_path, focal_officer, name, suffix, data):
    # Django's upload object itself refuses a name with no file part, before ttdn sees it.
    assume(os.path.basename(name + suffix) not in {"", ".", ".."})
    settings.TTDN_MAX_UPLOAD_BYTES = 32
    # This test's own media folder: other xdist workers write to the shared one while it runs.
    if tmp_path / "media" != settings.MEDIA_ROOT:
        settings.MEDIA_ROOT = tmp_path / "media"
    media = settings.MEDIA_ROOT
    files_before = sorted(p for p in media.rglob("*")) if media.exists() else []
    before = _counts()
    try:
        upload = SimpleUploadedFile(name + suffix, data)
        services.plan_import_upload(actor=focal_officer, uploaded_file=upload)
    except PlanImportError:
        assert _counts() == before
        assert (sorted(p for p in media.rglob("*")) if media.exists() else []) == files_before
    else:  # accepted: an allowed suffix, 1..32 bytes; the parse ran inline
        assert PurePath(upload.name).suffix.lower() in services.ALLOWED_SUFFIXES and 0 < len(data) <= 32
        assert PlanImport.objects.count() == before[4] + 1
