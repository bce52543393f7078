"""Documents: where a claim was published or relayed, one per (normalized) URL."""

from rest_framework import serializers

from claims.api.fields import RelatedIdField
from claims.api.representations import WritesTimes, written_time
from claims.api.serializers.base import ModelSerializer
from claims.api.serializers.sources import SourceSummarySerializer, embedded_source
from claims.documents import document_for_url, normalize_url
from claims.models import Document, Source


class DocumentSummarySerializer(serializers.ModelSerializer):
    """A document as a claim embeds it."""

    outlet = SourceSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = Document
        fields = ["id", "url", "title", "outlet"]
        read_only_fields = fields


class DocumentSerializer(WritesTimes, ModelSerializer):
    """Where a claim was published or relayed: an article, a post, a briefing transcript."""

    url = serializers.URLField(
        max_length=1000,
        help_text="The document's address; stored normalized (no tracking parameters, "
        "fragment or trailing slash), and unique in that form.",
    )
    outlet = RelatedIdField(
        representation=SourceSummarySerializer,
        queryset=Source.objects.all(),
        allow_null=True,
        required=False,
        help_text="The source that published it: its id on write, embedded on read.",
    )

    class Meta:
        model = Document
        fields = [
            "id",
            "url",
            "title",
            "outlet",
            "published_at",
            "language",
            "archived_url",
            "created_at",
            "updated_at",
        ]

    def to_representation(self, document):
        # Field for field what the fields above give (tests/api/test_plain_representations.py
        # compares the two), without walking a field object per value of a page.
        zone = self.zone
        outlet = document.outlet  # joined by the views
        return {
            "id": document.pk,
            "url": document.url,
            "title": document.title,
            "outlet": embedded_source(outlet) if outlet is not None else None,
            "published_at": written_time(document.published_at, zone),
            "language": document.language,
            "archived_url": document.archived_url,
            "created_at": written_time(document.created_at, zone),
            "updated_at": written_time(document.updated_at, zone),
        }

    def validate_url(self, url):
        url = normalize_url(url)
        if len(url) > 1000:
            raise serializers.ValidationError("Ensure this field has no more than 1000 characters.")
        recorded = document_for_url(url)
        if recorded is not None and (self.instance is None or recorded.pk != self.instance.pk):
            raise serializers.ValidationError("A document with this URL already exists.")
        return url
