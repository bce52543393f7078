"""`POST /api/claims/bulk/`: many claims in one request, validated as single creates, written all
or nothing, never twice; and NDJSON (the API's objects) imported back."""

import json

import pytest
from django.urls import reverse

from claims.importing import import_file
from claims.models import Claim, ClaimImport, Document, Event, Quantity, Source
from tests.factories import SourceFactory
from tests.helpers import client_for

BULK = reverse("claim-bulk")


@pytest.fixture
def source(ukraine):
    return SourceFactory(name="Ukrainian Air Force", party=ukraine)


def claims_of(source, count=2):
    return [
        {
            "text": f"{n + 20} drones were downed overnight.",
            "source": source.pk,
            "external_id": f"w-{n}",
        }
        for n in range(count)
    ]


def test_claims_are_created_with_their_quantities_and_stamps(api, editor, source):
    response = api.post(BULK, {"claims": claims_of(source)}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["created"], body["skipped"], body["dry_run"]) == (2, 0, False)
    ids = [row["id"] for row in body["claims"]]
    claims = Claim.objects.filter(pk__in=ids).order_by("pk")
    assert [claim.external_id for claim in claims] == ["w-0", "w-1"]
    assert all(claim.created_by == editor and claim.side == source.party for claim in claims)
    assert Quantity.objects.filter(claim__in=claims, outcome="downed").count() == 2
    assert ClaimImport.objects.get(pk=body["import_id"]).claims_created == 2


def test_the_same_request_again_creates_nothing(api, source):
    payload = {"claims": [{"text": "Two people killed in Odesa.", "source": source.pk}]}
    assert api.post(BULK, payload, format="json").status_code == 201
    again = api.post(BULK, payload, format="json")
    assert again.status_code == 200
    assert (again.json()["created"], again.json()["skipped"]) == (0, 1)
    assert Claim.objects.count() == 1


def test_every_error_of_every_claim_is_listed_and_nothing_written(api, source):
    payload = {
        "claims": [
            {"text": "Fine.", "source": source.pk},
            {"text": "", "source": 999_999},
            {"text": "Bad number.", "source": source.pk, "quantities": [{"value": -1}]},
            {"text": "Verdict.", "source": source.pk, "status": "confirmed"},
            {"text": "Twice.", "source": source.pk, "external_id": "x"},
            {"text": "Twice.", "source": source.pk, "external_id": "x"},
        ]
    }
    response = api.post(BULK, payload, format="json")
    assert response.status_code == 400
    errors = {(error["index"], error["field"]) for error in response.json()["errors"]}
    assert errors == {
        (1, "text"),
        (1, "source"),
        (2, "quantities[0].value"),
        (3, "status"),
        (5, "external_id"),
    }
    assert not Claim.objects.exists() and not ClaimImport.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"claims": []},
        {"claims": "all"},
        {"claims": [1]},
        {"claims": [{}] * 1001},
        {"claims": [{"text": "x", "source": 1}], "dry_run": "false"},
    ],
)
def test_a_malformed_request_is_a_400(api, source, payload):
    response = api.post(BULK, payload, format="json")
    assert response.status_code == 400
    (error, *_) = response.json()["errors"]
    assert error["index"] is None and error["field"].startswith(("claims", "dry_run"))


def test_a_body_that_is_not_json_is_a_400_in_the_same_shape(api):
    response = api.post(BULK, b"\xe6\x1e", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["index"] is None


def test_a_dry_run_writes_nothing(api, source):
    response = api.post(BULK, {"claims": claims_of(source), "dry_run": True}, format="json")
    assert response.status_code == 200
    assert response.json()["created"] == 2 and response.json()["import_id"] is None
    assert not Claim.objects.exists()


def test_a_viewer_cannot_and_an_anonymous_client_is_refused(viewer, client, source):
    assert (
        client_for(viewer).post(BULK, {"claims": claims_of(source)}, format="json").status_code
        == 403
    )
    assert (
        client.post(
            BULK, {"claims": claims_of(source)}, content_type="application/json"
        ).status_code
        == 401
    )
    assert not Claim.objects.exists()


def test_a_thousand_claims_take_a_bounded_number_of_queries(
    api, source, django_assert_max_num_queries
):
    with django_assert_max_num_queries(60):
        response = api.post(BULK, {"claims": claims_of(source, 1000)}, format="json")
    assert response.status_code == 201
    assert Claim.objects.count() == 1000


def test_the_schema_documents_the_endpoint(api):
    schema = api.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/claims/bulk/"]["post"]
    assert {"201", "200", "400"} <= set(operation["responses"])


def test_ndjson_of_the_api_imports_back_into_an_empty_desk(demo, api, chief, editor):
    before = api.get("/api/claims/export/?format=ndjson")
    data = b"".join(before.streaming_content)
    claims = [json.loads(line) for line in data.splitlines()]
    unverified = [
        claim for claim in claims if claim["status"] == "unverified" and not claim["event"]
    ]
    Claim.objects.all().delete()
    Document.objects.all().delete()
    Event.objects.all().delete()
    Source.objects.all().delete()

    lines = "\n".join(json.dumps(claim) for claim in unverified).encode()
    plan = import_file(lines, "claims.ndjson", user=editor)
    assert not plan.errors, plan.errors

    after = [
        json.loads(line)
        for line in b"".join(
            api.get("/api/claims/export/?format=ndjson").streaming_content
        ).splitlines()
    ]

    def comparable(claim):
        ignored = {"id", "url", "version", "created_at", "updated_at", "created_by", "updated_by"}
        kept = {name: value for name, value in claim.items() if name not in ignored}
        kept["source"] = {k: v for k, v in claim["source"].items() if k != "id"}
        if claim["document"]:
            document = {k: v for k, v in claim["document"].items() if k not in ("id", "title")}
            document["outlet"] = document["outlet"] and document["outlet"]["name"]
            kept["document"] = document
        kept["quantities"] = [
            {k: v for k, v in q.items() if k != "id"} for q in claim["quantities"]
        ]
        return kept

    assert sorted(map(comparable, after), key=str) == sorted(map(comparable, unverified), key=str)
