"""What an event shows: its claims side by side (what each side says happened) and the
contradictions among them, or, in a list of events, their summary per side. The admin's event
page and the API's events read them here."""

from django.db import connection
from django.db.models import F, Prefetch

from claims import aggregates, statements
from claims.models import Claim, ClaimLink, Event, Party, Relation

# An event page lists at most this many claims; the rest are one click away in the claims list.
EVENT_CLAIMS_SHOWN = 300
# The side of claims without one (independent sources), where sides are named by party slug.
INDEPENDENT = "independent"


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


# The summary of a page of events: a row per event, side (by party name, independent last) and
# figure (by item and outcome), or one with no figure (item NULL) for a side whose claims give no
# number. A side's claims are all its claims (from claim_event_side_idx alone). Its figures are
# summed from the ledger /api/quantities/summary/ sums (claims/aggregates.py: a row per counted
# claim and item and outcome, each claim counted once, ranges as ranges), read from
# claims_summary_ledger_event_idx alone. Prepared once a connection (claims.statements),
# whatever the page.
EVENT_SUMMARIES = """
WITH sides AS (
    SELECT event_id, coalesce(side_id, 0) AS side, count(*) AS claims
    FROM claims_claim WHERE event_id = ANY (%s::bigint[])
    GROUP BY event_id, side_id
), figures AS (
    SELECT event_id, coalesce(side_id, 0) AS side, item, outcome, count(*) AS claims,
           sum(quantities)::bigint AS quantities, sum(lower)::float8 AS lower,
           sum(upper)::float8 AS upper, sum(open_ended)::bigint AS open_ended
    FROM claims_summary_ledger
    WHERE event_id = ANY (%s::bigint[]) AND item IS NOT NULL
    GROUP BY event_id, side_id, item, outcome
)
SELECT sides.event_id, party.slug, sides.claims, figures.item, figures.outcome, figures.claims,
       figures.quantities, figures.lower, figures.upper, figures.open_ended
FROM sides
LEFT JOIN claims_party party ON party.id = sides.side
LEFT JOIN figures ON figures.event_id = sides.event_id AND figures.side = sides.side
ORDER BY sides.event_id, party.name NULLS LAST, sides.side, figures.item, figures.outcome
"""


def attach_event_summaries(events, summarize=None) -> None:
    """Give each event its summary: `claims_total`, its claims, and `summary_by_side`, {party
    slug or INDEPENDENT: {"claims": n, "figures": [...]}}, the sides ordered as the event's page
    shows them (by party name, independent last). Summarized by `event_summaries`, or by
    `summarize` (given the ids, the same summaries: the API keeps them for the change count a
    read stands for)."""
    if not events:
        return
    summaries = (summarize or event_summaries)([event.pk for event in events])
    for event in events:
        event.summary_by_side = summaries[event.pk]
        event.claims_total = sum(side["claims"] for side in event.summary_by_side.values())


def event_summaries(ids) -> dict[int, dict]:
    """The summaries by side of these events, by id, from one query for all of them (a list's
    page).

    `claims` counts every claim of the side, as the event's claims list does. `figures` are the
    side's quantities summed per item and outcome (`item`, `outcome`, `claims`, `quantities`,
    `lower`, `upper`, `open_ended`), exactly as /api/quantities/summary/ sums them: each claim
    counted once (not one that duplicates another or that a newer claim updates), ranges summed
    as ranges. A side whose claims give no number has `figures: []`.
    """
    ids = list(ids)
    summaries: dict[int, dict] = {pk: {} for pk in ids}
    with statements.cursor() as cursor:
        if connection.in_atomic_block:
            aggregates.flush(cursor)  # this transaction's own writes, in the ledger now
        cursor.execute(EVENT_SUMMARIES, [ids, ids])
        rows = cursor.fetchall()
    # A page's hundreds of figures: each row read once into its side's list (the rows come
    # side by side, so the side is looked up only when it changes).
    side_key, figures = None, None
    for row in rows:
        event_id, slug, claims, item, outcome, figure_claims, quantities, lower, upper, ended = row
        if (event_id, slug) != side_key:
            side_key, figures = (event_id, slug), []
            summaries[event_id][slug or INDEPENDENT] = {"claims": claims, "figures": figures}
        if item is not None:
            figures.append(
                {
                    "item": item,
                    "outcome": outcome,
                    "claims": figure_claims,
                    "quantities": quantities,
                    "lower": lower,
                    "upper": upper,
                    "open_ended": ended,
                }
            )
    return summaries
