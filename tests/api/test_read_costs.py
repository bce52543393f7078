"""What the claims' read path saves per request, as a user's client would see it in the queries:
a broad list's estimated count is planned once a minute, not on every page; JSON answers carry
the strictest Content-Security-Policy, pages the desk's."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import counting
from tests.factories import ClaimFactory


@pytest.fixture
def claims(db):
    counting._broad_estimates.clear()
    ClaimFactory.create_batch(3)
    yield
    counting._broad_estimates.clear()


def explains(api, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = api.get(url)
    assert response.status_code == 200
    return sum(query["sql"].startswith("EXPLAIN") for query in context.captured_queries)


def test_a_broad_list_s_estimate_is_planned_once(api, claims, monkeypatch):
    # A million claims' list, in miniature: every estimate counts as broad.
    monkeypatch.setattr(counting, "ESTIMATED_BEYOND", 0)

    first = api.get("/api/claims/").json()
    assert first["count_is_estimate"] is True
    assert explains(api, "/api/claims/") == 0
    assert api.get("/api/claims/").json()["count"] == first["count"]
    # Another filter is another estimate.
    assert explains(api, "/api/claims/?status=confirmed") == 1


def test_an_estimate_is_planned_again_once_it_has_aged(api, claims, monkeypatch):
    monkeypatch.setattr(counting, "ESTIMATED_BEYOND", 0)
    api.get("/api/claims/")
    monkeypatch.setattr(counting, "BROAD_ESTIMATE_SECONDS", -1)
    api.get("/api/claims/?topic=strike")

    assert explains(api, "/api/claims/?topic=strike") == 1


def test_a_narrow_list_is_counted_exactly_every_time(api, claims):
    assert explains(api, "/api/claims/") == 1
    assert explains(api, "/api/claims/") == 1
    assert api.get("/api/claims/").json()["count"] == 3


def test_json_answers_get_the_strictest_policy_pages_the_desk_s(api, claims, admin_client):
    assert api.get("/api/claims/")["Content-Security-Policy"] == (
        "default-src 'none'; frame-ancestors 'none'"
    )
    assert api.get("/api/claims/999999/")["Content-Security-Policy"] == (
        "default-src 'none'; frame-ancestors 'none'"
    )
    page = admin_client.get("/admin/")["Content-Security-Policy"]
    assert "script-src 'self'" in page
    assert "frame-ancestors 'none'" in page


def test_without_prepared_statements_the_claims_read_the_same(api, claims):
    # DATABASE_PREPARED_STATEMENTS=false, for a pooler that cannot keep them.
    prepared = api.get("/api/claims/").json()
    connection.ensure_connection()
    threshold = connection.connection.prepare_threshold
    connection.connection.prepare_threshold = None
    try:
        unprepared = api.get("/api/claims/").json()
        detail = api.get(prepared["results"][0]["url"]).json()
    finally:
        connection.connection.prepare_threshold = threshold

    assert unprepared == prepared
    assert detail == prepared["results"][0]
