"""Password guessing on the token endpoint is throttled, per client address and per username,
with counters in the cache every worker shares (PostgreSQL's table by default)."""

import pytest
from django.core.cache import caches
from django.db import connection
from rest_framework.test import APIClient

from tests.factories import UserFactory

TOKEN = "/api/auth/token/"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", password=PASSWORD)


def attempt(username="editor", password="wrong", address="203.0.113.7"):
    return APIClient().post(
        TOKEN, {"username": username, "password": password}, format="json", REMOTE_ADDR=address
    )


def test_the_eleventh_request_in_a_minute_from_one_address_is_a_429(editor):
    assert [attempt(username=f"user{n}").status_code for n in range(10)] == [400] * 10

    refused = attempt(password=PASSWORD)

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "throttled" in refused.json()["detail"]
    assert "token" not in refused.json()


def test_another_address_is_not_held_back_by_the_first(editor):
    for n in range(11):
        attempt(username=f"user{n}")

    assert attempt(password=PASSWORD, address="198.51.100.1").status_code == 200


def test_guesses_at_one_username_from_many_addresses_are_throttled(editor):
    statuses = [attempt(address=f"198.51.100.{n}").status_code for n in range(20)]

    assert statuses == [400] * 20
    assert attempt(password=PASSWORD, address="192.0.2.1").status_code == 429
    assert attempt(username="someone-else", address="192.0.2.1").status_code == 400


def test_the_counters_are_in_the_database_cache(editor):
    attempt()

    assert caches["default"].__class__.__name__ == "DatabaseCache"
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM claims_cache WHERE cache_key LIKE %s", ["%throttle%"])
        assert cursor.fetchone()[0] == 2  # one per address, one per username


def test_the_schema_names_the_429(chief):
    schema = chief.get("/api/schema/", {"format": "json"}).json()

    assert "429" in schema["paths"][TOKEN]["post"]["responses"]
