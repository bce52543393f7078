"""Reusable queries: `Claim.objects.by_side("ukraine").unverified().search("drones")`,
`Source.objects.with_claim_counts()`."""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import models
from django.db.models import (
    Count,
    F,
    FloatField,
    IntegerField,
    JSONField,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce, JSONObject, NullIf


class ClaimQuerySet(models.QuerySet):
    def by_side(self, slug: str) -> "ClaimQuerySet":
        return self.filter(side__slug=slug)

    def with_status(self, *statuses: str) -> "ClaimQuerySet":
        return self.filter(status__in=statuses)

    def unverified(self) -> "ClaimQuerySet":
        return self.filter(status="unverified")

    def search(self, query: str) -> "ClaimQuerySet":
        """Full-text search in websearch syntax ("quoted phrase", -word, or), ranked."""
        search_query = SearchQuery(query, search_type="websearch", config="english")
        return self.filter(search_vector=search_query).annotate(
            rank=SearchRank(F("search_vector"), search_query)
        )

    def for_display(self) -> "ClaimQuerySet":
        """What a list of claims shows, in two queries: the claims with their relations, and
        their quantities."""
        return self.select_related("source__party", "side", "event", "document").prefetch_related(
            "quantities"
        )


class SourceQuerySet(models.QuerySet):
    def with_claim_counts(self) -> "SourceQuerySet":
        """Annotate `claim_counts`: the source's claims by status, as one JSON object.

        A correlated subquery (on the source/status index) evaluated for the rows fetched only,
        rather than a join and GROUP BY over every claim.
        """
        from claims.models import Claim, Status

        counts = (
            Claim.objects.filter(source=OuterRef("pk"))
            .order_by()
            .values("source")
            .annotate(
                counts=JSONObject(
                    **{status: Count("pk", filter=Q(status=status)) for status in Status.values}
                )
            )
            .values("counts")
        )
        return self.annotate(claim_counts=Subquery(counts, output_field=JSONField()))

    def with_track_record(self) -> "SourceQuerySet":
        """`claim_counts`, plus `claims_total` and the shares of the source's claims that stand
        `confirmed` and `refuted` (null without claims), all computed by PostgreSQL."""
        from claims.models import Status

        def count(status: str):
            return Coalesce(Cast(KT(f"claim_counts__{status}"), IntegerField()), 0)

        total = sum((count(status) for status in Status.values[1:]), count(Status.values[0]))
        return (
            self.with_claim_counts()
            .annotate(claims_total=total)
            .annotate(
                confirmed_share=Cast(count("confirmed"), FloatField())
                / NullIf(F("claims_total"), 0),
                refuted_share=Cast(count("refuted"), FloatField()) / NullIf(F("claims_total"), 0),
            )
        )
