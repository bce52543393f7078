"""Quantities extracted from a claim's text over the API: proposed by `POST /api/claims/extract/`
without saving anything, and saved with a claim whose text is new or changed, sent without
`quantities`, that has none of its own."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from claims import editing
from claims.api.serializers import MAX_EXTRACT_LENGTH
from claims.extraction import ExtractedQuantity
from claims.models import Claim, Quantity
from tests.factories import PartyFactory, SourceFactory
from tests.helpers import client_for

EXTRACT = "/api/claims/extract/"
SENTENCE = "Air defenses downed 25 of nearly 30 drones; one killed, at least 10 wounded."
PROPOSED = [
    {
        "value": 25,
        "upper": None,
        "qualifier": "exact",
        "of_total": 30,
        "item": "drone",
        "outcome": "downed",
        "summary": "25 of 30 drones downed",
    },
    {
        "value": 1,
        "upper": None,
        "qualifier": "exact",
        "of_total": None,
        "item": "person",
        "outcome": "killed",
        "summary": "1 person killed",
    },
    {
        "value": 10,
        "upper": None,
        "qualifier": "at_least",
        "of_total": None,
        "item": "person",
        "outcome": "wounded",
        "summary": "at least 10 people wounded",
    },
]


@pytest.fixture
def air_force(db):
    return SourceFactory(name="Ukrainian Air Force", party=PartyFactory(slug="ukraine"))


def test_extract_proposes_the_quantities_of_a_text(api):
    response = api.post(EXTRACT, {"text": SENTENCE})

    assert response.status_code == 200, response.json()
    assert response.json() == {"quantities": PROPOSED}


def test_extract_saves_nothing(api, air_force):
    api.post(EXTRACT, {"text": SENTENCE})

    assert not Claim.objects.exists()
    assert not Quantity.objects.exists()


def test_extract_of_a_text_without_numbers_is_empty(api):
    response = api.post(EXTRACT, {"text": "The governor urged residents to stay in shelters."})

    assert response.json() == {"quantities": []}


def test_extract_needs_the_permission_to_record_claims(viewer):
    response = client_for(viewer).post(EXTRACT, {"text": SENTENCE})

    assert response.status_code == 403


def test_extract_needs_credentials(db):
    response = APIClient().post(EXTRACT, {"text": SENTENCE}, format="json")

    assert response.status_code == 401


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"text": ""},
        {"text": None},
        {"text": ["25 drones"]},
        {"text": {"value": 25}},
        {"text": "25 drones\x00 downed"},
        {"text": "x" * (MAX_EXTRACT_LENGTH + 1)},
    ],
    ids=["missing", "empty", "null", "list", "object", "NUL", "too long"],
)
def test_extract_refuses_bad_text(api, body):
    response = api.post(EXTRACT, body, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"text"}


def test_extract_refuses_an_unpaired_surrogate(api):
    response = api.post(
        EXTRACT, b'{"text": "25 drones \\ud800 downed"}', content_type="application/json"
    )

    assert response.status_code == 400
    assert set(response.json()) == {"text"}


def test_new_claim_without_quantities_gets_the_extracted_ones(api, air_force):
    response = api.post("/api/claims/", {"text": SENTENCE, "source": air_force.pk})

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["quantities_extracted"] is True
    assert [
        {key: value for key, value in quantity.items() if key != "id"}
        for quantity in body["quantities"]
    ] == PROPOSED
    stored = Claim.objects.get(pk=body["id"]).quantities.all()
    assert [quantity.summary for quantity in stored] == [q["summary"] for q in PROPOSED]


def test_new_claim_with_empty_quantities_gets_none(api, air_force):
    response = api.post(
        "/api/claims/", {"text": SENTENCE, "source": air_force.pk, "quantities": []}
    )

    assert response.status_code == 201
    assert response.json()["quantities"] == []
    assert response.json()["quantities_extracted"] is False
    assert not Quantity.objects.exists()


def test_new_claim_with_quantities_keeps_those_sent(api, air_force):
    sent = [{"value": 27, "item": "drone", "outcome": "launched"}]

    response = api.post(
        "/api/claims/", {"text": SENTENCE, "source": air_force.pk, "quantities": sent}
    )

    assert response.json()["quantities_extracted"] is False
    assert [q["summary"] for q in response.json()["quantities"]] == ["27 drones launched"]


def without_ids(quantities: list[dict]) -> list[dict]:
    return [
        {key: value for key, value in quantity.items() if key != "id"} for quantity in quantities
    ]


def test_changed_text_of_a_claim_without_quantities_gets_the_extracted_ones(api, air_force):
    created = api.post("/api/claims/", {"text": "No numbers here.", "source": air_force.pk}).json()
    assert created["quantities"] == []

    changed = api.patch(f"/api/claims/{created['id']}/", {"text": SENTENCE})

    assert changed.status_code == 200, changed.json()
    assert changed.json()["quantities_extracted"] is True
    assert without_ids(changed.json()["quantities"]) == PROPOSED
    stored = Claim.objects.get(pk=created["id"]).quantities.all()
    assert [quantity.summary for quantity in stored] == [q["summary"] for q in PROPOSED]
    assert "quantities_extracted" not in api.get(f"/api/claims/{created['id']}/").json()


def test_changed_text_of_a_claim_with_quantities_keeps_them(api, air_force):
    sent = [{"value": 27, "item": "drone", "outcome": "launched"}]
    created = api.post(
        "/api/claims/", {"text": "27 drones launched.", "source": air_force.pk, "quantities": sent}
    ).json()

    changed = api.patch(f"/api/claims/{created['id']}/", {"text": SENTENCE})

    assert changed.json()["quantities_extracted"] is False
    assert changed.json()["quantities"] == created["quantities"]
    assert list(Quantity.objects.filter(claim=created["id"]).values_list("pk", flat=True)) == [
        created["quantities"][0]["id"]
    ]
    assert "quantities_extracted" not in api.get(f"/api/claims/{created['id']}/").json()


@pytest.mark.parametrize(
    "change",
    [{"location": "Odesa"}, {"text": SENTENCE, "location": "Odesa"}],
    ids=["text left out", "same text"],
)
def test_unchanged_text_extracts_nothing(api, air_force, change):
    created = api.post(
        "/api/claims/", {"text": SENTENCE, "source": air_force.pk, "quantities": []}
    ).json()

    changed = api.patch(f"/api/claims/{created['id']}/", change)

    assert changed.json()["quantities_extracted"] is False
    assert changed.json()["quantities"] == []
    assert not Quantity.objects.exists()
    assert "quantities_extracted" not in api.get(f"/api/claims/{created['id']}/").json()


def test_put_sends_its_quantities_so_nothing_is_extracted(api, air_force):
    created = api.post("/api/claims/", {"text": "No numbers here.", "source": air_force.pk}).json()

    replaced = api.put(
        f"/api/claims/{created['id']}/",
        {"text": SENTENCE, "source": air_force.pk, "quantities": []},
        format="json",
    )

    assert replaced.status_code == 200, replaced.json()
    assert replaced.json()["quantities_extracted"] is False
    assert replaced.json()["quantities"] == []
    assert "quantities_extracted" not in api.get(f"/api/claims/{created['id']}/").json()


def test_extracted_quantities_are_saved_in_the_claims_transaction(api, air_force, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Quantity.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        api.post("/api/claims/", {"text": SENTENCE, "source": air_force.pk})

    assert not Claim.objects.exists()


def extracted(value, upper=None, qualifier="exact", of_total=None, item="drone", outcome=""):
    def number(text):
        return None if text is None else Decimal(text)

    return ExtractedQuantity(
        number(value), number(upper), qualifier, number(of_total), item, outcome
    )


@pytest.mark.parametrize(
    "proposal",
    [
        extracted("0.125"),  # more decimals than the column keeps
        extracted("30", of_total="25"),  # a total below its value
        extracted("10", upper="5", qualifier="range"),  # a range upside down
        extracted("10", qualifier="range"),  # a range without its upper bound
        extracted("1" + "0" * 14),  # more digits than the column holds
        extracted("5", item="x" * 101),
        extracted("5", outcome="vaporized"),
    ],
)
def test_proposals_the_model_cannot_store_are_left_out(monkeypatch, proposal):
    storable = extracted("3", outcome="downed")
    monkeypatch.setattr(editing, "extract_quantities", lambda text: [proposal, storable])

    assert editing.proposed_quantities("anything") == [storable.as_dict()]
