"""Machine translation: an interface, selected by the TTDN_PORTAL_MT_BACKEND setting (a dotted path).

None is enabled by default. Whatever a backend returns is stored as *machine* strings of a draft translation;
such a page cannot go live until a reviewer of that language has approved it (see services.review_machine_strings
and PortalPage.save).
"""

from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class MachineTranslator(Protocol):
    name: str

    def translate(self, texts: list[str], *, source: str, target: str) -> list[str]: ...


def get_backend() -> MachineTranslator | None:
    path = getattr(settings, "TTDN_PORTAL_MT_BACKEND", "")
    if not path:
        return None
    return import_string(path)()


class GlossaryTranslator:
    """Offline backend for demos and tests: replaces glossary terms, leaves the rest in Vietnamese.

    It is honest about what it is — a term substitution, not a translation — and its output is exactly what a
    reviewer must then rewrite.
    """

    name = "glossary"

    def translate(self, texts: list[str], *, source: str, target: str) -> list[str]:
        from .models import GlossaryTerm

        terms = sorted(GlossaryTerm.objects.all(), key=lambda t: -len(t.vi))
        out = []
        for text in texts:
            for term in terms:
                replacement = term.expected(target)
                if replacement:
                    text = text.replace(term.vi, replacement)
            out.append(text)
        return out
