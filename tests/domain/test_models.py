"""The database itself rejects bad rows: constraints hold whatever path a write takes."""

import pytest
from django.db import IntegrityError, connection, transaction

from claims.models import Claim, ClaimLink, Document, Party, Quantity, Source
from tests.factories import (
    ClaimFactory,
    ClaimLinkFactory,
    DocumentFactory,
    EventFactory,
    PartyFactory,
    QuantityFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def rejected_by_database(sql: str, params: list) -> bool:
    """Run raw SQL, bypassing every form and serializer; True when PostgreSQL refuses it."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except IntegrityError:
        return True
    return False


def test_party_slug_is_unique():
    PartyFactory(name="Ukraine", slug="ukraine")
    with pytest.raises(IntegrityError), transaction.atomic():
        Party.objects.create(name="Ukraine (2)", slug="ukraine")


def test_source_name_is_unique_ignoring_case():
    SourceFactory(name="Ukrainian Air Force")
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.create(name="ukrainian AIR force", kind="military")


@pytest.mark.parametrize(
    ("column", "bad_value"),
    [("kind", "astrologer"), ("reliability", "G"), ("reliability", "a")],
)
def test_source_choices_are_checked_by_the_database(column, bad_value):
    assert rejected_by_database(
        "INSERT INTO claims_source (name, kind, reliability, url, notes, created_at, updated_at)"
        " VALUES ('Somebody', %s, %s, '', '', now(), now())",
        [
            bad_value if column == "kind" else "other",
            bad_value if column == "reliability" else "F",
        ],
    )


def test_source_reliability_defaults_to_cannot_be_judged():
    assert Source.objects.create(name="New channel", kind="social_channel").reliability == "F"


@pytest.mark.parametrize(
    ("column", "bad_value"),
    [
        ("status", "probably"),
        ("topic", "weather"),
        ("latitude", 90.5),
        ("latitude", -91),
        ("longitude", 180.5),
        ("longitude", -181),
        ("text", ""),
    ],
)
def test_claim_columns_are_checked_by_the_database(column, bad_value):
    claim = ClaimFactory()
    assert rejected_by_database(
        f"UPDATE claims_claim SET {column} = %s WHERE id = %s", [bad_value, claim.pk]
    )


@pytest.mark.parametrize(
    ("fields", "allowed"),
    [
        ({"value": 25, "of_total": 30}, True),
        ({"value": 10, "upper": 15, "qualifier": "range"}, True),
        ({"value": 0}, True),
        ({"value": -1}, False),
        ({"value": 15, "upper": 10}, False),
        ({"value": 31, "of_total": 30}, False),
        ({"value": 10, "qualifier": "range"}, False),
        ({"value": 10, "qualifier": "roughly"}, False),
        ({"value": 10, "outcome": "vaporized"}, False),
    ],
)
def test_quantity_rules_are_checked_by_the_database(fields, allowed):
    claim = ClaimFactory()
    row = {"upper": None, "of_total": None, "qualifier": "exact", "outcome": "downed", **fields}
    sql = (
        "INSERT INTO claims_quantity (claim_id, value, upper, qualifier, of_total, item, outcome)"
        " VALUES (%s, %s, %s, %s, %s, 'drone', %s)"
    )
    params = [claim.pk, row["value"], row["upper"], row["qualifier"], row["of_total"]]
    assert rejected_by_database(sql, [*params, row["outcome"]]) is not allowed


def test_claim_cannot_link_to_itself():
    claim = ClaimFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimLink.objects.create(from_claim=claim, to_claim=claim, relation="corroborates")


def test_claim_link_is_stored_once_whichever_end_it_was_made_from():
    link = ClaimLinkFactory(relation="contradicts")
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimLink.objects.create(
            from_claim=link.to_claim, to_claim=link.from_claim, relation="contradicts"
        )


@pytest.mark.parametrize("referenced", ["source", "side", "event", "document"])
def test_deleting_what_a_claim_points_at_is_refused(referenced):
    claim = ClaimFactory(event=EventFactory(), document=DocumentFactory())
    target = getattr(claim, referenced)
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        # Raw SQL, past Django's on_delete=PROTECT: the foreign key holds in the database too
        # (Django's foreign keys are checked at commit; make this one check now).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"DELETE FROM {target._meta.db_table} WHERE id = %s", [target.pk])
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_deleting_a_party_that_sources_speak_for_is_refused():
    source = SourceFactory()
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("DELETE FROM claims_party WHERE id = %s", [source.party_id])


def test_deleting_a_claim_deletes_its_quantities():
    quantity = QuantityFactory()
    quantity.claim.delete()
    assert not Quantity.objects.filter(pk=quantity.pk).exists()


def test_side_defaults_to_the_sources_party():
    source = SourceFactory(party=PartyFactory(name="Russia", slug="russia"))
    assert ClaimFactory(source=source).side.slug == "russia"


def test_independent_source_leaves_side_empty():
    assert ClaimFactory(source=SourceFactory(party=None)).side is None


def test_document_urls_are_normalized_so_one_article_is_one_row():
    DocumentFactory(url="HTTPS://www.RFERL.org:443/a/odesa-strike/?utm_source=tg&id=7#top")
    assert Document.objects.get().url == "https://www.rferl.org/a/odesa-strike?id=7"
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentFactory(url="https://www.rferl.org/a/odesa-strike?id=7&fbclid=abc")


def test_search_vector_is_kept_by_postgres_even_for_bulk_updates():
    claim = ClaimFactory(text="Air defense shot down drones over Odesa.", quote="")
    Claim.objects.filter(pk=claim.pk).update(text="Heating pipeline struck in Kharkiv.")
    assert list(Claim.objects.search("pipeline")) == [claim]
    assert not Claim.objects.search("drones").exists()


def test_search_covers_quote_and_the_sources_name_and_follows_a_rename():
    source = SourceFactory(name="Governor Oleh Kiper")
    claim = ClaimFactory(source=source, text="A building was hit.", quote="massive combined strike")
    assert list(Claim.objects.search('"combined strike"')) == [claim]
    assert list(Claim.objects.search("Kiper")) == [claim]
    Source.objects.filter(pk=source.pk).update(name="Odesa regional administration")
    assert list(Claim.objects.search("administration")) == [claim]
    assert not Claim.objects.search("Kiper").exists()


def test_queryset_methods_filter_by_side_and_status():
    ukraine = PartyFactory(name="Ukraine", slug="ukraine")
    claim = ClaimFactory(source=SourceFactory(party=ukraine))
    ClaimFactory(source=SourceFactory(party=PartyFactory(name="Russia", slug="russia")))
    assert list(Claim.objects.by_side("ukraine").unverified()) == [claim]
    assert not Claim.objects.by_side("ukraine").with_status("confirmed").exists()


def test_with_quantity_finds_each_claim_once_by_one_quantity_in_any_query():
    twice = QuantityFactory(item="drone", outcome="downed").claim
    QuantityFactory(claim=twice, item="drone", outcome="downed", value=3)
    apart = QuantityFactory(item="drone", outcome="launched").claim  # the two fields apart
    QuantityFactory(claim=apart, item="missile", outcome="downed")
    ClaimFactory()  # none
    downed_drones = Claim.objects.with_quantity(item="drone", outcome="downed")
    assert list(downed_drones) == [twice]
    assert set(Claim.objects.with_quantity(outcome="downed")) == {twice, apart}
    # As a subquery its claim is the outer query's relabelled alias, not the table's name.
    inner = Claim.objects.filter(pk__in=downed_drones.values("pk"))
    assert list(inner) == [twice]
    # Beside a join of the quantities (filtering through them), its own alias stands apart.
    joined = Claim.objects.filter(quantities__item="missile").with_quantity(item="drone")
    assert list(joined) == [apart]
    assert not Claim.objects.exclude(pk=twice.pk).with_quantity(outcome="downed", item="drone")


@pytest.mark.parametrize(
    ("fields", "summary"),
    [
        (
            {"value": 25, "of_total": 30, "item": "drone", "outcome": "downed"},
            "25 of 30 drones downed",
        ),
        (
            {"value": 10, "qualifier": "at_least", "item": "person", "outcome": "wounded"},
            "at least 10 people wounded",
        ),
        ({"value": 1, "item": "person", "outcome": "killed"}, "1 person killed"),
        (
            {"value": 24, "qualifier": "vague", "item": "drone", "outcome": "launched"},
            "dozens of drones launched",
        ),
        (
            {"value": 1200, "qualifier": "more_than", "item": "km2", "outcome": "controlled"},
            "more than 1,200 km2 controlled",
        ),
        (
            {"value": 10, "upper": 15, "qualifier": "range", "item": "missile", "outcome": ""},
            "10 to 15 missiles",
        ),
    ],
)
def test_quantity_summary_reads_like_the_newsroom_writes(fields, summary):
    assert QuantityFactory(**fields).summary == summary
