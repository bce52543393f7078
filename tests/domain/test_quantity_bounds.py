"""Quantity.bound_errors, the one Python statement of the bounds: it refuses exactly what
PostgreSQL's constraints refuse, with their messages."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from claims.models import Quantity
from tests.factories import ClaimFactory

CASES = [
    ({"value": 25, "of_total": 30}, {}),
    ({"value": 25, "upper": 25}, {}),
    ({"value": 10, "upper": 20, "qualifier": "range"}, {}),
    ({"value": 30, "upper": 25}, {"upper": "The upper bound cannot be below the value."}),
    ({"value": 10, "qualifier": "range"}, {"upper": "A range needs an upper bound."}),
    ({"value": 30, "of_total": 25}, {"of_total": 'The total ("of N") cannot be below the value.'}),
    ({"value": -1}, {"value": "A quantity cannot be negative."}),
    (
        {"value": 30, "upper": 20, "of_total": 10},
        {
            "upper": "The upper bound cannot be below the value.",
            "of_total": 'The total ("of N") cannot be below the value.',
        },
    ),
]


@pytest.mark.parametrize(("fields", "errors"), CASES)
def test_bound_errors_name_the_field_and_the_constraints_message(fields, errors):
    values = {
        name: Decimal(value) if name != "qualifier" else value for name, value in fields.items()
    }

    assert Quantity(**values).bound_errors() == errors


@pytest.mark.parametrize(("fields", "errors"), CASES)
def test_the_database_refuses_exactly_what_bound_errors_refuses(db, fields, errors):
    claim = ClaimFactory()
    try:
        with transaction.atomic():
            Quantity.objects.create(claim=claim, **fields)
        refused = False
    except IntegrityError:
        refused = True

    assert refused == bool(errors)
