import pytest

from ttdn.core.models import AuditEvent
from ttdn.directory.models import Unit
from ttdn.plans import services
from ttdn.plans.models import Assignment, Mention, Plan, PlanImport, Role, Task

pytestmark = pytest.mark.django_db

SEED_CODES = [
    "II.1", "II.2", "II.3.1.a", "II.3.1.b", "II.3.1.c", "II.3.2", "II.3.3.a", "II.3.3.b", "II.3.4",
    "II.4.1", "II.4.2", "II.4.3", "II.5", "II.6", "IV.1", "IV.2", "IV.3",
]  # fmt: skip


def _leads(task: Task) -> set[str]:
    return set(task.assignments.filter(role=Role.LEAD, active=True).values_list("unit__code", flat=True))


def test_seed_imports_into_17_tasks_assigned_to_resolved_units(lang_son, upload, seed_text, focal_officer):
    plan_import = upload(seed_text)
    assert plan_import.status == PlanImport.Status.READY, plan_import.error
    plan = services.plan_import_confirm(actor=focal_officer, plan_import=plan_import)

    tasks = {t.code: t for t in plan.tasks.all()}
    assert list(tasks) == SEED_CODES
    assert (plan.year, plan.kind, plan.number, plan.issuer) == (2021, "KH", "", "UBND tỉnh Lạng Sơn")
    assert tasks["II.1"].warnings == ["no lead unit"] and not _leads(tasks["II.1"])
    assert _leads(tasks["II.2"]) == {"so-thong-tin-va-truyen-thong"}
    assert _leads(tasks["II.3.1.b"]) == {"van-phong-ubnd-tinh", "so-thong-tin-va-truyen-thong"}
    assert _leads(tasks["II.4.1"]) == {"bo-chi-huy-bo-doi-bien-phong-tinh"}
    assert _leads(tasks["II.6"]) == {"so-ke-hoach-va-dau-tu"}
    assert _leads(tasks["IV.2"]) == {"so-tai-chinh"}
    assert str(tasks["II.2"].start) == "2021-04-01" and str(tasks["II.2"].end) == "2021-06-30"

    # "UBND các huyện, thành phố" expands to the 11 district committees that existed on the plan date.
    districts = tasks["II.2"].assignments.filter(
        via_group__code="district-people-committees", role=Role.COORDINATING
    )
    assert districts.count() == 11
    # Every lead mention of every task resolved to a unit or group of the directory.
    assert not Mention.objects.filter(
        task__plan=plan, role=Role.LEAD, unit__isnull=True, group__isnull=True
    ).exists()
    # The lead is not also listed as coordinating through a group it belongs to.
    assert not Assignment.objects.filter(
        task=tasks["II.2"], unit__code="so-thong-tin-va-truyen-thong", role=Role.COORDINATING
    ).exists()
    assert AuditEvent.objects.filter(
        action="plan.create", object_id=str(plan.pk), actor=focal_officer
    ).exists()
    assert plan_import.file.read().decode("utf-8") == seed_text  # the original is kept


def test_reimporting_the_same_document_changes_nothing(lang_son, upload, seed_text, focal_officer):
    plan = services.plan_import_confirm(actor=focal_officer, plan_import=upload(seed_text))
    before = dict(plan.tasks.values_list("code", "pk"))
    again = upload(seed_text)
    assert again.target_plan == plan
    services.plan_import_confirm(actor=focal_officer, plan_import=again)
    assert dict(plan.tasks.values_list("code", "pk")) == before
    assert Plan.objects.count() == 1


def test_revised_document_updates_in_place_and_withdraws_dropped_tasks(
    lang_son, upload, seed_text, focal_officer
):
    plan = services.plan_import_confirm(actor=focal_officer, plan_import=upload(seed_text))
    original = dict(plan.tasks.values_list("code", "pk"))
    start, end = seed_text.index("6. Lồng ghép"), seed_text.index("III. KINH PHÍ")
    revised = seed_text[:start] + seed_text[end:]
    revised = revised.replace(
        "Tổng hợp báo chí trong nước viết về Lạng Sơn",
        "Tổng hợp báo chí trong nước và nước ngoài viết về Lạng Sơn",
    )
    plan_import = upload(revised, name="ke-hoach-sua-doi.txt")
    assert plan_import.target_plan == plan
    services.plan_import_confirm(actor=focal_officer, plan_import=plan_import)

    live = dict(plan.tasks.filter(withdrawn_at__isnull=True).values_list("code", "pk"))
    assert len(live) == 16 and "II.6" not in live
    assert live["II.5"] == original["II.5"]  # edited, same task: its reports stay attached
    withdrawn = Task.objects.get(pk=original["II.6"])
    assert withdrawn.withdrawn_at is not None
    assert not withdrawn.assignments.filter(active=True).exists()


def test_reviewer_choice_overrides_the_resolution(lang_son, upload, seed_text, focal_officer):
    plan_import = upload(seed_text)
    key = services.mention_key(1, "lead", 0)  # II.2's lead
    plan = services.plan_import_confirm(
        actor=focal_officer, plan_import=plan_import, choices={key: "unit:so-van-hoa-the-thao-va-du-lich"}
    )
    task = plan.tasks.get(code="II.2")
    assert _leads(task) == {"so-van-hoa-the-thao-va-du-lich"}
    assert task.mentions.get(role=Role.LEAD).method == "reviewer"


def test_bad_choice_writes_nothing(lang_son, upload, seed_text, focal_officer):
    plan_import = upload(seed_text)
    with pytest.raises(services.PlanImportError):
        services.plan_import_confirm(
            actor=focal_officer,
            plan_import=plan_import,
            choices={services.mention_key(16, "lead", 0): "unit:khong-co"},
        )
    assert Plan.objects.count() == 0 and Task.objects.count() == 0
    plan_import.refresh_from_db()
    assert plan_import.status == PlanImport.Status.READY


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [(b"MZ\x90\x00", "virus.exe", "Loại tệp không được hỗ trợ"), (b"", "empty.txt", "Tệp rỗng")],
)
def test_refused_uploads_store_nothing(lang_son, upload, data, name, message):
    with pytest.raises(services.PlanImportError, match=message):
        upload(data, name=name)
    assert PlanImport.objects.count() == 0


def test_too_large_upload_is_refused(lang_son, upload, settings):
    settings.TTDN_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(services.PlanImportError, match="Tệp quá lớn"):
        upload("x" * 2000)
    assert PlanImport.objects.count() == 0


def test_unreadable_document_fails_with_a_reason_and_cannot_be_confirmed(lang_son, upload, focal_officer):
    plan_import = upload(b"PK\x03\x04 not really a zip", name="hong.docx")
    assert plan_import.status == PlanImport.Status.FAILED and plan_import.error
    with pytest.raises(services.PlanImportError):
        services.plan_import_confirm(actor=focal_officer, plan_import=plan_import)
    assert Plan.objects.count() == 0


def test_discard(lang_son, upload, seed_text, focal_officer):
    plan_import = upload(seed_text)
    services.plan_import_discard(actor=focal_officer, plan_import=plan_import)
    assert PlanImport.objects.get().status == PlanImport.Status.DISCARDED
    assert Unit.objects.exists()
