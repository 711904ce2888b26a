"""Full-text search over the folded copy of each article (tones and đ removed by ``ttdn.core.text.fold``).

SQLite: an external-content FTS5 table ``monitoring_article_fts`` kept in step by triggers; matches are
scored on the headline and the lead (see :func:`lead_scorer`), not by FTS5's bm25.
PostgreSQL: a stored generated ``tsvector`` column (``simple`` configuration, since the text is already
folded) with a GIN index, ranked by ``ts_rank``. Both are created by migration 0002; neither FTS5's
``remove_diacritics`` nor ``unaccent`` maps đ to d, which is why the folded copy is what gets indexed.

Query syntax: words (all must appear, in any order) and "quoted phrases"; a leading ``-`` excludes a word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import QuerySet

from ttdn.core.text import fold

FTS_TABLE = "monitoring_article_fts"
_TOKEN = re.compile(r"[a-z0-9]+")
_PART = re.compile(r'(-?)"([^"]*)"|(-?)(\S+)')


@dataclass(frozen=True)
class ParsedQuery:
    """A folded query: phrases (a one-word phrase is a word) that must appear, and words that must not."""

    phrases: list[tuple[str, ...]] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.phrases)

    def fts5(self) -> str:
        parts = ['"' + " ".join(p) + '"' for p in self.phrases]
        text = " AND ".join(parts)
        for word in self.excluded:
            text += f' NOT "{word}"'
        return text

    def tsquery(self) -> str:
        parts = [" <-> ".join(p) if len(p) > 1 else p[0] for p in self.phrases]
        text = " & ".join(f"({p})" for p in parts)
        for word in self.excluded:
            text += f" & !{word}"
        return text


def parse_query(query: str) -> ParsedQuery:
    """Fold the query and keep only [a-z0-9] tokens, so nothing the user types reaches the SQL grammar."""
    phrases: list[tuple[str, ...]] = []
    excluded: list[str] = []
    for match in _PART.finditer(fold(query)):
        negative = bool(match.group(1) or match.group(3))
        text = match.group(2) if match.group(2) is not None else match.group(4)
        tokens = tuple(_TOKEN.findall(text))
        if not tokens:
            continue
        if negative:
            excluded.extend(tokens)
        elif match.group(2) is not None:
            phrases.append(tokens)
        else:
            phrases.extend((t,) for t in tokens)
    return ParsedQuery(phrases=phrases, excluded=excluded if phrases else [])


# The newest matches that get ranked. A common word matches a large share of a million articles; scoring and
# sorting all of them would cost time proportional to the archive, so ranking looks at the most recent hits
# (in insertion order, which follows fetching) and the cost stays flat as the archive grows.
RANK_WINDOW = 500
# Headline and lead: where a news story says what it is about (inverted pyramid).
LEAD_CHARS = 1000
_K1 = 1.2


def lead_scorer(parsed: ParsedQuery):
    """How prominently the query is in the headline and lead of an article that contains every word.

    Each phrase counts its occurrences in the lead with BM25's saturation (the third mention adds less
    than the first), plus one if the headline has it. bm25() itself would be the textbook choice, but it
    weighs words by how many articles in the whole archive contain them, which FTS5 finds by reading every
    match of every word: at a million articles that pass cost more than the rest of the search.
    """
    # One pass per text for all phrases; the tokenizer skips punctuation between the words of a phrase
    # ("đồng, đăng" matches "dong dang"), so the pattern does too.
    alternatives = "|".join(f"({'[^a-z0-9]+'.join(phrase)})" for phrase in parsed.phrases)
    pattern = re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])")
    count = len(parsed.phrases)

    def score(title: str, lead: str) -> float:
        tf = [0] * count
        for match in pattern.finditer(lead):
            tf[match.lastindex - 1] += 1  # type: ignore[operator]  # one group per alternative
        in_title = {match.lastindex for match in pattern.finditer(fold(title))}
        return sum(n * (_K1 + 1) / (n + _K1) for n in tf) + len(in_title)

    return score


class SearchResults:
    """Matches of a full-text query, best first: a sequence the paginator and the CSV export can use.

    One query finds the ranked ids (with the stream filters applied in the same SQL); rows are loaded
    only for the slice asked for.
    """

    def __init__(self, articles: QuerySet, hits: list[tuple[int, float]], *, window: int) -> None:
        self._articles = articles.order_by()
        self.hits = sorted(hits, key=lambda hit: (-hit[1], -hit[0]))
        self.truncated = len(hits) >= window
        self.model = articles.model

    def count(self) -> int:
        return len(self.hits)

    def __len__(self) -> int:
        return len(self.hits)

    def _load(self, hits: list[tuple[int, float]]) -> list:
        rows = self._articles.in_bulk([pk for pk, _rank in hits])
        loaded = []
        for pk, rank in hits:
            if pk in rows:  # deleted since the ids were read
                rows[pk].rank = rank
                loaded.append(rows[pk])
        return loaded

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._load(self.hits[index])
        return self._load([self.hits[index]])[0]

    def __iter__(self):
        return self.iterator()

    def iterator(self, chunk_size: int = 500):
        for start in range(0, len(self.hits), chunk_size):
            yield from self._load(self.hits[start : start + chunk_size])


def full_text(articles: QuerySet, query: str, *, window: int = RANK_WINDOW) -> QuerySet | SearchResults:
    """The articles of ``articles`` (a filtered queryset) that match ``query``, best first, each with a
    ``rank`` (higher is better). An empty query leaves the queryset alone."""
    parsed = parse_query(query)
    if not parsed or connection.vendor not in ("sqlite", "postgresql"):
        return like_search(articles, query) if parsed else articles
    table = articles.model._meta.db_table
    compiler = articles.query.get_compiler(connection=connection)
    where_sql, where_params = compiler.compile(articles.query.where)
    where_sql = f" AND ({where_sql})" if where_sql else ""
    if connection.vendor == "postgresql":
        sql = (
            f"SELECT {table}.id, ts_rank({table}.search, to_tsquery('simple', %s)) FROM {table} "
            f"WHERE {table}.search @@ to_tsquery('simple', %s){where_sql} ORDER BY {table}.id DESC LIMIT %s"
        )
        params = [parsed.tsquery(), parsed.tsquery(), *where_params, window]
    else:
        # FTS5 walks its doclists in descending rowid order itself, so the LIMIT stops the scan early.
        sql = (
            f"SELECT {FTS_TABLE}.rowid, {table}.title, substr({table}.text_folded, 1, {LEAD_CHARS}) "
            f"FROM {FTS_TABLE} JOIN {table} ON {table}.id = {FTS_TABLE}.rowid "
            f"WHERE {FTS_TABLE} MATCH %s{where_sql} ORDER BY {FTS_TABLE}.rowid DESC LIMIT %s"
        )
        params = [parsed.fts5(), *where_params, window]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            hits = [(pk, float(rank)) for pk, rank in cursor.fetchall()]
        else:
            score = lead_scorer(parsed)
            hits = [(pk, score(title, lead)) for pk, title, lead in cursor.fetchall()]
    return SearchResults(articles, hits, window=window)


def like_search(articles: QuerySet, query: str) -> QuerySet:
    """The folded substring search (the baseline the full-text index replaces; any other database)."""
    for word in fold(query).split():
        articles = articles.filter(text_folded__contains=word)
    return articles


# --- schema (migration 0002) -------------------------------------------------------------------

SQLITE_SCHEMA = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(text_folded, content='monitoring_article', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    f"CREATE TRIGGER IF NOT EXISTS monitoring_article_fts_ai AFTER INSERT ON monitoring_article BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, text_folded) VALUES (new.id, new.text_folded); END",
    f"CREATE TRIGGER IF NOT EXISTS monitoring_article_fts_ad AFTER DELETE ON monitoring_article BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text_folded) VALUES ('delete', old.id, old.text_folded); END",
    f"CREATE TRIGGER IF NOT EXISTS monitoring_article_fts_au AFTER UPDATE OF text_folded ON monitoring_article "
    f"BEGIN INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text_folded) VALUES ('delete', old.id, old.text_folded); "
    f"INSERT INTO {FTS_TABLE}(rowid, text_folded) VALUES (new.id, new.text_folded); END",
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS monitoring_article_fts_ai",
    "DROP TRIGGER IF EXISTS monitoring_article_fts_ad",
    "DROP TRIGGER IF EXISTS monitoring_article_fts_au",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]
POSTGRES_SCHEMA = [
    "ALTER TABLE monitoring_article ADD COLUMN IF NOT EXISTS search tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', text_folded)) STORED",
    "CREATE INDEX IF NOT EXISTS monitoring_article_search_gin ON monitoring_article USING gin (search)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS monitoring_article_search_gin",
    "ALTER TABLE monitoring_article DROP COLUMN IF EXISTS search",
]


def ensure_index(connection) -> bool:
    """Create whatever part of the index is missing; True if anything was (re)built.

    SQLite rebuilds a table to alter it (Django's migrations do so when a column is added), which drops the
    triggers: every migration that touches ``monitoring_article`` runs this again, and so does post_migrate.
    """
    if "monitoring_article" not in connection.introspection.table_names():
        return False  # migrated backwards past 0001
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE name IN (%s, %s, %s, %s)",
                [
                    FTS_TABLE,
                    "monitoring_article_fts_ai",
                    "monitoring_article_fts_ad",
                    "monitoring_article_fts_au",
                ],
            )
            if cursor.fetchone()[0] == 4:
                return False
            for sql in SQLITE_SCHEMA:
                cursor.execute(sql)
            return True
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT 1 FROM pg_indexes WHERE tablename = 'monitoring_article' "
                "AND indexname = 'monitoring_article_search_gin'"
            )
            if cursor.fetchone():
                return False
            for sql in POSTGRES_SCHEMA:
                cursor.execute(sql)
            return True
    return False


def create_index(schema_editor) -> None:
    ensure_index(schema_editor.connection)


def drop_index(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(vendor, []):
        schema_editor.execute(sql)
