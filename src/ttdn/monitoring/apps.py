from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "ttdn.monitoring"
    verbose_name = _("Press monitoring")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(_ensure_full_text, sender=self)

    def prepare_worker(self) -> None:
        """Before the worker's first task (see ttdn.core.worker.prepare_apps): load the extractor and the
        signature code, which a poll would otherwise load inside its first page (0.3–0.5 s of imports)."""
        from .analysis.dedup import MinHasher
        from .analysis.extract import extract

        page = "<html><body><article><h1>Lạng Sơn</h1><p>" + "Tin về cửa khẩu Hữu Nghị. " * 20
        extracted = extract(page + "</p></article></body></html>", "https://example.vn/bai")
        MinHasher().signature(extracted.text)


def _ensure_full_text(sender, using="default", **kwargs) -> None:
    from django.db import connections

    from .search import ensure_index

    ensure_index(connections[using])
