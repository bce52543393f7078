"""The importer (claims.importing): files read or refused as a whole, every bad row reported and
nothing written, matching of sources, documents and events, idempotency, the round trip of an
export, and the history of what it wrote."""

import csv
import io

import pytest

from claims.aggregates import summarize
from claims.exports import claim_csv
from claims.history import claim_history
from claims.importing import ImportFileError, import_file
from claims.models import (
    Claim,
    ClaimImport,
    ClaimLink,
    Document,
    Event,
    Quantity,
    Review,
    Source,
    Status,
)
from tests.factories import DocumentFactory, SourceFactory

HEADER = "text,source,side,occurred_on,document_url,quantities\n"


def csv_file(*rows: str, header: str = HEADER) -> bytes:
    return (header + "".join(row + "\n" for row in rows)).encode()


def exported(claims=None) -> bytes:
    return b"".join(claim_csv([claims if claims is not None else Claim.objects.order_by("pk")]))


def rows_of(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def empty_the_desk():
    """A new desk: no claims, sources, documents or events (its parties set up)."""
    ClaimLink.objects.all().delete()
    Claim.objects.all().delete()
    Document.objects.all().delete()
    Event.objects.all().delete()
    Source.objects.all().delete()


@pytest.fixture
def source(ukraine):
    return SourceFactory(name="Ukrainian Air Force", party=ukraine)


# Files refused as a whole --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        ("Ukrainian text, wrong encoding: Київ".encode("cp1251"), "a.csv", "not UTF-8 text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo.csv", "not a text file"),
        (b"", "empty.csv", "empty"),
        (HEADER.encode(), "header.csv", "only a header"),
        (b"25 drones downed,Air Force\n", "noheader.csv", "must name the columns"),
        (b"text,source,colour\nx,y,red\n", "extra.csv", "Unknown column: colour"),
        (b"text,side\nx,ukraine\n", "nosource.csv", "Missing column: source"),
        (b"text,source,text\nx,y,z\n", "twice.csv", "Repeated column: text"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_with_the_reason(db, editor, data, name, message):
    with pytest.raises(ImportFileError, match=message):
        import_file(data, name, user=editor)
    assert not ClaimImport.objects.exists()


# Every bad row, nothing written --------------------------------------------------------------


def test_a_file_with_bad_rows_writes_nothing_and_names_every_one(editor, source):
    data = csv_file(
        '"25 of 30 drones downed.",Ukrainian Air Force,,2024-11-14,,',
        '"A claim on a day that does not exist.",Ukrainian Air Force,,2024-02-30,,',
        '"Good again.",Ukrainian Air Force,,,,',
        '"A side nobody knows.",Ukrainian Air Force,narnia,,,',
        '"=HYPERLINK(""http://evil.example"")",Ukrainian Air Force,,,,',
        '"Numbers nobody can read.",Ukrainian Air Force,,,not a url,"lots of drones; 5 killed"',
        ",Ukrainian Air Force,,,,",
    )
    plan = import_file(data, "wire.csv", user=editor)
    errors = {(error.line, error.field) for error in plan.errors}
    assert errors == {
        (3, "occurred_on"),
        (5, "side"),
        (6, "text"),
        (7, "document_url"),
        (7, "quantities"),
        (8, "text"),
    }
    assert "formula" in next(e.reason for e in plan.errors if e.line == 6)
    assert Claim.objects.count() == 0
    assert not ClaimImport.objects.exists()


def test_a_row_with_too_many_or_too_few_cells_is_an_error(editor, source):
    plan = import_file(csv_file('"x",Ukrainian Air Force,,,,,extra'), "a.csv", user=editor)
    assert [(error.line, error.field) for error in plan.errors] == [(2, "")]


def test_only_a_verifier_imports_a_status(editor, verifier, source):
    data = csv_file(
        '"It was confirmed.",Ukrainian Air Force,,,,',
        header="text,source,side,occurred_on,document_url,status\n",
    )
    data = data.replace(b",,,,\n", b",,,,confirmed\n")
    refused = import_file(data, "a.csv", user=editor)
    assert [error.field for error in refused.errors] == ["status"]

    plan = import_file(data, "a.csv", user=verifier)
    claim = plan.to_create[0].claim
    claim.refresh_from_db()
    assert claim.status == Status.CONFIRMED
    review = Review.objects.get(claim=claim)
    assert (review.old_status, review.new_status, review.reviewer) == (
        "unverified",
        "confirmed",
        verifier,
    )
    assert "a.csv" in review.rationale


# Matching and creating what rows name --------------------------------------------------------


def test_sources_documents_and_events_are_matched_or_created(editor, source, ukraine):
    document = DocumentFactory(url="https://news.example.org/live")
    data = csv_file(
        '"Air defenses downed 25 of 30 drones.",ukrainian AIR force,,,https://NEWS.example.org/live/?utm_source=x,',
        '"Two people were killed in Odesa.",Odesa regional governor,ukraine,,https://t.me/odesa/1,',
        header="text,source,side,occurred_on,document_url,event\n",
    )
    data = data.replace(b"?utm_source=x,\n", b"?utm_source=x,Night attack\n").replace(
        b"t.me/odesa/1,\n", b"t.me/odesa/1,night attack\n"
    )
    plan = import_file(data, "wire.csv", user=editor)
    assert not plan.errors
    first, second = (Claim.objects.get(pk=row.claim.pk) for row in plan.to_create)
    assert first.source == source and first.document == document
    assert first.side == ukraine  # the source's party
    new_source = Source.objects.get(name="Odesa regional governor")
    assert second.source == new_source and new_source.party == ukraine
    assert second.document.url == "https://t.me/odesa/1"
    assert first.event == second.event and Event.objects.count() == 1
    assert (
        plan.counts()["new_sources"],
        plan.counts()["new_documents"],
        plan.counts()["new_events"],
    ) == (1, 1, 1)


def test_quantities_come_from_the_column_else_from_the_text(editor, source):
    data = csv_file(
        '"Air defenses downed most of the drones.",Ukrainian Air Force,,,,"25 of 30 drones downed"',
        '"Two people were killed and 15 wounded.",Ukrainian Air Force,,,,',
    )
    plan = import_file(data, "wire.csv", user=editor)
    given, extracted = plan.to_create
    assert (given.extracted, extracted.extracted) == (False, True)
    assert list(
        Quantity.objects.filter(claim=given.claim.pk).values_list(
            "value", "of_total", "item", "outcome"
        )
    ) == [(25, 30, "drone", "downed")]
    assert Quantity.objects.filter(claim=extracted.claim.pk).count() == 2


def test_an_imported_claim_is_searchable_and_its_history_names_the_import(editor, source):
    plan = import_file(
        csv_file('"Shahed drones hit Kharkiv.",Ukrainian Air Force,,,,'), "wire.csv", user=editor
    )
    claim = Claim.objects.get(pk=plan.to_create[0].claim.pk)
    assert list(Claim.objects.search("shahed")) == [claim]
    assert claim.created_by == editor and claim.imported_in == plan.claim_import
    (entry,) = [entry for entry in claim_history(claim.pk) if entry.part == "claim"]
    assert (entry.label, entry.user) == ("insert", "editor")
    assert entry.via == f"import #{plan.claim_import.pk} (wire.csv)"


# Idempotency ---------------------------------------------------------------------------------


def test_the_same_file_again_creates_nothing_and_says_so(editor, source):
    data = csv_file(
        '"25 of 30 drones downed.",Ukrainian Air Force,,,,', '"Another.",Ukrainian Air Force,,,,'
    )
    import_file(data, "wire.csv", user=editor)
    again = import_file(data, "wire-copy.csv", user=editor)
    assert again.counts()["create"] == 0 and again.counts()["skip"] == 2
    assert "imported before" in again.rows[0].note
    assert Claim.objects.count() == 2 and ClaimImport.objects.count() == 1


def test_an_external_id_is_recognised_in_another_file_and_a_changed_row_is_reported(editor, source):
    header = "external_id,text,source\n"
    import_file(
        csv_file('AP-1,"25 drones downed.",Ukrainian Air Force', header=header),
        "a.csv",
        user=editor,
    )
    plan = import_file(
        csv_file(
            'AP-1,"26 drones downed.",Ukrainian Air Force',
            'AP-2,"New.",Ukrainian Air Force',
            header=header,
        ),
        "b.csv",
        user=editor,
    )
    changed, created = plan.rows
    assert (changed.action, created.action) == ("changed", "create")
    assert "text" in changed.note
    assert Claim.objects.get(external_id="AP-1").text == "25 drones downed."  # not overwritten


def test_a_repeated_external_id_in_one_file_is_an_error(editor, source):
    header = "external_id,text,source\n"
    plan = import_file(
        csv_file('X,"a",Ukrainian Air Force', 'X,"b",Ukrainian Air Force', header=header),
        "a.csv",
        user=editor,
    )
    assert [(error.line, error.field) for error in plan.errors] == [(3, "external_id")]


def test_an_export_brought_back_creates_nothing(demo, editor):
    plan = import_file(exported(), "claims.csv", user=editor)
    assert not plan.errors
    assert plan.counts()["skip"] == Claim.objects.count() and not plan.to_create


def test_an_export_of_a_claim_changed_since_is_reported_not_applied(demo, editor):
    data = exported()
    claim = Claim.objects.order_by("pk").first()
    Claim.objects.filter(pk=claim.pk).update(location="Somewhere else")
    plan = import_file(data, "claims.csv", user=editor)
    (changed,) = [row for row in plan.rows if row.action == "changed"]
    assert changed.claim.pk == claim.pk and "location" in changed.note
    assert Claim.objects.get(pk=claim.pk).location == "Somewhere else"


# Round trip ----------------------------------------------------------------------------------

STAMPS = {"id", "source_id", "event_id", "created_at", "created_by", "updated_at", "updated_by"}


def comparable(data: bytes) -> list[dict]:
    rows = [
        {name: value for name, value in row.items() if name not in STAMPS} for row in rows_of(data)
    ]
    return sorted(rows, key=lambda row: (row["text"], row["source"]))


def test_an_export_imported_into_an_empty_desk_exports_the_same(demo, verifier):
    selection = Claim.objects.exclude(topic="diplomacy").order_by("pk")
    before = exported(selection)
    count = selection.count()
    empty_the_desk()

    plan = import_file(before, "claims.csv", user=verifier)
    assert not plan.errors and len(plan.to_create) == count

    after = exported()
    assert comparable(after) == comparable(before)


def test_ndjson_lines_that_cannot_be_claims_are_errors(editor, source):
    lines = [
        '{"text": "Fine.", "source": {"name": "Ukrainian Air Force"}}',
        "not json",
        "[1, 2]",
        '{"text": "x", "source": "Ukrainian Air Force", "colour": "red"}',
        '{"text": 5, "source": "Ukrainian Air Force"}',
        '{"text": "NUL \\u0000 inside", "source": "Ukrainian Air Force"}',
        '{"text": "No source."}',
        '{"text": "Bad numbers.", "source": "Ukrainian Air Force", "latitude": "NaN",'
        ' "quantities": [{"value": "lots"}, 3]}',
    ]
    plan = import_file("\n".join(lines).encode(), "claims.ndjson", user=editor)
    assert {(error.line, error.field) for error in plan.errors} == {
        (2, ""),
        (3, ""),
        (4, ""),
        (5, "text"),
        (6, "text"),
        (7, "source"),
        (8, "latitude"),
        (8, "quantities[0].value"),
        (8, "quantities[1]"),
    }
    assert not Claim.objects.exists()


def test_a_large_import_is_counted_by_the_summaries(editor, source):
    rows = [
        f'"Air defenses downed {n % 30 + 1} drones.",Ukrainian Air Force,,,,' for n in range(1_500)
    ]
    plan = import_file(csv_file(*rows), "wire.csv", user=editor)
    assert len(plan.to_create) == 1_500
    (row,) = summarize(Claim.objects.all(), group_by=["side"], item="drone", outcome="downed")
    assert (row["side"], row["claims"], row["quantities"]) == ("ukraine", 1_500, 1_500)
    assert row["lower"] == sum(n % 30 + 1 for n in range(1_500))


def test_a_row_with_more_than_a_hundred_quantities_is_an_error(editor, source):
    words = "; ".join(f"{n} drones downed" for n in range(1, 102))
    plan = import_file(csv_file(f'"Many.",Ukrainian Air Force,,,,"{words}"'), "a.csv", user=editor)
    assert [(error.line, error.field) for error in plan.errors] == [(2, "quantities")]
