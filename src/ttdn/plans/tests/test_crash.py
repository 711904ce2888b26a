"""Kill -9 a real db_worker in the middle of a plan import's parse, then let the periodic sweep and another
worker finish it: the upload is parsed once, completely, and nothing else is written."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ttdn.core.models import AuditEvent
from ttdn.core.tests.workers import DB_TASKS, kill, start_worker, stop, wait_for
from ttdn.plans import services
from ttdn.plans.models import Assignment, Plan, PlanImport, Task
from ttdn.plans.tasks import parse_plan_import, resume_plan_imports_and_reschedule

from .conftest import SEED

pytestmark = pytest.mark.django_db(transaction=True)


def big_plan(groups: int) -> bytes:
    """The seed's header and closing section around ``groups`` × 50 tasks: a parse long enough (about a
    second) to be caught running."""
    head, _sep, _rest = SEED.read_text(encoding="utf-8").partition("II. NỘI DUNG")
    body = "".join(
        f"{g}. Nhóm hoạt động số {g}\n\n"
        + "".join(
            f"{g}.{i}. Tổ chức hoạt động thông tin đối ngoại đợt {i}\n\n"
            f"Tuyên truyền, quảng bá hình ảnh tỉnh Lạng Sơn đợt {i}.\n\n"
            "- Đơn vị chủ trì: Sở Thông tin và Truyền thông.\n"
            "- Đơn vị phối hợp: Sở Ngoại vụ; Sở Văn hóa, Thể thao và Du lịch.\n\n"
            for i in range(1, 51)
        )
        for g in range(1, groups + 1)
    )
    closing = "III. TỔ CHỨC THỰC HIỆN\n\n1. Sở Thông tin và Truyền thông chủ trì theo dõi, đôn đốc.\n"
    return (head + "II. NỘI DUNG\n\n" + body + closing).encode("utf-8")


def test_kill_during_parse_then_resume(settings, lang_son, focal_officer):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DB_TASKS
    plan_import = services.plan_import_upload(
        actor=focal_officer, uploaded_file=SimpleUploadedFile("ke-hoach-lon.txt", big_plan(80))
    )
    parses = DBTaskResult.objects.filter(task_path=parse_plan_import.module_path)
    assert parses.get().status == "READY"  # queued at commit, waiting for a worker

    # Two workers boot together (booting Django is the slow part); whichever takes the parse is killed.
    workers = {name: start_worker(name, TTDN_PLAN_PARSE_STALE_SECONDS="0") for name in ("w-a", "w-b")}
    try:
        assert wait_for(lambda: parses.get().status == "RUNNING", 40), "no worker took the parse"
        victim = parses.get().worker_ids[-1]
        kill(workers.pop(victim))
        plan_import.refresh_from_db()
        assert plan_import.status == PlanImport.Status.PARSING, "killed too late: the parse had finished"
        assert parses.get().status == "RUNNING"  # and would stay so: nothing in the queue revives it

        # The periodic sweep comes round (every five minutes in production) on the surviving worker.
        resume_plan_imports_and_reschedule.enqueue()
        assert wait_for(lambda: PlanImport.objects.get().status != "parsing", 40, step=0.1), "not resumed"
    finally:
        stop(workers)

    plan_import.refresh_from_db()
    assert plan_import.status == PlanImport.Status.READY, plan_import.error
    assert len(plan_import.parsed["tasks"]) == 80 * 50 + 1  # every task, once (III.1 included)
    codes = [t["code"] for t in plan_import.parsed["tasks"]]
    assert len(codes) == len(set(codes))
    assert PlanImport.objects.count() == 1
    assert (Plan.objects.count(), Task.objects.count(), Assignment.objects.count()) == (0, 0, 0)
    assert sorted(parses.values_list("status", flat=True)) == ["RUNNING", "SUCCESSFUL"]
    resumed = AuditEvent.objects.filter(action=services.PARSE_RESUME_ACTION, object_id=str(plan_import.pk))
    assert resumed.count() == 1
    # A later sweep finds nothing to resume.
    assert services.plan_imports_resume(now=timezone.now() + datetime.timedelta(hours=1)) == []


def test_a_document_that_keeps_killing_the_reader_is_given_up(settings, lang_son, focal_officer):
    """Poison pill: after TTDN_PLAN_PARSE_ATTEMPTS resumptions the upload is marked failed, not retried."""
    settings.TTDN_PLAN_PARSE_ATTEMPTS = 0
    plan_import = PlanImport.objects.create(
        file=SimpleUploadedFile("x.txt", b"x"), original_name="x.txt", size=1, sha256="0" * 64
    )
    later = timezone.now() + datetime.timedelta(seconds=settings.TTDN_PLAN_PARSE_STALE_SECONDS + 1)
    assert services.plan_imports_resume(now=later) == []
    plan_import.refresh_from_db()
    assert (
        plan_import.status == PlanImport.Status.FAILED
        and "làm dừng tiến trình xử lý nền" in plan_import.error
    )
    assert AuditEvent.objects.filter(action="plan_import.parse_abandoned").count() == 1


def test_a_parse_run_twice_saves_once(lang_son, upload, seed_text):
    plan_import = upload(seed_text)  # parsed inline
    stale = PlanImport.objects.get(pk=plan_import.pk)
    stale.status = PlanImport.Status.PARSING  # a second worker's stale copy, read before the first saved
    result = services.plan_import_parse(plan_import=stale)
    assert result.status == PlanImport.Status.READY and result.parsed == plan_import.parsed
