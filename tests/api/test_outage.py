"""A 503 says "the database is down, try again" and nothing else: it carries Retry-After, and a
database error about the request itself (a limit exceeded, a value refused) is the client's 400."""

import psycopg.errors
import pytest
from django.db import DatabaseError, DataError, IntegrityError, InterfaceError, OperationalError

from claims.api import views

# (the error Django raises, psycopg's error behind it or None, the status the client gets)
ERRORS = [
    (OperationalError, psycopg.errors.ProgramLimitExceeded, 400),  # tsvector too long: 54000
    (DataError, psycopg.errors.StringDataRightTruncation, 400),
    (IntegrityError, psycopg.errors.CheckViolation, 400),
    (DatabaseError, psycopg.errors.InvalidTextRepresentation, 400),
    (IntegrityError, None, 400),
    (OperationalError, None, 503),  # no server answered: connection refused
    (InterfaceError, None, 503),  # connection already closed
    (OperationalError, psycopg.errors.AdminShutdown, 503),
    (OperationalError, psycopg.errors.TooManyConnections, 503),
    (OperationalError, psycopg.errors.SerializationFailure, 503),
    (OperationalError, psycopg.errors.QueryCanceled, 503),
]


def failing_with(error_class, cause_class):
    def get_queryset(self):
        error = error_class("the database said no")
        if cause_class is not None:
            error.__cause__ = cause_class("the database said no")
        raise error

    return get_queryset


@pytest.mark.parametrize(
    ("error_class", "cause_class", "status"),
    ERRORS,
    ids=[f"{e.__name__}-{c.__name__ if c else 'none'}" for e, c, _ in ERRORS],
)
def test_only_an_outage_is_a_503(api, monkeypatch, error_class, cause_class, status):
    monkeypatch.setattr(views.ClaimViewSet, "get_queryset", failing_with(error_class, cause_class))

    response = api.get("/api/claims/")

    assert response.status_code == status
    assert "detail" in response.json()
    if status == 503:
        assert int(response["Retry-After"]) > 0
    else:
        assert "Retry-After" not in response
