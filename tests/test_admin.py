"""The admin as the editors' desk: lists, the claim form, quick creation, search, filters,
permissions, and a fixed number of queries per list page."""

import datetime
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.admin.options import IS_POPUP_VAR
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim, Document, Party, Quantity, Source
from tests.factories import (
    ClaimFactory,
    DocumentFactory,
    EventFactory,
    PartyFactory,
    QuantityFactory,
    SourceFactory,
    UserFactory,
)

CLAIMS_LIST = reverse("admin:claims_claim_changelist")
CLAIM_ADD = reverse("admin:claims_claim_add")
LIST_PAGES = ["claim", "source", "document", "event", "party", "claimlink", "review"]
AIR_FORCE_CLAIM = "Ukrainian air defenses downed 25 of nearly 30 Russian drones launched overnight."


def claim_change_url(claim):
    return reverse("admin:claims_claim_change", args=[claim.pk])


def empty_formset(prefix):
    return {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}


def quantity_rows(*rows):
    """The inline formset's fields for these quantity rows (dicts of Quantity fields)."""
    data = {
        "quantities-TOTAL_FORMS": str(len(rows)),
        "quantities-INITIAL_FORMS": "0",
        "quantities-MIN_NUM_FORMS": "0",
        "quantities-MAX_NUM_FORMS": "1000",
        # The links and the verification history post their (here empty) formsets too.
        **empty_formset("links_from"),
        **empty_formset("links_to"),
        **empty_formset("reviews"),
    }
    for index, row in enumerate(rows):
        row = {"qualifier": "exact", "upper": "", "of_total": "", "item": "", "outcome": "", **row}
        data.update({f"quantities-{index}-{name}": value for name, value in row.items()})
    return data


def claim_form(claimant, *quantities, **fields):
    """What the claim form posts, as an editor leaves it: only `fields` and `quantities` set."""
    data = {
        "text": "Russian forces shelled Kherson.",
        "topic": "strike",
        "source": claimant.pk,
        "side": "",
        "document": "",
        "document_url": "",
        "quote": "",
        "occurred_on": "",
        "claimed_at_0": "",
        "claimed_at_1": "",
        "event": "",
        "location": "",
        "latitude": "",
        "longitude": "",
    }
    data.update(quantity_rows(*quantities))
    data.update(fields)
    return data


def existing_claim_form(claim, **fields):
    """What the change form posts for an existing claim without quantities, left unchanged."""
    data = claim_form(
        claim.source,
        text=claim.text,
        topic=claim.topic,
        side=claim.side_id or "",
        status=claim.status,
        seen_version=claim.version,
    )
    data.update(fields)
    return data


def listed_claims(response) -> set[int]:
    return {claim.pk for claim in response.context["cl"].result_list}


@pytest.fixture
def superuser(db):
    return UserFactory(username="chief", is_staff=True, is_superuser=True)


@pytest.fixture
def ukraine(db):
    return PartyFactory(name="Ukraine", slug="ukraine")


@pytest.fixture
def air_force(ukraine):
    return SourceFactory(name="Ukrainian Air Force", kind="military", party=ukraine)


# Lists and forms load for every role.


@pytest.mark.parametrize("role", ["editor", "verifier", "viewer"])
@pytest.mark.parametrize("model", LIST_PAGES)
def test_list_page_loads(client, demo, request, role, model):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse(f"admin:claims_{model}_changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("role", ["editor", "verifier", "viewer"])
@pytest.mark.parametrize("model", ["claim", "source", "document", "event", "party"])
def test_change_page_loads(client, demo, request, role, model):
    client.force_login(request.getfixturevalue(role))
    row = apps.get_model("claims", model).objects.first()
    response = client.get(reverse(f"admin:claims_{model}_change", args=[row.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("model", ["claim", "source", "document", "event"])
def test_add_page_loads_for_editor(client, editor, model):
    client.force_login(editor)
    assert client.get(reverse(f"admin:claims_{model}_add")).status_code == 200


def test_claims_list_shows_text_source_side_badge_and_numbers(client, demo, editor):
    client.force_login(editor)
    response = client.get(CLAIMS_LIST)
    page = response.content.decode()
    assert "Ukrainian air defenses downed 25 of nearly 30 Russian drones" in page
    assert "25 of 30 drones downed" in page
    assert "1 person killed; at least 10 people wounded" in page
    assert '<span class="claim-status claim-status-unverified">Unverified</span>' in page
    assert "Ukrainian Air Force" in page


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


def test_claims_list_runs_the_same_queries_for_1_and_100_claims(client, editor):
    client.force_login(editor)

    def queries_for_list():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(CLAIMS_LIST)
        assert response.status_code == 200
        return len(response.context["cl"].result_list), [query["sql"] for query in queries]

    event = EventFactory()
    QuantityFactory.create_batch(2, claim=ClaimFactory(event=event, occurred_on="2024-11-14"))
    shown, one_claim_queries = queries_for_list()
    assert shown == 1
    for day in range(99):
        claim = ClaimFactory(
            event=event,
            document=DocumentFactory(),
            occurred_on=datetime.date(2022, 1, 1) + datetime.timedelta(days=9 * day),
        )
        QuantityFactory.create_batch(2, claim=claim)
    shown, hundred_claims_queries = queries_for_list()
    assert shown == 100

    assert len(hundred_claims_queries) == len(one_claim_queries)
    # 1-4. the session, the user, the user's own and their groups' permissions;
    # 5-6. the side filter's parties, the event filter's recent events;
    # 7-8. the table's size estimate, then (under 10,000 rows) the bounded exact count;
    # 9-10. the page of claims with source and side joined, their quantities;
    # 11-12. the date drill-down: the first and last date, one query of per-period probes.
    assert len(one_claim_queries) == 12, "\n".join(one_claim_queries)


@pytest.mark.parametrize("model", ["source", "document", "event"])
def test_reference_lists_run_the_same_queries_for_1_and_30_rows(client, editor, model):
    client.force_login(editor)
    url = reverse(f"admin:claims_{model}_changelist")
    factory = {"source": SourceFactory, "document": DocumentFactory, "event": EventFactory}[model]

    def query_count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(response.context["cl"].result_list), len(queries)

    ClaimFactory(**{model: factory()})
    shown, one_row = query_count()
    for row in factory.create_batch(29):
        # Claims in several statuses: the sources' track record counts them in the same query.
        ClaimFactory.create_batch(2, **{model: row})
        ClaimFactory(status="confirmed", **{model: row})
        ClaimFactory(status="refuted", **{model: row})
    shown_many, many_rows = query_count()
    assert shown_many > shown
    assert many_rows == one_row


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


# Permissions: model permissions decide; the status belongs to verifiers.


def test_viewer_sees_a_claim_read_only(client, demo, viewer):
    client.force_login(viewer)
    claim = Claim.objects.get(text=AIR_FORCE_CLAIM)
    response = client.get(claim_change_url(claim))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="text"' not in page
    assert 'name="_save"' not in page
    assert "25 of 30 drones downed" in page
    assert "Unverified" in page


def test_viewer_cannot_change_a_claim(client, demo, viewer):
    client.force_login(viewer)
    claim = Claim.objects.get(text=AIR_FORCE_CLAIM)
    response = client.post(claim_change_url(claim), existing_claim_form(claim, text="Edited."))
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.text == AIR_FORCE_CLAIM


def test_viewer_cannot_add_a_claim(client, air_force, viewer):
    client.force_login(viewer)
    assert client.get(CLAIM_ADD).status_code == 403
    assert client.post(CLAIM_ADD, claim_form(air_force)).status_code == 403
    assert not Claim.objects.exists()


def test_editor_sees_status_read_only(client, editor):
    claim = ClaimFactory()
    client.force_login(editor)
    page = client.get(claim_change_url(claim)).content.decode()
    assert 'name="text"' in page
    assert 'name="status"' not in page


def test_editor_cannot_change_status_by_post(client, editor):
    claim = ClaimFactory()
    client.force_login(editor)
    response = client.post(
        claim_change_url(claim), existing_claim_form(claim, status="confirmed", text="Edited.")
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.text == "Edited."
    assert claim.status == "unverified"


def test_editor_cannot_set_status_when_adding(client, air_force, editor):
    client.force_login(editor)
    client.post(CLAIM_ADD, claim_form(air_force, status="confirmed"))
    assert Claim.objects.get().status == "unverified"


def test_editor_has_no_bulk_actions(client, editor):
    ClaimFactory()
    client.force_login(editor)
    response = client.get(CLAIMS_LIST)
    assert response.context["action_form"] is None


@pytest.mark.parametrize("role", ["verifier", "superuser"])
def test_verifier_changes_status_with_a_recorded_review(client, db, request, role):
    reviewer = request.getfixturevalue(role)
    claim = ClaimFactory()
    client.force_login(reviewer)
    page = client.get(claim_change_url(claim)).content.decode()
    assert 'name="status"' in page
    assert 'name="review_rationale"' in page
    response = client.post(
        claim_change_url(claim),
        existing_claim_form(
            claim,
            status="disputed",
            review_rationale="Satellite images show no damage.",
            review_evidence_urls="https://example.org/a\nhttps://example.org/b",
        ),
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == "disputed"
    review = claim.reviews.get()
    assert (review.old_status, review.new_status, review.reviewer) == (
        "unverified",
        "disputed",
        reviewer,
    )
    assert review.rationale == "Satellite images show no damage."
    assert review.evidence_urls == ["https://example.org/a", "https://example.org/b"]
    assert (
        "Satellite images show no damage." in client.get(claim_change_url(claim)).content.decode()
    )


def test_status_change_without_a_reason_is_refused(client, verifier):
    claim = ClaimFactory()
    client.force_login(verifier)
    response = client.post(claim_change_url(claim), existing_claim_form(claim, status="refuted"))
    assert response.status_code == 200
    assert "Say why the status changes." in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == "unverified"
    assert not claim.reviews.exists()


def test_status_offers_only_the_allowed_transitions(client, verifier):
    claim = ClaimFactory(status="retracted")
    client.force_login(verifier)
    form = client.get(claim_change_url(claim)).context["adminform"].form
    assert [value for value, _label in form.fields["status"].choices] == [
        "unverified",
        "retracted",
    ]
    response = client.post(
        claim_change_url(claim),
        existing_claim_form(claim, status="confirmed", review_rationale="Because."),
    )
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.status == "retracted"


def test_verifier_edit_without_status_change_records_no_review(client, verifier):
    claim = ClaimFactory()
    client.force_login(verifier)
    client.post(claim_change_url(claim), existing_claim_form(claim, text="Edited."))
    claim.refresh_from_db()
    assert claim.text == "Edited."
    assert not claim.reviews.exists()


def test_new_claims_start_unverified_even_for_verifiers(client, verifier, air_force):
    client.force_login(verifier)
    assert 'name="status"' not in client.get(CLAIM_ADD).content.decode()
    client.post(CLAIM_ADD, claim_form(air_force, status="confirmed"))
    assert Claim.objects.get().status == "unverified"


# The claim form.


def test_air_force_claim_is_recorded_in_one_form(client, editor, air_force):
    """The issue's "done when": source, side, quote, document and quantities in one form."""
    document = DocumentFactory(url="https://www.rferl.org/a/scholz-putin-ukraine")
    client.force_login(editor)
    response = client.post(
        CLAIM_ADD,
        claim_form(
            air_force,
            {"value": "25", "of_total": "30", "item": "drone", "outcome": "downed"},
            text=AIR_FORCE_CLAIM,
            topic="air_defense",
            side=air_force.party_id,
            document=document.pk,
            quote="Air defenses downed 25 of nearly 30 Russian drones, the air force said.",
            occurred_on="2024-11-14",
            claimed_at_0="2024-11-15",
            claimed_at_1="08:10:00",
            location="Ukraine",
        ),
    )
    assert response.status_code == 302, response.context["errors"]
    claim = Claim.objects.get()
    assert claim.source == air_force
    assert claim.side.slug == "ukraine"
    assert claim.document == document
    assert claim.quote.startswith("Air defenses downed 25")
    assert claim.created_by == editor
    assert claim.updated_by == editor
    quantity = claim.quantities.get()
    assert (quantity.value, quantity.of_total, quantity.item, quantity.outcome) == (
        25,
        30,
        "drone",
        "downed",
    )
    assert quantity.summary == "25 of 30 drones downed"
    listing = client.get(CLAIMS_LIST).content.decode()
    assert "25 of 30 drones downed" in listing


def test_side_is_filled_from_the_source_when_left_empty(client, editor, air_force):
    client.force_login(editor)
    client.post(CLAIM_ADD, claim_form(air_force, side=""))
    assert Claim.objects.get().side == air_force.party


def test_side_chosen_by_the_editor_is_kept(client, editor, air_force):
    russia = PartyFactory(name="Russia", slug="russia")
    client.force_login(editor)
    client.post(CLAIM_ADD, claim_form(air_force, side=russia.pk))
    assert Claim.objects.get().side == russia


def test_independent_source_leaves_side_empty(client, editor):
    outlet = SourceFactory(name="RFE/RL", kind="media", party=None)
    client.force_login(editor)
    client.post(CLAIM_ADD, claim_form(outlet))
    assert Claim.objects.get().side is None


def test_two_quantities_are_saved_with_the_claim(client, editor, air_force):
    client.force_login(editor)
    client.post(
        CLAIM_ADD,
        claim_form(
            air_force,
            {"value": "1", "item": "person", "outcome": "killed"},
            {"value": "10", "qualifier": "at_least", "item": "person", "outcome": "wounded"},
        ),
    )
    summaries = [quantity.summary for quantity in Claim.objects.get().quantities.all()]
    assert summaries == ["1 person killed", "at least 10 people wounded"]


@pytest.mark.parametrize(
    ("quantity", "fields", "message"),
    [
        ({"value": "30", "upper": "25"}, {}, "The upper bound cannot be below the value."),
        ({"value": "30", "of_total": "25"}, {}, "The total (&quot;of N&quot;) cannot be below"),
        ({"value": "-3"}, {}, "Ensure this value is greater than or equal to 0."),
        ({"value": "10", "qualifier": "range"}, {}, "A range needs an upper bound."),
        ({"value": "", "item": "drone"}, {}, "This field is required."),
        ({"value": "25"}, {"latitude": "95"}, "Ensure this value is less than or equal to 90."),
        ({"value": "25"}, {"longitude": "-200"}, "greater than or equal to -180."),
        ({"value": "25"}, {"text": ""}, "This field is required."),
        ({"value": "25"}, {"source": ""}, "This field is required."),
        ({"value": "25"}, {"occurred_on": "14 Novembr"}, "Enter a valid date."),
        ({"value": "25"}, {"document_url": "not a url"}, "Enter a valid URL."),
    ],
)
def test_invalid_input_shows_errors_and_saves_nothing(
    client, editor, air_force, quantity, fields, message
):
    client.force_login(editor)
    response = client.post(
        CLAIM_ADD, claim_form(air_force, {"item": "drone", **quantity}, **fields)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Claim.objects.exists()
    assert not Quantity.objects.exists()
    assert not Document.objects.exists()


def test_invalid_quantity_on_change_keeps_the_claim_as_it_was(client, editor):
    claim = ClaimFactory(text="Before.")
    client.force_login(editor)
    data = existing_claim_form(claim, text="After.")
    data.update(quantity_rows({"value": "5", "of_total": "2", "item": "drone"}))
    response = client.post(claim_change_url(claim), data)
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.text == "Before."
    assert not claim.quantities.exists()


def test_existing_quantity_shows_as_a_whole_number(client, editor):
    QuantityFactory(value=Decimal("25.00"), of_total=Decimal("30.00"))
    client.force_login(editor)
    page = client.get(claim_change_url(Claim.objects.get())).content.decode()
    assert 'name="quantities-0-value" value="25"' in page
    assert 'name="quantities-0-of_total" value="30"' in page


def test_change_records_who_changed_the_claim(client, editor, verifier):
    claim = ClaimFactory(created_by=verifier)
    client.force_login(editor)
    client.post(claim_change_url(claim), existing_claim_form(claim, text="Edited."))
    claim.refresh_from_db()
    assert (claim.created_by, claim.updated_by) == (verifier, editor)


def test_save_over_someone_elses_change_is_refused_then_allowed(client, editor, verifier):
    claim = ClaimFactory(text="Original.", location="Odesa")
    client.force_login(editor)
    stale = existing_claim_form(claim, text="Mine.", location="Odesa")
    # A colleague saves first, changing the text and the place.
    client.force_login(verifier)
    other = client.post(
        claim_change_url(claim), existing_claim_form(claim, text="Theirs.", location="Izmail")
    )
    assert other.status_code == 302

    client.force_login(editor)
    refused = client.post(claim_change_url(claim), stale)
    assert refused.status_code == 200
    page = refused.content.decode()
    # Who, and what they changed, field by field; the editor's input stays in the form.
    assert "verifier saved this claim after you opened it, changing:" in page
    assert "<li>text: Original. → Theirs.</li>" in page
    assert "<li>location: Odesa → Izmail</li>" in page
    assert "Nothing was saved: your input is still in the form." in page
    assert refused.context["adminform"].form["text"].value() == "Mine."
    claim.refresh_from_db()
    assert (claim.text, claim.location) == ("Theirs.", "Izmail")

    # The refused form now carries the newer version: saving it again is deliberate.
    stale["seen_version"] = refused.context["adminform"].form["seen_version"].value()
    assert client.post(claim_change_url(claim), stale).status_code == 302
    claim.refresh_from_db()
    assert (claim.text, claim.location) == ("Mine.", "Odesa")


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
    assert response.context["cl"].result_list[0].text == AIR_FORCE_CLAIM


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
