"""0 partial writes: a subscriber file with any bad row writes nothing, whatever the good rows around it."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ttdn.core.models import AuditEvent
from ttdn.outreach.models import Subscriber
from ttdn.outreach.services.subscribers import subscribers_import

pytestmark = pytest.mark.django_db
HEADER = "phone,commune,language,consent_source,consent_date\n"
good_rows = st.builds(
    lambda n, lang: f"09123{n:05d},xa-dong-dang,{lang},phiếu,01/10/2025",
    st.integers(0, 99999),
    st.sampled_from(["vi", "en", "zh"]),
)
cell = st.text(
    alphabet=st.characters(blacklist_characters=',\n\r"', blacklist_categories=["Cs"]), max_size=12
)
bad_rows = st.builds(lambda *cells: ",".join(cells), cell, cell, cell, cell, cell)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(good=st.lists(good_rows, max_size=6), bad=bad_rows, at=st.integers(0, 6))
def test_a_file_with_a_bad_row_writes_nothing(operators, composer, good, bad, at):
    rows = [*good]
    rows.insert(min(at, len(rows)), bad)
    before = (Subscriber.objects.count(), AuditEvent.objects.count())
    report = subscribers_import(actor=composer, text=HEADER + "\n".join(rows) + "\n")
    if report.errors:
        assert (Subscriber.objects.count(), AuditEvent.objects.count()) == before
    else:  # the generated "bad" row happened to be valid: then everything was imported
        assert Subscriber.objects.count() >= before[0]
