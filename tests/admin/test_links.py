"""Links between claims on the claim's page, shown from both ends, and an event's contradictions."""

import pytest
from django.urls import reverse

from claims.models import ClaimLink
from tests.factories import ClaimFactory, ClaimLinkFactory, EventFactory
from tests.helpers import claim_change_url, existing_claim_form


def with_links(claim, *links, existing=()):
    """The claim's change form posting these link rows (dicts of relation, to_claim, note);
    `existing` are its links already stored, posted unchanged first."""
    data = existing_claim_form(claim)
    rows = [
        {"id": link.pk, "relation": link.relation, "to_claim": link.to_claim_id, "note": link.note}
        for link in existing
    ] + [{"note": "", **link} for link in links]
    data.update({"links_from-TOTAL_FORMS": str(len(rows)), "links_from-INITIAL_FORMS": "0"})
    data["links_from-INITIAL_FORMS"] = str(len(existing))
    for index, row in enumerate(rows):
        data.update({f"links_from-{index}-{name}": value for name, value in row.items()})
        data[f"links_from-{index}-from_claim"] = claim.pk
    return data


def test_editor_links_a_claim_to_another_inline(client, editor):
    claim, other = ClaimFactory(), ClaimFactory()
    client.force_login(editor)
    response = client.post(
        claim_change_url(claim),
        with_links(claim, {"relation": "contradicts", "to_claim": other.pk, "note": "Figures"}),
    )
    assert response.status_code == 302
    link = ClaimLink.objects.get()
    assert (link.from_claim, link.relation, link.to_claim, link.note) == (
        claim,
        "contradicts",
        other,
        "Figures",
    )
    assert link.created_by == editor


def test_the_other_claim_lists_the_link_read_only_with_a_way_back(client, editor):
    claim, other = ClaimFactory(), ClaimFactory(text="Ukraine says 25 drones were downed.")
    ClaimLinkFactory(from_claim=other, to_claim=claim, relation="corroborates")
    client.force_login(editor)
    page = client.get(claim_change_url(claim)).content.decode()
    assert "Links from other claims" in page
    assert f'href="{claim_change_url(other)}">#{other.pk} Ukraine says 25 drones' in page
    assert 'name="links_to-0-relation"' not in page  # read-only here: edited at the other end


def test_link_field_picks_the_other_claim_by_typing(client, editor):
    claim = ClaimFactory()
    client.force_login(editor)
    page = client.get(claim_change_url(claim)).content.decode()
    assert 'name="links_from-__prefix__-to_claim"' in page
    assert "admin-autocomplete" in page


@pytest.mark.parametrize("case", ["self", "twice_in_the_form", "same_as_stored", "other_end"])
def test_self_and_duplicate_links_are_form_errors(client, editor, case):
    claim, other = ClaimFactory(), ClaimFactory()
    row = {"relation": "corroborates", "to_claim": other.pk}
    existing = ()
    if case == "self":
        data, message = with_links(claim, {**row, "to_claim": claim.pk}), "cannot be linked"
    elif case == "twice_in_the_form":
        data, message = with_links(claim, row, row), "This link is already in the list."
    elif case == "same_as_stored":
        existing = [ClaimLinkFactory(from_claim=claim, to_claim=other, relation="corroborates")]
        data, message = with_links(claim, row, existing=existing), "already in the list"
    else:
        existing_there = ClaimLinkFactory(from_claim=other, to_claim=claim, relation="corroborates")
        data = with_links(claim, row)
        message = (
            f"These two claims are already linked this way: link {existing_there.pk}, "
            f"claim {other.pk} corroborates claim {claim.pk}."
        )
        existing = [existing_there]
    links_before = ClaimLink.objects.count()
    client.force_login(editor)
    response = client.post(claim_change_url(claim), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ClaimLink.objects.count() == links_before == len(existing)


def test_same_pair_with_another_relation_is_allowed(client, editor):
    claim, other = ClaimFactory(), ClaimFactory()
    ClaimLinkFactory(from_claim=other, to_claim=claim, relation="corroborates")
    client.force_login(editor)
    response = client.post(
        claim_change_url(claim), with_links(claim, {"relation": "updates", "to_claim": other.pk})
    )
    assert response.status_code == 302
    assert ClaimLink.objects.count() == 2


def test_viewer_sees_links_but_cannot_add_them(client, viewer):
    claim, other = ClaimFactory(), ClaimFactory()
    ClaimLinkFactory(from_claim=claim, to_claim=other)
    client.force_login(viewer)
    page = client.get(claim_change_url(claim)).content.decode()
    assert "Links to other claims" in page
    assert 'name="links_from-0-to_claim"' not in page


# An event's contradictions.


def test_event_page_lists_the_contradictions_among_its_claims(client, editor):
    event = EventFactory(title="Drone attack on Krasnodar")
    ukrainian = ClaimFactory(event=event, text="30 drones were downed, says Kyiv.")
    russian = ClaimFactory(event=event, text="Only 24 drones were downed, says Moscow.")
    agreeing = ClaimFactory(event=event, text="Some drones were downed.")
    elsewhere = ClaimFactory(text="A claim about another incident.")
    contradiction = ClaimLinkFactory(
        from_claim=ukrainian, to_claim=russian, relation="contradicts", note="30 vs 24"
    )
    ClaimLinkFactory(from_claim=agreeing, to_claim=russian, relation="corroborates")
    ClaimLinkFactory(from_claim=elsewhere, to_claim=russian, relation="contradicts")
    client.force_login(editor)
    response = client.get(reverse("admin:claims_event_change", args=[event.pk]))
    assert response.context["contradictions"] == [contradiction]
    page = response.content.decode()
    assert "Contradictions among its claims" in page
    assert "30 vs 24" in page
    assert claim_change_url(russian) in page


def test_event_without_contradictions_says_so(client, editor):
    event = EventFactory()
    ClaimFactory(event=event)
    client.force_login(editor)
    page = client.get(reverse("admin:claims_event_change", args=[event.pk])).content.decode()
    assert "No claim of this event is linked as contradicting another" in page
