"""Activities figures: attendance certificates for a 200-participant course, and the report contributor.

`python bench/activities.py` prints the table; ``figures()`` returns (name, target, measured) rows.
The baseline is one certificate rendered alone, so the ZIP figure shows the per-certificate cost at scale.
The whole-course ZIP is asked for in the request (queued) and built on the worker: both are measured.
"""

import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ttdn.config.settings")
os.environ.setdefault("TTDN_DATA_DIR", tempfile.mkdtemp(prefix="ttdn-bench-"))
os.environ.pop("DATABASE_URL", None)

PARTICIPANTS = 200


def _timed(fn, repeat: int = 3) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def figures() -> list[tuple[str, str, str]]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from ttdn.activities import documents, services
    from ttdn.activities.contributions import ActivitiesContributor
    from ttdn.activities.models import Course, CourseDocument, CourseSession, Participant
    from ttdn.core.documents import Signer
    from ttdn.core.models import User
    from ttdn.directory.models import Membership, Unit
    from ttdn.directory.services import load_reference
    from ttdn.plans.contributions import Period
    from ttdn.plans.models import Plan, Task

    call_command("migrate", verbosity=0)
    if not Unit.objects.filter(code="so-van-hoa-the-thao-va-du-lich").exists():
        load_reference(actor=None, province="lang-son")
    focal = Unit.objects.get(code="so-van-hoa-the-thao-va-du-lich")
    plan = Plan.objects.create(
        title="Bench", year=2026, reference_date=datetime.date(2026, 1, 1), focal_unit=focal
    )
    task = Task.objects.create(
        plan=plan,
        code="II.2",
        title="Tập huấn",
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 12, 31),
    )
    course = Course.objects.create(task=task, title="Tập huấn nghiệp vụ TTĐN năm 2026", organiser=focal)
    tz = timezone.get_current_timezone()
    CourseSession.objects.create(
        course=course,
        starts_at=datetime.datetime(2026, 5, 12, 8, tzinfo=tz),
        ends_at=datetime.datetime(2026, 5, 13, 17, tzinfo=tz),
        place="Hội trường UBND tỉnh",
    )
    checked = datetime.datetime(2026, 5, 12, 8, 10, tzinfo=tz)
    Participant.objects.bulk_create(
        Participant(
            course=course,
            full_name=f"Học viên Nguyễn Văn {i:03d}",
            organisation="UBND xã Đồng Đăng",
            audience="officials",
            email=f"hv{i}@example.vn",
            checked_in_at=checked,
        )
        for i in range(PARTICIPANTS)
    )
    signer = Signer("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn A")
    sessions = list(course.sessions.all())
    people = list(course.participants.select_related("course__organiser", "course__task"))
    today = datetime.date(2026, 5, 13)

    def one(p):
        return documents.certificate_document(
            course=course, participant=p, sessions=sessions, today=today, signer=signer
        )

    single_docx = _timed(lambda: documents.render_certificate(one(people[0]), "docx"), 5)
    single_pdf = _timed(lambda: documents.render_certificate(one(people[0]), "pdf"), 3)
    officer = User.objects.create_user(username="bench-activities", password=None, full_name="Bench")
    Membership.objects.create(user=officer, unit=focal, role=Membership.Role.OFFICER)

    def ask() -> None:
        # What the request does beyond parsing the form: check, write, audit, queue at commit.
        with transaction.atomic():
            services.certificates_zip_request(actor=officer, course=course, signer=signer, issued_on=today)

    with CaptureQueriesContext(connection) as ask_queries:
        ask()
    ask_time = _timed(ask, 5)
    document = CourseDocument.objects.filter(course=course).select_related("course__organiser").first()
    zip_all = _timed(lambda: services.course_document_build(document=document), 1)
    document.refresh_from_db()
    assert document.status == CourseDocument.Status.READY, document.error
    period = Period(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    contributor = ActivitiesContributor()
    with CaptureQueriesContext(connection) as queries:
        list(contributor.figures(plan_id=plan.pk, period=period))
    figures_time = _timed(lambda: list(contributor.figures(plan_id=plan.pk, period=period)), 5)
    return [
        ("One certificate (DOCX), baseline", "—", f"{single_docx * 1000:.0f} ms"),
        ("One certificate (PDF, WeasyPrint)", "≤ 2 s", f"{single_pdf * 1000:.0f} ms"),
        (
            f"Asking for {PARTICIPANTS} certificates as a ZIP (in the request: queued)",
            "≤ 100 ms",
            f"{ask_time * 1000:.0f} ms, {len(ask_queries)} queries",
        ),
        (
            f"{PARTICIPANTS} certificates as a ZIP of DOCX (on the worker)",
            f"≤ {PARTICIPANTS} × baseline × 1.2",
            f"{zip_all:.1f} s ({zip_all / PARTICIPANTS * 1000:.0f} ms each)",
        ),
        (
            f"Report figures for a plan with {PARTICIPANTS} participants",
            "≤ 100 ms, fixed queries",
            f"{figures_time * 1000:.0f} ms, {len(queries)} queries",
        ),
    ]


if __name__ == "__main__":
    print("| Figure | Target | Measured |\n|---|---|---|")
    for name, target, measured in figures():
        print(f"| {name} | {target} | {measured} |")
