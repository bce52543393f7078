"""Events: one incident, with what each side's claims say happened and where they disagree."""

from django.db.models import prefetch_related_objects
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims import events
from claims.api.representations import WritesTimes, written_time
from claims.api.serializers.base import ModelSerializer
from claims.api.serializers.claims import ClaimMentionSerializer, QuantitySerializer
from claims.api.summary import QuantitySummaryRowSerializer
from claims.events import INDEPENDENT
from claims.models import Event

# What an event is, in the list and in its detail alike; each then shows its claims its own way.
EVENT_FIELDS = ["id", "title", "occurred_on", "location", "description"]


class SideQuantitySerializer(QuantitySerializer):
    """A quantity as an event lists it: with the claim it belongs to and who claimed it."""

    claim = serializers.IntegerField(source="claim_id", read_only=True)
    source = serializers.CharField(source="claim.source.name", read_only=True)

    class Meta(QuantitySerializer.Meta):
        fields = ["claim", "source", *QuantitySerializer.Meta.fields]
        read_only_fields = fields


class ContradictionSerializer(serializers.Serializer):
    """A `contradicts` link between two claims of one event."""

    id = serializers.IntegerField(read_only=True, help_text="The link's id.")
    from_claim = ClaimMentionSerializer(read_only=True)
    to_claim = ClaimMentionSerializer(read_only=True)
    note = serializers.CharField(read_only=True)


class EventFigureSerializer(QuantitySummaryRowSerializer):
    """What one side's claims about an event say of one item and outcome: a row of
    /api/quantities/summary/?event=<id>&group_by=side,item,outcome, summed the same way."""

    side = source_id = source = event_id = event = status = period = None
    item = serializers.CharField(help_text="What is counted: drone, missile, person, km2.")
    outcome = serializers.CharField(help_text="What happened to it; empty if not said.")
    claims = serializers.IntegerField(
        help_text="The side's claims giving such a number, each counted once: not one that "
        "duplicates another, nor one a newer claim updates."
    )


class EventSideSummarySerializer(serializers.Serializer):
    """One side's claims about an event: how many, and the numbers they give."""

    claims = serializers.IntegerField(help_text="The side's claims about the event.")
    figures = EventFigureSerializer(
        many=True, help_text="Their numbers per item and outcome, ordered by item and outcome."
    )


class EventSummarySerializer(WritesTimes, ModelSerializer):
    """An incident as the events list shows it: how many claims each side made about it and
    the numbers they give, summed per item and outcome (the event's own address has them one
    by one, side by side, with the contradictions)."""

    claims_total = serializers.IntegerField(
        read_only=True, help_text="The event's claims, whatever their side."
    )
    by_side = serializers.SerializerMethodField(
        help_text="The event's claims by the side of the claimant (its party slug, or "
        f'"{INDEPENDENT}" for claims without a side), by party name, independent last.'
    )

    class Meta:
        model = Event
        fields = [*EVENT_FIELDS, "claims_total", "by_side", "created_at", "updated_at"]

    @extend_schema_field(serializers.DictField(child=EventSideSummarySerializer()))
    def get_by_side(self, event) -> dict:
        return event.summary_by_side

    def to_representation(self, event):
        # A page of events is read field for field as the fields above would (a test compares
        # the two), without walking a field object per value; `by_side` comes built by
        # events.attach_event_summaries.
        if not hasattr(event, "summary_by_side"):
            events.attach_event_summaries([event])
        zone = self.zone
        return {
            "id": event.pk,
            "title": event.title,
            "occurred_on": event.occurred_on.isoformat() if event.occurred_on else None,
            "location": event.location,
            "description": event.description,
            "claims_total": event.claims_total,
            "by_side": event.summary_by_side,
            "created_at": written_time(event.created_at, zone),
            "updated_at": written_time(event.updated_at, zone),
        }


class EventSerializer(ModelSerializer):
    """One incident, with the numbers each side's claims give for it and where they disagree."""

    quantities_by_side = serializers.SerializerMethodField(
        help_text="The numbers the event's claims give, by the side of the claimant (its party "
        f'slug, or "{INDEPENDENT}" for claims without a side): what each side says happened.'
    )
    contradictions = serializers.SerializerMethodField(
        help_text="The `contradicts` links between two claims of this event, oldest first."
    )

    class Meta:
        model = Event
        fields = [*EVENT_FIELDS, "quantities_by_side", "contradictions", "created_at", "updated_at"]

    @extend_schema_field(ContradictionSerializer(many=True))
    def get_contradictions(self, event) -> list:
        if event.pk is None:
            return []
        if not hasattr(self, "_contradiction"):
            self._contradiction = ContradictionSerializer(context=self.context)
        # The view prefetches the claims with their contradictions (events.with_contradictions).
        claims = list(event.claims.all())
        if not all(hasattr(claim, "contradicting") for claim in claims):
            # An event just written, whose prefetched claims DRF has dropped: one query more.
            prefetch_related_objects(claims, events.with_contradictions())
        return [
            self._contradiction.to_representation(link) for link in events.contradictions(claims)
        ]

    @extend_schema_field(serializers.DictField(child=SideQuantitySerializer(many=True)))
    def get_quantities_by_side(self, event) -> dict:
        if event.pk is None:
            return {}
        if not hasattr(self, "_side_quantity"):
            self._side_quantity = SideQuantitySerializer(context=self.context)
        # The view prefetches the claims with their source, side and quantities. A side is
        # listed from its first claim that gives a number; sides without numbers are left out.
        counted = [claim for claim in event.claims.all() if claim.quantities.all()]
        quantities_by_side: dict[str, list] = {}
        for side, claims in events.by_side(counted).items():
            quantities_by_side.setdefault(side.slug if side else INDEPENDENT, []).extend(
                self._side_quantity.to_representation(quantity)
                for claim in claims
                for quantity in claim.quantities.all()
            )
        return quantities_by_side
