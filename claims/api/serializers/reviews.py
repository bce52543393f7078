"""Reviews: the verification decisions that move a claim from one status to another."""

from django.contrib.auth import get_user_model
from rest_framework import serializers

from claims.api.serializers.base import ModelSerializer, without_desk_only_fields
from claims.models import Review, Status
from claims.models.reviews import MAX_EVIDENCE_URLS
from claims.verification import check_transition, review_claim


class ReviewSerializer(ModelSerializer):
    """One verification decision: the claim's status before and after, why, and who decided."""

    status = serializers.ChoiceField(
        choices=Status.choices,
        write_only=True,
        help_text="The status the claim moves to. Each status allows only some next ones (a "
        "400 on `status` names them); a review always changes the status.",
    )
    evidence_urls = serializers.ListField(
        child=serializers.URLField(max_length=1000),
        required=False,
        max_length=MAX_EVIDENCE_URLS,
        help_text="Links to the evidence: footage, a geolocation, another source's report.",
    )
    reviewer = serializers.SlugRelatedField(
        slug_field=get_user_model().USERNAME_FIELD,
        read_only=True,
        help_text="Who decided. Shown to signed-in users only.",
    )

    desk_only_fields = ("reviewer",)

    class Meta:
        model = Review
        fields = [
            "id",
            "claim",
            "status",
            "old_status",
            "new_status",
            "rationale",
            "evidence_urls",
            "reviewer",
            "created_at",
        ]
        read_only_fields = ["claim", "old_status", "new_status"]
        extra_kwargs = {"rationale": {"help_text": "Why: required, and not blank."}}

    def validate(self, attrs):
        # Checked again by review_claim with the claim locked; here for a 400 on `status`
        # alongside any other field's.
        check_transition(self.context["claim"].status, attrs["status"])
        return attrs

    def to_representation(self, review):
        return without_desk_only_fields(self, super().to_representation(review))

    def create(self, validated_data):
        # The version the verifier read (If-Match), if the view passes one to `save()`:
        # review_claim compares it with the claim locked.
        return review_claim(
            self.context["claim"],
            reviewer=self.context["request"].user,
            status=validated_data["status"],
            rationale=validated_data["rationale"],
            evidence_urls=validated_data.get("evidence_urls", ()),
            expected_version=validated_data.get("expected_version"),
        )
