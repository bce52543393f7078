"""The admin's dashboard of charts: who may open it, where it is linked from, the series it embeds
(checked against the database), the claims list's filters narrowing them, bad filters falling
back instead of failing, and a fixed number of queries however many claims there are."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext

from claims.models import Claim, Party, Quantity, Source, Status
from claims.querysets import attach_track_records
from tests.factories import (
    ClaimFactory,
    EventFactory,
    PartyFactory,
    QuantityFactory,
    SourceFactory,
    UserFactory,
)
from tests.helpers import CLAIMS_LIST

DASHBOARD = "/admin/dashboard/"
NOV_14, NOV_15 = datetime.date(2024, 11, 14), datetime.date(2024, 11, 15)


def series_of(response) -> dict:
    """The series the page embeds for its charts, read back from its HTML as a browser would."""
    assert response.status_code == 200
    found = re.search(
        r'<script id="dashboard-series" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.DOTALL,
    )
    return json.loads(found.group(1))


def by_period(series, values) -> dict:
    return dict(zip(series["periods"], values, strict=True))


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def russia(db):
    return PartyFactory(name="Russia", slug="russia")


# Who may open it, and where it is linked from.


@pytest.mark.parametrize("role", ["editor", "verifier", "viewer"])
def test_dashboard_loads_for_every_desk_role(client, demo, request, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(DASHBOARD)
    page = response.content.decode()
    assert response.status_code == 200
    for chart in ["claims-by-side", "claims-by-status", "numbers-by-side", "source-track-records"]:
        assert f'<canvas id="{chart}"' in page
    assert "claims/vendor/chart.umd.min.js" in page
    assert "claims/dashboard.js" in page


def test_staff_without_permission_to_read_claims_is_forbidden(client, db):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(DASHBOARD).status_code == 403


def test_anonymous_visitor_is_sent_to_the_login(client, db):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={DASHBOARD}"


def test_admin_home_links_to_the_dashboard(client, viewer):
    client.force_login(viewer)
    page = client.get("/admin/").content.decode()
    assert f'<a href="{DASHBOARD}">Dashboard</a>' in page


def test_admin_home_has_no_dashboard_link_for_staff_who_cannot_read_claims(client, db):
    client.force_login(UserFactory(is_staff=True))
    assert DASHBOARD not in client.get("/admin/").content.decode()


def test_claims_list_links_to_the_dashboard_of_its_filters_and_search(client, demo, editor):
    ukraine = Party.objects.get(slug="ukraine")
    client.force_login(editor)
    page = client.get(CLAIMS_LIST, {"side__id__exact": ukraine.pk, "q": "drones"}).content
    link = f'href="{DASHBOARD}?q=drones&amp;side__id__exact={ukraine.pk}">Dashboard of these claims'
    assert link in page.decode()


# The series, against the database.


def test_claims_per_day_by_side_and_by_status_match_the_database(client, demo, viewer):
    client.force_login(viewer)
    series = series_of(client.get(DASHBOARD))
    assert series["periods"] == ["2024-11-14", "2024-11-15", None]  # undated claims last
    assert series["period_labels"][-1] == "undated"
    # No demo claim duplicates or updates another: each counts.
    assert series["total_claims"] == Claim.objects.count()
    sides = {row["side"]: by_period(series, row["claims"]) for row in series["claims_by_side"]}
    assert list(sides) == ["ukraine", "russia", None]
    for side, counts in sides.items():
        for period, count in counts.items():
            day = period and datetime.date.fromisoformat(period)
            assert count == Claim.objects.filter(side__slug=side, occurred_on=day).count()
    statuses = {row["status"]: row["claims"] for row in series["claims_by_status"]}
    assert statuses == {"unverified": [7, 9, 12]}  # the demo's claims are all unverified
    assert sum(statuses["unverified"]) == series["total_claims"]


def test_drones_downed_per_side_are_summed_from_lower_to_upper_bound(client, viewer, ukraine):
    russia = PartyFactory(name="Russia", slug="russia")
    air_force = SourceFactory(name="Ukrainian Air Force", party=ukraine)
    ministry = SourceFactory(name="Russian Defense Ministry", party=russia)
    QuantityFactory(claim=ClaimFactory(source=air_force, occurred_on=NOV_14), value=25)
    QuantityFactory(
        claim=ClaimFactory(source=air_force, occurred_on=NOV_14),
        value=10,
        upper=20,
        qualifier="range",
    )
    QuantityFactory(claim=ClaimFactory(source=air_force, occurred_on=NOV_15), value=3)
    QuantityFactory(claim=ClaimFactory(source=ministry, occurred_on=NOV_15), value=40)
    # Not drones downed: counted as claims, not summed.
    QuantityFactory(claim=ClaimFactory(source=ministry, occurred_on=NOV_14), outcome="launched")
    client.force_login(viewer)

    numbers = series_of(client.get(DASHBOARD))["numbers"]

    assert (numbers["item"], numbers["outcome"], numbers["label"]) == (
        "drone",
        "downed",
        "drones downed",
    )
    sides = {row["side"]: row for row in numbers["by_side"]}
    assert list(sides) == ["ukraine", "russia"]
    assert sides["ukraine"]["lower"] == [35, 3]
    assert sides["ukraine"]["upper"] == [45, 3]
    assert sides["ukraine"]["claims"] == [2, 1]
    assert sides["ukraine"]["open_ended"] == [0, 0]
    # Nothing claimed on the 14th is not zero downed.
    assert sides["russia"]["lower"] == [None, 40]
    assert sides["ukraine"]["colour"] != sides["russia"]["colour"]


def test_open_ended_numbers_add_to_the_lower_sum_and_are_counted(client, viewer, ukraine):
    source = SourceFactory(party=ukraine)
    QuantityFactory(claim=ClaimFactory(source=source, occurred_on=NOV_14), value=25)
    QuantityFactory(
        claim=ClaimFactory(source=source, occurred_on=NOV_14), value=24, qualifier="vague"
    )
    client.force_login(viewer)
    (side,) = series_of(client.get(DASHBOARD))["numbers"]["by_side"]
    # "Dozens" adds 24 to the floor and nothing to the ceiling, which it leaves open.
    assert (side["lower"], side["upper"], side["open_ended"]) == ([49], [25], [1])


def test_demo_drones_downed_match_the_database(client, demo, viewer):
    client.force_login(viewer)
    series = series_of(client.get(DASHBOARD))
    for side in series["numbers"]["by_side"]:
        for period, lower in by_period(series, side["lower"]).items():
            day = period and datetime.date.fromisoformat(period)
            expected = Quantity.objects.filter(
                claim__side__slug=side["side"],
                claim__occurred_on=day,
                item="drone",
                outcome="downed",
            ).aggregate(total=Sum("value"))["total"]
            assert (None if expected is None else Decimal(expected)) == (
                None if lower is None else Decimal(lower)
            )


def test_item_outcome_and_interval_are_chosen_in_the_form(client, viewer, ukraine):
    source = SourceFactory(party=ukraine)
    for day, killed in [(datetime.date(2024, 11, 4), 2), (datetime.date(2024, 11, 20), 5)]:
        claim = ClaimFactory(source=source, occurred_on=day)
        QuantityFactory(claim=claim, item="person", outcome="killed", value=killed)
    client.force_login(viewer)

    series = series_of(
        client.get(DASHBOARD, {"item": "Person", "outcome": "killed", "interval": "week"})
    )

    # Mondays, the week without claims included: the axis is time, not a list of dates.
    assert series["periods"] == ["2024-11-04", "2024-11-11", "2024-11-18"]
    assert series["period_labels"][0] == "week of 2024-11-04"
    assert series["numbers"]["label"] == "people killed"
    assert series["numbers"]["by_side"][0]["lower"] == [2, None, 5]
    assert series["claims_by_side"][0]["claims"] == [1, 0, 1]


def test_claims_per_month_are_labelled_by_month(client, viewer):
    ClaimFactory(occurred_on=datetime.date(2024, 10, 31))
    ClaimFactory(occurred_on=datetime.date(2024, 12, 1))
    client.force_login(viewer)
    series = series_of(client.get(DASHBOARD, {"interval": "month"}))
    assert series["periods"] == ["2024-10-01", "2024-11-01", "2024-12-01"]
    assert series["period_labels"] == ["Oct 2024", "Nov 2024", "Dec 2024"]


def test_sources_track_records_show_the_sources_with_most_claims(client, viewer):
    sources = SourceFactory.create_batch(12)
    for rank, source in enumerate(sources):
        ClaimFactory.create_batch(rank + 1, source=source)
    ClaimFactory(source=sources[-1], status=Status.CONFIRMED)
    client.force_login(viewer)

    records = series_of(client.get(DASHBOARD))["sources"]

    assert [status["status"] for status in records["statuses"]] == Status.values
    assert [source["id"] for source in records["top"]] == [
        source.pk for source in sources[::-1][:10]
    ]
    top = Source.objects.filter(pk__in=[source["id"] for source in records["top"]])
    attach_track_records(top)
    track_records = {source.pk: list(source.claim_counts.values()) for source in top}
    for source in records["top"]:
        assert source["claims"] == track_records[source["id"]]
        assert source["total"] == sum(source["claims"])


# The claims list's filters and search narrow every series.


def test_side_filter_leaves_only_that_sides_series(client, demo, viewer):
    ukraine = Party.objects.get(slug="ukraine")
    client.force_login(viewer)

    response = client.get(DASHBOARD, {"side__id__exact": ukraine.pk})
    series = series_of(response)

    assert [row["side"] for row in series["claims_by_side"]] == ["ukraine"]
    assert [row["side"] for row in series["numbers"]["by_side"]] == ["ukraine"]
    assert series["total_claims"] == Claim.objects.filter(side=ukraine).count()
    assert {source["id"] for source in series["sources"]["top"]} <= set(
        Source.objects.filter(claims__side=ukraine).values_list("pk", flat=True)
    )
    page = response.content.decode()
    assert "side: Ukraine" in page
    # The choice of numbers keeps the filter; the list link takes it back.
    assert f'<input type="hidden" name="side__id__exact" value="{ukraine.pk}">' in page
    assert f'href="{CLAIMS_LIST}?side__id__exact={ukraine.pk}"' in page


def test_search_and_dates_narrow_the_series_as_the_list_does(client, demo, viewer):
    query = {"q": "drones", "occurred_on__gte": "2024-11-15"}
    client.force_login(viewer)
    listed = client.get(CLAIMS_LIST, query).context["cl"].result_list
    series = series_of(client.get(DASHBOARD, {**query, "interval": "day"}))
    assert 0 < series["total_claims"] == len(listed)
    assert series["periods"] == ["2024-11-15"]


def test_too_many_days_to_chart_are_counted_per_week(client, viewer, monkeypatch):
    monkeypatch.setattr("claims.aggregates.MAX_ROWS", 2)
    source = SourceFactory()
    for day in range(3):
        ClaimFactory(source=source, occurred_on=NOV_14 + datetime.timedelta(days=day))
    client.force_login(viewer)
    response = client.get(DASHBOARD)
    series = series_of(response)
    assert series["interval"] == "week"
    assert series["periods"] == ["2024-11-11"]
    assert messages_of(response) == ["Too many days to chart: counted per week instead."]


def test_the_choice_of_numbers_is_not_taken_for_a_filter(client, demo, viewer):
    client.force_login(viewer)
    response = client.get(
        DASHBOARD, {"item": "person", "outcome": "killed", "status__exact": "unverified"}
    )
    assert messages_of(response) == []
    assert series_of(response)["numbers"]["label"] == "people killed"


@pytest.mark.parametrize(
    "query",
    [
        {"side__id__exact": "ukraine"},
        {"side__id__exact": "99999999999999999999999"},
        {"event__id__exact": "-1"},
        {"occurred_on__gte": "14 November"},
        {"occurred_on__year": "99999"},
        {"occurred_on__year": "2024", "occurred_on__month": "13"},
        {"status__exact": "lost"},
        {"source__password": "x"},
        {"created_by__password__startswith": "pbkdf2"},
        {"q": "\x00drones"},
        {"_to_field": "text"},
        {"item": "\x00"},
        {"item": "x" * 101},
        {"outcome": "evaporated"},
        {"interval": "year"},
        {"interval": ["day", "week"]},
    ],
)
def test_bad_filters_and_choices_fall_back_instead_of_failing(client, demo, viewer, query):
    client.force_login(viewer)
    response = client.get(DASHBOARD, query)
    series = series_of(response)
    assert series["total_claims"] >= 0


def test_a_filter_the_list_refuses_shows_all_claims_with_a_message(client, demo, viewer):
    client.force_login(viewer)
    response = client.get(DASHBOARD, {"side__id__exact": "ukraine"})
    assert series_of(response)["total_claims"] == Claim.objects.count()
    assert messages_of(response) == [
        "Those filters of the claims list cannot be applied: showing all claims."
    ]


def test_numbers_that_cannot_be_charted_fall_back_to_drones_downed(client, demo, viewer):
    client.force_login(viewer)
    response = client.get(DASHBOARD, {"outcome": "evaporated"})
    assert series_of(response)["numbers"]["label"] == "drones downed"
    assert messages_of(response) == [
        "That item, outcome or interval cannot be charted: drones downed per day instead."
    ]


# A fixed number of queries, whatever the number of claims.


def test_dashboard_runs_the_same_queries_for_1_and_60_claims(
    client, viewer, ukraine, django_assert_max_num_queries
):
    client.force_login(viewer)
    russia = PartyFactory(name="Russia", slug="russia")

    def query_count(query=None):
        with CaptureQueriesContext(connection) as queries:
            series_of(client.get(DASHBOARD, query or {}))
        return len(queries)

    QuantityFactory(claim=ClaimFactory(source=SourceFactory(party=ukraine), occurred_on=NOV_14))
    one_claim = query_count()
    event = EventFactory()
    for day in range(30):
        for party in (ukraine, russia):
            claim = ClaimFactory(
                source=SourceFactory(party=party),
                event=event,
                occurred_on=NOV_14 + datetime.timedelta(days=day),
                status=Status.values[day % len(Status.values)],
            )
            QuantityFactory.create_batch(2, claim=claim)
    assert query_count() == one_claim
    # 1-4. the session, the user, the user's own and their groups' permissions;
    # 5-8. the claims list's ChangeList: its side and event filters' choices, its count (when
    #      filtered the planner's estimate, then, as it expects few rows, a bounded count; the
    #      table's estimate first when not);
    # 9-11. the sums per period: claims by side, claims by status, drones downed by side;
    # 12. the parties' names and colours; 13-14. the claims per source, the top sources' claims
    #     by status;
    # plus, inside the test's transaction only, one flush of its own writes before each of the
    # five sums (claims.aggregates.flush).
    with django_assert_max_num_queries(14 + 5):
        client.get(DASHBOARD, {"side__id__exact": ukraine.pk, "event__id__exact": event.pk})
    with django_assert_max_num_queries(14 + 5):
        client.get(DASHBOARD)
