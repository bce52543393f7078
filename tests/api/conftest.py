"""Fixtures of the API's tests: an editor's client and a superuser's, each sending its token, and
claims with every optional field empty, full, or pointing at a deleted account.

A few modules define their own `api` or `chief` (a viewer's client, or one whose token is made
with Token.objects.create); those override these.
"""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from tests.factories import (
    ClaimFactory,
    DocumentFactory,
    EventFactory,
    QuantityFactory,
    SourceFactory,
    UserFactory,
)
from tests.helpers import client_for


@pytest.fixture
def api(editor):
    return client_for(editor)


@pytest.fixture
def chief(db):
    return client_for(UserFactory(username="chief", is_superuser=True, is_staff=True))


@pytest.fixture
def edge_cases(db):
    """Claims with every optional field empty, full, or pointing at a deleted account."""
    independent = SourceFactory(name="Independent monitor", party=None, kind="expert")
    editor = UserFactory(username="night-editor")
    bare = ClaimFactory(text="Bare claim.", source=independent)
    full = ClaimFactory(
        text="Ukraine's air force said 25 of 30 drones were downed.",
        occurred_on=date(2024, 11, 15),
        claimed_at=datetime(2024, 11, 15, 6, 30, 0, 123456, tzinfo=UTC),
        location="Odesa",
        latitude=Decimal("46.482500"),
        longitude=Decimal("30.723300"),
        event=EventFactory(),
        document=DocumentFactory(),
        quote="Збито 25 з 30 дронів.",
        created_by=editor,
        updated_by=editor,
    )
    QuantityFactory(claim=full, value=25, of_total=30)
    QuantityFactory(claim=full, value=10, upper=15, qualifier="range", item="person")
    QuantityFactory(claim=full, value=Decimal("2.5"), qualifier="at_least", item="km2")
    # The largest and the finest numbers a quantity holds (numeric(15, 2)), read back exactly.
    QuantityFactory(claim=full, value=Decimal("9999999999999.99"), item="hryvnia")
    QuantityFactory(claim=full, value=Decimal("0.01"), upper=Decimal("0.10"), qualifier="range")
    # Documents and events are protected while claims refer to them; editors' accounts are not.
    orphaned = ClaimFactory(
        text="Its editor's account is gone; its document has no outlet.",
        document=DocumentFactory(outlet=None),
        created_by=UserFactory(username="gone"),
        updated_by=UserFactory(username="gone too"),
    )
    orphaned.created_by.delete()
    orphaned.updated_by.delete()
    return [bare, full, orphaned]
