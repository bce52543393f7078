"""Shared fixtures: users in each of the newsroom's groups, and the demo desk."""

import pytest
from django.core.management import call_command

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real hashing costs ~0.4 s a user; the tests check permissions, not password storage.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", groups=["Editors"])


@pytest.fixture
def verifier(db):
    return UserFactory(username="verifier", groups=["Verifiers"])


@pytest.fixture
def viewer(db):
    return UserFactory(username="viewer", groups=["Viewers"])


@pytest.fixture
def demo(db):
    """The demo desk: the claims of the seed article, as `make run` loads them."""
    call_command("load_demo", verbosity=0)
