"""Sources (with their track records), documents, events and parties in the admin, and creating
them without leaving the claim form: popups, pasted document URLs, the source autocomplete."""

import re

import pytest
from django.contrib.admin.options import IS_POPUP_VAR
from django.urls import reverse

from claims.models import Claim, Document, Party, Source
from tests.factories import (
    ClaimFactory,
    DocumentFactory,
    EventFactory,
    PartyFactory,
    QuantityFactory,
    SourceFactory,
)
from tests.helpers import CLAIM_ADD, CLAIMS_LIST, claim_form

# Track records.


def test_sources_list_shows_each_track_record(client, editor):
    source = SourceFactory(name="Ministry of Defence")
    for status in ["confirmed", "confirmed", "refuted", "unverified"]:
        ClaimFactory(source=source, status=status)
    SourceFactory(name="Silent Channel")
    client.force_login(editor)
    response = client.get(reverse("admin:claims_source_changelist"))
    rows = {row.name: row for row in response.context["cl"].result_list}
    ministry = rows["Ministry of Defence"]
    assert (ministry.claims_total, ministry.confirmed_share, ministry.refuted_share) == (
        4,
        0.5,
        0.25,
    )
    assert rows["Silent Channel"].confirmed_share is None
    page = response.content.decode()
    assert '<td class="field-confirmed">50%</td>' in page
    assert '<td class="field-refuted">25%</td>' in page
    assert "1 unverified, 2 confirmed, 1 refuted" in page


def test_source_page_shows_its_track_record_with_links(client, editor):
    source = SourceFactory()
    ClaimFactory(source=source, status="confirmed")
    ClaimFactory(source=source, status="disputed")
    client.force_login(editor)
    page = client.get(reverse("admin:claims_source_change", args=[source.pk])).content.decode()
    assert "2 claims:" in page
    assert "Confirmed 50%, refuted 0%." in page
    assert (
        f'href="{CLAIMS_LIST}?source__id__exact={source.pk}&amp;status__exact=disputed">1 disputed'
        in page
    )


# Quick creation: sources, documents and events without leaving the claim form.


def test_claim_form_offers_to_add_source_document_and_event(client, editor):
    client.force_login(editor)
    page = client.get(CLAIM_ADD).content.decode()
    for field in ["source", "document", "event"]:
        assert f'id="add_id_{field}"' in page
        assert re.search(f'<select[^>]*name="{field}"[^>]*class="admin-autocomplete', page)


def test_pasted_document_url_reuses_the_recorded_document(client, editor, air_force):
    document = DocumentFactory(url="https://www.rferl.org/a/scholz-putin")
    client.force_login(editor)
    response = client.post(
        CLAIM_ADD,
        claim_form(
            air_force, document_url="HTTPS://WWW.RFERL.ORG/a/scholz-putin/?utm_source=telegram"
        ),
    )
    assert response.status_code == 302
    assert Claim.objects.get().document == document
    assert Document.objects.count() == 1


def test_pasted_document_url_records_a_new_document(client, editor, air_force):
    client.force_login(editor)
    client.post(
        CLAIM_ADD, claim_form(air_force, document_url="https://t.me/kpszsu/21000?fbclid=abc")
    )
    document = Claim.objects.get().document
    assert document.url == "https://t.me/kpszsu/21000"
    assert Document.objects.count() == 1


def test_pasted_url_of_another_document_than_the_chosen_one_is_an_error(client, editor, air_force):
    chosen, other = DocumentFactory(), DocumentFactory()
    client.force_login(editor)
    response = client.post(
        CLAIM_ADD, claim_form(air_force, document=chosen.pk, document_url=other.url)
    )
    assert response.status_code == 200
    assert "This is not the chosen document&#x27;s URL" in response.content.decode()
    assert not Claim.objects.exists()


def test_document_popup_with_a_recorded_url_picks_that_document(client, editor):
    document = DocumentFactory(url="https://www.rferl.org/a/scholz-putin")
    client.force_login(editor)
    response = client.post(
        reverse("admin:claims_document_add"),
        {"url": "https://www.rferl.org/a/scholz-putin/#comments", "title": "", IS_POPUP_VAR: "1"},
    )
    assert response.status_code == 200
    assert f"&quot;value&quot;: &quot;{document.pk}&quot;" in response.content.decode()
    assert Document.objects.count() == 1


def test_document_form_with_a_recorded_url_links_to_it(client, editor):
    document = DocumentFactory(url="https://www.rferl.org/a/scholz-putin")
    client.force_login(editor)
    response = client.post(
        reverse("admin:claims_document_add"),
        {"url": "https://www.rferl.org/a/scholz-putin?utm_medium=social", "title": "Again"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "This document is already recorded" in page
    assert reverse("admin:claims_document_change", args=[document.pk]) in page
    assert Document.objects.count() == 1


def test_document_popup_records_a_new_document_normalized(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("admin:claims_document_add"),
        {"url": "https://Example.org/post/1/?utm_source=x", "title": "Post", IS_POPUP_VAR: "1"},
    )
    assert response.status_code == 200
    assert Document.objects.get().url == "https://example.org/post/1"


@pytest.mark.parametrize("model", ["source", "event"])
def test_popup_adds_source_and_event(client, editor, model):
    client.force_login(editor)
    data = {
        "source": {"name": "Ukrainian Navy", "kind": "military", "reliability": "F"},
        "event": {"title": "Strike on Kharkiv", "occurred_on": "2024-11-15"},
    }[model]
    response = client.post(reverse(f"admin:claims_{model}_add"), {**data, IS_POPUP_VAR: "1"})
    assert response.status_code == 200
    assert "data-popup-response" in response.content.decode()


def test_autocomplete_finds_sources_for_the_claim_form(client, editor, air_force):
    client.force_login(editor)
    response = client.get(
        reverse("admin:autocomplete"),
        {"term": "air", "app_label": "claims", "model_name": "claim", "field_name": "source"},
    )
    assert response.status_code == 200
    assert response.json()["results"] == [{"id": str(air_force.pk), "text": "Ukrainian Air Force"}]


# Sources, documents, events, parties.


def test_sources_list_counts_claims_and_links_to_them(client, demo, editor):
    client.force_login(editor)
    response = client.get(reverse("admin:claims_source_changelist"))
    air_force = next(source for source in response.context["cl"].result_list if source.pk == 2)
    assert air_force.claim_count == Claim.objects.filter(source_id=2).count() == 2
    assert f'href="{CLAIMS_LIST}?source__id__exact=2">2</a>' in response.content.decode()


def test_documents_list_shows_outlet_date_and_claims(client, demo, editor):
    client.force_login(editor)
    response = client.get(reverse("admin:claims_document_changelist"))
    page = response.content.decode()
    assert "Scholz Speaks To Putin" in page
    assert "RFE/RL" in page
    assert "Nov. 15, 2024" in page
    assert f'href="{CLAIMS_LIST}?document__id__exact=1">28</a>' in page


def test_event_page_shows_claims_grouped_by_side(client, demo, editor):
    client.force_login(editor)
    response = client.get(reverse("admin:claims_event_change", args=[1]))
    sides = response.context["sides"]
    assert [side["side"] for side in sides] == ["Ukraine", "No side (independent sources)"]
    ukraine_numbers = [entry["numbers"] for entry in sides[0]["claims"]]
    assert "1 person killed; at least 10 people wounded" in ukraine_numbers
    independent_numbers = [entry["numbers"] for entry in sides[1]["claims"]]
    assert "1 person killed; 10 people wounded; 40,000 people affected" in independent_numbers
    page = response.content.decode()
    assert "What each side claims" in page
    assert f"{CLAIMS_LIST}?event__id__exact=1" in page


def test_event_page_puts_both_sides_next_to_each_other(client, editor):
    event = EventFactory(title="Drone attack on Krasnodar")
    ukraine = PartyFactory(name="Ukraine", slug="ukraine")
    russia = PartyFactory(name="Russia", slug="russia")
    QuantityFactory(claim=ClaimFactory(event=event, source=SourceFactory(party=ukraine)), value=30)
    QuantityFactory(claim=ClaimFactory(event=event, source=SourceFactory(party=russia)), value=24)
    client.force_login(editor)
    sides = client.get(reverse("admin:claims_event_change", args=[event.pk])).context["sides"]
    assert [(side["side"], side["claims"][0]["numbers"]) for side in sides] == [
        ("Russia", "24 drones downed"),
        ("Ukraine", "30 drones downed"),
    ]


def test_party_can_be_added_by_superuser_only(client, editor, superuser):
    client.force_login(editor)
    assert client.get(reverse("admin:claims_party_add")).status_code == 403
    client.force_login(superuser)
    response = client.post(
        reverse("admin:claims_party_add"), {"name": "Belarus", "slug": "belarus"}
    )
    assert response.status_code == 302
    assert Party.objects.filter(slug="belarus").exists()


def test_source_name_must_be_unique_ignoring_case(client, editor, air_force):
    client.force_login(editor)
    response = client.post(
        reverse("admin:claims_source_add"),
        {"name": "ukrainian air force", "kind": "military", "reliability": "F"},
    )
    assert response.status_code == 200
    assert "A source with this name already exists." in response.content.decode()
    assert Source.objects.count() == 1
