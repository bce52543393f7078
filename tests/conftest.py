"""Fixtures for every folder: users in each of the newsroom's groups, the demo desk, Ukraine.

Fixtures of one folder only are in its own conftest.py; helper functions in tests/helpers.py.
"""

import importlib

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from claims.api.caching import KeptForCount
from tests.factories import PartyFactory, UserFactory


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real hashing costs ~0.4 s a user; the tests check permissions, not password storage.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def no_records_kept_from_another_test():
    # The API keeps filters' records, track records and event summaries per change count; a
    # test's rolled-back writes can bring a count back that another test's rows had (a
    # database's never goes back).
    KeptForCount.forget_all()


@pytest.fixture
def editorial_groups(db):
    """The Editors, Verifiers and Viewers groups as the data migration makes them.

    A transactional test empties every table when it ends, groups included; this puts them back.
    """
    migration = importlib.import_module("claims.migrations.0002_editorial_groups")
    for name, codenames in migration.GROUPS.items():
        codenames = codenames | {"view_claimimport"}  # granted by 0007_claim_imports
        group, created = Group.objects.get_or_create(name=name)
        if created:
            group.permissions.set(
                Permission.objects.filter(content_type__app_label="claims", codename__in=codenames)
            )


# The desk's people, as staff accounts: the admin lets only staff in.
@pytest.fixture
def editor(editorial_groups):
    return UserFactory(username="editor", groups=["Editors"], is_staff=True)


@pytest.fixture
def verifier(editorial_groups):
    return UserFactory(username="verifier", groups=["Verifiers"], is_staff=True)


@pytest.fixture
def viewer(editorial_groups):
    return UserFactory(username="viewer", groups=["Viewers"], is_staff=True)


@pytest.fixture
def demo(db):
    """The demo desk: the claims of the seed article, as `make run` loads them."""
    call_command("load_demo", verbosity=0)


@pytest.fixture
def ukraine(db):
    return PartyFactory(name="Ukraine", slug="ukraine")
