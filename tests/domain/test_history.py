"""Every change to the desk's data is recorded by PostgreSQL, whatever path it takes."""

import pytest
from django.db import connection
from pghistory.models import Events

from claims.models import Claim, ClaimHistory, Quantity, SourceHistory
from tests.factories import ClaimFactory, QuantityFactory, SourceFactory

pytestmark = pytest.mark.django_db


def claim_history(claim_id: int):
    return Events.objects.references(Claim(pk=claim_id)).order_by("pgh_created_at", "pgh_id")


def test_bulk_update_appears_in_the_history():
    claim = ClaimFactory(location="Odesa")
    Claim.objects.filter(pk=claim.pk).update(location="Izmail")
    update = ClaimHistory.objects.filter(pgh_obj_id=claim.pk, pgh_label="update").get()
    assert update.location == "Izmail"
    diff = claim_history(claim.pk).filter(pgh_label="update").get().pgh_diff
    assert diff["location"] == ["Odesa", "Izmail"]


def test_raw_sql_is_captured_too():
    source = SourceFactory(notes="")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE claims_source SET notes = 'checked' WHERE id = %s", [source.pk])
    assert SourceHistory.objects.filter(pgh_obj_id=source.pk, pgh_label="update").get().notes == (
        "checked"
    )


def test_claim_history_includes_its_quantities_changes():
    quantity = QuantityFactory(value=25, of_total=30)
    Quantity.objects.filter(pk=quantity.pk).update(value=27)
    events = claim_history(quantity.claim_id)
    labels = [(event.pgh_model, event.pgh_label) for event in events]
    assert ("claims.ClaimHistory", "insert") in labels
    assert ("claims.QuantityHistory", "insert") in labels
    quantity_update = events.get(pgh_model="claims.QuantityHistory", pgh_label="update")
    assert quantity_update.pgh_diff["value"] == [25, 27]


def test_deleting_a_claim_keeps_its_history_and_last_state():
    claim = ClaimFactory(text="Russian forces control Toretsk.")
    QuantityFactory(claim=claim)
    claim_id = claim.pk
    claim.delete()
    assert not Claim.objects.filter(pk=claim_id).exists()
    last_state = ClaimHistory.objects.get(pgh_obj_id=claim_id, pgh_label="delete")
    assert last_state.text == "Russian forces control Toretsk."
    labels = {(event.pgh_model, event.pgh_label) for event in claim_history(claim_id)}
    assert {("claims.ClaimHistory", "delete"), ("claims.QuantityHistory", "delete")} <= labels
