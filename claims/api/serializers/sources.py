"""Sources: who makes claims, each with its track record (its claims counted by status)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.api.fields import PartySlugField
from claims.api.representations import WritesTimes, written_time
from claims.api.serializers.base import ModelSerializer, constraint_message
from claims.models import Source, Status
from claims.querysets import with_track_record


class SourceSummarySerializer(serializers.ModelSerializer):
    """A source as a claim or a document embeds it."""

    party = PartySlugField(
        read_only=True,
        allow_null=True,
        help_text="The side's slug; null for an independent source.",
    )

    class Meta:
        model = Source
        fields = ["id", "name", "kind", "party"]
        read_only_fields = fields

    def to_representation(self, source):
        return embedded_source(source)


def embedded_source(source) -> dict:
    """A source as SourceSummarySerializer's fields give it (claims/api/representations.py
    builds the same from its rows), without a field object per value."""
    party = source.party  # joined by the views that embed sources
    return {
        "id": source.pk,
        "name": source.name,
        "kind": source.kind,
        "party": party.slug if party is not None else None,
    }


ClaimCountsSerializer = type(
    "ClaimCountsSerializer",
    (serializers.Serializer,),
    {
        "__doc__": "How many of a source's claims stand in each verification status.",
        **{status: serializers.IntegerField(help_text=label) for status, label in Status.choices},
    },
)


class SourceSerializer(WritesTimes, ModelSerializer):
    """Who makes claims, with its track record (`claim_counts`)."""

    party = PartySlugField(
        allow_null=True,
        required=False,
        help_text="The slug of the side this source speaks for; null for independent sources.",
    )
    claim_counts = serializers.SerializerMethodField(
        help_text="The source's track record: its claims by verification status."
    )
    claims_total = serializers.SerializerMethodField(help_text="How many claims it made.")
    confirmed_share = serializers.SerializerMethodField(
        help_text="The share of its claims that stand confirmed, from 0 to 1; null without claims."
    )
    refuted_share = serializers.SerializerMethodField(
        help_text="The share of its claims that stand refuted, from 0 to 1; null without claims."
    )

    class Meta:
        model = Source
        fields = [
            "id",
            "name",
            "kind",
            "party",
            "reliability",
            "url",
            "notes",
            "claim_counts",
            "claims_total",
            "confirmed_share",
            "refuted_share",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(ClaimCountsSerializer)
    def get_claim_counts(self, source) -> dict:
        return with_track_record(source).claim_counts  # every status, in their order

    def get_claims_total(self, source) -> int:
        return with_track_record(source).claims_total

    def get_confirmed_share(self, source) -> float | None:
        return with_track_record(source).confirmed_share

    def get_refuted_share(self, source) -> float | None:
        return with_track_record(source).refuted_share

    def to_representation(self, source):
        # Field for field what the fields above give (tests/api/test_plain_representations.py
        # compares the two), without walking 13 field objects per source of a page.
        record = with_track_record(source)
        zone = self.zone
        return {
            **embedded_source(source),
            "reliability": source.reliability,
            "url": source.url,
            "notes": source.notes,
            "claim_counts": record.claim_counts,
            "claims_total": record.claims_total,
            "confirmed_share": record.confirmed_share,
            "refuted_share": record.refuted_share,
            "created_at": written_time(source.created_at, zone),
            "updated_at": written_time(source.updated_at, zone),
        }

    def validate_name(self, name):
        others = Source.objects.filter(name__iexact=name)
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise serializers.ValidationError(constraint_message(Source, "source_name_unique_ci"))
        return name
