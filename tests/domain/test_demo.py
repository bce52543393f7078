"""The demo desk holds the seed article's claims, with their real sources, sides and numbers."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from claims.extraction import extract_quantities
from claims.models import Claim, ClaimLink, Document, Event, Party, Quantity, Source

pytestmark = pytest.mark.django_db


def quantities_of(claim: Claim) -> list[tuple]:
    return [
        (q.value, q.upper, q.qualifier, q.of_total, q.item, q.outcome)
        for q in claim.quantities.all()
    ]


def the_claim(text_start: str, source: str) -> Claim:
    return Claim.objects.get(text__startswith=text_start, source__name=source)


def test_demo_holds_every_claim_of_the_article(demo):
    assert Claim.objects.count() >= 20
    assert set(Party.objects.values_list("slug", flat=True)) == {"ukraine", "russia"}
    assert not Claim.objects.exclude(status="unverified").exists()
    assert not Claim.objects.filter(quote="").exists()
    assert Claim.objects.filter(document__outlet__name="RFE/RL").count() == Claim.objects.count()
    assert Document.objects.get().title == (
        "Scholz Speaks To Putin About Ukraine War, Drawing Concern From Kyiv"
    )


@pytest.mark.parametrize(
    ("source", "side"),
    [
        ("Ukrainian Air Force", "ukraine"),
        ("Russian Defense Ministry", "russia"),
        ("Governor Veniamin Kondratyev", "russia"),
        ("Governor Oleh Kiper", "ukraine"),
        ("Mayor Hennadiy Trukhanov", "ukraine"),
        ("Astra", None),
        ("Russian war bloggers", "russia"),
        ("General Staff of the Armed Forces of Ukraine", "ukraine"),
        ("Oleksandr Musiyenko", "ukraine"),
    ],
)
def test_each_claim_speaks_for_its_sources_side(demo, source, side):
    claims = Claim.objects.filter(source__name=source)
    assert claims.exists()
    assert set(claims.values_list("side__slug", flat=True)) == {side}


def test_air_force_claims_25_of_nearly_30_drones_downed(demo):
    claim = the_claim("Ukrainian air defenses downed 25", "Ukrainian Air Force")
    assert quantities_of(claim) == [
        (Decimal(25), None, "exact", Decimal(30), "drone", "downed"),
    ]
    assert "It claimed 25 had been downed." in claim.quote
    assert claim.event.title.startswith("Russian drone and missile attack on Ukraine overnight")


def test_odesa_strike_killed_one_and_wounded_at_least_ten(demo):
    claim = the_claim("One person was killed", "Ukrainian officials")
    assert quantities_of(claim) == [
        (Decimal(1), None, "exact", None, "person", "killed"),
        (Decimal(10), None, "at_least", None, "person", "wounded"),
    ]
    assert claim.event.title == "Russian strike on Odesa"


def test_40000_people_left_without_heating_in_odesa(demo):
    claim = the_claim("A main heating pipeline", "Governor Oleh Kiper")
    assert quantities_of(claim) == [
        (Decimal(40000), None, "approximately", None, "person", "affected"),
    ]


def test_both_sides_numbers_for_the_drone_attack_on_russia(demo):
    event = Event.objects.get(title__contains="Krymsk air base")
    by_side = {
        (q.claim.side.slug if q.claim.side else None, q.outcome, q.qualifier, q.value)
        for q in Quantity.objects.filter(claim__event=event).select_related("claim__side")
    }
    assert by_side == {
        ("russia", "launched", "vague", Decimal(24)),
        ("russia", "detected", "more_than", Decimal(80)),
        ("russia", "downed", "vague", Decimal(24)),
    }


def test_kursk_territory_and_kupyansk_assault_are_there(demo):
    kursk = the_claim("Ukrainian forces control more than 1,200", "Ukrainian Armed Forces")
    assert quantities_of(kursk) == [
        (Decimal(1200), None, "more_than", None, "km2", "controlled"),
    ]
    kupyansk = Event.objects.get(title="Russian assault on Kupyansk")
    assert kupyansk.claims.values("side").distinct().count() == 3  # Ukraine, Russia, RFE/RL
    assert Claim.objects.filter(text__contains="Pokrovsk").exists()
    assert Claim.objects.filter(text__contains="Toretsk and Chasiv Yar").exists()
    assert the_claim("Russia's strategic goal", "Oleksandr Musiyenko").source.kind == "expert"


def test_demo_links_the_contradicting_kupyansk_claims(demo):
    link = ClaimLink.objects.get(
        relation="contradicts", from_claim__source__name="Ukrainian commanders"
    )
    assert link.to_claim.source.name == "Russian officials"


def test_demo_is_loaded_only_into_an_empty_database(demo):
    Source.objects.filter(name="Astra").update(notes="Edited by the desk.")
    claims_before = Claim.objects.count()
    call_command("load_demo", verbosity=0)
    assert Claim.objects.count() == claims_before
    assert Source.objects.get(name="Astra").notes == "Edited by the desk."


def test_demo_is_not_loaded_beside_a_desks_own_data(db):
    Party.objects.create(name="Sudan", slug="sudan")
    call_command("load_demo", verbosity=0)
    assert not Claim.objects.exists()


def test_extractor_reproduces_the_hand_entered_demo_quantities(demo):
    """Editors entered the demo's quantities by hand; the extractor, run on each claim's text,
    proposes exactly the same ones (the demo counts buildings, as the extractor does, rather than
    "apartment buildings")."""

    def normalized(quantities) -> list[tuple]:
        return [
            (
                Decimal(q.value).normalize(),
                q.upper,
                q.qualifier,
                None if q.of_total is None else Decimal(q.of_total).normalize(),
                q.item,
                q.outcome,
            )
            for q in quantities
        ]

    claims = Claim.objects.prefetch_related("quantities").order_by("id")
    differences = {
        claim.text: (normalized(claim.quantities.all()), normalized(extract_quantities(claim.text)))
        for claim in claims
        if normalized(claim.quantities.all()) != normalized(extract_quantities(claim.text))
    }
    assert differences == {}
    assert sum(len(claim.quantities.all()) for claim in claims) == 15
