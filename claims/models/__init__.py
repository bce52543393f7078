"""The claims desk's domain model: parties, sources, documents, events, claims and their numbers.

Rules about the data live here as PostgreSQL constraints and triggers, so they hold whatever path
a write takes (the admin, the API, a bulk update, raw SQL).
"""

from claims.models.base import StaleClaimError, audited
from claims.models.claims import Claim, Status, Topic
from claims.models.imports import ClaimImport, ImportUpload
from claims.models.links import ClaimLink, Relation
from claims.models.quantities import MAX_QUANTITIES, QUANTITY_BOUNDS, Outcome, Qualifier, Quantity
from claims.models.references import Document, Event, Party, Reliability, Source, SourceKind
from claims.models.reviews import Review

__all__ = [
    "MAX_QUANTITIES",
    "QUANTITY_BOUNDS",
    "Claim",
    "ClaimImport",
    "ClaimLink",
    "Document",
    "Event",
    "ImportUpload",
    "Outcome",
    "Party",
    "Qualifier",
    "Quantity",
    "Relation",
    "Reliability",
    "Review",
    "Source",
    "SourceKind",
    "StaleClaimError",
    "Status",
    "Topic",
    "audited",
]
