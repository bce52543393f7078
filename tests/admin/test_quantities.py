"""The claim form fills its numbers from the claim's text: on request, before saving (the
"Fill quantities from text" button asks the extract view), and on saving a claim without any."""

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import Claim, Quantity
from tests.factories import ClaimFactory, QuantityFactory, UserFactory
from tests.helpers import (
    AIR_FORCE_CLAIM,
    CLAIM_ADD,
    claim_change_url,
    claim_form,
    existing_claim_form,
    quantity_rows,
)

EXTRACT = reverse("admin:claims_claim_extract")
THREE_NUMBERS = "One person was killed and at least 10 were wounded; 40,000 are without heating."


@pytest.mark.parametrize("role", ["editor", "verifier"])
def test_extract_view_returns_the_quantities_of_the_text(client, request, role):
    client.force_login(request.getfixturevalue(role))
    response = client.post(EXTRACT, {"text": AIR_FORCE_CLAIM})
    assert response.status_code == 200
    assert response.json() == {
        "quantities": [
            {
                "value": "25",
                "upper": None,
                "qualifier": "exact",
                "of_total": "30",
                "item": "drone",
                "outcome": "downed",
            }
        ]
    }


def test_extract_view_finds_several_numbers_and_saves_nothing(client, editor):
    client.force_login(editor)
    quantities = client.post(EXTRACT, {"text": THREE_NUMBERS}).json()["quantities"]
    assert [(q["value"], q["qualifier"], q["outcome"]) for q in quantities] == [
        ("1", "exact", "killed"),
        ("10", "at_least", "wounded"),
        ("40000", "exact", "affected"),
    ]
    assert not Claim.objects.exists()
    assert not Quantity.objects.exists()


@pytest.mark.parametrize("text", ["", "No numbers here.", "x" * 10_000])
def test_extract_view_answers_any_text_up_to_its_limit(client, editor, text):
    client.force_login(editor)
    response = client.post(EXTRACT, {"text": text})
    assert response.status_code == 200
    assert isinstance(response.json()["quantities"], list)


@pytest.mark.parametrize("text", ["\x00", "x" * 10_001, "x" * 2_000_000])
def test_extract_view_refuses_what_no_claim_could_hold(client, editor, text):
    client.force_login(editor)
    response = client.post(EXTRACT, {"text": text})
    assert response.status_code == 400
    assert response.json()["errors"]["text"]


def test_viewer_cannot_use_the_extract_view(client, viewer):
    client.force_login(viewer)
    assert client.post(EXTRACT, {"text": AIR_FORCE_CLAIM}).status_code == 403


def test_extract_view_needs_a_desk_login(client, db):
    response = client.post(EXTRACT, {"text": AIR_FORCE_CLAIM})
    assert response.status_code == 302
    assert reverse("admin:login") in response.url


def test_extract_view_takes_only_post(client, editor):
    client.force_login(editor)
    assert client.get(EXTRACT, {"text": AIR_FORCE_CLAIM}).status_code == 405


def test_extract_view_checks_the_csrf_token(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post(EXTRACT, {"text": AIR_FORCE_CLAIM}).status_code == 403


def test_claim_form_offers_the_fill_button_to_editors_only(client, editor, viewer):
    claim = ClaimFactory()
    client.force_login(editor)
    page = client.get(CLAIM_ADD).content.decode()
    assert "Fill quantities from text" in page
    assert f'data-extract-url="{EXTRACT}"' in page
    assert "claims/quantities.js" in page
    client.force_login(viewer)
    assert "Fill quantities from text" not in client.get(claim_change_url(claim)).content.decode()


# Saving a claim with text but no numbers.


def test_new_claim_without_numbers_gets_those_of_its_text(client, editor, air_force):
    client.force_login(editor)
    response = client.post(CLAIM_ADD, claim_form(air_force, text=AIR_FORCE_CLAIM), follow=True)
    claim = Claim.objects.get()
    assert [quantity.summary for quantity in claim.quantities.all()] == ["25 of 30 drones downed"]
    messages = [str(message) for message in response.context["messages"]]
    assert "Quantities extracted from the text: 25 of 30 drones downed — check them." in messages


def test_a_message_waits_for_the_next_page_across_api_reads(client, editor, air_force):
    # The API never makes a message storage (claims.middleware.MessageMiddleware): its reads in
    # between neither show nor drop what the admin has to say.
    client.force_login(editor)
    saved = client.post(CLAIM_ADD, claim_form(air_force, text=AIR_FORCE_CLAIM))
    assert saved.status_code == 302 and "messages" in saved.cookies
    read = client.get("/api/claims/")
    assert read.status_code == 200 and "messages" not in read.cookies
    shown = client.get(saved["Location"])
    messages = [str(message) for message in shown.context["messages"]]
    assert "Quantities extracted from the text: 25 of 30 drones downed — check them." in messages
    assert shown.cookies["messages"].value == ""  # shown once: the next page has none
    again = client.get(saved["Location"])
    assert [str(message) for message in again.context["messages"]] == []


def test_numbers_entered_by_the_editor_are_kept_as_entered(client, editor, air_force):
    client.force_login(editor)
    response = client.post(
        CLAIM_ADD,
        claim_form(
            air_force,
            {"value": "24", "of_total": "30", "item": "drone", "outcome": "downed"},
            text=AIR_FORCE_CLAIM,
        ),
        follow=True,
    )
    summaries = [quantity.summary for quantity in Claim.objects.get().quantities.all()]
    assert summaries == ["24 of 30 drones downed"]
    assert "Quantities extracted" not in response.content.decode()


def test_claim_without_numbers_in_its_text_gets_none(client, editor, air_force):
    client.force_login(editor)
    response = client.post(CLAIM_ADD, claim_form(air_force), follow=True)
    assert not Quantity.objects.exists()
    assert "Quantities extracted" not in response.content.decode()


def test_editing_a_claim_without_changing_its_text_extracts_nothing(client, editor):
    # The editor removed wrong numbers on purpose: saving again must not bring them back.
    claim = ClaimFactory(text=AIR_FORCE_CLAIM)
    client.force_login(editor)
    client.post(claim_change_url(claim), existing_claim_form(claim, location="Ukraine"))
    assert not claim.quantities.exists()


def test_new_text_on_a_claim_without_numbers_gets_its_numbers(client, editor):
    claim = ClaimFactory(text="Drones were downed overnight.")
    client.force_login(editor)
    client.post(claim_change_url(claim), existing_claim_form(claim, text=THREE_NUMBERS))
    assert [quantity.summary for quantity in claim.quantities.all()] == [
        "1 person killed",
        "at least 10 people wounded",
        "40,000 people affected",
    ]


def test_new_text_and_new_rows_keep_the_rows_as_entered(client, editor):
    claim = ClaimFactory(text="Drones were downed overnight.")
    client.force_login(editor)
    data = existing_claim_form(claim, text=THREE_NUMBERS)
    data.update(quantity_rows({"value": "2", "item": "person", "outcome": "killed"}))
    assert client.post(claim_change_url(claim), data).status_code == 302
    assert [quantity.summary for quantity in claim.quantities.all()] == ["2 people killed"]


def test_new_text_on_a_claim_with_numbers_keeps_them(client, editor):
    quantity = QuantityFactory(value=7)
    client.force_login(editor)
    claim = quantity.claim
    data = existing_claim_form(claim, text=THREE_NUMBERS)
    data.update(
        {
            "quantities-TOTAL_FORMS": "1",
            "quantities-INITIAL_FORMS": "1",
            "quantities-0-id": quantity.pk,
            "quantities-0-claim": claim.pk,
            "quantities-0-value": "7",
            "quantities-0-qualifier": "exact",
            "quantities-0-item": "drone",
            "quantities-0-outcome": "downed",
        }
    )
    assert client.post(claim_change_url(claim), data).status_code == 302
    assert [q.summary for q in claim.quantities.all()] == ["7 drones downed"]


def test_superuser_sees_the_extracted_numbers_too(client, air_force):
    client.force_login(UserFactory(username="chief", is_staff=True, is_superuser=True))
    client.post(CLAIM_ADD, claim_form(air_force, text=AIR_FORCE_CLAIM))
    assert Claim.objects.get().quantities.count() == 1
