"""What an event shows: its claims side by side (what each side says happened) and the
contradictions among them. The admin's event page and the API's events read them here."""

from django.db.models import F, Prefetch

from claims.models import Claim, ClaimLink, Event, Party, Relation

# An event page lists at most this many claims; the rest are one click away in the claims list.
EVENT_CLAIMS_SHOWN = 300


def with_contradictions() -> Prefetch:
    """Prefetches, for claims, their outgoing `contradicts` links to claims of the same event,
    as `contradicting`: each contradiction once, from the end it was made from."""
    links = ClaimLink.objects.filter(
        relation=Relation.CONTRADICTS, to_claim__event=F("from_claim__event")
    ).order_by("id")
    return Prefetch("links_from", queryset=links, to_attr="contradicting")


def side_by_side_claims():
    """The claims an event shows, with what showing them needs: source, side, quantities and
    their contradictions (see `with_contradictions`)."""
    return (
        Claim.objects.select_related("source", "side")
        .defer("search_vector")
        .prefetch_related("quantities", with_contradictions())
    )


def event_claims(event: Event) -> list[Claim]:
    """The claims of one event to put side by side: by side name (independent sources last),
    then by date; at most EVENT_CLAIMS_SHOWN."""
    return list(
        side_by_side_claims()
        .filter(event=event)
        .order_by(F("side__name").asc(nulls_last=True), "occurred_on", "claimed_at", "id")[
            :EVENT_CLAIMS_SHOWN
        ]
    )


def by_side(claims) -> dict[Party | None, list[Claim]]:
    """The claims grouped by the side that made them (None: independent sources), each group in
    the order given, the groups in the order of their first claim."""
    groups: dict[Party | None, list[Claim]] = {}
    for claim in claims:
        groups.setdefault(claim.side, []).append(claim)
    return groups


def contradictions(claims) -> list[ClaimLink]:
    """The `contradicts` links between two of these claims (of one event, fetched with
    `with_contradictions`), oldest first, each with both its claims."""
    by_id = {claim.pk: claim for claim in claims}
    links = sorted(
        (link for claim in by_id.values() for link in claim.contradicting),
        key=lambda link: link.pk,
    )
    for link in links:
        link.from_claim = by_id[link.from_claim_id]
        if link.to_claim_id in by_id:
            link.to_claim = by_id[link.to_claim_id]
    return [link for link in links if link.to_claim_id in by_id]
