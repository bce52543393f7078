"""The CSV exports over the API, `/api/claims/export/` and `/api/quantities/export/`, on the demo
desk: every claim and quantity, their cells, and spreadsheet-safe text; bad input and access."""

import csv
import io
from datetime import datetime

import pytest
from rest_framework.test import APIClient

from claims.models import Claim, Quantity
from tests.api.exports.reading import (
    CLAIMS,
    QUANTITIES,
    body,
    csv_rows,
    listed_ids,
    ndjson_objects,
)
from tests.factories import ClaimFactory

# What each export holds.


def test_csv_holds_every_claim_with_its_quantities(api):
    rows = csv_rows(api.get(CLAIMS, {"format": "csv"}))

    assert [int(row["id"]) for row in rows] == listed_ids(api, "")
    assert len(rows) == Claim.objects.count() == 28
    for row in rows:
        claim = Claim.objects.select_related("source", "side").get(pk=row["id"])
        assert row["text"] == claim.text
        assert row["source"] == claim.source.name
        assert row["source_id"] == str(claim.source_id)
        assert row["side"] == (claim.side.slug if claim.side else "")
        assert row["quantities"] == "; ".join(q.summary for q in claim.quantities.all())


def test_csv_row_of_the_air_force_claim(api):
    rows = {row["id"]: row for row in csv_rows(api.get(CLAIMS))}

    row = rows["26"]
    assert row["source"] == "Ukrainian Air Force"
    assert row["source_kind"] == "military"
    assert row["source_reliability"] == "F"
    assert row["side"] == "ukraine"
    assert row["status"] == "unverified"
    assert row["occurred_on"] == "2024-11-14"
    assert row["claimed_at"] == "2024-11-14T10:00:00Z"
    assert row["event_id"] == "4"
    assert row["event"] == Claim.objects.get(pk=26).event.title
    assert row["document_url"].startswith("https://www.rferl.org/a/")
    assert row["document_outlet"] == "RFE/RL"
    assert row["quantities"].startswith("25 of 30 drones downed")
    assert rows["1"]["latitude"] == "49.71"
    assert list(row) == [
        "id",
        "text",
        "source_id",
        "source",
        "source_kind",
        "source_reliability",
        "side",
        "status",
        "topic",
        "occurred_on",
        "claimed_at",
        "location",
        "latitude",
        "longitude",
        "event_id",
        "event",
        "document_url",
        "document_outlet",
        "quote",
        "quantities",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
    ]


def test_csv_times_and_numbers_are_the_apis(api, editor):
    ClaimFactory(claimed_at="2024-11-14T10:00:00.5Z", latitude="46.4825", longitude="-30.7")
    listed = api.get("/api/claims/?page_size=500").json()["results"]
    claims = {claim["id"]: claim for claim in listed}

    for row in csv_rows(api.get(CLAIMS)):
        claim = claims[int(row["id"])]
        assert row["occurred_on"] == (claim["occurred_on"] or "")
        for name in ["claimed_at", "created_at", "updated_at"]:  # ISO 8601, the same moment
            if claim[name] is None:
                assert row[name] == ""
            else:
                assert row[name].endswith("Z")
                assert datetime.fromisoformat(row[name]) == datetime.fromisoformat(claim[name])
        for name in ["latitude", "longitude"]:
            number = claim[name]
            assert row[name] == ("" if number is None else f"{number:g}")


def test_csv_is_an_attachment_in_utf8(api):
    response = api.get(CLAIMS, {"format": "csv"})

    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="claims.csv"'
    assert not body(response).startswith(b"\xef\xbb\xbf")


def test_csv_is_the_default_format(api):
    response = api.get(CLAIMS)

    assert response["Content-Type"] == "text/csv; charset=utf-8"


def test_bom_for_excel(api):
    content = body(api.get(CLAIMS, {"format": "csv", "bom": "true"}))

    assert content.startswith(b"\xef\xbb\xbfid,text,")
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert len(rows) == 28


def test_formula_cells_are_neutralised_in_the_csv(api, editor):
    claim = ClaimFactory(
        text='=HYPERLINK("https://evil.example", "click")',
        quote="+cmd|' /C calc'!A0",
        location="@SUM(1+1)",
        source__name="-Bloggers",
        latitude="-33.5",
    )
    row = next(row for row in csv_rows(api.get(CLAIMS)) if row["id"] == str(claim.pk))

    assert row["text"] == '\'=HYPERLINK("https://evil.example", "click")'
    assert row["quote"] == "'+cmd|' /C calc'!A0"
    assert row["location"] == "'@SUM(1+1)"
    assert row["source"] == "'-Bloggers"
    assert row["latitude"] == "-33.5"  # a number, not text: never neutralised


def test_quantities_csv_has_a_row_per_quantity(api):
    rows = csv_rows(api.get(QUANTITIES, {"format": "csv"}))

    assert sorted(int(row["quantity_id"]) for row in rows) == sorted(
        Quantity.objects.values_list("id", flat=True)
    )
    assert list(rows[0]) == [
        "claim_id",
        "side",
        "source_id",
        "source",
        "status",
        "occurred_on",
        "quantity_id",
        "value",
        "upper",
        "qualifier",
        "of_total",
        "item",
        "outcome",
        "summary",
    ]
    downed = next(row for row in rows if row["summary"] == "25 of 30 drones downed")
    assert downed | {"quantity_id": "", "claim_id": ""} == {
        "claim_id": "",
        "side": "ukraine",
        "source_id": "2",
        "source": "Ukrainian Air Force",
        "status": "unverified",
        "occurred_on": "2024-11-14",
        "quantity_id": "",
        "value": "25",
        "upper": "",
        "qualifier": "exact",
        "of_total": "30",
        "item": "drone",
        "outcome": "downed",
        "summary": "25 of 30 drones downed",
    }


def test_quantities_export_narrowed_to_an_item_and_outcome(api):
    rows = csv_rows(api.get(QUANTITIES, {"item": "drone", "outcome": "downed"}))

    assert rows
    assert {(row["item"], row["outcome"]) for row in rows} == {("drone", "downed")}
    assert len(rows) == Quantity.objects.filter(item="drone", outcome="downed").count()


def test_quantities_export_in_the_lists_order(api):
    rows = csv_rows(api.get(QUANTITIES, {"ordering": "occurred_on"}))

    claim_ids = list(dict.fromkeys(int(row["claim_id"]) for row in rows))
    with_quantities = set(Quantity.objects.values_list("claim_id", flat=True))
    listed = listed_ids(api, "ordering=occurred_on")
    assert claim_ids == [claim_id for claim_id in listed if claim_id in with_quantities]


# Bad input: a 400 naming the parameter, in JSON.


@pytest.mark.parametrize(
    "path, query, parameter",
    [
        (CLAIMS, "format=xlsx", "format"),
        (CLAIMS, "format=json", "format"),
        (QUANTITIES, "format=ndjson", "format"),
        (CLAIMS, "bom=perhaps", "bom"),
        (CLAIMS, "format=ndjson&bom=true", "bom"),
        (CLAIMS, "format=claimreview&bom=true", "bom"),
        (CLAIMS, "side=nowhere", "side"),
        (CLAIMS, "source=abc", "source"),
        (CLAIMS, "source=99999", "source"),
        (CLAIMS, "status=true", "status"),
        (CLAIMS, "occurred_after=yesterday", "occurred_after"),
        (CLAIMS, "ordering=text", "ordering"),
        (CLAIMS, "outcome=eaten", "outcome"),
        (CLAIMS, "q=" + "x" * 501, "q"),
        (CLAIMS, "q=drones%00", "q"),
        (QUANTITIES, "event=nope", "event"),
        (QUANTITIES, "item=%00", "item"),
    ],
)
def test_bad_parameter_is_a_400_naming_it(api, path, query, parameter):
    response = api.get(f"{path}?{query}")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert parameter in response.json()


def test_an_accept_header_no_format_matches_is_406(api):
    response = api.get(CLAIMS, HTTP_ACCEPT="application/xml")

    assert response.status_code == 406
    assert response["Content-Type"] == "application/json"


def test_accept_header_picks_the_format(api):
    response = api.get(CLAIMS, HTTP_ACCEPT="application/x-ndjson")

    assert response["Content-Type"] == "application/x-ndjson"


# Access: the list's.


@pytest.mark.parametrize("path", [CLAIMS, QUANTITIES])
def test_anonymous_client_cannot_export(demo, path):
    response = APIClient().get(path)

    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"


def test_viewer_exports_with_who_recorded_each_claim(api, editor):
    ClaimFactory(created_by=editor, updated_by=editor)

    rows = csv_rows(api.get(CLAIMS))
    assert rows[0]["created_by"] == "editor"
    assert rows[0]["updated_by"] == "editor"


@pytest.mark.parametrize("path", [CLAIMS, QUANTITIES])
def test_public_read_lets_anonymous_clients_export(demo, settings, path):
    settings.PUBLIC_READ = True

    assert csv_rows(APIClient().get(path))


def test_anonymous_readers_get_no_desk_only_columns(demo, settings):
    settings.PUBLIC_READ = True

    rows = csv_rows(APIClient().get(CLAIMS))
    assert "created_by" not in rows[0]
    assert "updated_by" not in rows[0]
    assert "created_at" in rows[0]


def test_anonymous_ndjson_is_what_the_api_shows_them(demo, settings):
    settings.PUBLIC_READ = True
    client = APIClient()

    lines = ndjson_objects(client.get(CLAIMS, {"format": "ndjson"}))
    assert lines[0] == client.get(f"/api/claims/{lines[0]['id']}/").json()
    assert "created_by" not in lines[0]


def test_export_does_not_write(api):
    assert api.post(CLAIMS, {}).status_code in (403, 405)
