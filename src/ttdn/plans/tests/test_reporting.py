import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from ttdn.core.models import AuditEvent
from ttdn.plans import selectors, services
from ttdn.plans.models import Assignment, DeadlineExtension, Notification, ProgressReport, ReportingPeriod

pytestmark = pytest.mark.django_db
State = ProgressReport.State


def _q2(plan):
    return ReportingPeriod.objects.get(plan=plan, frequency="quarterly", label="Quý II/2021")


def test_default_calendar_gives_quarters_halves_and_year(seed_plan):
    labels = list(seed_plan.periods.order_by("end", "frequency").values_list("label", flat=True))
    assert len(labels) == 7 and "6 tháng đầu năm 2021" in labels and "Năm 2021" in labels
    q1 = seed_plan.periods.get(label="Quý I/2021")
    assert (q1.cutoff, q1.due) == (datetime.date(2021, 3, 15), datetime.date(2021, 3, 20))
    assert services.periods_generate(actor=None, plan=seed_plan) == 0  # idempotent


def test_full_cycle_draft_submit_approve_return_accept(
    seed_plan, border_assignment, unit_officer, unit_leader, focal_officer, django_capture_on_commit_callbacks
):
    period = _q2(seed_plan)
    report = services.report_save(
        actor=unit_officer,
        assignment=border_assignment,
        period=period,
        progress="in_progress",
        percent=40,
        narrative="Tổ chức 3 buổi tuyên truyền tại xã biên giới.",
        indicators={"events": "3", "participants": "250"},
    )
    assert report.state == State.DRAFT and report.indicators == {"events": "3", "participants": "250"}
    with django_capture_on_commit_callbacks(execute=True):
        services.report_submit(actor=unit_officer, report=report)
    assert Notification.objects.filter(user=unit_leader, kind="report_submitted").exists()
    assert [m.to for m in mail.outbox] == [[unit_leader.email]]

    with pytest.raises(services.ReportingError):
        services.report_accept(actor=focal_officer, report=report)  # not approved yet
    services.report_approve(actor=unit_leader, report=report)
    with pytest.raises(services.ReportingError, match="comment"):
        services.report_return(actor=focal_officer, report=report, comment="  ")
    services.report_return(actor=focal_officer, report=report, comment="Bổ sung số liệu người tham dự.")
    report.refresh_from_db()
    assert report.state == State.RETURNED
    assert Notification.objects.filter(user=unit_officer, kind="report_returned").exists()

    services.report_save(
        actor=unit_officer,
        assignment=border_assignment,
        period=period,
        progress="done",
        percent=90,
        narrative="Đã hoàn thành.",
        done_on=datetime.date(2021, 6, 20),
    )
    report.refresh_from_db()
    assert (report.state, report.percent) == (State.DRAFT, 100)
    services.report_submit(actor=unit_officer, report=report)
    services.report_approve(actor=unit_leader, report=report)
    services.report_accept(actor=focal_officer, report=report)
    report.refresh_from_db()
    assert report.state == State.ACCEPTED and report.accepted_at
    steps = [(t.from_state, t.to_state) for t in selectors.report_history(report=report)]
    assert steps == [
        ("draft", "submitted"),
        ("submitted", "approved"),
        ("approved", "returned"),
        ("returned", "draft"),
        ("draft", "submitted"),
        ("submitted", "approved"),
        ("approved", "accepted"),
    ]
    assert AuditEvent.objects.filter(action="report.accepted", actor=focal_officer).exists()
    status = selectors.tracked_assignments(plan=seed_plan).get(pk=border_assignment.pk)
    assert status.status == "done_on_time"


def test_others_cannot_write_reports(seed_plan, border_assignment, other_officer, unit_leader):
    for user in (other_officer, unit_leader):
        with pytest.raises(services.ReportingError):
            services.report_save(
                actor=user,
                assignment=border_assignment,
                period=_q2(seed_plan),
                progress="in_progress",
                percent=10,
                narrative="x",
            )
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"percent": 120}, "0 và 100"),
        ({"indicators": {"khong-co": 1}}, "khong-co"),
        ({"indicators": {"events": "-2"}}, "âm"),
        ({"indicators": {"events": "ba"}}, "số"),
        ({"progress": "done", "done_on": datetime.date(2099, 1, 1)}, "tương lai"),
    ],
)
def test_bad_report_input_is_refused_and_nothing_is_written(
    seed_plan, border_assignment, unit_officer, kwargs, message
):
    args = {"progress": "in_progress", "percent": 10, "narrative": "x", **kwargs}
    with pytest.raises(services.ReportingError, match=message):
        services.report_save(actor=unit_officer, assignment=border_assignment, period=_q2(seed_plan), **args)
    assert not ProgressReport.objects.exists()


def test_submitted_report_is_frozen(seed_plan, border_assignment, unit_officer):
    report = services.report_save(
        actor=unit_officer,
        assignment=border_assignment,
        period=_q2(seed_plan),
        progress="in_progress",
        percent=10,
        narrative="x",
    )
    services.report_submit(actor=unit_officer, report=report)
    with pytest.raises(services.ReportingError):
        services.report_save(
            actor=unit_officer,
            assignment=border_assignment,
            period=_q2(seed_plan),
            progress="in_progress",
            percent=20,
            narrative="y",
        )


@pytest.mark.parametrize(
    ("name", "content", "ok"),
    [
        ("bien-ban.pdf", b"%PDF-1.7 ...", True),
        ("anh.png", b"\x89PNG\r\n\x1a\n....", True),
        ("gia.pdf", b"MZ\x90\x00 not a pdf", False),
        ("script.html", b"<script>", False),
        ("rong.pdf", b"", False),
    ],
)
def test_evidence_types_are_checked(seed_plan, border_assignment, unit_officer, name, content, ok):
    report = services.report_save(
        actor=unit_officer,
        assignment=border_assignment,
        period=_q2(seed_plan),
        progress="in_progress",
        percent=10,
        narrative="x",
    )
    upload = SimpleUploadedFile(name, content)
    if ok:
        evidence = services.evidence_add(actor=unit_officer, report=report, uploaded_file=upload)
        assert evidence.file.read() == content
    else:
        with pytest.raises(services.ReportingError):
            services.evidence_add(actor=unit_officer, report=report, uploaded_file=upload)
        assert not report.evidence.exists()


def test_evidence_is_served_only_to_those_who_may_see_it(
    client, seed_plan, border_assignment, unit_officer, other_officer, reader
):
    report = services.report_save(
        actor=unit_officer,
        assignment=border_assignment,
        period=_q2(seed_plan),
        progress="in_progress",
        percent=10,
        narrative="x",
    )
    evidence = services.evidence_add(
        actor=unit_officer, report=report, uploaded_file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")
    )
    client.force_login(other_officer)
    assert client.get(f"/plans/evidence/{evidence.pk}/").status_code == 404
    client.force_login(reader)
    response = client.get(f"/plans/evidence/{evidence.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 x"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_status_follows_the_government_office_model(
    seed_plan, border_assignment, unit_officer, unit_leader, focal_officer
):
    deadline = border_assignment.task.end  # 2021-12-31: the plan year

    def statuses(today):
        return selectors.tracked_assignments(plan=seed_plan, today=today).get(pk=border_assignment.pk).status

    assert statuses(datetime.date(2021, 6, 1)) == "in_progress"
    assert statuses(deadline + datetime.timedelta(days=1)) == "overdue"
    year = seed_plan.periods.get(frequency="annual")
    report = services.report_save(
        actor=unit_officer,
        assignment=border_assignment,
        period=year,
        progress="done",
        percent=100,
        narrative="x",
        done_on=datetime.date(2022, 1, 10),
    )
    for step, user in (
        (services.report_submit, unit_officer),
        (services.report_approve, unit_leader),
        (services.report_accept, focal_officer),
    ):
        step(actor=user, report=report)
    assert statuses(datetime.date(2022, 2, 1)) == "done_late"


def test_extension_moves_the_deadline_and_keeps_history(
    seed_plan, border_assignment, unit_officer, focal_officer, other_officer
):
    with pytest.raises(services.ReportingError):
        services.extension_request(
            actor=unit_officer,
            assignment=border_assignment,
            requested_end=datetime.date(2021, 6, 1),
            reason="sớm hơn",
        )
    with pytest.raises(services.ReportingError):
        services.extension_request(
            actor=other_officer,
            assignment=border_assignment,
            requested_end=datetime.date(2022, 3, 31),
            reason="x",
        )
    first = services.extension_request(
        actor=unit_officer,
        assignment=border_assignment,
        requested_end=datetime.date(2022, 3, 31),
        reason="Chờ kinh phí",
    )
    with pytest.raises(services.ReportingError, match="đang chờ"):
        services.extension_request(
            actor=unit_officer,
            assignment=border_assignment,
            requested_end=datetime.date(2022, 4, 30),
            reason="x",
        )
    services.extension_decide(actor=focal_officer, extension=first, approve=True, note="Đồng ý")
    border_assignment.refresh_from_db()
    assert border_assignment.current_deadline() == datetime.date(2022, 3, 31)
    second = services.extension_request(
        actor=unit_officer,
        assignment=border_assignment,
        requested_end=datetime.date(2022, 6, 30),
        reason="Thêm thời gian",
    )
    services.extension_decide(actor=focal_officer, extension=second, approve=False, note="Không đồng ý")
    border_assignment.refresh_from_db()
    assert border_assignment.current_deadline() == datetime.date(2022, 3, 31)
    assert [e.state for e in selectors.extension_history(assignment=border_assignment)] == [
        DeadlineExtension.State.REJECTED,
        DeadlineExtension.State.APPROVED,
    ]


def test_reminders_are_sent_once_per_event(seed_plan, border_assignment, unit_officer, unit_leader):
    week_before = border_assignment.task.end - datetime.timedelta(days=7)
    first = services.send_reminders(today=week_before)
    assert first >= 2  # officer and leader of the Border Guard command, among others
    assert services.send_reminders(today=week_before) == 0  # the same sweep again sends nothing
    assert Notification.objects.filter(user=unit_officer, kind="deadline").count() == 1
    overdue = services.send_reminders(today=border_assignment.task.end + datetime.timedelta(days=3))
    assert (
        overdue >= 2
        and services.send_reminders(today=border_assignment.task.end + datetime.timedelta(days=4)) == 0
    )
    opening = services.send_reminders(today=datetime.date(2021, 4, 1))
    assert Notification.objects.filter(user=unit_officer, kind="period").exists() and opening > 0


def test_dashboard_selectors_have_fixed_query_counts(seed_plan, unit_officer, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        data = selectors.focal_dashboard(plan=seed_plan, today=datetime.date(2021, 7, 1))
    leads = Assignment.objects.filter(task__plan=seed_plan, role="lead", active=True).count()
    assert sum(data.counts.values()) == leads and data.counts["overdue"] == 1  # II.2 ended with Quý II
