"""The API's resources: claims, sources, parties, documents and events, each a DRF viewset.

Each list is one query for its rows (with everything its serializer shows joined or annotated),
one per prefetched relation and one bounded count, whatever the page size.
"""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.parsers import FormParser, MultiPartParser

from claims.api import filters, serializers
from claims.api.pagination import Ordering
from claims.api.parsers import JSONParser
from claims.models import Claim, Document, Event, Party, Source


class ListOrderingMixin:
    """A list's order, as the keyset paginator needs it: a fixed one unless the view says."""

    list_ordering: Ordering

    def get_list_ordering(self, queryset) -> Ordering:
        return self.list_ordering


@extend_schema_view(
    list=extend_schema(summary="List claims", description="Filter, search and page claims."),
    create=extend_schema(summary="Record a claim, with its quantities"),
    retrieve=extend_schema(summary="Read a claim"),
    update=extend_schema(summary="Replace a claim (quantities too, when sent)"),
    partial_update=extend_schema(summary="Change some fields of a claim"),
    destroy=extend_schema(summary="Delete a claim and its quantities"),
)
class ClaimViewSet(ListOrderingMixin, viewsets.ModelViewSet):
    """Claims, each with its source and document embedded and its quantities nested.

    Writing takes the source, event and document by id and the side by its party slug; the
    quantities sent replace the claim's quantities in the same transaction.
    """

    serializer_class = serializers.ClaimSerializer
    filterset_class = filters.ClaimFilter

    def get_queryset(self):
        return (
            Claim.objects.for_display()
            .select_related("document__outlet__party", "created_by", "updated_by")
            .defer("search_vector")
        )

    def get_list_ordering(self, queryset) -> Ordering:
        requested = self.request.query_params.get("ordering")
        if requested:  # the FilterSet has checked it is one of ClaimFilter's choices
            return Ordering.parse(requested, nullable_fields=("occurred_on", "claimed_at"))
        if "rank" in queryset.query.annotations:
            return Ordering("rank", descending=True, name="rank")
        return Ordering("created_at", descending=True, name="-created_at")


@extend_schema_view(
    list=extend_schema(summary="List sources, with their track records"),
    create=extend_schema(summary="Add a source"),
    retrieve=extend_schema(summary="Read a source and its track record"),
    update=extend_schema(summary="Replace a source"),
    partial_update=extend_schema(summary="Change some fields of a source"),
    destroy=extend_schema(summary="Delete a source that no claim or document refers to"),
)
class SourceViewSet(ListOrderingMixin, viewsets.ModelViewSet):
    """Sources (who makes claims), by name, each with its claims counted by status."""

    serializer_class = serializers.SourceSerializer
    filterset_class = filters.SourceFilter
    list_ordering = Ordering("name", name="name")

    def get_queryset(self):
        return Source.objects.select_related("party").with_claim_counts()


@extend_schema_view(
    list=extend_schema(summary="List parties"),
    create=extend_schema(summary="Add a party"),
    retrieve=extend_schema(summary="Read a party"),
    update=extend_schema(summary="Replace a party"),
    partial_update=extend_schema(summary="Change some fields of a party"),
    destroy=extend_schema(summary="Delete a party that nothing refers to"),
)
class PartyViewSet(ListOrderingMixin, viewsets.ModelViewSet):
    """Parties (sides in a conflict), by name; a party's address is its slug."""

    serializer_class = serializers.PartySerializer
    queryset = Party.objects.all()
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    list_ordering = Ordering("name", name="name")


@extend_schema_view(
    list=extend_schema(summary="List documents"),
    create=extend_schema(summary="Add a document"),
    retrieve=extend_schema(summary="Read a document"),
    update=extend_schema(summary="Replace a document"),
    partial_update=extend_schema(summary="Change some fields of a document"),
    destroy=extend_schema(summary="Delete a document that no claim refers to"),
)
class DocumentViewSet(ListOrderingMixin, viewsets.ModelViewSet):
    """Documents, newest first (undated ones last), each with its outlet embedded."""

    serializer_class = serializers.DocumentSerializer
    filterset_class = filters.DocumentFilter
    list_ordering = Ordering("published_at", descending=True, nullable=True, name="-published_at")

    def get_queryset(self):
        return Document.objects.select_related("outlet__party")


@extend_schema_view(
    list=extend_schema(summary="List events, with what each side says happened"),
    create=extend_schema(summary="Add an event"),
    retrieve=extend_schema(summary="Read an event and what each side says happened"),
    update=extend_schema(summary="Replace an event"),
    partial_update=extend_schema(summary="Change some fields of an event"),
    destroy=extend_schema(summary="Delete an event that no claim refers to"),
)
class EventViewSet(ListOrderingMixin, viewsets.ModelViewSet):
    """Events (incidents), newest first (undated ones last), each with the quantities its
    claims give, grouped by the claimant's side."""

    serializer_class = serializers.EventSerializer
    filterset_class = filters.EventFilter
    list_ordering = Ordering("occurred_on", descending=True, nullable=True, name="-occurred_on")

    def get_queryset(self):
        claims = (
            Claim.objects.select_related("source", "side")
            .only("id", "event_id", "source__name", "side__slug")
            .prefetch_related("quantities")
            .order_by("id")
        )
        return Event.objects.prefetch_related(Prefetch("claims", queryset=claims))


@extend_schema(
    summary="Get a token for a username and password",
    description="Send the token back as `Authorization: Token <token>`. Tokens are revoked in "
    "the admin (Auth Token > Tokens).",
)
class ObtainToken(ObtainAuthToken):
    serializer_class = serializers.TokenSerializer
    # Form posts too, for `curl -d username=... -d password=...`.
    parser_classes = [JSONParser, FormParser, MultiPartParser]
