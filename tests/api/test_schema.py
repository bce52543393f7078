"""The OpenAPI schema at /api/schema/ is valid and complete, and the docs at /api/docs/ are served
from the project itself."""

import pytest
import yaml
from openapi_spec_validator import validate
from rest_framework.test import APIClient

RESOURCES = ["claims", "sources", "parties", "documents", "events"]


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_schema_is_valid_openapi(schema):
    validate(schema)
    assert schema["openapi"].startswith("3.")


def test_schema_is_public_json_too(db):
    response = APIClient().get("/api/schema/?format=json")

    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Claims desk API"


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_resource_has_its_five_operations(schema, resource):
    detail = "{slug}" if resource == "parties" else "{id}"

    assert set(schema["paths"][f"/api/{resource}/"]) == {"get", "post"}
    assert set(schema["paths"][f"/api/{resource}/{detail}/"]) == {"get", "put", "patch", "delete"}


def test_token_endpoint_is_described(schema):
    operation = schema["paths"]["/api/auth/token/"]["post"]

    assert set(operation["responses"]) >= {"200", "400"}


def parameters(schema, path):
    return {
        parameter["name"]: parameter for parameter in schema["paths"][path]["get"]["parameters"]
    }


def test_every_claim_filter_is_described(schema):
    described = parameters(schema, "/api/claims/")

    assert set(described) == {
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
        "cursor",
        "page_size",
        "If-None-Match",  # a header: the conditional GET of every read
    }
    assert described["status"]["schema"]["type"] == "array"
    assert described["status"]["explode"] is False
    assert set(described["ordering"]["schema"]["enum"]) == {
        "occurred_on",
        "-occurred_on",
        "claimed_at",
        "-claimed_at",
        "created_at",
        "-created_at",
    }
    assert described["page_size"]["schema"]["maximum"] == 500


@pytest.mark.parametrize(
    "path, names",
    [
        ("/api/sources/", {"party", "independent", "kind", "reliability", "q"}),
        ("/api/documents/", {"outlet", "published_after", "published_before", "language", "q"}),
        ("/api/events/", {"occurred_after", "occurred_before", "q"}),
    ],
)
def test_other_filters_are_described(schema, path, names):
    assert names <= set(parameters(schema, path))


def test_enums_are_described(schema):
    components = schema["components"]["schemas"]

    assert set(components["StatusEnum"]["enum"]) == {
        "unverified",
        "corroborated",
        "confirmed",
        "disputed",
        "refuted",
        "retracted",
    }
    for name in ["TopicEnum", "KindEnum", "ReliabilityEnum", "QualifierEnum", "OutcomeEnum"]:
        assert components[name]["enum"]


def test_claim_reads_embedded_records_and_writes_ids(schema):
    components = schema["components"]["schemas"]
    read, write = components["Claim"]["properties"], components["ClaimRequest"]["properties"]

    assert read["source"]["allOf"] == [{"$ref": "#/components/schemas/SourceSummary"}]
    assert read["document"]["allOf"] == [{"$ref": "#/components/schemas/DocumentSummary"}]
    assert write["source"]["type"] == "integer"
    assert write["document"]["type"] == "integer"
    assert read["status"]["readOnly"] is True
    assert "status" not in write
    assert "created_by" not in components["Claim"]["required"]


def test_list_responses_describe_the_pagination(schema):
    page = schema["components"]["schemas"]["PaginatedClaimList"]
    sources = schema["components"]["schemas"]["PaginatedSourceList"]

    envelope = {"count", "count_is_estimate", "next", "previous", "results"}
    # Only the claims can be searched in full text, and say in what order a search came.
    assert set(page["properties"]) == envelope | {"search_order"}
    order = page["properties"]["search_order"]["allOf"][0]["$ref"].rsplit("/", 1)[1]
    assert schema["components"]["schemas"][order]["enum"] == ["rank", "newest"]
    assert set(sources["properties"]) == envelope


@pytest.mark.parametrize(
    "path, method, codes",
    [
        # Every read also answers 304 to a current If-None-Match.
        ("/api/claims/", "get", {"200", "304", "400", "401", "403"}),
        ("/api/claims/", "post", {"201", "400", "401", "403", "413", "415"}),
        ("/api/claims/{id}/", "get", {"200", "304", "401", "403", "404"}),
        (
            "/api/claims/{id}/",
            "patch",
            {"200", "400", "401", "403", "404", "409", "412", "413", "415"},
        ),
        ("/api/events/{id}/", "put", {"200", "400", "401", "403", "404", "413", "415"}),
        ("/api/claims/{id}/", "delete", {"204", "400", "401", "403", "404", "409", "412"}),
        ("/api/claims/extract/", "post", {"200", "400", "401", "403", "413", "415"}),
        ("/api/claims/{claim_id}/reviews/", "get", {"200", "304", "400", "401", "403", "404"}),
        (
            "/api/claims/{claim_id}/reviews/",
            "post",
            {"201", "400", "401", "403", "404", "412", "413", "415"},
        ),
        ("/api/claims/{claim_id}/links/", "get", {"200", "304", "400", "401", "403", "404"}),
        (
            "/api/claims/{claim_id}/links/",
            "post",
            {"201", "400", "401", "403", "404", "413", "415"},
        ),
        ("/api/claims/{claim_id}/links/{id}/", "delete", {"204", "400", "401", "403", "404"}),
        # Signed-in readers only: no 403.
        ("/api/claims/{claim_id}/history/", "get", {"200", "304", "400", "401", "403", "404"}),
    ],
)
def test_error_responses_are_described(schema, path, method, codes):
    responses = schema["paths"][path][method]["responses"]

    # Every operation also answers an address over MAX_URL_LENGTH with 414.
    assert set(responses) == codes | {"414"}
    for code in codes - {"200", "201", "204", "304"}:
        assert responses[code]["content"]["application/json"]["schema"]["$ref"] in {
            "#/components/schemas/Error",
            "#/components/schemas/ValidationError",
        }


def test_swagger_ui_is_served_without_a_cdn(db):
    page = APIClient().get("/api/docs/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn" not in html.lower()
    # The set-up script, a file of its own (no inline script under the CSP), loads the schema.
    assert "/api/schema/" in APIClient().get("/api/docs/", {"script": ""}).content.decode()


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_claim_changes_take_if_match(schema, method):
    operation = schema["paths"]["/api/claims/{id}/"][method]
    if_match = next(p for p in operation["parameters"] if p["name"] == "If-Match")

    assert if_match["in"] == "header"
    assert not if_match.get("required", False)
    assert "412" in operation["responses"]


@pytest.mark.parametrize(
    "path, method, code",
    [
        ("/api/claims/", "post", "201"),
        ("/api/claims/{id}/", "get", "200"),
        ("/api/claims/{id}/", "put", "200"),
        ("/api/claims/{id}/", "patch", "200"),
    ],
)
def test_claim_responses_carry_an_etag(schema, path, method, code):
    headers = schema["paths"][path][method]["responses"][code]["headers"]

    assert headers["ETag"]["schema"]["type"] == "string"


def test_status_is_documented_as_changed_by_reviews(schema):
    status = schema["components"]["schemas"]["Claim"]["properties"]["status"]

    assert "/api/claims/{id}/reviews/" in status["description"]


def test_claim_shows_its_version_and_extraction(schema):
    claim = schema["components"]["schemas"]["Claim"]

    assert claim["properties"]["version"]["readOnly"] is True
    assert claim["properties"]["quantities_extracted"]["readOnly"] is True
    assert "quantities_extracted" not in claim["required"]
    assert "version" not in schema["components"]["schemas"]["ClaimRequest"]["properties"]


def test_extract_is_described(schema):
    operation = schema["paths"]["/api/claims/extract/"]["post"]
    components = schema["components"]["schemas"]

    assert operation["requestBody"]["content"]["application/json"]["schema"]["$ref"] == (
        "#/components/schemas/ExtractionRequestRequest"
    )
    quantity = components["ExtractedQuantity"]["properties"]
    assert set(quantity) == {
        "value",
        "upper",
        "qualifier",
        "of_total",
        "item",
        "outcome",
        "summary",
    }


def test_review_request_and_response_are_described(schema):
    components = schema["components"]["schemas"]

    assert set(components["ReviewRequest"]["required"]) == {"status", "rationale"}
    assert set(components["Review"]["properties"]) >= {
        "old_status",
        "new_status",
        "rationale",
        "evidence_urls",
        "reviewer",
        "created_at",
    }


def test_history_event_is_described(schema):
    event = schema["components"]["schemas"]["HistoryEvent"]["properties"]

    assert set(event) == {
        "model",
        "object_id",
        "label",
        "created_at",
        "user",
        "claim_import",
        "changes",
        "state",
    }
    assert event["user"]["nullable"] is True


def test_source_track_record_is_described(schema):
    source = schema["components"]["schemas"]["Source"]["properties"]

    assert source["claims_total"]["type"] == "integer"
    assert source["confirmed_share"]["nullable"] is True
    assert source["refuted_share"]["nullable"] is True


def test_event_lists_contradictions(schema):
    event = schema["components"]["schemas"]["Event"]["properties"]

    assert event["contradictions"]["items"]["$ref"] == "#/components/schemas/Contradiction"
