"""Single-row lookups by primary key without the ORM's query compiler.

Every signed-in page looks up the same few rows (session, user, second-factor device, the plan it shows).
Building and compiling a queryset costs 0.3–0.7 ms of CPU each time in CPython, ten times what SQLite
or PostgreSQL need to answer; on a cached page those compiles were most of the request. The SQL here is
built once per model and database from the model's own metadata, so it follows migrations, and rows
become model instances through ``Model.from_db`` exactly as a queryset would make them.

Only for lookups by primary key, or by one unique column, with no conditions that the ORM would add
(default managers with filters must not be bypassed: use the ORM for those models).
"""

import functools
from typing import Any

from django.db import connections
from django.db.models import Model


@functools.cache
def _select(model: type[Model], alias: str, column: str) -> tuple[str, tuple[str, ...]]:
    quote = connections[alias].ops.quote_name
    fields = model._meta.concrete_fields
    columns = ", ".join(quote(f.column) for f in fields)
    sql = f"SELECT {columns} FROM {quote(model._meta.db_table)} WHERE {quote(column)} = %s"
    return sql, tuple(f.attname for f in fields)


def fetch_by_pk[M: Model](model: type[M], pk: Any, *, using: str = "default") -> M | None:
    """The row whose primary key is ``pk``, or None. Converters run as they would in a queryset."""
    return fetch_by(model, model._meta.pk.column, pk, using=using)


def fetch_by[M: Model](model: type[M], column: str, value: Any, *, using: str = "default") -> M | None:
    """The one row whose ``column`` (a unique column) equals ``value``, or None."""
    sql, names = _select(model, using, column)
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(sql, [value])
        row = cursor.fetchone()
    if row is None:
        return None
    return model.from_db(using, names, _convert(model, using, row))


def _convert(model: type[Model], alias: str, row: tuple) -> list:
    """Apply the backend's and the fields' from-database converters (dates on SQLite, JSON, …)."""
    converters = _converters(model, alias)
    values = list(row)
    for index, functions in converters:
        value = values[index]
        for function, field in functions:
            value = function(value, field, connections[alias])
        values[index] = value
    return values


@functools.cache
def _converters(model: type[Model], alias: str) -> tuple[tuple[int, tuple], ...]:
    connection = connections[alias]
    found = []
    for index, field in enumerate(model._meta.concrete_fields):
        expression = field.get_col(model._meta.db_table)
        functions = connection.ops.get_db_converters(expression) + expression.get_db_converters(connection)
        if functions:
            found.append((index, tuple((function, expression) for function in functions)))
    return tuple(found)
