"""`GET /api/quantities/summary/`: the demo desk's numbers by hand, the claims list's filters,
each claim counted once, bad input as 400s, reading rights, a fixed number of queries, and the
documented representation."""

import json

import pytest
import yaml
from openapi_schema_validator import OAS30Validator
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from claims import aggregates
from claims.models import Claim
from tests.helpers import client_for

SUMMARY = "/api/quantities/summary/"
ODESA_STRIKE = 1
AIR_FORCE = 2  # the demo's Ukrainian Air Force (claims/fixtures/demo.json)


@pytest.fixture
def reader(demo, viewer):
    return client_for(viewer)


def summary(client, query=""):
    response = client.get(f"{SUMMARY}?{query}")
    assert response.status_code == 200, response.json()
    return response.json()


def test_odesa_casualties_match_a_hand_count(reader):
    body = summary(reader, f"event={ODESA_STRIKE}&item=person&group_by=outcome")

    assert body == {
        "group_by": ["outcome"],
        "interval": None,
        "item": "person",
        "outcome": None,
        "results": [
            # "some 40,000" (Governor Kiper) and "40,000" (RFE/RL) without heating.
            {"outcome": "affected", "claims": 2, "quantities": 2, "lower": 80000, "upper": 80000,
             "open_ended": 0},
            # "one person died" (officials), "killed one person" (RFE/RL).
            {"outcome": "killed", "claims": 2, "quantities": 2, "lower": 2, "upper": 2,
             "open_ended": 0},
            # "at least 10" (officials): in the lower sum and open-ended, not in the upper sum;
            # "injuring 10" (RFE/RL).
            {"outcome": "wounded", "claims": 2, "quantities": 2, "lower": 20, "upper": 10,
             "open_ended": 1},
        ],
    }  # fmt: skip


def test_drones_launched_and_downed_by_each_side_on_14_and_15_november(reader):
    body = summary(
        reader,
        "item=drone&group_by=side,outcome&interval=day"
        "&occurred_after=2024-11-14&occurred_before=2024-11-15",
    )

    assert [
        (row["side"], row["outcome"], row["period"], row["lower"], row["upper"], row["open_ended"])
        for row in body["results"]
    ] == [
        ("russia", "detected", "2024-11-15", 80, 0, 1),  # "more than 80"
        ("russia", "downed", "2024-11-15", 24, 0, 1),  # "dozens"
        ("russia", "launched", "2024-11-15", 24, 0, 1),  # "dozens"
        ("ukraine", "downed", "2024-11-14", 25, 25, 0),  # "25 had been downed"
        ("ukraine", "launched", "2024-11-14", 30, 30, 0),  # "nearly 30"
    ]


def test_outcome_restricts_the_quantities_summed_too(reader):
    body = summary(reader, "outcome=downed&group_by=side")

    rows = body["results"]
    assert [(row["side"], row["claims"], row["quantities"], row["lower"]) for row in rows] == [
        ("russia", 1, 1, 24),
        ("ukraine", 1, 1, 25),
    ]


def test_without_item_or_outcome_every_claim_counts(reader):
    body = summary(reader, "group_by=side,status")

    assert [(row["side"], row["status"], row["claims"]) for row in body["results"]] == [
        ("russia", "unverified", 6),
        ("ukraine", "unverified", 14),
        (None, "unverified", 8),
    ]


def test_a_duplicate_linked_over_the_api_is_counted_once(demo, editor):
    client = client_for(editor)
    before = summary(client, f"event={ODESA_STRIKE}&outcome=killed")["results"]

    # RFE/RL's caption repeats the officials' figures.
    linked = client.post("/api/claims/24/links/", {"relation": "duplicates", "claim": 21})
    assert linked.status_code == 201, linked.json()

    after = summary(client, f"event={ODESA_STRIKE}&outcome=killed")["results"]
    assert [(row["claims"], row["lower"]) for row in before] == [(2, 2)]
    assert [(row["claims"], row["lower"]) for row in after] == [(1, 1)]


def test_an_updated_figure_is_replaced_by_the_newer_one(demo, editor):
    client = client_for(editor)

    # RFE/RL's "injured 10" is the newer figure; the officials' "at least 10" goes.
    linked = client.post("/api/claims/24/links/", {"relation": "updates", "claim": 21})
    assert linked.status_code == 201, linked.json()

    [wounded] = summary(client, f"event={ODESA_STRIKE}&outcome=wounded")["results"]
    assert (wounded["claims"], wounded["lower"], wounded["upper"], wounded["open_ended"]) == (
        1,
        10,
        10,
        0,
    )


# Every filter of the claims list, alone and combined.
FILTERS = [
    "side=ukraine",
    "side=russia",
    f"source={AIR_FORCE}",
    "status=unverified",
    "status=confirmed,refuted",
    "topic=casualties",
    f"event={ODESA_STRIKE}",
    "occurred_after=2024-11-15",
    "occurred_before=2024-11-14",
    "q=Odesa",
    "q=%22drone%20attack%22%20-Krymsk",
    "item=drone",
    "outcome=launched",
    "item=person&outcome=wounded",
    "side=russia&item=drone&occurred_after=2024-11-15",
    f"side=ukraine&event={ODESA_STRIKE}&topic=casualties",
]


@pytest.mark.parametrize("filters", FILTERS)
def test_every_filter_narrows_the_summary_as_it_narrows_the_list(reader, filters):
    listed = reader.get(f"/api/claims/?{filters}&page_size=500").json()
    grouping = "group_by=source,event,status,item,outcome&interval=day"

    filtered = summary(reader, f"{filters}&{grouping}")

    # The claims the list shows, by id (summed from the ledger rather than the rollup), give
    # the same rows, and as many claims in all.
    by_ids = aggregates.summarize(
        Claim.objects.filter(pk__in=[claim["id"] for claim in listed["results"]]),
        group_by=filtered["group_by"],
        interval="day",
        item=filtered["item"],
        outcome=filtered["outcome"],
    )
    assert filtered["results"] == json.loads(JSONRenderer().render(by_ids))
    total = summary(reader, filters)["results"]
    assert (total[0]["claims"] if total else 0) == listed["count"]


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("group_by=side,colour", "group_by"),
        ("group_by=period", "group_by"),
        ("interval=year", "interval"),
        ("interval=week&group_by=side%00", "group_by"),
        ("side=narnia", "side"),
        ("source=abc", "source"),
        ("status=lost", "status"),
        ("occurred_after=yesterday", "occurred_after"),
        ("outcome=eaten", "outcome"),
        ("item=" + "x" * 101, "item"),
        ("q=" + "x" * 501, "q"),
    ],
)
def test_bad_input_is_a_400_naming_the_parameter(reader, query, parameter):
    response = reader.get(f"{SUMMARY}?{query}")

    assert response.status_code == 400
    assert set(response.json()) == {parameter}


def test_too_many_groups_is_a_400_on_group_by(reader, monkeypatch):
    monkeypatch.setattr(aggregates, "MAX_ROWS", 2)

    response = reader.get(f"{SUMMARY}?group_by=side")

    assert response.status_code == 400
    assert response.json() == {
        "group_by": ["This grouping gives more than 2 rows. Filter or group less."]
    }


def test_an_empty_group_is_a_400_as_in_every_list_of_choices(reader):
    response = reader.get(f"{SUMMARY}?group_by=side,,status")

    assert response.status_code == 400
    assert "group_by" in response.json()


def test_an_empty_interval_is_none(reader):
    assert summary(reader, "group_by=side&interval=")["interval"] is None


def test_viewer_reads_it_and_anonymous_gets_401(reader):
    response = APIClient().get(SUMMARY)

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")
    assert summary(reader)["results"][0]["claims"] == 28


def test_public_read_opens_it_to_anonymous_readers(demo, settings):
    settings.PUBLIC_READ = True

    assert summary(APIClient(), "group_by=side")["results"][0]["side"] == "russia"


@pytest.mark.parametrize("query", ["", "item=drone&outcome=downed&group_by=side&interval=week"])
def test_a_fixed_number_of_queries(reader, django_assert_num_queries, query):
    # 1. the token, its user and the change count (the ETag's; one statement); 2. the
    # claims_summary_flush() of this test's transaction (requests run in autocommit: they skip
    # it); 3. the summary.
    with django_assert_num_queries(3):
        summary(reader, query)
    # 4. each filter naming a record is checked to exist: the party of `side`.
    with django_assert_num_queries(4):
        summary(reader, f"side=ukraine&status=unverified&q=drones&{query}")


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi")
    return yaml.safe_load(response.content)


def test_responses_are_what_the_schema_documents(reader, schema):
    component = {"$ref": "#/components/schemas/QuantitySummary"}
    validator = OAS30Validator(
        {**component, "components": schema["components"]},
    )
    for query in [
        "",
        "group_by=side,source,event,status,item,outcome&interval=week",
        "item=person&outcome=wounded&group_by=event&interval=month",
        "q=Odesa&group_by=status",
    ]:
        validator.validate(summary(reader, query))


def test_the_summary_is_described(schema):
    operation = schema["paths"][SUMMARY]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    row = schema["components"]["schemas"]["QuantitySummaryRow"]

    assert names == {
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
        "group_by",
        "interval",
        "If-None-Match",
    }
    assert set(operation["responses"]) == {"200", "304", "400", "401", "403", "414"}
    assert set(row["required"]) == {"claims", "quantities", "lower", "upper", "open_ended"}
    assert row["properties"]["lower"]["type"] == "number"
