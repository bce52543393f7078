"""Summaries of the claims' quantities (claims/aggregates.py) match a hand count of the demo desk,
sum ranges as ranges, count each claim once, and follow every write."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from claims import aggregates, linking
from claims.aggregates import MAX_ROWS, TooManyGroups, summarize
from claims.models import Claim, ClaimLink, Quantity
from tests.factories import ClaimFactory, PartyFactory, QuantityFactory, SourceFactory

# The demo's events and claims (claims/fixtures/demo.json).
ODESA_STRIKE = 1
OFFICIALS_ODESA_CASUALTIES = 21  # "one killed, at least 10 wounded"
RFERL_ODESA_CAPTION = 24  # "killed one person, injured 10 and left 40,000 without heating"


def totals(row):
    return {name: row[name] for name in aggregates.TOTALS}


def test_odesa_casualties_match_a_hand_count(demo):
    rows = summarize(Claim.objects.filter(event=ODESA_STRIKE), group_by=["outcome"], item="person")

    # Officials: 1 killed, at least 10 wounded; Governor Kiper: some 40,000 without heating;
    # RFE/RL's caption: 1 killed, 10 injured, 40,000 without heating.
    assert rows == [
        {"outcome": "affected", "claims": 2, "quantities": 2, "lower": 80000, "upper": 80000,
         "open_ended": 0},
        {"outcome": "killed", "claims": 2, "quantities": 2, "lower": 2, "upper": 2,
         "open_ended": 0},
        # "at least 10" adds 10 to the lower bound, nothing to the upper one, and is open-ended.
        {"outcome": "wounded", "claims": 2, "quantities": 2, "lower": 20, "upper": 10,
         "open_ended": 1},
    ]  # fmt: skip


def test_odesa_casualties_by_side(demo):
    rows = summarize(
        Claim.objects.filter(event=ODESA_STRIKE), group_by=["side", "outcome"], item="person"
    )

    assert [(row["side"], row["outcome"], row["lower"], row["upper"]) for row in rows] == [
        ("ukraine", "affected", 40000, 40000),
        ("ukraine", "killed", 1, 1),
        ("ukraine", "wounded", 10, 0),
        (None, "affected", 40000, 40000),  # RFE/RL speaks for no side; nulls come last
        (None, "killed", 1, 1),
        (None, "wounded", 10, 10),
    ]


def test_drones_launched_and_downed_by_each_side_on_14_and_15_november(demo):
    claims = Claim.objects.filter(occurred_on__range=("2024-11-14", "2024-11-15"))

    rows = summarize(claims, group_by=["side", "outcome"], interval="day", item="drone")

    nov_14, nov_15 = datetime.date(2024, 11, 14), datetime.date(2024, 11, 15)
    assert rows == [
        # Russia's Defense Ministry: "more than 80" detected, "dozens" downed; Governor
        # Kondratyev: "dozens" launched. No ceiling to any of them.
        {"side": "russia", "outcome": "detected", "period": nov_15, "claims": 1, "quantities": 1,
         "lower": 80, "upper": 0, "open_ended": 1},
        {"side": "russia", "outcome": "downed", "period": nov_15, "claims": 1, "quantities": 1,
         "lower": 24, "upper": 0, "open_ended": 1},
        {"side": "russia", "outcome": "launched", "period": nov_15, "claims": 1, "quantities": 1,
         "lower": 24, "upper": 0, "open_ended": 1},
        # Ukraine's Air Force: 25 of nearly 30 downed; nearly 30 launched.
        {"side": "ukraine", "outcome": "downed", "period": nov_14, "claims": 1, "quantities": 1,
         "lower": 25, "upper": 25, "open_ended": 0},
        {"side": "ukraine", "outcome": "launched", "period": nov_14, "claims": 1,
         "quantities": 1, "lower": 30, "upper": 30, "open_ended": 0},
    ]  # fmt: skip


def test_without_item_or_outcome_every_claim_counts(demo):
    rows = summarize(Claim.objects.all(), group_by=["side"])

    assert rows == [
        {"side": "russia", "claims": 6, "quantities": 3, "lower": 128, "upper": 0,
         "open_ended": 3},
        {"side": "ukraine", "claims": 14, "quantities": 9, "lower": 41271, "upper": 40058,
         "open_ended": 3},
        {"side": None, "claims": 8, "quantities": 3, "lower": 40011, "upper": 40011,
         "open_ended": 0},
    ]  # fmt: skip


def test_ranges_are_summed_as_ranges(db):
    claim = ClaimFactory()
    for value, upper, qualifier in [
        (10, None, "exact"),  # [10, 10]
        (30, None, "approximately"),  # [30, 30]
        (5, 9, "range"),  # [5, 9]
        (5, None, "at_most"),  # [0, 5]
        (4, None, "fewer_than"),  # [0, 4]
        (10, None, "at_least"),  # [10, open]
        (80, None, "more_than"),  # [80, open]
        (24, None, "vague"),  # "dozens": [24, open]
        (24, 99, "vague"),  # "dozens, under a hundred": [24, 99]
    ]:
        QuantityFactory(claim=claim, value=value, upper=upper, qualifier=qualifier)

    [row] = summarize(Claim.objects.all())

    assert row == {
        "claims": 1,
        "quantities": 9,
        "lower": Decimal("183"),
        "upper": Decimal("157"),
        "open_ended": 3,
    }


def test_item_and_outcome_count_only_their_quantities_and_claims(db):
    both = ClaimFactory()
    QuantityFactory(claim=both, value=25, item="drone", outcome="downed")
    QuantityFactory(claim=both, value=30, item="drone", outcome="launched")
    QuantityFactory(claim=ClaimFactory(), value=1, item="person", outcome="killed")
    ClaimFactory()  # no quantities

    assert totals(summarize(Claim.objects.all(), item="drone")[0]) == {
        "claims": 1, "quantities": 2, "lower": 55, "upper": 55, "open_ended": 0,
    }  # fmt: skip
    assert totals(summarize(Claim.objects.all(), item="drone", outcome="downed")[0]) == {
        "claims": 1, "quantities": 1, "lower": 25, "upper": 25, "open_ended": 0,
    }  # fmt: skip
    assert summarize(Claim.objects.all(), outcome="wounded") == []
    assert totals(summarize(Claim.objects.all())[0])["claims"] == 3


def test_grouped_by_item_a_claim_counts_once_per_item_and_one_without_in_none(db):
    claim = ClaimFactory()
    QuantityFactory(claim=claim, value=25, item="drone", outcome="downed")
    QuantityFactory(claim=claim, value=30, item="drone", outcome="launched")
    QuantityFactory(claim=claim, value=1, item="missile", outcome="launched")
    ClaimFactory()

    rows = summarize(Claim.objects.all(), group_by=["item"])

    assert [(row["item"], row["claims"], row["quantities"], row["lower"]) for row in rows] == [
        ("drone", 1, 2, 55),
        ("missile", 1, 1, 1),
        (None, 1, 0, 0),
    ]


def test_a_duplicate_is_counted_once(demo):
    linking.save_link(
        ClaimLink(
            from_claim_id=RFERL_ODESA_CAPTION,
            to_claim_id=OFFICIALS_ODESA_CASUALTIES,
            relation="duplicates",
        )
    )

    rows = summarize(Claim.objects.filter(event=ODESA_STRIKE), group_by=["outcome"], item="person")

    # Only the officials' figures remain.
    assert [(row["outcome"], row["claims"], row["lower"], row["upper"]) for row in rows] == [
        ("affected", 1, 40000, 40000),  # Governor Kiper's
        ("killed", 1, 1, 1),
        ("wounded", 1, 10, 0),
    ]


def test_a_claim_a_newer_one_updates_is_left_out_until_the_link_goes(demo):
    link = linking.save_link(
        ClaimLink(
            from_claim_id=RFERL_ODESA_CAPTION,
            to_claim_id=OFFICIALS_ODESA_CASUALTIES,
            relation="updates",
        )
    )
    wounded = Claim.objects.filter(event=ODESA_STRIKE)

    assert totals(summarize(wounded, outcome="wounded")[0]) == {
        "claims": 1, "quantities": 1, "lower": 10, "upper": 10, "open_ended": 0,
    }  # fmt: skip

    link.delete()

    assert totals(summarize(wounded, outcome="wounded")[0]) == {
        "claims": 2, "quantities": 2, "lower": 20, "upper": 10, "open_ended": 1,
    }  # fmt: skip


def test_rows_are_ordered_by_the_group_keys_then_period(db):
    alpha = SourceFactory(name="Alpha", party=PartyFactory(slug="ukraine"))
    beta = SourceFactory(name="Beta", party=PartyFactory(slug="russia"))
    days = [(beta, "2024-11-20"), (alpha, None), (beta, "2024-11-04"), (alpha, "2024-11-11")]
    for source, day in days:
        ClaimFactory(source=source, occurred_on=day)

    rows = summarize(Claim.objects.all(), group_by=["source"], interval="week")

    assert [(row["source"], row["period"]) for row in rows] == [
        ("Alpha", datetime.date(2024, 11, 11)),
        ("Alpha", None),  # undated claims: their own period, last
        ("Beta", datetime.date(2024, 11, 4)),
        ("Beta", datetime.date(2024, 11, 18)),  # the Monday of the 20th's week
    ]
    assert rows[0]["source_id"] == alpha.pk


def test_months_start_on_the_first(db):
    ClaimFactory(occurred_on="2024-11-30")

    [row] = summarize(Claim.objects.all(), interval="month")

    assert row["period"] == datetime.date(2024, 11, 1)


@pytest.mark.parametrize(
    "arguments",
    [{"group_by": ["side", "colour"]}, {"interval": "year"}, {"group_by": "period"}],
)
def test_an_unknown_group_or_interval_is_refused(db, arguments):
    with pytest.raises(ValueError, match="Unknown"):
        summarize(Claim.objects.all(), **arguments)


def test_too_many_groups_are_refused(db, monkeypatch):
    for day in ("2024-11-01", "2024-11-02", "2024-11-03"):
        ClaimFactory(occurred_on=day)
    monkeypatch.setattr(aggregates, "MAX_ROWS", 2)

    with pytest.raises(TooManyGroups):
        summarize(Claim.objects.all(), interval="day")
    assert MAX_ROWS == 10_000


QUERYSETS = {
    "all": lambda: Claim.objects.all(),
    "side": lambda: Claim.objects.filter(side__slug="ukraine"),  # a join: the ledger
    "side id": lambda: Claim.objects.filter(side=1),
    "no side": lambda: Claim.objects.filter(side__isnull=True),
    "statuses and topic": lambda: Claim.objects.filter(status__in=["unverified"], topic="strike"),
    "dates": lambda: Claim.objects.filter(occurred_on__gte="2024-11-15"),
    "excluded source": lambda: Claim.objects.exclude(source=1).filter(event__isnull=False),
    "either": lambda: Claim.objects.filter(event=1) | Claim.objects.filter(topic="territory"),
    "search": lambda: Claim.objects.search("Odesa"),
    "sliced": lambda: Claim.objects.order_by("id")[:10],
}
GROUPINGS = [
    {},
    {"group_by": ["side", "status"], "interval": "week"},
    {"group_by": ["source", "event", "item", "outcome"], "interval": "day"},
    {"group_by": ["outcome"], "item": "person"},
    {"group_by": ["side"], "item": "drone", "outcome": "downed", "interval": "month"},
]


@pytest.mark.parametrize("grouping", GROUPINGS)
@pytest.mark.parametrize("name", QUERYSETS)
def test_a_queryset_and_the_list_of_its_claims_give_the_same_summary(demo, name, grouping):
    # A filter on the claims' own columns reads the rollup; a list of ids, the ledger.
    claims = QUERYSETS[name]()
    listed = Claim.objects.filter(pk__in=[claim.pk for claim in claims])

    assert listed.exists()
    assert summarize(claims, **grouping) == summarize(listed, **grouping)


def everything():
    return [summarize(Claim.objects.all(), **grouping) for grouping in GROUPINGS] + [
        summarize(Claim.objects.filter(pk__gte=0), **grouping) for grouping in GROUPINGS
    ]


def test_the_summary_follows_every_write(demo):
    Claim.objects.filter(pk=26).update(status="confirmed", occurred_on="2024-11-20")
    wounded = Quantity.objects.filter(claim=21, outcome="wounded")
    wounded.update(value=12, qualifier="range", upper=15)
    Quantity.objects.filter(claim=22).delete()
    Quantity.objects.create(
        claim_id=1, value=3, qualifier="at_most", item="tank", outcome="destroyed"
    )
    Quantity.objects.filter(claim=23).update(claim=20)
    Claim.objects.get(pk=25).delete()
    ClaimLink.objects.create(from_claim_id=19, to_claim_id=15, relation="duplicates")
    ClaimLink.objects.filter(from_claim=3).update(relation="updates")  # 3 updates 4 now
    kept = everything()

    aggregates.rebuild()

    assert everything() == kept
    [row] = summarize(Claim.objects.all(), outcome="wounded")
    assert totals(row) == {
        "claims": 2, "quantities": 2, "lower": 22, "upper": 25, "open_ended": 0,
    }  # fmt: skip


def test_a_summary_is_two_queries_inside_a_transaction(demo, django_assert_num_queries):
    # 1. claims_summary_flush(): this transaction's own writes into the rollup (in autocommit,
    #    as a request runs, there are none of ours and this query is skipped);
    # 2. the summary, names joined in.
    with django_assert_num_queries(2):
        summarize(Claim.objects.all(), group_by=["side", "source", "event"], interval="week")
    with django_assert_num_queries(2):
        summarize(Claim.objects.search("drones"), group_by=["status"], item="drone")


@pytest.mark.django_db(transaction=True)
def test_committed_writes_are_summed_without_asking(django_assert_num_queries):
    claim = ClaimFactory()  # autocommit: each write commits, and the rollup with it
    QuantityFactory(claim=claim, value=7)

    with django_assert_num_queries(1):
        [row] = summarize(Claim.objects.all(), item="drone")

    assert totals(row) == {
        "claims": 1, "quantities": 1, "lower": 7, "upper": 7, "open_ended": 0,
    }  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_to_one_claim_leave_the_rollup_right():
    # Adding quantities does not lock the claim's row: without the summary's own lock per
    # claim, two commits recompute it from stale snapshots and the rollup drifts.
    claim = ClaimFactory()
    writers, rounds = 4, 5
    start = threading.Barrier(writers)

    def write(number):
        start.wait()
        try:
            for round_ in range(rounds):
                with connection.cursor() as cursor:  # this thread's own connection
                    cursor.execute("BEGIN")
                    cursor.execute(
                        "INSERT INTO claims_quantity (claim_id, value, qualifier, item, outcome) "
                        "VALUES (%s, %s, 'exact', 'drone', 'downed')",
                        [claim.pk, number * 10 + round_],
                    )
                    cursor.execute("COMMIT")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(number,)) for number in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    kept = everything()

    aggregates.rebuild()

    assert everything() == kept
    assert totals(summarize(Claim.objects.all())[0])["quantities"] == writers * rounds
