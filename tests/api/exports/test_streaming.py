"""Every export as the list: its filters and its order; a fixed number of queries per chunk; a
client gone mid-way stops the query; and the schema describing it all."""

import pytest
from django.core.signals import request_finished
from django.db import close_old_connections, connection
from django.http import QueryDict
from rest_framework.test import APIClient

from claims.models import Claim, Quantity
from tests.api.exports.reading import (
    CLAIMS,
    QUANTITIES,
    body,
    claimreview_ids,
    csv_rows,
    listed_ids,
    ndjson_objects,
)
from tests.factories import ClaimFactory, QuantityFactory
from tests.helpers import client_for

ITEM = ("item", "outcome")


# Filters: every export narrowed exactly as the list is, in the list's order.

FILTERS = [
    "",
    "side=russia",
    "side=ukraine&status=unverified,confirmed",
    "source=9",
    "status=confirmed,refuted",
    "topic=casualties",
    "event=1",
    "occurred_after=2024-11-15",
    "occurred_before=2024-11-14",
    "q=drones",
    "q=%22air%20defense%22%20-Krasnodar",
    "item=drone&outcome=downed",
    "outcome=killed",
    "ordering=occurred_on",
    "ordering=-occurred_on",
    "ordering=-claimed_at&side=ukraine",
    "ordering=created_at",
    "q=Odesa&ordering=-occurred_on",
]


@pytest.mark.parametrize("query", FILTERS)
def test_filters_narrow_the_csv_as_the_list(api, reviewed, query):
    rows = csv_rows(api.get(f"{CLAIMS}?format=csv&{query}"))

    assert [int(row["id"]) for row in rows] == listed_ids(api, query)


@pytest.mark.parametrize("query", FILTERS)
def test_filters_narrow_the_ndjson_as_the_list(api, reviewed, query):
    lines = ndjson_objects(api.get(f"{CLAIMS}?format=ndjson&{query}"))

    assert [line["id"] for line in lines] == listed_ids(api, query)


@pytest.mark.parametrize("query", FILTERS)
def test_filters_narrow_the_claimreview_as_the_list(api, reviewed, query):
    reviewed_ids = claimreview_ids(api.get(f"{CLAIMS}?format=claimreview&{query}"))

    claims = dict(Claim.objects.values_list("id", "status"))
    assert reviewed_ids == [pk for pk in listed_ids(api, query) if claims[pk] != "unverified"]


@pytest.mark.parametrize("query", FILTERS)
def test_filters_narrow_the_quantities_as_the_list(api, reviewed, query):
    rows = csv_rows(api.get(f"{QUANTITIES}?{query}"))

    # item and outcome also narrow the rows to the quantities matching them.
    conditions = {name: value for name, value in QueryDict(query).items() if name in ITEM}
    quantities = Quantity.objects.filter(claim__in=listed_ids(api, query), **conditions)
    assert sorted(int(row["quantity_id"]) for row in rows) == sorted(
        quantities.values_list("id", flat=True)
    )


# Queries: a fixed number per chunk, whatever the number of claims.


def more_claims(count: int) -> None:
    for _ in range(count):
        QuantityFactory(claim=ClaimFactory())


@pytest.mark.parametrize("format", ["csv", "ndjson", "claimreview"])
def test_export_queries_do_not_grow_with_the_claims(
    api, reviewed, django_assert_max_num_queries, format
):
    # Token, the claims (one cursor), their quantities or reviews (one query for the chunk),
    # and the transaction's savepoint, date style and release.
    with django_assert_max_num_queries(6):
        body(api.get(CLAIMS, {"format": format}))
    more_claims(40)
    with django_assert_max_num_queries(6):
        body(api.get(CLAIMS, {"format": format}))


def test_quantities_export_queries_do_not_grow_with_the_claims(api, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        body(api.get(QUANTITIES))
    more_claims(40)
    with django_assert_max_num_queries(6):
        body(api.get(QUANTITIES))


# A client that goes away mid-way.


def open_cursors() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_cursors")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("format", ["csv", "ndjson", "claimreview"])
def test_closing_the_response_closes_the_cursor(viewer, settings, monkeypatch, format):
    monkeypatch.setattr("claims.exports.streaming.CHUNK_SIZE", 2)
    for claim in [ClaimFactory(status="confirmed") for _ in range(7)]:
        QuantityFactory(claim=claim)
    response = client_for(viewer).get(CLAIMS, {"format": format})
    content = iter(response.streaming_content)

    next(content), next(content)  # the first pieces: the query is running
    assert open_cursors() == 1
    assert connection.in_atomic_block
    # What a WSGI server does when the client disconnects: close the response (as the test
    # client does, keeping the test's connection open).
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)

    assert open_cursors() == 0
    assert not connection.in_atomic_block
    assert connection.get_autocommit()


# The schema.


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        return APIClient().get("/api/schema/?format=json").json()


@pytest.mark.parametrize(
    "path, formats, media_types",
    [
        (
            CLAIMS,
            {"csv", "ndjson", "claimreview"},
            {"text/csv", "application/x-ndjson", "application/ld+json"},
        ),
        (QUANTITIES, {"csv"}, {"text/csv"}),
    ],
)
def test_exports_are_described(schema, path, formats, media_types):
    operation = schema["paths"][path]["get"]
    parameters = {parameter["name"]: parameter for parameter in operation["parameters"]}

    assert set(parameters) == {
        "side",
        "source",
        "status",
        "topic",
        "event",
        "occurred_after",
        "occurred_before",
        "q",
        "item",
        "outcome",
        "ordering",
        "format",
        "bom",
    }
    assert set(parameters["format"]["schema"]["enum"]) == formats
    assert parameters["bom"]["schema"]["type"] == "boolean"
    assert set(operation["responses"]["200"]["content"]) == media_types
    assert set(operation["responses"]) == {"200", "400", "401", "403", "406", "414"}
    for code in ["400", "401", "403", "406"]:
        assert set(operation["responses"][code]["content"]) == {"application/json"}
