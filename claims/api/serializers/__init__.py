"""How the API reads and writes the desk's records: one module per resource, re-exported here.

Related records are written by id (parties by slug) and read embedded where a client needs them
at once: a claim carries its source and its document. Every text field refuses what PostgreSQL
cannot store and every id is range-checked (`claims.api.fields`), so bad input is a 400 naming
the field, never a database error. The rules themselves (bounds, links, extraction, reviews) are
the domain modules'; the serializers call them.
"""

from claims.api.serializers.auth import TokenSerializer
from claims.api.serializers.base import ModelSerializer
from claims.api.serializers.claims import (
    MAX_EXTRACT_LENGTH,
    ClaimMentionSerializer,
    ClaimReplacementSerializer,
    ClaimSerializer,
    ExtractedQuantitySerializer,
    ExtractionRequestSerializer,
    ExtractionSerializer,
    QuantitySerializer,
)
from claims.api.serializers.documents import DocumentSerializer, DocumentSummarySerializer
from claims.api.serializers.events import (
    ContradictionSerializer,
    EventSerializer,
    EventSummarySerializer,
    SideQuantitySerializer,
)
from claims.api.serializers.history import HistoryEventSerializer
from claims.api.serializers.links import ClaimLinkSerializer
from claims.api.serializers.parties import PartySerializer
from claims.api.serializers.reviews import MAX_EVIDENCE_URLS, ReviewSerializer
from claims.api.serializers.sources import SourceSerializer, SourceSummarySerializer

__all__ = [
    "MAX_EVIDENCE_URLS",
    "MAX_EXTRACT_LENGTH",
    "ClaimLinkSerializer",
    "ClaimMentionSerializer",
    "ClaimReplacementSerializer",
    "ClaimSerializer",
    "ContradictionSerializer",
    "DocumentSerializer",
    "DocumentSummarySerializer",
    "EventSerializer",
    "EventSummarySerializer",
    "ExtractedQuantitySerializer",
    "ExtractionRequestSerializer",
    "ExtractionSerializer",
    "HistoryEventSerializer",
    "ModelSerializer",
    "PartySerializer",
    "QuantitySerializer",
    "ReviewSerializer",
    "SideQuantitySerializer",
    "SourceSerializer",
    "SourceSummarySerializer",
    "TokenSerializer",
]
