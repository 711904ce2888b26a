import pytest
from django.contrib.auth.models import Permission

from ttdn.conftest import _user
from ttdn.outreach.models import Operator, Subscriber
from ttdn.outreach.services.subscribers import operators_load
from ttdn.outreach.smsc import SimConfig, SmscSimulator

ALWAYS_OPEN = ("00:00", "00:00")


@pytest.fixture(autouse=True)
def _sms_settings(settings):
    # Tests run at any hour: the sending window has its own tests.
    settings.TTDN_SMS_SEND_WINDOW = ALWAYS_OPEN
    settings.TTDN_SMS_RECEIPT_WAIT = 2
    settings.TTDN_SMS_RETRY_DELAY = 0.05
    settings.TTDN_SMS_THROTTLE_BACKOFF = 0.05
    settings.TTDN_SMS_CONNECT_ATTEMPTS = 2


@pytest.fixture
def operators(db):
    operators_load(actor=None)
    return {o.code: o for o in Operator.objects.all()}


def _grant(user, *codenames):
    for codename in codenames:
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label="outreach", codename=codename)
        )
    # Permission caches live on the instance.
    for attr in ("_perm_cache", "_user_perm_cache"):
        user.__dict__.pop(attr, None)
    return user


@pytest.fixture
def composer(focal_officer):
    return _grant(focal_officer, "compose_campaign", "send_campaign")


@pytest.fixture
def approver(lang_son):
    return _grant(_user("pheduyet", "Trần Văn Duyệt"), "approve_campaign", "compose_campaign")


@pytest.fixture
def smsc():
    sims = []

    def start(**options) -> SmscSimulator:
        sim = SmscSimulator(config=SimConfig(**options)).start()
        sims.append(sim)
        return sim

    yield start
    for sim in sims:
        sim.stop()


@pytest.fixture
def wire(operators):
    """Point every operator at one simulator."""

    def _wire(sim: SmscSimulator, **fields) -> None:
        host, port = sim.address
        Operator.objects.update(
            smpp_host=host,
            smpp_port=port,
            system_id="ttdn",
            password="secret",
            **({"throughput": 500} | fields),
        )

    return _wire


BORDER_CSV = """phone,commune,language,consent_source,consent_date
0912 345 001,xa-dong-dang,vi,phiếu đăng ký,01/10/2026
0383456002,xa-dong-dang,nung,phiếu đăng ký,01/10/2026
+84 903 456 003,Xã Thất Khê,vi-unaccented,hội nghị xã,2026-09-15
0945678004,xa-doan-ket,tay,phiếu đăng ký,01/10/2026
"""


@pytest.fixture
def border_csv():
    return BORDER_CSV


@pytest.fixture
def subscribers(operators, composer, border_csv):
    from ttdn.outreach.services.subscribers import subscribers_import

    report = subscribers_import(actor=composer, text=border_csv)
    assert report.ok, report.errors
    return list(Subscriber.objects.order_by("phone"))


@pytest.fixture
def many(operators, composer):
    """150 Viettel subscribers in a border commune."""
    from ttdn.outreach.services.subscribers import subscribers_import

    rows = "\n".join(f"0977{i:06d},xa-quoc-khanh,vi,phiếu,01/10/2026" for i in range(150))
    report = subscribers_import(
        actor=composer, text="phone,commune,language,consent_source,consent_date\n" + rows
    )
    assert report.ok, report.errors[:3]
    return 150
