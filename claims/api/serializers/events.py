"""Events: one incident, with what each side's claims say happened and where they disagree."""

from django.db.models import prefetch_related_objects
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims import events
from claims.api.serializers.base import ModelSerializer
from claims.api.serializers.claims import ClaimMentionSerializer, QuantitySerializer
from claims.models import Event

INDEPENDENT = "independent"


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
        fields = [
            "id",
            "title",
            "occurred_on",
            "location",
            "description",
            "quantities_by_side",
            "contradictions",
            "created_at",
            "updated_at",
        ]

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
