"""The API, version 1: every endpoint needs a bearer token, and errors are ``{"detail": ...}``."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from ttdn.plans.services import ReportingError

from .auth import InvalidToken, TokenAuth
from .views import plans, tracking


class Api(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """Ninja answers 422 to parameters or bodies that do not match the schema, on every operation, but
        does not say so; schemathesis caught the gap (api/tests/test_schemathesis.py)."""
        schema = super().get_openapi_schema(*args, **kwargs)
        invalid = {
            "description": "Invalid parameters or body",
            "content": {
                "application/json": {
                    "schema": {"type": "object", "properties": {"detail": {}}, "required": ["detail"]}
                }
            },
        }
        for operations in schema["paths"].values():
            for operation in operations.values():
                operation.setdefault("responses", {}).setdefault("422", invalid)
        return schema


api = Api(
    title="ttdn API",
    version="1",
    urls_namespace="api-v1",
    auth=TokenAuth(),
    description=(
        "The province's foreign-information (TTĐN) plans, tasks, assignments and progress reports. "
        "Send `Authorization: Bearer <key>`; you get exactly the rights you have in the web interface."
    ),
)
api.add_router("", plans.router)
api.add_router("", tracking.router)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    message = (
        str(exc)
        if isinstance(exc, InvalidToken)
        else _("Authentication required: send the header Authorization: Bearer <API token>.")
    )
    response = api.create_response(request, {"detail": message}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="ttdn"'
    return response


@api.exception_handler(ReportingError)
def refused(request: HttpRequest, exc: ReportingError) -> HttpResponse:
    # The service's own words: they already say what to change.
    return api.create_response(request, {"detail": str(exc)}, status=400)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": _("You are not allowed to do this.")}, status=403)


@api.exception_handler(OverflowError)
def beyond_any_id(request: HttpRequest, exc: OverflowError) -> HttpResponse:
    # An id longer than 64 bits cannot be stored, so it names nothing; SQLite refuses to bind it at all.
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    # The same answer whether the object does not exist or may not be seen, as on the pages.
    return api.create_response(request, {"detail": _("Not found.")}, status=404)
