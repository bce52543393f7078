"""How the API reports what went wrong: always JSON, always a 4xx for a client's mistake.

DRF's handler covers validation (400), authentication (401), permissions (403), unknown ids (404),
methods (405) and media types (415). This one adds the cases Django raises below DRF: a body over
DATA_UPLOAD_MAX_MEMORY_SIZE (413), a delete that other records still point at and a claim saved
by someone else in the meantime (409; a write made on the version If-Match named is a 412
instead, see `conditions.made_on`), a rule of a domain module (claims.verification) refused (400
naming the field), and, as a last safety net behind validation, a value PostgreSQL refused (400).

A 503 (with Retry-After) is only for an outage: no connection, a server shutting down or out of
resources. Whatever else the database says about a request is an answer about that request.
"""

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError, InterfaceError, OperationalError
from django.db.models import ProtectedError, RestrictedError
from django.http import JsonResponse
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.exceptions import ErrorDetail
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from claims.models import StaleClaimError

logger = logging.getLogger(__name__)


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "request_too_large"


class StillReferenced(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Other records still refer to this one."
    default_code = "still_referenced"


class ChangedMeanwhile(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Someone else changed this claim while it was being saved; read it again."
    default_code = "changed_meanwhile"


class RefusedByDatabase(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = "The database refused these values."
    default_code = "refused_by_database"


class DatabaseUnavailable(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "The database is unavailable; try again shortly."
    default_code = "database_unavailable"


# Seconds a client is told to wait after a 503.
RETRY_AFTER_SECONDS = 30

# The SQLSTATE classes of an outage (PostgreSQL, appendix A): connection exceptions, transaction
# rollbacks (serialization failures, deadlocks: a retry succeeds), insufficient resources,
# operator intervention (shutdown, a query cancelled), system and internal errors.
OUTAGE_CLASSES = frozenset({"08", "40", "53", "57", "58", "XX"})


def is_outage(error: DatabaseError) -> bool:
    """Whether a database error says the database cannot serve now, rather than anything
    about this request's values (a limit exceeded, a bad value: 54xxx, 22xxx, 23xxx)."""
    sqlstate = getattr(error.__cause__, "sqlstate", None)
    if sqlstate is None:
        # No answer from the server at all: the connection failed or was lost.
        return isinstance(error, OperationalError)
    return sqlstate[:2] in OUTAGE_CLASSES


def exception_handler(exc, context):
    if isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge(
            f"The request body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} bytes."
        )
    elif isinstance(exc, StaleClaimError):
        exc = ChangedMeanwhile()
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, (ProtectedError, RestrictedError)):
        blocking = getattr(exc, "protected_objects", None) or exc.restricted_objects
        referring = sorted({str(obj._meta.verbose_name_plural) for obj in blocking})
        exc = StillReferenced(
            f"It cannot be deleted while {', '.join(referring)} refer to it; "
            "change or delete those first."
        )
    elif isinstance(exc, InterfaceError) or (isinstance(exc, DatabaseError) and is_outage(exc)):
        logger.exception("Database unavailable")
        exc = DatabaseUnavailable()
    elif isinstance(exc, DatabaseError):
        # Validation should have caught it: log it as the bug it is, and answer as for bad input.
        logger.exception("Database refused an API request that passed validation")
        exc = RefusedByDatabase()
    response = drf_exception_handler(exc, context)
    if response is not None:
        response.data = printable(response.data)
        if isinstance(exc, DatabaseUnavailable):
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def printable(errors):
    """Error messages quote the input, and input may hold unpaired surrogates, which no UTF-8
    response can carry: replace them with "?" so the 400 itself renders."""
    if isinstance(errors, dict):
        return {key: printable(value) for key, value in errors.items()}
    if isinstance(errors, list):
        return [printable(value) for value in errors]
    if isinstance(errors, str):
        cleaned = errors.encode("utf-8", "replace").decode("utf-8")
        if cleaned == errors:
            return errors
        return ErrorDetail(cleaned, getattr(errors, "code", None))
    return errors


@csrf_exempt
def not_found(request, path=""):
    """Any other address under /api/, with any method: a JSON 404, with a hint when only the
    slash is missing. Exempt from CSRF, as every API view is (DRF's views check CSRF only for
    session-authenticated writes): it writes nothing, and a POST to it must read as a 404, not
    as Django's HTML "CSRF verification failed" page."""
    detail = "Not found."
    if not request.path.endswith("/"):
        try:
            resolve(request.path + "/")
        except Resolver404:
            pass
        else:
            detail = f"Not found. Did you mean {request.path}/ (with the trailing slash)?"
    return JsonResponse({"detail": detail}, status=404)
