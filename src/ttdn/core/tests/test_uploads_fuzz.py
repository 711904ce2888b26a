"""Arbitrary bytes under arbitrary names: check_upload refuses with one of its codes, or accepts a file whose
bytes really are of the type it reports and whose stored name carries a matching extension."""

import io
from pathlib import PurePath

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from ttdn.core.tests.test_uploads import no_scanner  # noqa: F401  (no ClamAV: scans are "not scanned")
from ttdn.core.uploads import KINDS, check_upload

pytestmark = pytest.mark.usefixtures("no_scanner")
CODES = {"too_large", "empty", "type_not_allowed", "extension_mismatch", "infected", "not_scanned"}
MAGIC = [
    b"%PDF-1.7\n",
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff\xe0",
    b"GIF89a",
    b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0",
]
EXTENSIONS = sorted({e for exts in KINDS.values() for e in exts} | {".exe", ".html", ".svg", ".PDF", ""})
names = st.builds(
    lambda stem, ext: stem + ext,
    st.text(max_size=20) | st.sampled_from(["../../etc/passwd", "a/b\\c", "con", ".", "\x00x"]),
    st.sampled_from(EXTENSIONS),
)
contents = st.builds(
    lambda magic, tail: magic + tail, st.sampled_from([b"", *MAGIC]), st.binary(max_size=200)
)


def _really(content_type: str, data: bytes) -> bool:
    """An independent, cruder check of the sniffed type."""
    starts = {
        "application/pdf": b"%PDF-",
        "image/png": b"\x89PNG",
        "image/jpeg": b"\xff\xd8\xff",
        "image/gif": b"GIF8",
        "application/x-ole-storage": b"\xd0\xcf\x11\xe0",
    }
    if content_type in starts:
        return data.startswith(starts[content_type])
    if content_type == "text/plain":
        data.decode("utf-8")  # raises if not
        return b"\x00" not in data
    return data.startswith(b"PK\x03\x04")  # the ZIP-based office formats


@settings(max_examples=300, deadline=None)
@given(data=contents, name=names, limit=st.sampled_from([None, 64]))
def test_never_accepted_with_a_wrong_type(data, name, limit):
    allowed = [*KINDS]
    try:
        checked = check_upload(io.BytesIO(data), name=name, allowed=allowed, max_bytes=limit)
    except ValidationError as exc:
        assert exc.code in CODES
        return
    assert _really(checked.content_type, data), (checked.content_type, data[:16])
    assert PurePath(checked.name).suffix.lower() in KINDS[checked.content_type]
    assert "/" not in checked.name and "\\" not in checked.name and "\x00" not in checked.name
    assert checked.size == len(data) > 0 and (limit is None or checked.size <= limit)
