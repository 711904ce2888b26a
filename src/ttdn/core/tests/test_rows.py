"""core.rows reads rows by key as the ORM would, converters included, in one query."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from ttdn.core import audit
from ttdn.core.models import AuditEvent, User
from ttdn.core.rows import fetch_by, fetch_by_pk
from ttdn.core.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_a_row_by_key_equals_the_orm_row(django_assert_num_queries):
    user = User.objects.create_user(username="hoa", password="x", full_name="Đinh Thị Hoa")
    with django_assert_num_queries(1):
        fetched = fetch_by_pk(User, user.pk)
    orm = User.objects.get(pk=user.pk)
    for field in User._meta.concrete_fields:
        assert getattr(fetched, field.attname) == getattr(orm, field.attname), field.name
    assert fetched._state.adding is False and fetched._state.db == "default"
    assert fetch_by(User, "username", "hoa").pk == user.pk
    assert fetch_by_pk(User, user.pk + 1000) is None


def test_converters_give_aware_datetimes_and_json():
    event = audit.record(actor=None, action="test.rows", changes={"tên": ["cũ", "mới"], "số": 3})
    fetched = fetch_by_pk(AuditEvent, event.pk)
    assert timezone.is_aware(fetched.at) and fetched.at == AuditEvent.objects.get(pk=event.pk).at
    assert fetched.changes == {"tên": ["cũ", "mới"], "số": 3}


def test_session_store_reads_live_sessions_and_drops_expired_ones(django_assert_num_queries):
    session = SessionStore()
    session["answer"] = "có"
    session.create()
    with django_assert_num_queries(1):
        assert SessionStore(session.session_key)["answer"] == "có"
    Session.objects.filter(pk=session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    expired = SessionStore(session.session_key)
    assert expired.get("answer") is None
    assert expired.session_key is None  # an expired key is never reused
    assert SessionStore("no-such-session-key-here").get("answer") is None
