"""Fixtures of the admin's tests: the superuser, and the Ukrainian Air Force as a source."""

import pytest

from tests.factories import SourceFactory, UserFactory


@pytest.fixture
def superuser(db):
    return UserFactory(username="chief", is_staff=True, is_superuser=True)


@pytest.fixture
def air_force(ukraine):
    return SourceFactory(name="Ukrainian Air Force", kind="military", party=ukraine)
