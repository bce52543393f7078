"""The claims list: what each row shows and in what order, full-text search, the filters and the
date drill-down, and counts that stay cheap on large tables."""

import re

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import items_for_result
from django.db import connection

from claims import counting
from claims.models import Claim
from claims.templatetags.claims_admin_list import drawn_rows
from tests.factories import ClaimFactory, EventFactory, QuantityFactory, SourceFactory
from tests.helpers import AIR_FORCE_CLAIM, CLAIMS_LIST


def listed_claims(response) -> set[int]:
    return {claim.pk for claim in response.context["cl"].result_list}


# What the list shows, newest first.


def test_claims_list_shows_text_source_side_badge_and_numbers(client, demo, editor):
    client.force_login(editor)
    response = client.get(CLAIMS_LIST)
    page = response.content.decode()
    assert "Ukrainian air defenses downed 25 of nearly 30 Russian drones" in page
    assert "25 of 30 drones downed" in page
    assert "1 person killed; at least 10 people wounded" in page
    assert '<span class="claim-status claim-status-unverified">Unverified</span>' in page
    assert "Ukrainian Air Force" in page


@pytest.mark.parametrize(
    "params", [{}, {"status__exact": "unverified"}, {"q": "drones"}, {"_popup": "1"}]
)
def test_rows_are_drawn_cell_for_cell_as_django_draws_them(client, demo, editor, params):
    # Django's own drawing (items_for_result) against the list's: links keeping the filters,
    # empty cells, escaped text, dates, choices, numbers, a popup's opener.
    ClaimFactory(
        text='<b>"Drones" & missiles</b> ' + "x" * 90,
        source=SourceFactory(name="<i>Channel</i>", party=None),
        occurred_on=None,
    )
    client.force_login(editor)
    changelist = client.get(CLAIMS_LIST, params).context["cl"]
    assert changelist.result_list
    django_rows = [
        "".join(items_for_result(changelist, claim, None)) for claim in changelist.result_list
    ]
    assert list(drawn_rows(changelist)) == django_rows


def test_action_checkbox_is_djangos(client, demo, editor):
    client.force_login(editor)
    changelist = client.get(CLAIMS_LIST).context["cl"]
    claim = ClaimFactory(text='Text with "quotes" & <tags>')
    ours = changelist.model_admin.action_checkbox(claim)
    assert ours == admin.ModelAdmin.action_checkbox(changelist.model_admin, claim)


def test_claims_list_is_newest_first(client, editor):
    older, newer = ClaimFactory(), ClaimFactory()
    client.force_login(editor)
    response = client.get(CLAIMS_LIST)
    assert [claim.pk for claim in response.context["cl"].result_list] == [newer.pk, older.pk]


def test_claims_list_sorts_by_date_only(client, editor):
    ClaimFactory()
    client.force_login(editor)
    page = client.get(CLAIMS_LIST).content.decode()
    assert re.findall(r'class="sortable column-([\w]+)', page) == ["occurred_on"]


@pytest.mark.parametrize("column", range(7))
def test_ordering_by_any_column_lists_each_claim_once(client, editor, column):
    QuantityFactory.create_batch(3, claim=ClaimFactory())
    client.force_login(editor)
    response = client.get(CLAIMS_LIST, {"o": str(column)})
    assert len(response.context["cl"].result_list) == 1


# Search: full text on the stored vector, websearch syntax, best match first.


@pytest.mark.parametrize(
    ("query", "expected_text"),
    [
        ("drones downed", AIR_FORCE_CLAIM),
        ('"cruise missile"', "Russia fired nearly 30 drones and a cruise missile"),
        ("heating -Odesa", None),
        ("Kiper", "A main heating pipeline in Odesa was struck"),
    ],
)
def test_search_finds_demo_claims(client, demo, editor, query, expected_text):
    client.force_login(editor)
    response = client.get(CLAIMS_LIST, {"q": query})
    texts = [claim.text for claim in response.context["cl"].result_list]
    if expected_text is None:
        assert texts == []
    else:
        assert any(text.startswith(expected_text) for text in texts), texts


def test_search_ranks_the_best_match_first(client, demo, editor):
    client.force_login(editor)
    response = client.get(CLAIMS_LIST, {"q": "drones downed"})
    # The words nearest each other first (ts_rank), not the newest claim.
    best = Claim.objects.search("drones downed").order_by("-rank", "-created_at", "-id")
    assert [claim.pk for claim in response.context["cl"].result_list] == [
        claim.pk for claim in best
    ]
    assert best[0].text != Claim.objects.search("drones downed").first().text


def test_search_keeps_a_column_ordering_the_editor_chose(client, demo, editor):
    client.force_login(editor)
    occurred_on_column = 5  # list_display index of occurred_on
    response = client.get(CLAIMS_LIST, {"q": "drones", "o": str(occurred_on_column)})
    dates = [claim.occurred_on for claim in response.context["cl"].result_list]
    assert dates == sorted(dates, key=lambda date: (date is None, date))


@pytest.mark.parametrize("query", ['"unclosed', "&|!():*", "or", "-", "   ", "drones\x00", "'; --"])
def test_odd_search_input_does_not_break_the_list(client, demo, editor, query):
    client.force_login(editor)
    assert client.get(CLAIMS_LIST, {"q": query}).status_code == 200


# Filters.


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"side__id__exact": "1"}, lambda claims: claims.filter(side__slug="ukraine")),
        ({"side__isnull": "True"}, lambda claims: claims.filter(side__isnull=True)),
        ({"status__exact": "unverified"}, lambda claims: claims.filter(status="unverified")),
        ({"topic__exact": "casualties"}, lambda claims: claims.filter(topic="casualties")),
        (
            {"source__kind__exact": "official"},
            lambda claims: claims.filter(source__kind="official"),
        ),
        (
            {"source__reliability__exact": "B"},
            lambda claims: claims.filter(source__reliability="B"),
        ),
        ({"event__id__exact": "1"}, lambda claims: claims.filter(event_id=1)),
        ({"event__isnull": "True"}, lambda claims: claims.filter(event__isnull=True)),
        ({"source__id__exact": "2"}, lambda claims: claims.filter(source_id=2)),
        ({"document__id__exact": "1"}, lambda claims: claims.filter(document_id=1)),
        (
            {"occurred_on__year": "2024", "occurred_on__month": "11", "occurred_on__day": "14"},
            lambda claims: claims.filter(occurred_on="2024-11-14"),
        ),
        (
            {"side__id__exact": "1", "topic__exact": "air_defense", "q": "drones"},
            lambda claims: claims.filter(side_id=1, topic="air_defense").search("drones"),
        ),
    ],
)
def test_filters_select_the_matching_claims(client, demo, editor, params, expected):
    client.force_login(editor)
    response = client.get(CLAIMS_LIST, params)
    assert response.status_code == 200
    expected_ids = set(expected(Claim.objects.all()).values_list("pk", flat=True))
    assert expected_ids
    assert listed_claims(response) == expected_ids


def test_filter_sidebar_offers_the_desk_filters(client, demo, editor):
    client.force_login(editor)
    response = client.get(CLAIMS_LIST)
    titles = [spec.title for spec in response.context["cl"].filter_specs]
    assert titles == ["side", "status", "topic", "source kind", "source reliability", "event"]
    page = response.content.decode()
    assert "Russian strike on Odesa" in page


def test_event_filter_lists_recent_events_and_the_chosen_one(client, editor):
    events = [EventFactory(occurred_on=f"2024-01-{day:02}") for day in range(1, 15)]
    oldest = events[0]
    client.force_login(editor)
    (event_filter,) = [
        spec for spec in client.get(CLAIMS_LIST).context["cl"].filter_specs if spec.title == "event"
    ]
    assert [pk for pk, _title in event_filter.lookup_choices] == [
        event.pk for event in reversed(events[4:])
    ]
    response = client.get(CLAIMS_LIST, {"event__id__exact": oldest.pk})
    (event_filter,) = [
        spec for spec in response.context["cl"].filter_specs if spec.title == "event"
    ]
    assert oldest.pk in [pk for pk, _title in event_filter.lookup_choices]


def test_source_filter_shows_only_once_a_source_is_chosen(client, demo, editor):
    client.force_login(editor)
    response = client.get(CLAIMS_LIST, {"source__id__exact": "2"})
    (source_filter,) = [
        spec for spec in response.context["cl"].filter_specs if spec.title == "source"
    ]
    assert source_filter.lookup_choices == [(2, "Ukrainian Air Force")]


@pytest.mark.parametrize(
    ("params", "choices"),
    [
        ({}, ["2023", "2024"]),
        ({"topic__exact": "diplomacy"}, ["2023"]),
        ({"occurred_on__year": "2024"}, ["February 2024", "November 2024"]),
        ({"occurred_on__year": "2024", "occurred_on__month": "11"}, ["November 14", "November 15"]),
        (
            {"occurred_on__year": "2024", "occurred_on__month": "11", "occurred_on__day": "14"},
            ["November 14"],
        ),
    ],
)
def test_date_drilldown_lists_periods_holding_claims(client, editor, params, choices):
    ClaimFactory(occurred_on="2023-05-01", topic="diplomacy")
    for occurred_on in ["2024-02-29", "2024-11-14", "2024-11-15", "2024-11-15"]:
        ClaimFactory(occurred_on=occurred_on)
    ClaimFactory(occurred_on=None)
    client.force_login(editor)
    response = client.get(CLAIMS_LIST, params)
    drilldown = response.context["cl"].date_drilldown
    assert [choice["title"] for choice in drilldown["choices"]] == choices


def test_date_drilldown_starts_at_the_month_when_all_claims_share_it(client, editor):
    ClaimFactory(occurred_on="2024-11-14")
    ClaimFactory(occurred_on="2024-11-15")
    client.force_login(editor)
    drilldown = client.get(CLAIMS_LIST).context["cl"].date_drilldown
    assert [choice["title"] for choice in drilldown["choices"]] == ["November 14", "November 15"]
    assert drilldown["back"]["title"] == "2024"


@pytest.mark.parametrize(
    "params",
    [
        {"occurred_on__year": "2024", "occurred_on__month": "13"},
        {"occurred_on__year": "twenty"},
        {"source__id__exact": "abc"},
        {"document__id__exact": "1.5"},
        {"event__id__exact": "x"},
        {"side__id__exact": "russia"},
    ],
)
def test_bad_filter_value_redirects_with_an_error_flag(client, demo, editor, params):
    client.force_login(editor)
    response = client.get(CLAIMS_LIST, params)
    assert response.status_code == 302
    assert "e=1" in response.url


# Large tables: no COUNT(*) over a million rows.


def test_unfiltered_list_shows_the_tables_estimate(client, editor, monkeypatch):
    ClaimFactory()
    monkeypatch.setattr("claims.admin.pagination.table_estimate", lambda model: 1_234_567)
    client.force_login(editor)
    response = client.get(CLAIMS_LIST)
    assert "about 1,234,567 claims" in response.content.decode()


def test_filtered_list_counts_exactly(client, editor, monkeypatch):
    ClaimFactory(topic="strike")
    ClaimFactory(topic="diplomacy")
    monkeypatch.setattr("claims.admin.pagination.table_estimate", lambda model: 1_234_567)
    client.force_login(editor)
    response = client.get(CLAIMS_LIST, {"topic__exact": "strike"})
    assert response.context["cl"].result_count == 1
    assert not response.context["cl"].paginator.count_is_estimate
    assert "about 1" not in response.content.decode()


def test_small_table_is_counted_exactly(client, editor):
    ClaimFactory.create_batch(3)
    client.force_login(editor)
    response = client.get(CLAIMS_LIST)
    assert response.context["cl"].result_count == 3
    assert not response.context["cl"].paginator.count_is_estimate


def test_broad_filter_shows_the_planners_estimate_without_counting(
    client, editor, monkeypatch, django_assert_num_queries
):
    ClaimFactory.create_batch(30, topic="strike", occurred_on="2024-11-14")
    ClaimFactory.create_batch(10, topic="diplomacy", occurred_on="2024-11-15")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_claim")
    # As if beyond 12 expected rows were a million: the planner's estimate (30) is the count.
    monkeypatch.setattr(counting, "ESTIMATED_BEYOND", 12)
    monkeypatch.setattr(counting, "_broad_estimates", {})
    client.force_login(editor)
    # 1-4. the session, the user, the permissions; 5-6. the side and event filters' choices;
    # 7. the planner's estimate (no count); 8-9. the page of claims, their quantities;
    # 10-11. the date drill-down.
    with django_assert_num_queries(11):
        response = client.get(CLAIMS_LIST, {"topic__exact": "strike"})
    changelist = response.context["cl"]
    assert changelist.paginator.count_is_estimate
    assert {claim.topic for claim in changelist.result_list} == {"strike"}
    page = response.content.decode()
    estimate = f"about {changelist.result_count} "
    assert estimate + "results" in page  # beside the search box
    assert estimate + "claims" in page  # in the paginator
