"""Fixtures of the API's tests: an editor's client and a superuser's, each sending its token.

A few modules define their own `api` or `chief` (a viewer's client, or one whose token is made
with Token.objects.create); those override these.
"""

import pytest

from tests.factories import UserFactory
from tests.helpers import client_for


@pytest.fixture
def api(editor):
    return client_for(editor)


@pytest.fixture
def chief(db):
    return client_for(UserFactory(username="chief", is_superuser=True, is_staff=True))
