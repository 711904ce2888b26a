from django.core.management.base import BaseCommand, CommandError

from ttdn.monitoring.models import Source
from ttdn.monitoring.services import poll_due_sources, poll_sources


class Command(BaseCommand):
    help = "Poll press sources: --once polls every enabled source once; otherwise only the due ones."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="poll every enabled source once, now")

    def handle(self, *args, once: bool, **options):
        from ttdn.monitoring.gazetteer import build_gazetteer

        gazetteer = build_gazetteer()
        if not len(gazetteer) or not gazetteer.province:
            raise CommandError("the directory is empty; run `ttdn load_reference lang-son` first")
        if once:
            results = poll_sources(sources=list(Source.objects.filter(enabled=True)), gazetteer=gazetteer)
        else:
            results = poll_due_sources(gazetteer=gazetteer)
        for result in results:
            self.stdout.write(result.summary())
        failed = sum(not r.ok for r in results)
        self.stdout.write(f"{len(results)} sources polled, {failed} failed")
