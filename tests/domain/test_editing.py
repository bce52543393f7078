"""claims.editing, the one way a claim is written: quantities replaced by what changed only,
the one extraction rule, stamping, a pasted document URL, a review, the expected version."""

from decimal import Decimal

import pytest

from claims import editing
from claims.models import Claim, Document, QuantityHistory, StaleClaimError
from tests.factories import ClaimFactory, QuantityFactory, SourceFactory, UserFactory

SENTENCE = "Ukrainian air defenses downed 25 of 30 drones overnight."
DOWNED = {"value": Decimal(25), "of_total": Decimal(30), "item": "drone", "outcome": "downed"}


@pytest.fixture
def claimant(db):
    return SourceFactory(name="Ukrainian Air Force")


def summaries(claim) -> list[str]:
    return [quantity.summary for quantity in claim.quantities.order_by("id")]


def test_a_new_claim_without_numbers_gets_those_of_its_text(claimant):
    claim = editing.save_claim(Claim(), {"text": SENTENCE, "source": claimant})

    assert claim.quantities_extracted is True
    assert summaries(claim) == ["25 of 30 drones downed"]


def test_numbers_said_to_be_none_are_not_extracted(claimant):
    claim = editing.save_claim(Claim(), {"text": SENTENCE, "source": claimant}, quantities=[])

    assert claim.quantities_extracted is False
    assert summaries(claim) == []


def test_a_text_change_never_replaces_an_editors_numbers(claimant):
    claim = ClaimFactory(source=claimant, text="Air defenses were active overnight.")
    kept = QuantityFactory(claim=claim, value=12, item="missile", outcome="downed")

    editing.save_claim(claim, {"text": SENTENCE})

    assert claim.quantities_extracted is False
    assert list(claim.quantities.values_list("id", flat=True)) == [kept.pk]


def test_a_claim_left_without_numbers_gets_those_of_its_new_text(claimant):
    claim = ClaimFactory(source=claimant, text="Air defenses were active overnight.")

    editing.save_claim(claim, {"text": SENTENCE})

    assert claim.quantities_extracted is True
    assert summaries(claim) == ["25 of 30 drones downed"]


def test_an_unchanged_text_extracts_nothing(claimant):
    claim = ClaimFactory(source=claimant, text=SENTENCE)

    editing.save_claim(claim, {"location": "Ukraine"})

    assert claim.quantities_extracted is False
    assert summaries(claim) == []


def test_quantities_sent_unchanged_keep_their_rows_and_history(claimant):
    claim = ClaimFactory(source=claimant, text=SENTENCE)
    downed = QuantityFactory(claim=claim, **DOWNED)
    history_before = QuantityHistory.objects.count()

    editing.save_claim(
        claim,
        {},
        quantities=[DOWNED, {"value": Decimal(30), "item": "drone", "outcome": "launched"}],
    )

    rows = list(claim.quantities.order_by("id"))
    assert rows[0].pk == downed.pk
    assert [row.summary for row in rows] == ["25 of 30 drones downed", "30 drones launched"]
    # One insert recorded: the kept row was not rewritten.
    assert QuantityHistory.objects.count() == history_before + 1


def test_a_row_named_by_id_is_changed_in_place(claimant):
    claim = ClaimFactory(source=claimant, text=SENTENCE)
    downed = QuantityFactory(claim=claim, **DOWNED)

    editing.save_claim(claim, {}, quantities=[{**DOWNED, "id": downed.pk, "value": Decimal(26)}])

    assert list(claim.quantities.values_list("id", "value")) == [(downed.pk, Decimal(26))]


def test_quantities_left_out_of_the_list_are_removed(claimant):
    claim = ClaimFactory(source=claimant, text=SENTENCE)
    QuantityFactory(claim=claim, **DOWNED)

    editing.save_claim(claim, {}, quantities=[])

    assert summaries(claim) == []


def test_who_created_and_changed_the_claim_is_stamped(claimant):
    author, corrector = UserFactory(), UserFactory()
    claim = editing.save_claim(Claim(), {"text": SENTENCE, "source": claimant}, user=author)

    editing.save_claim(Claim.objects.get(pk=claim.pk), {"location": "Kyiv"}, user=corrector)

    claim.refresh_from_db()
    assert (claim.created_by, claim.updated_by) == (author, corrector)


def test_a_pasted_document_url_finds_the_recorded_document(claimant):
    recorded = Document.objects.create(url="https://example.org/report")

    claim = editing.save_claim(
        Claim(),
        {"text": SENTENCE, "source": claimant},
        document_url="https://EXAMPLE.org/report/?utm_source=x",
    )

    assert claim.document == recorded
    assert Document.objects.count() == 1


def test_a_save_on_a_replaced_version_writes_nothing(claimant):
    claim = ClaimFactory(source=claimant, text=SENTENCE)
    Claim.objects.get(pk=claim.pk).save()  # someone else saves: version 2

    with pytest.raises(StaleClaimError):
        editing.save_claim(claim, {"text": "An older edit."}, quantities=[], expected_version=1)

    claim.refresh_from_db()
    assert claim.text == SENTENCE


def test_status_changes_only_through_the_review(claimant, editorial_groups):
    verifier = UserFactory(groups=["Verifiers"])
    claim = ClaimFactory(source=claimant, text=SENTENCE)
    claim.status = "refuted"  # as a form would set it

    editing.save_claim(
        claim,
        {},
        review={"status": "confirmed", "rationale": "Footage", "evidence_urls": []},
        user=verifier,
    )

    claim.refresh_from_db()
    assert claim.status == "confirmed"
    assert list(claim.reviews.values_list("old_status", "new_status")) == [
        ("unverified", "confirmed")
    ]
