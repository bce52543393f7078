"""The API does what its schema says: independent sources' `party` is null where it is embedded,
a filter value that means nothing is a 400 rather than no filter, and a write that asks for a
precondition the resource cannot check (If-Match without ETags) is refused, never made blindly."""

import pytest

from claims.models import ClaimLink, Document, Event, Party, Source
from tests.factories import (
    ClaimFactory,
    ClaimLinkFactory,
    DocumentFactory,
    EventFactory,
    PartyFactory,
    SourceFactory,
)


@pytest.mark.parametrize(
    ("address", "params", "parameter"),
    [
        ("/api/claims/", {"status": ",,,"}, "status"),
        ("/api/claims/", {"status": "confirmed,,"}, "status"),
        ("/api/claims/", {"status": " , "}, "status"),
        ("/api/sources/", {"kind": ",,"}, "kind"),
        ("/api/sources/", {"reliability": "A,"}, "reliability"),
        ("/api/sources/", {"independent": "maybe"}, "independent"),
        ("/api/sources/", {"independent": "yes"}, "independent"),
        ("/api/sources/", {"independent": "2"}, "independent"),
        ("/api/quantities/summary/", {"status": ",,,"}, "status"),
        ("/api/claims/export/", {"status": ",,"}, "status"),
    ],
)
def test_a_filter_value_that_means_nothing_is_a_400(chief, address, params, parameter):
    response = chief.get(address, params)

    assert response.status_code == 400
    assert parameter in response.json()


@pytest.mark.parametrize(
    ("value", "names"),
    [("true", ["Independent"]), ("FALSE", ["Party's"]), ("1", ["Independent"]), ("0", ["Party's"])],
)
def test_independent_takes_true_or_false(chief, value, names):
    SourceFactory(name="Independent", party=None)
    SourceFactory(name="Party's", party=PartyFactory())

    response = chief.get("/api/sources/", {"independent": value})

    assert [source["name"] for source in response.json()["results"]] == names


def test_an_independent_sources_party_is_null_and_the_schema_says_it_may_be(chief):
    claim = ClaimFactory(source=SourceFactory(party=None), side=None)
    schema = chief.get("/api/schema/", {"format": "json"}).json()

    response = chief.get(f"/api/claims/{claim.pk}/")

    assert response.json()["source"]["party"] is None
    assert schema["components"]["schemas"]["SourceSummary"]["properties"]["party"]["nullable"]


def record(resource):
    """(address of one record, a body to change it, the record's model and id)."""
    if resource == "sources":
        row = SourceFactory()
        return f"/api/sources/{row.pk}/", {"name": "Renamed"}, Source, row.pk
    if resource == "parties":
        row = PartyFactory()
        return f"/api/parties/{row.slug}/", {"name": "Renamed", "slug": row.slug}, Party, row.pk
    if resource == "documents":
        row = DocumentFactory()
        return f"/api/documents/{row.pk}/", {"url": row.url, "title": "Renamed"}, Document, row.pk
    if resource == "events":
        row = EventFactory()
        return f"/api/events/{row.pk}/", {"title": "Renamed"}, Event, row.pk
    link = ClaimLinkFactory()
    return f"/api/claims/{link.from_claim_id}/links/{link.pk}/", None, ClaimLink, link.pk


def state(model, pk):
    return list(model.objects.filter(pk=pk).values())


WRITES = [
    *(
        (resource, method)
        for resource in ("sources", "parties", "documents", "events")
        for method in ("put", "patch", "delete")
    ),
    ("links", "delete"),  # a link is only made and removed
]


@pytest.mark.parametrize("header", ["If-Match", "If-Unmodified-Since"])
@pytest.mark.parametrize(("resource", "method"), WRITES)
def test_a_precondition_on_an_unversioned_resource_is_refused(chief, resource, method, header):
    address, body, model, pk = record(resource)
    before = state(model, pk)
    value = '"1-1"' if header == "If-Match" else "Sat, 01 Jan 2000 00:00:00 GMT"

    response = getattr(chief, method)(address, body, format="json", headers={header: value})

    assert response.status_code == 400
    assert "no ETag" in response.json()[header][0]
    assert state(model, pk) == before


def test_a_new_link_with_if_match_is_refused(chief):
    first, second = ClaimFactory(), ClaimFactory()

    response = chief.post(
        f"/api/claims/{first.pk}/links/",
        {"relation": "corroborates", "claim": second.pk},
        format="json",
        headers={"If-Match": "*"},
    )

    assert response.status_code == 400
    assert not ClaimLink.objects.exists()


def test_without_a_precondition_the_write_is_made(chief):
    address, body, _model, _pk = record("sources")

    assert chief.patch(address, body, format="json").status_code == 200


@pytest.mark.parametrize(
    ("archived_url", "status"),
    [("", 201), ("https://web.archive.org/web/2024/x", 201), ("not an address", 400), ("0", 400)],
)
def test_an_archived_url_is_an_address_or_empty(chief, archived_url, status):
    response = chief.post(
        "/api/documents/",
        {"url": "https://example.org/a", "archived_url": archived_url},
        format="json",
    )

    assert response.status_code == status


@pytest.mark.parametrize(
    ("url", "status"),
    [("", 201), ("https://t.me/air_force", 201), ("not an address", 400), ("0", 400)],
)
def test_a_source_url_is_an_address_or_empty(chief, url, status):
    response = chief.post(
        "/api/sources/", {"name": "Air Force", "kind": "military", "url": url}, format="json"
    )

    assert response.status_code == status, response.json()


@pytest.mark.parametrize(
    ("field", "value"), [("text", 25), ("quote", 1.5), ("location", True), ("text", ["x"])]
)
def test_a_text_field_takes_only_text(chief, field, value):
    source = SourceFactory()

    response = chief.post(
        "/api/claims/", {"text": "Drones.", "source": source.pk, field: value}, format="json"
    )

    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize(("field", "value"), [("source", "2"), ("side", ""), ("event", "")])
def test_a_reference_takes_its_id_or_slug_not_a_string_for_it(chief, field, value):
    source = SourceFactory()
    body = {"text": "Drones.", "source": source.pk, field: value}

    response = chief.post("/api/claims/", body, format="json")

    assert response.status_code == 400
    assert field in response.json()


def test_a_put_of_a_claim_requires_its_quantities_in_the_schema(chief):
    schema = chief.get("/api/schema/", {"format": "json"}).json()
    put = schema["paths"]["/api/claims/{id}/"]["put"]["requestBody"]["content"]["application/json"]
    component = put["schema"]["$ref"].rsplit("/", 1)[1]

    assert "quantities" in schema["components"]["schemas"][component]["required"]


def test_every_query_parameter_may_be_left_empty(chief):
    schema = chief.get("/api/schema/", {"format": "json"}).json()

    assert all(
        parameter["allowEmptyValue"]
        for operations in schema["paths"].values()
        for operation in operations.values()
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query"
    )


@pytest.mark.parametrize("address", ["/api/claims/1%0A2/history/", "/api/x%0Ay/"])
def test_an_address_with_a_newline_is_a_json_404(chief, address):
    response = chief.get(address)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_the_schema_says_no_text_parameter_holds_nul(chief):
    schema = chief.get("/api/schema/", {"format": "json"}).json()
    parameters = {
        parameter["name"]: parameter["schema"]
        for parameter in schema["paths"]["/api/quantities/summary/"]["get"]["parameters"]
    }

    assert parameters["q"]["pattern"] == "^[^\\u0000]*$"
    assert chief.get("/api/quantities/summary/", {"q": "a\x00"}).status_code == 400
