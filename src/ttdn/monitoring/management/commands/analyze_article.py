import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import DatabaseError

from ttdn.monitoring.analysis.extract import Extracted, ExtractError, extract
from ttdn.monitoring.analysis.pipeline import analyze_extracted


class Command(BaseCommand):
    help = (
        "Read saved press articles (.html) and print, one JSON object per line per file: title, published, "
        "text_chars, relevant, relevance_score, matched, sentiment, topics."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE.html")
        parser.add_argument("--url", default=None, help="the address the page was fetched from")
        parser.add_argument(
            "--json", action="store_true", help="print JSON lines (the default and only format)"
        )

    def handle(self, *args, files: list[str], url: str | None, **options):
        pages: list[tuple[str, Extracted | None]] = []
        failed = False
        # Read everything first: bad files are reported without touching the database at all.
        for name in files:
            try:
                path = Path(name)
                if not path.is_file():
                    raise ExtractError("no such file")
                pages.append((name, extract(path.read_bytes(), url)))
            except ExtractError as exc:
                sys.stderr.write(f"analyze_article: {name}: {exc}\n")
                pages.append((name, None))
                failed = True
            except OSError as exc:
                sys.stderr.write(f"analyze_article: {name}: cannot read ({exc.strerror or exc})\n")
                pages.append((name, None))
                failed = True
        if any(page for _, page in pages):
            from ttdn.monitoring.gazetteer import build_gazetteer

            try:
                gazetteer = build_gazetteer()
            except DatabaseError as exc:
                sys.stderr.write(f"analyze_article: cannot read the directory ({exc}); run `ttdn migrate`\n")
                sys.exit(2)
            if not len(gazetteer) or not gazetteer.province:
                sys.stderr.write(
                    "analyze_article: the directory is empty; run `ttdn load_reference lang-son` first\n"
                )
                sys.exit(2)
            for name, page in pages:
                if page is None:
                    continue
                if page.rejected_reason:
                    sys.stderr.write(f"analyze_article: {name}: not an article: {page.rejected_reason}\n")
                result = analyze_extracted(page, gazetteer)
                self.stdout.write(json.dumps(result, ensure_ascii=False))
        if failed:
            sys.exit(2)
