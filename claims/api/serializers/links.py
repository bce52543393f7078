"""Links between claims, as either of the two claims lists them."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from claims import linking
from claims.api.fields import RelatedIdField
from claims.api.serializers.base import ModelSerializer
from claims.api.serializers.claims import ClaimMentionSerializer
from claims.models import Claim, ClaimLink


class OtherClaimField(RelatedIdField):
    """The claim at the other end of a link from the claim whose links are listed."""

    def get_attribute(self, link):
        here = self.context["claim"].pk
        return link.from_claim if link.to_claim_id == here else link.to_claim


class ClaimLinkSerializer(ModelSerializer):
    """A link as either of its claims lists it: the relation, its direction, the other claim."""

    claim = OtherClaimField(
        representation=ClaimMentionSerializer,
        queryset=Claim.objects.defer("search_vector"),
        source="to_claim",
        help_text="The other claim: its id on write (the link goes from this claim to it); on "
        "read, the claim at the other end, embedded.",
    )
    direction = serializers.SerializerMethodField(
        help_text="`outgoing` when the link goes from this claim (this claim corroborates, "
        "contradicts, updates or duplicates the other), `incoming` when it goes to it."
    )

    class Meta:
        model = ClaimLink
        fields = [
            "id",
            "relation",
            "direction",
            "from_claim",
            "to_claim",
            "claim",
            "note",
            "created_at",
        ]
        read_only_fields = ["from_claim", "to_claim"]

    def get_direction(self, link) -> str:
        return "outgoing" if link.from_claim_id == self.context["claim"].pk else "incoming"

    def validate(self, attrs):
        here, other, relation = self.context["claim"], attrs["to_claim"], attrs["relation"]
        existing = linking.existing_links(here, [(other.pk, relation)])
        error = linking.link_error(here, other.pk, existing.get((other.pk, relation)))
        if error:
            raise serializers.ValidationError({"claim": [error]})
        return attrs

    def create(self, validated_data):
        link = ClaimLink(**validated_data, from_claim=self.context["claim"])
        try:
            return linking.save_link(link, user=self.context["request"].user)
        except DjangoValidationError as error:
            # The same link posted twice at once: the loser is told as `validate` would tell it.
            raise serializers.ValidationError({"claim": error.message_dict["to_claim"]}) from None
