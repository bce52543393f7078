"""Claims and their quantities, and the extractor's proposals for a text."""

from django.contrib.auth import get_user_model
from rest_framework import serializers

from claims import editing
from claims.api.fields import PartySlugField, RelatedIdField
from claims.api.serializers.base import ModelSerializer, Serializer, without_desk_only_fields
from claims.api.serializers.documents import DocumentSummarySerializer
from claims.api.serializers.sources import SourceSummarySerializer
from claims.models import MAX_QUANTITIES, Claim, Document, Event, Quantity, Source, Status

MAX_EXTRACT_LENGTH = editing.MAX_EXTRACT_LENGTH


class QuantitySerializer(ModelSerializer):
    """A number in a claim: "25 of 30 drones downed" is value 25, of_total 30, item drone."""

    summary = serializers.CharField(
        read_only=True, help_text='How the desk words it: "25 of 30 drones downed".'
    )

    class Meta:
        model = Quantity
        fields = ["id", "value", "upper", "qualifier", "of_total", "item", "outcome", "summary"]

    def validate(self, attrs):
        if "value" not in attrs:
            # A PATCH's fields may be left out, but its quantities replace the claim's as a
            # whole: each needs its value, as in a POST.
            raise serializers.ValidationError(
                {"value": [self.fields["value"].error_messages["required"]]}
            )
        # The model states its bounds; a 400 on the field each is about, before the database.
        if errors := Quantity(**attrs).bound_errors():
            raise serializers.ValidationError(errors)
        return attrs


class ClaimMentionSerializer(serializers.ModelSerializer):
    """A claim as another record mentions it: its id, its text and who made it."""

    source = serializers.CharField(source="source.name", read_only=True, help_text="Its source.")

    class Meta:
        model = Claim
        fields = ["id", "text", "source"]
        read_only_fields = fields


class ClaimSerializer(ModelSerializer):
    """One checkable statement, with who made it, for which side, where, and its numbers."""

    url = serializers.HyperlinkedIdentityField(view_name="claim-detail")
    source = RelatedIdField(
        representation=SourceSummarySerializer,
        queryset=Source.objects.all(),
        help_text="Who made the claim: the source's id on write, embedded on read.",
    )
    side = PartySlugField(
        allow_null=True,
        required=False,
        help_text="The slug of the party the claimant speaks for. Omitted or null: the source's "
        "party (null for an independent source).",
    )
    event = RelatedIdField(
        queryset=Event.objects.all(),
        allow_null=True,
        required=False,
        help_text="The id of the incident the claim is about.",
    )
    document = RelatedIdField(
        representation=DocumentSummarySerializer,
        queryset=Document.objects.all(),
        allow_null=True,
        required=False,
        help_text="Where the editor read it: the document's id on write, embedded on read.",
    )
    quantities = QuantitySerializer(
        many=True,
        required=False,
        max_length=MAX_QUANTITIES,
        help_text="The numbers in the claim. Sent, they replace the claim's quantities as a "
        "whole (send [] to remove them all). Required in a PUT, which replaces the whole claim. "
        "Left out of a new claim, or of a PATCH that changes the text of a claim without "
        "quantities, the claim gets the ones extracted from its text (see "
        "`quantities_extracted`); left out of any other PATCH, they stay as they are.",
    )
    quantities_extracted = serializers.BooleanField(
        read_only=True,
        help_text="Only in the response to a write (create, PUT, PATCH): true when the claim "
        "was saved without `quantities`, with a new or changed text and no quantities of its "
        "own, and got the ones extracted from its text (as `POST /api/claims/extract/` would "
        "propose them), for the editor to check.",
    )
    created_by = serializers.SlugRelatedField(
        slug_field=get_user_model().USERNAME_FIELD,
        read_only=True,
        allow_null=True,
        help_text="Who recorded the claim. Shown to signed-in users only.",
    )
    updated_by = serializers.SlugRelatedField(
        slug_field=get_user_model().USERNAME_FIELD,
        read_only=True,
        allow_null=True,
        help_text="Who changed it last. Shown to signed-in users only.",
    )

    desk_only_fields = ("created_by", "updated_by")

    class Meta:
        model = Claim
        fields = [
            "id",
            "url",
            "text",
            "source",
            "side",
            "status",
            "topic",
            "occurred_on",
            "claimed_at",
            "location",
            "latitude",
            "longitude",
            "event",
            "document",
            "quote",
            "quantities",
            "quantities_extracted",
            "version",
            "created_at",
            "created_by",
            "updated_at",
            "updated_by",
        ]
        read_only_fields = ["status"]
        extra_kwargs = {
            "status": {
                "help_text": "The verification status. Read-only here: it changes only through "
                "a review, `POST /api/claims/{id}/reviews/` (verifiers). Sending the current "
                "value in a PUT or PATCH is accepted; any other is a 400 on `status`."
            },
            "version": {
                "help_text": "Goes up by one with every save of the claim (a review's included). "
                'The `ETag` header of a claim\'s responses is `"<id>-<version>"`: send it back '
                "as `If-Match` to change or delete the claim only if nobody else has since."
            },
        }

    def to_internal_value(self, data):
        try:
            validated = super().to_internal_value(data)
            errors = {}
        except serializers.ValidationError as error:
            validated, errors = None, dict(error.detail)
        if isinstance(data, dict) and "status" in data:
            current = self.instance.status if self.instance is not None else Status.UNVERIFIED
            if data["status"] != current:
                reviews = (
                    f"/api/claims/{self.instance.pk}/reviews/"
                    if self.instance is not None
                    else "/api/claims/<id>/reviews/"
                )
                errors["status"] = [
                    "Status changes through a review, not by editing the claim "
                    f'(it is "{current}"): a verifier posts one to {reviews}.'
                ]
        if errors:
            raise serializers.ValidationError(errors)
        return validated

    def to_representation(self, claim):
        return without_desk_only_fields(self, super().to_representation(claim))

    def create(self, validated_data):
        # Left out, `quantities` is None: editing's extraction rule applies. [] means none.
        quantities = validated_data.pop("quantities", None)
        return editing.save_claim(
            Claim(), validated_data, quantities=quantities, user=self.context["request"].user
        )

    def update(self, claim, validated_data):
        # The version the client named in If-Match, if any: the view passes it to `save()`.
        expected_version = validated_data.pop("expected_version", None)
        quantities = validated_data.pop("quantities", None)
        return editing.save_claim(
            claim,
            validated_data,
            quantities=quantities,
            expected_version=expected_version,
            user=self.context["request"].user,
        )


class ClaimReplacementSerializer(ClaimSerializer):
    """A whole claim, as a PUT replaces it: its quantities included ([] for none)."""

    quantities = QuantitySerializer(
        many=True,
        max_length=MAX_QUANTITIES,
        error_messages={
            "required": "A PUT replaces the whole claim: send its quantities too ([] for none), "
            "or PATCH only the fields that change."
        },
        help_text="The numbers in the claim, replacing its quantities as a whole: required, "
        "since a PUT replaces the whole claim (send [] to remove them all).",
    )


class ExtractionRequestSerializer(Serializer):
    """A text to extract quantities from."""

    text = serializers.CharField(
        max_length=MAX_EXTRACT_LENGTH, help_text="The claim's text, or a passage holding it."
    )


class ExtractedQuantitySerializer(QuantitySerializer):
    """A quantity the extractor proposes: the fields of a claim's quantity, without an id."""

    class Meta(QuantitySerializer.Meta):
        fields = [name for name in QuantitySerializer.Meta.fields if name != "id"]
        read_only_fields = fields


class ExtractionSerializer(serializers.Serializer):
    """What the extractor finds in a text, ready to send as a claim's `quantities`."""

    quantities = ExtractedQuantitySerializer(many=True, read_only=True)
