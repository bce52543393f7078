"""Reusable queries: `Claim.objects.by_side("ukraine").unverified().search("drones")`,
and the track records of sources (`attach_track_records`)."""

from django.contrib.postgres.search import SearchRank
from django.db import models
from django.db.models import Count, F

from claims.search import search_query as full_text_query


class ClaimQuerySet(models.QuerySet):
    def by_side(self, slug: str) -> "ClaimQuerySet":
        return self.filter(side__slug=slug)

    def with_status(self, *statuses: str) -> "ClaimQuerySet":
        return self.filter(status__in=statuses)

    def unverified(self) -> "ClaimQuerySet":
        return self.filter(status="unverified")

    def search(self, query: str) -> "ClaimQuerySet":
        """Full-text search in websearch syntax ("quoted phrase", -word, or), each word in
        English or as written (claims.search), with its `rank` to order by where that is cheap
        (`claims.search.search_order`): the rank is computed only if selected or ordered by."""
        search_query = full_text_query(query)
        return self.filter(search_vector=search_query).annotate(
            rank=SearchRank(F("search_vector"), search_query)
        )

    def for_display(self) -> "ClaimQuerySet":
        """What a list of claims shows, in two queries: the claims with their relations, and
        their quantities."""
        return self.select_related("source__party", "side", "event", "document").prefetch_related(
            "quantities"
        )


def attach_track_records(sources) -> None:
    """Give each source its track record, from ONE grouped query for all of them: `claim_counts`
    (its claims by status), `claims_total`, and the shares of its claims that stand `confirmed`
    and `refuted` (None without claims).

    Counted per (source, status) on the index of that pair, for the sources shown only (a page):
    a subquery per row and per figure costs seconds on a million claims, this tens of
    milliseconds. Lists call it on their page, details on their source.
    """
    from claims.models import Claim, Status

    if not sources:
        return
    counts: dict[int, dict[str, int]] = {}
    rows = (
        Claim.objects.filter(source__in=[source.pk for source in sources])
        .order_by()
        .values_list("source", "status")
        .annotate(count=Count("*"))
    )
    for source_id, status, count in rows:
        counts.setdefault(source_id, {})[status] = count
    for source in sources:
        by_status = counts.get(source.pk, {})
        source.claim_counts = {status: by_status.get(status, 0) for status in Status.values}
        source.claims_total = sum(source.claim_counts.values())
        total = source.claims_total or None
        source.confirmed_share = source.claim_counts["confirmed"] / total if total else None
        source.refuted_share = source.claim_counts["refuted"] / total if total else None


def with_track_record(source):
    """The source with its track record: the lists and details attach it to the sources they
    read; one read otherwise (a source just written, a form's instance) is counted here."""
    if not hasattr(source, "claims_total"):
        attach_track_records([source])
    return source
