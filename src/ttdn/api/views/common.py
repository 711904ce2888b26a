from typing import Any, TypeVar

from django.db.models import QuerySet
from django.http import HttpRequest

from ttdn.core.models import User

from ..schemas import ErrorOut, PageIn

T = TypeVar("T")

# Documented on every endpoint so clients see the error shape in the schema.
ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def user_of(request: HttpRequest) -> User:
    # TokenAuth put the token's user here (request.auth is the same user).
    return request.auth  # type: ignore[attr-defined,no-any-return]


def page(queryset: QuerySet[Any], params: PageIn) -> tuple[int, list[Any]]:
    """One page of the queryset and the total; prefetches run on the page only."""
    total = queryset.count()
    return total, list(queryset[params.offset : params.offset + params.limit])


def page_out(total: int, params: PageIn, items: list[Any]) -> dict[str, Any]:
    return {"count": total, "limit": params.limit, "offset": params.offset, "items": items}
