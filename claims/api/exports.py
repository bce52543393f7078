"""The exports: `/api/claims/export/` (CSV, NDJSON, ClaimReview JSON-LD) and
`/api/quantities/export/` (CSV), with every filter of the claims list, streamed.

`?format=` is DRF's own format override: each format is a renderer here, so content negotiation
picks it and an unknown one is a 400 on `format`. The renderers only name the format; the body is
streamed by `claims.exports`. Errors are JSON, whatever format was asked for.
"""

import copy

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from claims import exports
from claims.api import filters
from claims.api.schema import ERROR_SCHEMA, VALIDATION_ERROR_SCHEMA, AutoSchema
from claims.api.serializers import ClaimSerializer
from claims.api.views import ClaimViewSet, displayed_claims
from claims.models import Claim


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"


class NDJSONRenderer(BaseRenderer):
    media_type = "application/x-ndjson"
    format = "ndjson"
    charset = None


class ClaimReviewRenderer(BaseRenderer):
    media_type = "application/ld+json"
    format = "claimreview"
    charset = None


class ExportOptions(serializers.Serializer):
    bom = serializers.BooleanField(default=False, required=False)


class ExportSchema(AutoSchema):
    """An export is one body, not a page, but takes the claims list's filters; its errors are
    JSON whatever the format."""

    def get_filter_backends(self):
        return getattr(self.view, "filter_backends", [])

    def _error_responses(self):
        responses = super()._error_responses()
        invalid = self._component("ValidationError", VALIDATION_ERROR_SCHEMA)
        error = self._component("Error", ERROR_SCHEMA)
        responses[400] = (invalid, "Bad input: a filter, `format` or `bom` is invalid.")
        responses[406] = (error, "The `Accept` header allows none of the export's formats.")
        return responses

    def _get_response_bodies(self, direction="response"):
        # The `responses` of extend_schema replace get_response_serializers: errors added here.
        bodies = super()._get_response_bodies(direction)
        for code, (schema, description) in self._error_responses().items():
            bodies.setdefault(
                str(code),
                {"content": {"application/json": {"schema": schema}}, "description": description},
            )
        return bodies


class ExportView(GenericAPIView):
    """What both exports share: the claims list's filters, in the list's order, streamed.

    Reading rules are the list's (the default permission class: PUBLIC_READ lets anonymous
    clients export, without who recorded or changed a claim).
    """

    filterset_class = filters.ClaimFilter
    pagination_class = None
    schema = ExportSchema()
    filename = "claims"

    def get_queryset(self):
        return Claim.objects.all()

    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request, force)
        except Http404:  # DRF's answer to a `format` no renderer has
            formats = ", ".join(renderer.format for renderer in self.get_renderers())
            asked = request.query_params.get("format", "")[:50]
            raise ValidationError(
                {"format": [f'Unknown format "{asked}": use one of {formats}.']}
            ) from None

    def finalize_response(self, request, response, *args, **kwargs):
        if isinstance(response, Response):  # an error (an export itself is streamed)
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)

    def bom(self) -> bool:
        options = ExportOptions(data=self.request.query_params)
        options.is_valid(raise_exception=True)
        bom = options.validated_data["bom"]
        if bom and self.request.accepted_renderer.format != "csv":
            raise ValidationError({"bom": ["A byte order mark is for CSV only (JSON has none)."]})
        return bom

    def claims(self, queryset=None) -> tuple[list, bool]:
        """The claims the list gives for these filters, as the parts to read in its order, and
        whether to start with a byte order mark."""
        bom = self.bom()  # checked before the filters, which may query
        claims = self.filter_queryset(queryset if queryset is not None else self.get_queryset())
        # The list's own rule for its order (ClaimViewSet): an export comes in the same order.
        ordering = ClaimViewSet.get_list_ordering(self, claims)
        parts = exports.in_order(claims, ordering.field, ordering.descending, ordering.nullable)
        return parts, bom

    def attachment(self, content, extension: str):
        renderer = self.request.accepted_renderer
        content_type = renderer.media_type
        if renderer.charset:
            content_type += f"; charset={renderer.charset}"
        return exports.attachment(content, content_type, f"{self.filename}.{extension}")


FILTERED = (
    "Takes every filter of `GET /api/claims/` (and its `ordering`: the export comes in the "
    "list's order, all of it, unpaged)."
)
BOM = OpenApiParameter(
    "bom",
    OpenApiTypes.BOOL,
    description="CSV only: `true` starts the file with a UTF-8 byte order mark, so that Excel "
    "reads it as UTF-8 (Cyrillic names). Default false.",
)
CLAIM_CSV = (
    "CSV (RFC 4180, UTF-8), one row per claim, columns: "
    + ", ".join(f"`{name}`" for name in exports.CLAIM_COLUMNS)
    + ". `quantities` holds the claim's numbers in words, `; `-separated. Numbers are plain "
    "decimals, dates ISO 8601; a text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage "
    "return gets a leading `'`, so no spreadsheet runs it as a formula. Anonymous readers "
    "(PUBLIC_READ) get no `created_by` and `updated_by` columns."
)
CLAIMREVIEW_SCHEMA = {
    "type": "array",
    "description": "A schema.org ClaimReview per claim reviewed (any status but unverified).",
    "items": {
        "type": "object",
        "required": ["@context", "@type", "claimReviewed", "datePublished", "url", "author"],
        "properties": {
            "@context": {"type": "string", "enum": ["https://schema.org"]},
            "@type": {"type": "string", "enum": ["ClaimReview"]},
            "claimReviewed": {"type": "string"},
            "datePublished": {"type": "string", "format": "date"},
            "url": {"type": "string", "format": "uri"},
            "author": {"type": "object"},
            "reviewRating": {
                "type": "object",
                "description": "`ratingValue` 5 confirmed, 4 corroborated, 3 disputed, 1 "
                "refuted, none for retracted; `alternateName` the verdict in words; "
                "`ratingExplanation` the latest review's rationale.",
            },
            "itemReviewed": {
                "type": "object",
                "description": "The claim: its `author` (the source), `datePublished` (when "
                "it was stated), `appearance` and `firstAppearance` (its document).",
            },
        },
    },
}


@extend_schema(
    summary="Export claims: CSV, NDJSON or ClaimReview JSON-LD, streamed",
    description=FILTERED
    + " `format=csv` (the default): one row per claim. `format=ndjson`: one claim per line, as "
    "`GET /api/claims/{id}/` gives it. `format=claimreview`: a JSON array of schema.org "
    "ClaimReview objects, one per reviewed claim (never an unverified one).",
    parameters=[
        OpenApiParameter(
            "format",
            OpenApiTypes.STR,
            enum=["csv", "ndjson", "claimreview"],
            description="The export's format (default csv); anything else is a 400.",
        ),
        BOM,
    ],
    responses={
        (200, CSVRenderer.media_type): OpenApiResponse(OpenApiTypes.STR, description=CLAIM_CSV),
        (200, NDJSONRenderer.media_type): OpenApiResponse(
            OpenApiTypes.STR,
            description="One `Claim` object (JSON, the schema of `GET /api/claims/{id}/`) "
            "per line.",
        ),
        (200, ClaimReviewRenderer.media_type): OpenApiResponse(
            CLAIMREVIEW_SCHEMA,
            description="ClaimReview JSON-LD: the desk's verdicts, for fact-check search.",
        ),
    },
)
class ClaimExportView(ExportView):
    """Every claim the filters select, in one streamed download."""

    renderer_classes = [CSVRenderer, NDJSONRenderer, ClaimReviewRenderer]

    def get(self, request):
        chosen = request.accepted_renderer.format
        if chosen == "ndjson":
            # The API's own claims, with everything their serializer shows joined in.
            parts, _ = self.claims(displayed_claims())
            serializer = ClaimSerializer(context=self.claim_context())
            renderer = JSONRenderer()
            content = exports.ndjson(
                parts, lambda claim: renderer.render(serializer.to_representation(claim))
            )
            return self.attachment(content, "ndjson")
        parts, bom = self.claims()
        if chosen == "claimreview":
            content = exports.claimreview_json(
                parts, url_pattern=self.claim_page_pattern(), author=self.claimreview_author()
            )
            return self.attachment(content, "jsonld")
        content = exports.claim_csv(parts, desk=request.user.is_authenticated, bom=bom)
        return self.attachment(content, "csv")

    def claim_context(self) -> dict:
        """The serializer's context for a claim as `GET /api/claims/<id>/` shows it: DRF would
        carry this request's `?format=` into the claim's `url`, so its request has none."""
        plain = copy.copy(self.request._request)
        plain.GET = plain.GET.copy()
        plain.GET.pop("format", None)
        request = copy.copy(self.request)
        request._request = plain
        return {**self.get_serializer_context(), "request": request}

    def claim_page_pattern(self) -> str:
        if settings.CLAIMREVIEW_URL:
            return settings.CLAIMREVIEW_URL
        # No public page configured: the claim's address in the API.
        return self.request.build_absolute_uri(reverse("claim-list")) + "{id}/"

    @staticmethod
    def claimreview_author() -> dict:
        author = {"@type": "Organization", "name": settings.CLAIMREVIEW_AUTHOR_NAME}
        if settings.CLAIMREVIEW_AUTHOR_URL:
            author["url"] = settings.CLAIMREVIEW_AUTHOR_URL
        return author


@extend_schema(
    summary="Export quantities: CSV, one row per quantity, streamed",
    description=FILTERED
    + " Each quantity of the claims selected, with its claim's id, side, source, status and "
    "date; `item` and `outcome` also narrow the rows to the quantities that match them.",
    parameters=[
        OpenApiParameter(
            "format", OpenApiTypes.STR, enum=["csv"], description="`csv`, the default."
        ),
        BOM,
    ],
    responses={
        (200, CSVRenderer.media_type): OpenApiResponse(
            OpenApiTypes.STR,
            description="CSV (RFC 4180, UTF-8), one row per quantity, columns: "
            + ", ".join(f"`{name}`" for name in exports.QUANTITY_COLUMNS)
            + ". Numbers are plain decimals, dates ISO 8601, text cells neutralised as in the "
            "claims export.",
        ),
    },
)
class QuantityExportView(ExportView):
    """Every quantity of the claims the filters select, in one streamed download."""

    renderer_classes = [CSVRenderer]
    filename = "quantities"

    def get(self, request):
        parts, bom = self.claims()
        # Validated by the filters already; blank is no condition, as in the list.
        conditions = {
            name: value for name in ("item", "outcome") if (value := request.query_params.get(name))
        }
        return self.attachment(exports.quantity_csv(parts, bom=bom, **conditions), "csv")
