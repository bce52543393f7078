"""The events list summarizes each event per side (claims, and figures summed per item and
outcome as /api/quantities/summary/ sums them); the event's detail keeps every quantity side by
side, with the contradictions."""

import pytest

from tests.factories import (
    ClaimFactory,
    ClaimLinkFactory,
    EventFactory,
    PartyFactory,
    QuantityFactory,
    SourceFactory,
)


def listed(api, event) -> dict:
    response = api.get("/api/events/", {"page_size": 500})
    assert response.status_code == 200
    return next(row for row in response.json()["results"] if row["id"] == event.pk)


def figure(item, outcome, claims, quantities, lower, upper, open_ended=0) -> dict:
    return {
        "item": item,
        "outcome": outcome,
        "claims": claims,
        "quantities": quantities,
        "lower": lower,
        "upper": upper,
        "open_ended": open_ended,
    }


@pytest.fixture
def attack(db):
    """An overnight drone attack as three sides tell it, with claims giving no number."""
    ukraine = PartyFactory(name="Ukraine", slug="ukraine")
    russia = PartyFactory(name="Russia", slug="russia")
    air_force = SourceFactory(name="Ukrainian Air Force", party=ukraine)
    governor = SourceFactory(name="Odesa governor", party=ukraine)
    ministry = SourceFactory(name="Russian Defense Ministry", party=russia)
    monitor = SourceFactory(name="Monitor", party=None)
    event = EventFactory(title="Overnight drone attack")

    nationwide = ClaimFactory(event=event, source=air_force)
    QuantityFactory(claim=nationwide, value=25, of_total=30, item="drone", outcome="downed")
    QuantityFactory(claim=nationwide, value=30, item="drone", outcome="launched")
    # Two numbers of one item and outcome in one claim: "10 over Odesa, 5 over Mykolaiv".
    regional = ClaimFactory(event=event, source=governor)
    QuantityFactory(claim=regional, value=10, item="drone", outcome="downed")
    QuantityFactory(claim=regional, value=5, item="drone", outcome="downed")
    QuantityFactory(claim=regional, value=1, item="person", outcome="wounded")
    ClaimFactory(event=event, source=air_force)  # no numbers

    russian = ClaimFactory(event=event, source=ministry)
    QuantityFactory(
        claim=russian, value=20, upper=24, qualifier="range", item="drone", outcome="launched"
    )
    QuantityFactory(claim=russian, value=80, qualifier="more_than", item="drone", outcome="downed")

    ClaimFactory(event=event, source=monitor, side=None)  # independent, no numbers
    QuantityFactory(claim=ClaimFactory(source=air_force), value=99)  # another event's
    return event


def test_the_list_counts_each_sides_claims_and_sums_its_figures(api, attack):
    event = listed(api, attack)

    assert event["claims_total"] == 5
    assert event["by_side"] == {
        "russia": {
            "claims": 1,
            "figures": [
                figure("drone", "downed", 1, 1, 80, 0, open_ended=1),
                figure("drone", "launched", 1, 1, 20, 24),
            ],
        },
        "ukraine": {
            "claims": 3,
            "figures": [
                figure("drone", "downed", 2, 3, 40, 40),
                figure("drone", "launched", 1, 1, 30, 30),
                figure("person", "wounded", 1, 1, 1, 1),
            ],
        },
        "independent": {"claims": 1, "figures": []},
    }
    # Sides as the event's page orders them: by party name, independent last.
    assert list(event["by_side"]) == ["russia", "ukraine", "independent"]


def test_the_figures_are_the_quantity_summarys_for_the_event(api, attack):
    summary = api.get(
        "/api/quantities/summary/", {"event": attack.pk, "group_by": "side,item,outcome"}
    ).json()["results"]
    by_side = listed(api, attack)["by_side"]

    figures = {
        (side or "independent", row["item"], row["outcome"]): {
            total: row[total] for total in ("claims", "quantities", "lower", "upper", "open_ended")
        }
        for row in summary
        if row["item"] is not None
        for side in [row["side"]]
    }
    assert figures == {
        (side, shown["item"], shown["outcome"]): {
            total: shown[total]
            for total in ("claims", "quantities", "lower", "upper", "open_ended")
        }
        for side, summarized in by_side.items()
        for shown in summarized["figures"]
    }


def test_a_claim_that_duplicates_or_is_updated_is_counted_but_not_summed_twice(api, attack):
    ukraine = PartyFactory(slug="ukraine")
    morning = ClaimFactory(event=attack, source=SourceFactory(party=ukraine))
    QuantityFactory(claim=morning, value=12, item="missile", outcome="downed")
    evening = ClaimFactory(event=attack, source=SourceFactory(party=ukraine))
    QuantityFactory(claim=evening, value=14, item="missile", outcome="downed")
    ClaimLinkFactory(from_claim=evening, to_claim=morning, relation="updates")
    relayed = ClaimFactory(event=attack, source=SourceFactory(party=ukraine))
    QuantityFactory(claim=relayed, value=14, item="missile", outcome="downed")
    ClaimLinkFactory(from_claim=relayed, to_claim=evening, relation="duplicates")

    ukrainian = listed(api, attack)["by_side"]["ukraine"]

    assert ukrainian["claims"] == 6
    assert figure("missile", "downed", 1, 1, 14, 14) in ukrainian["figures"]


def test_deleted_and_moved_claims_and_quantities_leave_the_summary(api, attack):
    russian = attack.claims.get(side__slug="russia")
    regional = attack.claims.get(source__name="Odesa governor")
    regional.quantities.filter(item="person").delete()
    russian.quantities.all().delete()
    russian.event = EventFactory()
    russian.save()
    attack.claims.filter(source__name="Monitor").delete()

    event = listed(api, attack)

    assert event["claims_total"] == 3
    assert list(event["by_side"]) == ["ukraine"]
    assert [(f["item"], f["outcome"]) for f in event["by_side"]["ukraine"]["figures"]] == [
        ("drone", "downed"),
        ("drone", "launched"),
    ]
    moved = listed(api, russian.event)
    assert moved["claims_total"] == 1
    assert moved["by_side"] == {"russia": {"claims": 1, "figures": []}}


def test_an_event_without_claims_has_an_empty_summary(api, db):
    event = EventFactory(occurred_on=None)

    assert listed(api, event) | {"created_at": None, "updated_at": None} == {
        "id": event.pk,
        "title": event.title,
        "occurred_on": None,
        "location": "",
        "description": "",
        "claims_total": 0,
        "by_side": {},
        "created_at": None,
        "updated_at": None,
    }


def test_the_list_leaves_the_side_by_side_to_the_detail(api, attack):
    russian = attack.claims.get(side__slug="russia")
    regional = attack.claims.get(source__name="Odesa governor")
    link = ClaimLinkFactory(from_claim=russian, to_claim=regional, relation="contradicts")

    event = listed(api, attack)
    detail = api.get(f"/api/events/{attack.pk}/").json()

    assert "quantities_by_side" not in event and "contradictions" not in event
    assert [q["value"] for q in detail["quantities_by_side"]["ukraine"]] == [25, 30, 10, 5, 1]
    assert [q["summary"] for q in detail["quantities_by_side"]["russia"]] == [
        "20 to 24 drones launched",
        "more than 80 drones downed",
    ]
    assert [c["id"] for c in detail["contradictions"]] == [link.pk]
    assert {key: detail[key] for key in event if key in detail} == {
        key: event[key] for key in event if key in detail
    }


def test_the_schema_says_the_list_shows_summaries_and_the_detail_quantities(chief):
    schema = chief.get("/api/schema/", {"format": "json"}).json()
    components = schema["components"]["schemas"]

    def shown(path):
        content = schema["paths"][path]["get"]["responses"]["200"]["content"]
        return content["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]

    page = components[shown("/api/events/")]["properties"]["results"]["items"]["$ref"]
    listed_properties = components[page.rsplit("/", 1)[1]]["properties"]
    detail_properties = components[shown("/api/events/{id}/")]["properties"]
    assert {"claims_total", "by_side"} <= set(listed_properties)
    assert not {"quantities_by_side", "contradictions"} & set(listed_properties)
    assert {"quantities_by_side", "contradictions"} <= set(detail_properties)
