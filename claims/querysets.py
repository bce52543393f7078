"""Reusable claim queries: `Claim.objects.by_side("ukraine").unverified().search("drones")`."""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import models
from django.db.models import F


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
