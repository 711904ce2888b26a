"""Vietnamese administrative documents (ND 30/2020/NĐ-CP layout) as DOCX and PDF.

Pure Python: no Django, no database. Build an :class:`AdminDocument`, then call
:func:`render_docx` or :func:`render_pdf`.
"""

from .docx_render import render_docx
from .formatting import POINT_LETTERS, clean_text, number_line, point_letters, vietnamese_date_line
from .html_render import render_html, render_pdf
from .model import AdminDocument, Block, Bullet, Heading, Paragraph, Signer, Table

__all__ = [
    "POINT_LETTERS",
    "AdminDocument",
    "Block",
    "Bullet",
    "Heading",
    "Paragraph",
    "Signer",
    "Table",
    "clean_text",
    "number_line",
    "point_letters",
    "render_docx",
    "render_html",
    "render_pdf",
    "vietnamese_date_line",
]
