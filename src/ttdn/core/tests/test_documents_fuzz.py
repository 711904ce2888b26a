"""Arbitrary user text, control characters included, must always give a readable DOCX."""

import io
from html import escape

import docx
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ttdn.core.documents import Bullet, Heading, Paragraph, Signer, Table, render_docx, render_html
from ttdn.core.documents.formatting import clean_text
from ttdn.core.tests.test_documents import make_report

# Plain characters plus the ones that break XML or change under NFC.
_NASTY = "\x00\x01\x08\x0b\x0c\x1f\x7f\ufffe\uffff\r\n\t  <>&\"'\u0300\u0303\u0323e\u0302"
texts = st.text(alphabet=st.one_of(st.characters(), st.sampled_from(_NASTY)), max_size=40)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paragraph=texts, cells=st.lists(texts, min_size=2, max_size=2), name=texts, subject=texts)
def test_any_text_gives_a_valid_docx(paragraph, cells, name, subject):
    doc = make_report()
    doc.subject = subject
    doc.signer = Signer(None, "Giám đốc", name)
    doc.body = [
        Heading(1, paragraph),
        Paragraph(paragraph, bold=True),
        Bullet(paragraph),
        Table(["A", "B"], [cells]),
    ]

    document = docx.Document(io.BytesIO(render_docx(doc)))

    expected = clean_text(paragraph)
    heading = next(p for p in document.paragraphs if p.style.name == "ND30 Heading 1")
    body = next(p for p in document.paragraphs if p.style.name == "ND30 Body")
    assert heading.text == expected
    assert body.text == expected
    tables = [DocxTable(t, document._body) for t in document.element.body.iter(qn("w:tbl"))]
    data = tables[1]
    assert [c.text for c in data.rows[1].cells] == [clean_text(c) for c in cells]
    assert document.tables[-1].rows[0].cells[1].paragraphs[-1].text == clean_text(name)
    html = render_html(doc)
    assert f'<p class="h1">{escape(expected).replace(chr(10), "<br>")}</p>' in html
