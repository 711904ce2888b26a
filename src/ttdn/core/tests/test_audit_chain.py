"""The audit log's hash chain, its append-only guards and ``ttdn audit_verify``."""

import threading

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, connections, transaction
from django.test import RequestFactory

from ttdn.core import audit, audit_db, audit_hash
from ttdn.core.middleware import AuditContextMiddleware
from ttdn.core.models import AppendOnlyError, AuditChainHead, AuditEvent


def _three(actor):
    return [
        audit.record(actor=actor, action="demo.create", obj=actor, changes={"tên": "Lạng Sơn"}),
        audit.record(actor=None, action="demo.change", changes={"n": [1, 2.5], "ok": True}),
        audit.record(actor=actor, action="demo.delete", obj=actor),
    ]


def test_hash_is_stable_and_covers_every_field():
    payload = dict.fromkeys(audit_hash.FIELDS, "")
    payload.update(seq=1, actor_id=None, changes={"b": 1, "a": "Đồng Đăng"})
    first = audit_hash.event_hash(payload)
    assert first == audit_hash.event_hash({**payload, "changes": {"a": "Đồng Đăng", "b": 1}})
    for field in audit_hash.FIELDS:
        assert audit_hash.event_hash({**payload, field: "x"}) != first, field
    with pytest.raises(ValueError):
        audit_hash.event_hash({"seq": 1})


@pytest.mark.django_db
def test_events_are_chained_in_sequence(admin):
    before = AuditChainHead.objects.get()
    events = _three(admin)
    assert [e.seq for e in events] == [before.seq + 1, before.seq + 2, before.seq + 3]
    assert events[0].prev_hash == before.hash
    assert events[1].prev_hash == events[0].hash and events[2].prev_hash == events[1].hash
    stored = AuditEvent.objects.get(pk=events[1].pk)
    assert audit_hash.event_hash(stored.payload()) == stored.hash == events[1].hash
    head = AuditChainHead.objects.get()
    assert (head.seq, head.hash) == (events[2].seq, events[2].hash)
    assert audit.verify().intact


@pytest.mark.django_db
def test_model_refuses_updates_and_deletes(admin):
    event = _three(admin)[0]
    event.action = "forged"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="forged")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_create([AuditEvent(seq=10**9, action="x", hash="0")])
    with pytest.raises(AppendOnlyError):
        AuditEvent(seq=10**9, action="unchained").save()  # not through record(): no hash
    assert AuditEvent.objects.get(pk=event.pk).action == "demo.create"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE core_auditevent SET action = 'forged' WHERE id = %s",
        "DELETE FROM core_auditevent WHERE id = %s",
    ],
)
def test_database_triggers_refuse_raw_sql(admin, sql):
    event = _three(admin)[0]
    assert audit_db.triggers_installed()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cur:
        cur.execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "demo.create"


def _tamper(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        for statement in audit_db.drop_sql(connection.vendor):
            cursor.execute(statement)
        cursor.execute(sql, params)
        for statement in audit_db.create_sql(connection.vendor):
            cursor.execute(statement)


@pytest.mark.django_db
def test_audit_verify_passes_then_names_the_first_tampered_event(admin, capsys):
    events = _three(admin)
    call_command("audit_verify")
    out = capsys.readouterr().out
    count = AuditEvent.objects.count()
    assert f"intact: {count} events" in out and events[2].hash in out

    # Someone with database access rewrites what an event says, triggers out of the way.
    _tamper("UPDATE core_auditevent SET object_repr = 'ai đó khác' WHERE id = %s", [events[1].pk])
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit_verify")
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert f"seq={events[1].seq} id={events[1].pk}" in err and "does not match its hash" in err


@pytest.mark.django_db
def test_audit_verify_finds_a_removed_event_and_a_rehashed_one(admin):
    events = _three(admin)
    _tamper("DELETE FROM core_auditevent WHERE id = %s", [events[1].pk])
    result = audit.verify()
    assert (result.intact, result.broken_seq) == (False, events[2].seq)
    assert "gap" in result.reason


@pytest.mark.django_db
def test_a_forged_event_with_a_fresh_hash_breaks_the_link_after_it(admin):
    events = _three(admin)
    forged = AuditEvent.objects.get(pk=events[1].pk)
    forged.action = "demo.harmless"
    new_hash = audit_hash.event_hash(forged.payload())
    _tamper(
        "UPDATE core_auditevent SET action = %s, hash = %s WHERE id = %s",
        ["demo.harmless", new_hash, events[1].pk],
    )
    result = audit.verify()
    assert (result.broken_seq, result.reason) == (events[2].seq, "previous hash does not match")


@pytest.mark.django_db
def test_middleware_records_where_a_request_came_from(admin):
    def view(request):
        audit.record(actor=admin, action="demo.web")
        from django.http import HttpResponse

        return HttpResponse("ok")

    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Cốc Cốc/1.0")
    AuditContextMiddleware(view)(request)
    event = AuditEvent.objects.get(action="demo.web")
    assert (event.ip, event.user_agent) == ("203.0.113.7", "Cốc Cốc/1.0")
    assert audit.verify().intact
    # Outside a request nothing leaks from the last one.
    assert audit.record(actor=None, action="demo.cli").ip == ""


@pytest.mark.django_db
def test_proxy_header_is_used_only_when_configured(admin, settings):
    def view(request):
        audit.record(actor=None, action="demo.proxied")
        from django.http import HttpResponse

        return HttpResponse("ok")

    factory = RequestFactory()
    AuditContextMiddleware(view)(factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="198.51.100.9"))
    settings.TTDN_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    AuditContextMiddleware(view)(factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="198.51.100.9"))
    ips = list(AuditEvent.objects.filter(action="demo.proxied").order_by("seq").values_list("ip", flat=True))
    assert ips == ["10.0.0.1", "198.51.100.9"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_unbroken_chain():
    """Eight threads, each with its own database connection, append at once; the chain head lock
    serialises them, so every sequence number is used once and every link holds."""
    writers, per_writer = 8, 15
    start = threading.Barrier(writers)
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            start.wait()
            for i in range(per_writer):
                with transaction.atomic():
                    audit.record(actor=None, action="demo.concurrent", changes={"writer": n, "i": i})
        except BaseException as exc:  # reported below, with the thread's traceback
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert len(seqs) == len(set(seqs)) >= writers * per_writer
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))
    assert AuditEvent.objects.filter(action="demo.concurrent").count() == writers * per_writer
    assert audit.verify().intact
