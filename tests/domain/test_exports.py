"""claims.exports: cells a spreadsheet cannot run, plain numbers, ClaimReview objects, the order
of undated claims, and a stream read in chunks from a cursor that closes with it."""

import csv
import io
import os
import subprocess
import sys
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection

from claims import exports
from claims.exports.cells import (
    NumberCell,
    TextCell,
    TimeCell,
    ValueCell,
    quantity_key,
    time_cell,
)
from claims.models import Claim, Quantity
from tests.factories import ClaimFactory, QuantityFactory

ROOT = Path(__file__).resolve().parents[2]


FORMULAS = [
    ("=1+1", "'=1+1"),
    ('=HYPERLINK("https://evil.example")', '\'=HYPERLINK("https://evil.example")'),
    ("+380 44 123", "'+380 44 123"),
    ("-Bloggers", "'-Bloggers"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
    ("Ukrainian Air Force", "Ukrainian Air Force"),
    ("25 of 30 drones downed", "25 of 30 drones downed"),
    ("a=b", "a=b"),
    ("'quoted", "'quoted"),
    ("", ""),
]
# Text a CSV must quote, and text that is not what it seems.
AWKWARD = ['say "25 of 30"', "Kyiv, Odesa", "two\nlines", "a\r\nb", "Київ", "|", "  "]


@pytest.mark.parametrize("text, shown", FORMULAS)
def test_formula_cells_are_neutralised(text, shown):
    assert exports.neutralised(text) == shown


@pytest.mark.parametrize("text", [text for text, _ in FORMULAS] + AWKWARD)
def test_a_text_cell_reads_back_as_the_neutralised_text(text):
    (parsed,) = next(csv.reader(io.StringIO(exports.text_cell(text), newline="")))

    assert parsed == exports.neutralised(text)


def sql_cells(claim, *cells) -> tuple:
    return Claim.objects.filter(pk=claim.pk).values_list(*cells).get()


@pytest.mark.parametrize("text", [text for text, _ in FORMULAS if text] + AWKWARD)
def test_postgresql_writes_the_text_cells_python_does(db, text):
    claim = ClaimFactory(text=text, quote=text, location="", source__party=None)

    assert sql_cells(claim, TextCell("text"), TextCell("location"), TextCell("side__slug")) == (
        exports.text_cell(text),
        exports.text_cell(""),
        exports.text_cell(None),
    )


@pytest.mark.parametrize(
    "number, shown",
    [
        ("25.000000", "25"),
        ("2.500000", "2.5"),
        ("0", "0"),
        ("-33.868800", "-33.8688"),  # a number: never neutralised
        ("46.4825", "46.4825"),
        (None, ""),
    ],
)
def test_numbers_are_plain_decimals_in_sql_and_python(db, number, shown):
    claim = ClaimFactory(latitude=number)

    assert sql_cells(claim, NumberCell("latitude")) == (shown,)
    if number is not None:
        assert exports.plain_number(Decimal(number)) == shown


@pytest.mark.parametrize(
    "moment, shown",
    [
        (datetime(2024, 11, 14, 10, 0, tzinfo=UTC), "2024-11-14T10:00:00Z"),
        (datetime(2024, 11, 14, 10, 0, 0, 500000, tzinfo=UTC), "2024-11-14T10:00:00.5Z"),
        (datetime(2024, 11, 14, 23, 59, 59, 123456, tzinfo=UTC), "2024-11-14T23:59:59.123456Z"),
        (None, ""),
    ],
)
def test_times_are_iso_8601_and_dates_iso(db, moment, shown):
    claim = ClaimFactory(claimed_at=moment, occurred_on=date(2024, 11, 14))
    cells = Claim.objects.filter(pk=claim.pk).values_list(
        TimeCell("claimed_at"), ValueCell("occurred_on")
    )

    # Read as the exports read: in the date style and time zone the cells are written for.
    assert list(exports.in_chunks([cells])) == [[(shown, "2024-11-14")]]
    assert time_cell(moment) == shown
    if moment is not None:
        assert datetime.fromisoformat(shown) == moment


def read_csv(content) -> list[dict]:
    return list(csv.DictReader(io.StringIO(b"".join(content).decode())))


def test_claims_csv_has_the_columns_and_every_claim(demo):
    rows = read_csv(exports.claim_csv([Claim.objects.order_by("id")]))

    assert list(rows[0]) == exports.CLAIM_COLUMNS
    assert [int(row["id"]) for row in rows] == list(
        Claim.objects.order_by("id").values_list("id", flat=True)
    )


def test_without_the_desk_no_one_is_named(demo):
    rows = read_csv(exports.claim_csv([Claim.objects.all()], desk=False))

    assert list(rows[0]) == [c for c in exports.CLAIM_COLUMNS if c not in exports.DESK_ONLY_COLUMNS]


def test_quantities_of_a_claim_are_worded_in_one_cell(db):
    claim = ClaimFactory()
    QuantityFactory(claim=claim, value=25, of_total=30)
    QuantityFactory(claim=claim, value=1, item="cruise missile", outcome="launched")

    (row,) = read_csv(exports.claim_csv([Claim.objects.all()]))
    assert row["quantities"] == "25 of 30 drones downed; 1 cruise missile launched"


@pytest.mark.parametrize("chunk_size, queries", [(10, 7), (5, 10), (100, 5)])
def test_a_chunk_costs_one_query(demo, django_assert_num_queries, chunk_size, queries):
    # The savepoint, its date style and time zone, the claims (one cursor), one query per chunk
    # for their quantities, and the release: 28 demo claims are 3 chunks of 10, 6 of 5, 1 of 100.
    with django_assert_num_queries(queries):
        rows = read_csv(exports.claim_csv([Claim.objects.all()], chunk_size=chunk_size))
    assert len(rows) == 28


@pytest.mark.parametrize(
    "key, shown",
    [
        ("25||30|exact|downed|drone", "25 of 30 drones downed"),
        ("10|||at_least|wounded|person", "at least 10 people wounded"),
        ("2.5|3||range|controlled|km2", "2.5 to 3 km2 controlled"),
        ("24|||vague|launched|drone", "dozens of drones launched"),
        ("1|||exact||a|b", "1 a|b"),
    ],
)
def test_quantities_are_worded_from_their_key(key, shown):
    assert exports.worded(key) == shown


def test_a_quantity_key_is_written_by_postgresql(db):
    quantity = QuantityFactory(value="2.50", upper=3, qualifier="range", of_total=None, item="km2")

    key = Quantity.objects.filter(pk=quantity.pk).values_list(quantity_key(), flat=True).get()
    assert key == "2.5|3||range|downed|km2"
    assert exports.worded(key) == quantity.summary


def open_cursors() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_cursors")
        return cursor.fetchone()[0]


def test_closing_the_stream_closes_the_cursor(demo):
    content = exports.claim_csv([Claim.objects.all()], chunk_size=5)

    next(content), next(content)  # the header, and a first chunk
    assert open_cursors() == 1
    content.close()
    assert open_cursors() == 0


def test_undated_claims_come_last_either_way(db):
    dated = [ClaimFactory(occurred_on=date(2024, 11, day)) for day in (14, 15)]
    undated = [ClaimFactory(occurred_on=None) for _ in range(2)]
    claims = Claim.objects.all()

    def ids(descending):
        parts = exports.in_order(claims, "occurred_on", descending, nullable=True)
        return [claim.pk for part in parts for claim in part]

    assert ids(False) == [dated[0].pk, dated[1].pk, undated[0].pk, undated[1].pk]
    assert ids(True) == [dated[1].pk, dated[0].pk, undated[1].pk, undated[0].pk]


CLAIM = {
    "id": 7,
    "text": "Ukrainian air defenses downed 25 of 30 drones.",
    "status": "retracted",
    "claimed_at": None,
    "updated_at": datetime(2024, 11, 16, 9, 0, tzinfo=UTC),
    "source_name": "Oleksandr Musiyenko",
    "source_kind": "expert",
    "source_url": "",
    "document_url": None,
    "archived_url": None,
}


def test_claim_review_of_a_retraction_has_no_rating_value():
    review = exports.claim_review(
        CLAIM, (datetime(2024, 11, 17, tzinfo=UTC), "Withdrawn."), "https://d.example/{id}", {}
    )

    assert review["reviewRating"] == {
        "@type": "Rating",
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "Retracted by its source",
        "ratingExplanation": "Withdrawn.",
    }
    assert review["url"] == "https://d.example/7"
    assert review["datePublished"] == "2024-11-17"
    assert review["itemReviewed"] == {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "Oleksandr Musiyenko"},
    }


def test_claim_review_without_a_review_dates_from_the_last_change():
    review = exports.claim_review({**CLAIM, "status": "confirmed"}, None, "{id}", {})

    assert review["datePublished"] == "2024-11-16"
    assert review["reviewRating"]["ratingValue"] == 5
    assert "ratingExplanation" not in review["reviewRating"]


def manage_check(**environment) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "project.settings", **environment}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "pattern", ["https://desk.example.org/claims/", "https://desk.example.org/{claim}/{id}/"]
)
def test_a_claimreview_url_without_its_id_is_refused(pattern):
    result = manage_check(CLAIMREVIEW_URL=pattern)

    assert result.returncode != 0
    assert "CLAIMREVIEW_URL needs {id}" in result.stderr
