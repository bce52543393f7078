"""The API's resources: claims, sources, parties, documents and events, each a DRF viewset, and a
claim's reviews, links and history under `/api/claims/<id>/`.

Each list is one query for its rows (with everything its serializer shows joined or annotated),
one per prefetched relation and one bounded count, whatever the page size.
"""

from functools import cached_property

from django.db import transaction
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils.decorators import classonlymethod
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.generics import ListAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from claims import editing, search
from claims.api import bulk, conditions, detail, filters, representations, serializers
from claims.api.caching import ConditionalGetMixin, KeptForCount
from claims.api.conditions import ETAG_HEADER, PreconditionFailed, claim_etag
from claims.api.pagination import MAX_ID, ClaimPagination, EventPagination, Ordering
from claims.api.parsers import JSONParser
from claims.api.permissions import MayReview
from claims.api.schema import IF_MATCH, etag_header
from claims.api.throttles import LoginRateThrottle, LoginUsernameRateThrottle
from claims.events import attach_event_summaries, event_summaries, side_by_side_claims
from claims.history import (
    claim_events,
    event_import_id,
    event_user_id,
    import_names,
    may_read_deleted_claims,
    usernames,
)
from claims.models import (
    Claim,
    ClaimHistory,
    ClaimLink,
    Document,
    Event,
    Party,
    Quantity,
    Review,
    Source,
)
from claims.querysets import attach_track_records, count_track_records

# A source's track record and an event's summary are counted for the change count a read stands
# for, once in each worker: the tracker's lists show the same ones again and again, and counting
# them is most of what their pages cost (a page of sources counts some 25,000 claims).
_track_records = KeptForCount(10_000)
_event_summaries = KeptForCount(2_000)  # a few kilobytes each


def kept_track_records(source_ids) -> dict:
    return _track_records.get_many(source_ids, count_track_records)


def kept_event_summaries(event_ids) -> dict:
    return _event_summaries.get_many(event_ids, event_summaries)


class UnversionedMixin:
    """A resource without ETags: a write carrying If-Match is refused, never silently made."""

    refuses_preconditions = True  # documented as a 400 of each write (see the schema)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            conditions.refuse_preconditions(
                request, self.get_queryset().model._meta.verbose_name_plural
            )


class ListOrderingMixin:
    """A list's order, as the keyset paginator needs it: a fixed one unless the view says."""

    list_ordering: Ordering

    def get_list_ordering(self, queryset) -> Ordering:
        return self.list_ordering


def displayed_claims():
    """Claims with everything ClaimSerializer shows joined or prefetched."""
    return (
        Claim.objects.for_display()
        .select_related("document__outlet__party", "created_by", "updated_by")
        .defer("search_vector")
    )


NEWEST_FIRST = Ordering("created_at", descending=True, name="-created_at")
BEST_MATCH_FIRST = Ordering("rank", descending=True, name="rank")
NO_CLAIM = "No Claim matches the given query."  # DRF's 404 of get_object for a claim
NOT_A_REVIEW = (
    "`status` is read-only: sending another status than the claim's is a 400; statuses change "
    "through `POST /api/claims/{id}/reviews/`."
)
CONDITIONAL = (
    " With `If-Match` (the `ETag` of the claim as last read), the change is made only if the "
    "claim is still at that version, compared in the UPDATE that saves it: otherwise 412 and "
    "nothing changes."
)


@extend_schema_view(
    list=extend_schema(summary="List claims", description="Filter, search and page claims."),
    create=extend_schema(
        summary="Record a claim, with its quantities",
        description="Without `quantities`, the claim gets the quantities extracted from its "
        "text (the response then says `quantities_extracted: true`); `quantities: []` records "
        "none. A new claim starts `unverified`: sending another `status` is a 400 (statuses "
        "change through `POST /api/claims/{id}/reviews/`).",
        parameters=[etag_header(201)],
    ),
    retrieve=extend_schema(summary="Read a claim", parameters=[etag_header(200, 304)]),
    update=extend_schema(
        summary="Replace a claim (quantities too, when sent)",
        description="A PUT replaces the whole claim: it must send its `quantities` too (`[]` "
        "for none). " + NOT_A_REVIEW + CONDITIONAL,
        parameters=[IF_MATCH, etag_header(200)],
    ),
    partial_update=extend_schema(
        summary="Change some fields of a claim",
        description=NOT_A_REVIEW + CONDITIONAL,
        parameters=[IF_MATCH, etag_header(200)],
    ),
    destroy=extend_schema(
        summary="Delete a claim, its quantities, links and reviews",
        description="Its history stays readable at `/api/claims/{id}/history/`. With "
        "`If-Match`, the claim is deleted only if it is still at that version (compared with "
        "its row locked): otherwise 412 and nothing is deleted.",
        parameters=[IF_MATCH],
    ),
)
class ClaimViewSet(ConditionalGetMixin, ListOrderingMixin, viewsets.ModelViewSet):
    """Claims, each with its source and document embedded and its quantities nested.

    Writing takes the source, event and document by id and the side by its party slug; the
    quantities sent replace the claim's quantities in the same transaction. A claim's responses
    carry its `ETag`; PUT, PATCH and DELETE honour `If-Match` (RFC 9110) against it.
    """

    serializer_class = serializers.ClaimSerializer
    filterset_class = filters.ClaimFilter
    pagination_class = ClaimPagination
    # The version a PUT, PATCH or DELETE is made on (If-Match), once get_object has read it.
    expected_version: int | None = None

    @classonlymethod
    def as_view(cls, actions=None, **initkwargs):
        view = super().as_view(actions, **initkwargs)
        if actions and actions.get("get") == "retrieve":
            return detail.with_quick_read(view)  # a plain read in one statement
        return view

    def get_serializer_class(self):
        if self.action == "update":
            return serializers.ClaimReplacementSerializer
        return super().get_serializer_class()

    def get_queryset(self):
        if self.action in ("list", "retrieve"):
            return Claim.objects.all()  # ids and positions only: see list()
        return displayed_claims()

    # Reading goes round the serializer: the same representation, built from plain rows. The
    # FilterSet and the paginator work on the claims alone, for the page's ids and positions.
    def list(self, request, *args, **kwargs):
        claims = self.filter_queryset(self.get_queryset())
        if search.is_searched(claims) and not request.query_params.get("ordering"):
            self.search_order = self.paginator.choose_search_order(request, claims)
        ordering = self.get_list_ordering(claims)
        page = self.paginate_queryset(claims.values(*dict.fromkeys(("id", ordering.field))))
        ids = [row["id"] for row in page]
        return self.get_paginated_response(representations.represent(ids, request))

    def retrieve(self, request, *args, **kwargs):
        pk = kwargs["pk"]
        if not pk.isascii() or not pk.isdigit() or int(pk) > MAX_ID:
            raise NotFound(NO_CLAIM)
        # A detail honours the list's filters (as DRF's get_object does): asked only when given.
        if (
            request.query_params
            and not self.filter_queryset(self.get_queryset()).filter(pk=pk).exists()
        ):
            raise NotFound(NO_CLAIM)
        found = representations.represent([int(pk)], request)
        if not found:
            raise NotFound(NO_CLAIM)
        self.check_object_permissions(request, found[0])
        return Response(found[0])

    def get_object(self):
        claim = super().get_object()
        # Evaluated before the body is (RFC 9110 13.2.2): a stale edit is a 412, even if invalid.
        # A claim that passes is at the version If-Match names, and that is the version its save
        # compares in the UPDATE: someone else's save in between makes it a 412 too.
        if self.request.method in ("PUT", "PATCH", "DELETE"):
            self.expected_version = conditions.expected_version(self.request, claim)
        return claim

    def perform_update(self, serializer):
        with conditions.made_on(self.expected_version):
            serializer.save(expected_version=self.expected_version)

    @property
    def versioned_tag(self):
        # A read of one claim carries its id and version in its tag (ConditionalGetMixin).
        return self.detail

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # The claim's ETag on every response of a write that shows the claim (created or
        # changed); a read's is ConditionalGetMixin's, its id and version followed by a MAC.
        if request.method not in ("GET", "HEAD") and (self.detail or self.action == "create"):
            claim = response.data if response.status_code in (200, 201) else None
            if isinstance(claim, dict) and "version" in claim:
                response[ETAG_HEADER] = claim_etag(claim["id"], claim["version"])
        return response

    def perform_destroy(self, claim):
        if self.expected_version is None:
            claim.delete()
            return
        with transaction.atomic():
            # The version is compared with the row locked, so no save slips in between.
            locked = Claim.objects.select_for_update().filter(pk=claim.pk).first()
            if locked is None:
                raise NotFound()
            if locked.version != self.expected_version:
                raise PreconditionFailed()
            locked.delete()

    @extend_schema(
        summary="Extract the quantities of a text, saving nothing",
        description="The quantities a claim with this text would get when created without "
        "`quantities`, for an editor to check before recording it. Needs the permission to "
        "record claims.",
        request=serializers.ExtractionRequestSerializer,
    )
    @action(
        detail=False,
        methods=["post"],
        serializer_class=serializers.ExtractionSerializer,
        pagination_class=None,
        filter_backends=[],
    )
    def extract(self, request):
        sent = serializers.ExtractionRequestSerializer(data=request.data)
        sent.is_valid(raise_exception=True)
        proposals = editing.proposed_quantities(sent.validated_data["text"])
        extraction = {"quantities": [Quantity(**fields) for fields in proposals]}
        return Response(serializers.ExtractionSerializer(extraction).data)

    @bulk.BULK_SCHEMA
    @action(
        detail=False,
        methods=["post"],
        serializer_class=bulk.BulkClaimSerializer,
        pagination_class=None,
        filter_backends=[],
    )
    def bulk(self, request):
        return bulk.bulk_create(request, self.get_serializer_context())

    def get_list_ordering(self, queryset) -> Ordering:
        """`ordering` if asked for; else a search's best match first if it matches few claims
        (`search.search_order`, chosen by list() for a page, here for an export); else newest
        first."""
        requested = self.request.query_params.get("ordering")
        if requested:  # the FilterSet has checked it is one of ClaimFilter's choices
            return Ordering.parse(requested, nullable_fields=("occurred_on", "claimed_at"))
        if not search.is_searched(queryset):
            return NEWEST_FIRST
        order = getattr(self, "search_order", None) or search.search_order(queryset)
        return BEST_MATCH_FIRST if order == search.RANK else NEWEST_FIRST


@extend_schema_view(
    list=extend_schema(summary="List sources, with their track records"),
    create=extend_schema(summary="Add a source"),
    retrieve=extend_schema(summary="Read a source and its track record"),
    update=extend_schema(summary="Replace a source"),
    partial_update=extend_schema(summary="Change some fields of a source"),
    destroy=extend_schema(summary="Delete a source that no claim or document refers to"),
)
class SourceViewSet(
    ConditionalGetMixin, UnversionedMixin, ListOrderingMixin, viewsets.ModelViewSet
):
    """Sources (who makes claims), by name, each with its claims counted by status."""

    serializer_class = serializers.SourceSerializer
    filterset_class = filters.SourceFilter
    list_ordering = Ordering("name", name="name")

    def get_queryset(self):
        return Source.objects.select_related("party")

    # Track records are counted for the sources shown, in one query: a list's page, a detail's
    # source (the serializer counts a source just written itself).
    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        attach_track_records(page, kept_track_records)
        return page

    def get_object(self):
        source = super().get_object()
        attach_track_records([source], kept_track_records)
        return source


@extend_schema_view(
    list=extend_schema(summary="List parties"),
    create=extend_schema(summary="Add a party"),
    retrieve=extend_schema(summary="Read a party"),
    update=extend_schema(summary="Replace a party"),
    partial_update=extend_schema(summary="Change some fields of a party"),
    destroy=extend_schema(summary="Delete a party that nothing refers to"),
)
class PartyViewSet(ConditionalGetMixin, UnversionedMixin, ListOrderingMixin, viewsets.ModelViewSet):
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
class DocumentViewSet(
    ConditionalGetMixin, UnversionedMixin, ListOrderingMixin, viewsets.ModelViewSet
):
    """Documents, newest first (undated ones last), each with its outlet embedded."""

    serializer_class = serializers.DocumentSerializer
    filterset_class = filters.DocumentFilter
    list_ordering = Ordering("published_at", descending=True, nullable=True, name="-published_at")

    def get_queryset(self):
        return Document.objects.select_related("outlet__party")


@extend_schema_view(
    list=extend_schema(
        summary="List events, with how many claims each side made and the numbers they give",
        description="Each event's claims counted by side, with each side's numbers summed per "
        "item and outcome as `/api/quantities/summary/` sums them. The event's own address "
        "lists the numbers one by one, side by side, and the contradictions.",
    ),
    create=extend_schema(summary="Add an event"),
    retrieve=extend_schema(summary="Read an event and what each side says happened"),
    update=extend_schema(summary="Replace an event"),
    partial_update=extend_schema(summary="Change some fields of an event"),
    destroy=extend_schema(summary="Delete an event that no claim refers to"),
)
class EventViewSet(ConditionalGetMixin, UnversionedMixin, ListOrderingMixin, viewsets.ModelViewSet):
    """Events (incidents), newest first (undated ones last). The list summarizes each event per
    side; an event's own address puts the quantities its claims give side by side."""

    serializer_class = serializers.EventSerializer
    filterset_class = filters.EventFilter
    list_ordering = Ordering("occurred_on", descending=True, nullable=True, name="-occurred_on")

    def get_serializer_class(self):
        if self.action == "list":
            return serializers.EventSummarySerializer
        return super().get_serializer_class()

    def get_queryset(self):
        if self.action == "list":
            return Event.objects.all()  # summarized for the page: see paginate_queryset
        claims = (
            side_by_side_claims()
            .only("id", "event_id", "text", "source__name", "side__slug")
            .order_by("id")
        )
        return Event.objects.prefetch_related(Prefetch("claims", queryset=claims))

    # The page's events summarized in two grouped queries, whatever the page size.
    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            attach_event_summaries(page, kept_event_summaries)
        return page


@extend_schema(
    auth=[],  # the one operation for those without credentials yet
    summary="Get a token for a username and password",
    description="Send the token back as `Authorization: Token <token>`. Tokens are revoked in "
    "the admin (Auth Token > Tokens).",
)
class ObtainToken(ObtainAuthToken):
    serializer_class = serializers.TokenSerializer
    throttle_classes = [LoginRateThrottle, LoginUsernameRateThrottle]
    # Form posts too, for `curl -d username=... -d password=...`.
    parser_classes = [JSONParser, FormParser, MultiPartParser]


CLAIM_ID = OpenApiParameter(
    "claim_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The claim's id."
)


class ClaimPartMixin:
    """A list under one claim, `/api/claims/<claim_id>/...`: the claim is looked up when needed
    (never by the permission check), and an unknown claim is a 404."""

    @cached_property
    def claim(self) -> Claim:
        return get_object_or_404(Claim.objects.only("id", "status"), pk=self.kwargs["claim_id"])

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context["claim"] = self.claim
        return context

    def list(self, request, *args, **kwargs):
        self.claim  # noqa: B018 (a 404 for an unknown claim, before its empty list)
        return super().list(request, *args, **kwargs)


@extend_schema_view(
    list=extend_schema(
        summary="List a claim's reviews, newest first",
        description="The claim's verification history: each decision with its rationale, "
        "evidence, reviewer and time.",
        parameters=[CLAIM_ID],
    ),
    create=extend_schema(
        summary="Review a claim: change its status, saying why",
        description="The one way a claim's status changes. Needs the verify permission (group "
        "Verifiers). The new `status` must be one the current status allows (a 400 on `status` "
        "lists them), and `rationale` is required. With the claim's `ETag` as `If-Match`, the "
        "review is recorded only if nobody changed the claim since (else 412).",
        parameters=[CLAIM_ID, IF_MATCH],
    ),
)
class ClaimReviewViewSet(
    ConditionalGetMixin,
    ClaimPartMixin,
    ListOrderingMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """A claim's reviews: reading them is reading the claim; recording one needs verify_claim."""

    serializer_class = serializers.ReviewSerializer
    permission_classes = [MayReview]
    reviews_claim = True  # takes If-Match, like the claim's own writes (see the schema)
    list_ordering = Ordering("created_at", descending=True, name="-created_at")

    def get_queryset(self):
        # Lazy, as the links' (the list checks that the claim exists).
        return Review.objects.filter(claim_id=self.kwargs.get("claim_id")).select_related(
            "reviewer"
        )

    def perform_create(self, serializer):
        # With If-Match, the verdict is on the version the verifier read: review_claim compares
        # it with the claim locked, so an edit in between makes it a 412, never a silent review.
        version = conditions.expected_version(self.request, self.claim)
        with conditions.made_on(version):
            serializer.save(expected_version=version)


@extend_schema_view(
    list=extend_schema(
        summary="List a claim's links, from both ends, newest first",
        description="Each link once, whichever claim it was made from: `direction` says which "
        "way it goes and `claim` is the claim at the other end.",
        parameters=[CLAIM_ID],
    ),
    create=extend_schema(
        summary="Link this claim to another",
        description="The link goes from this claim to `claim`: this claim corroborates, "
        "contradicts, updates or duplicates it. A claim cannot be linked to itself, and two "
        "claims are linked at most once per relation, whichever way (400 on `claim`).",
        parameters=[CLAIM_ID],
    ),
    destroy=extend_schema(
        summary="Remove a link (from either end)",
        parameters=[
            CLAIM_ID,
            OpenApiParameter(
                "id",
                OpenApiTypes.INT,
                OpenApiParameter.PATH,
                description="The link's id, as the claim's links list it.",
            ),
        ],
    ),
)
class ClaimLinkViewSet(
    ConditionalGetMixin,
    UnversionedMixin,
    ClaimPartMixin,
    ListOrderingMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """A claim's links to other claims: claims.add_claimlink to make one, delete_claimlink to
    remove one (group Editors)."""

    serializer_class = serializers.ClaimLinkSerializer
    list_ordering = Ordering("created_at", descending=True, name="-created_at")

    def get_queryset(self):
        # Lazy: the permission check asks for the model without running a query.
        claim_id = self.kwargs.get("claim_id")
        return (
            ClaimLink.objects.filter(Q(from_claim_id=claim_id) | Q(to_claim_id=claim_id))
            .select_related("from_claim__source", "to_claim__source")
            .defer("from_claim__search_vector", "to_claim__search_vector")
        )


DELETED_HISTORY_DENIED = (
    "This claim was deleted: its history is for superusers and accounts with the "
    '"Can view claim history" permission, as in the admin.'
)


@extend_schema(
    summary="Read a claim's history, newest first",
    description="Every recorded change of the claim and of its quantities, links and reviews: "
    "what changed, how (`insert`, `update`, `delete`), when, who, and each changed field from "
    "what to what. Recorded by PostgreSQL triggers whatever made the change, and kept when "
    "the claim is deleted: a deleted claim's history (its last state in the `delete` event) "
    "stays readable here, for superusers and accounts with the `claims.view_claimhistory` "
    "permission only (403 for others), as the admin's Deleted claims. For signed-in users "
    "only, `PUBLIC_READ` or not.",
    parameters=[CLAIM_ID],
)
class ClaimHistoryView(ConditionalGetMixin, ListAPIView):
    """The audit history of one claim, from django-pghistory's events."""

    serializer_class = serializers.HistoryEventSerializer
    permission_classes = [IsAuthenticated]
    refuses_some_readers = True  # a deleted claim's history: 403 (documented in the schema)
    pagination_class = EventPagination
    filter_backends = []

    def get_queryset(self):
        claim_id = self.kwargs.get("claim_id")
        if not getattr(self, "swagger_fake_view", False) and not (
            Claim.objects.filter(pk=claim_id).exists()
        ):
            if not ClaimHistory.objects.filter(pgh_obj_id=claim_id).exists():
                raise NotFound("No claim with this id, now or in the history.")
            # A deleted claim's last state is for those the admin shows deleted claims to.
            if not may_read_deleted_claims(self.request.user):
                raise PermissionDenied(DELETED_HISTORY_DENIED)
        return claim_events(claim_id)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        # The users the page names, in one query.
        self.usernames = usernames(event_user_id(event) for event in page)
        self.imports = import_names(event_import_id(event) for event in page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "usernames": getattr(self, "usernames", {}),
            "imports": getattr(self, "imports", {}),
        }
