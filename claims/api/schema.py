"""What drf-spectacular cannot infer about the API: the error responses of every operation, the
conditional-request headers of a claim (ETag, If-Match), and fields that take an id on write but
embed the record on read."""

from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework.generics import ListAPIView
from rest_framework.permissions import IsAuthenticated

from claims.api.caching import IF_NONE_MATCH_HEADER, ConditionalGetMixin
from claims.api.conditions import ETAG_HEADER, IF_MATCH_HEADER
from claims.api.fields import SLUG_MAX_LENGTH

ERROR_SCHEMA = {
    "type": "object",
    "description": "What went wrong, in one sentence.",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": (
        "Bad input: each offending field (or query parameter) with a list of messages. The "
        "errors of a nested list (`quantities`) are an object keyed by the position of each "
        "faulty item (from 0), each holding that item's field errors. `non_field_errors` holds "
        "what concerns no single field; `detail` a body that is not JSON at all."
    ),
    "additionalProperties": {
        "oneOf": [
            {"type": "array", "items": {"type": "string"}},
            {"type": "object", "additionalProperties": True},
            {"type": "string"},
        ]
    },
    "example": {
        "source": ["No source with the id 9999."],
        "quantities": {"1": {"upper": ["The upper bound cannot be below the value."]}},
    },
}


IF_MATCH = OpenApiParameter(
    IF_MATCH_HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description='Optional. The claim\'s `ETag` as last read (`"12-3"`, quotes included; '
    "several, comma-separated, or `*` for any version): the claim is changed only if its ETag "
    "is still one of them, else 412 and nothing changes. Weak tags (`W/...`) never match.",
)


def etag_header(*codes: int) -> OpenApiParameter:
    return OpenApiParameter(
        ETAG_HEADER,
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=list(codes),
        description='The claim\'s version as a strong entity tag: `"<id>-<version>"` after a '
        'write, `"<id>-<version>-<mac>"` on a read (which also changes with anything the claim '
        "embeds, for `If-None-Match`). Send either back as `If-Match` to change or delete the "
        "claim only if nobody has since: its id and version are compared.",
    )


IF_NONE_MATCH = OpenApiParameter(
    IF_NONE_MATCH_HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="Optional. The `ETag` of this read as last received (several, comma-separated, "
    "or `*`): while nothing it shows has changed, the answer is 304 Not Modified, without a "
    "body.",
)
READ_HEADERS = [
    OpenApiParameter(
        ETAG_HEADER,
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=[200, 304],
        description='The validator of this read (`W/"<mac>"`): it changes whenever anything '
        "the answer shows changes. Send it back as `If-None-Match`.",
    ),
    OpenApiParameter(
        "Cache-Control",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=[200, 304],
        description="`public, max-age=<API_PUBLIC_MAX_AGE>` for an anonymous read (`PUBLIC_READ`), "
        "`private, no-cache` for a signed-in one.",
    ),
]


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's AutoSchema, with the error responses each operation can give, and the
    conditional GET of each read (claims/api/caching.py)."""

    def _is_conditional_read(self) -> bool:
        return self.method == "GET" and isinstance(self.view, ConditionalGetMixin)

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if not self._is_conditional_read():
            return parameters
        # A claim's read documents its own ETag (`etag_header`, in its extend_schema).
        versioned = getattr(self.view, "versioned_tag", False)
        return [
            *parameters,
            IF_NONE_MATCH,
            *(header for header in READ_HEADERS if not (versioned and header.name == ETAG_HEADER)),
        ]

    def get_response_serializers(self):
        responses = super().get_response_serializers()
        if not isinstance(responses, dict):
            if self.method == "DELETE":
                responses = {204: None}
            else:
                responses = {201 if self._is_create_operation() else 200: responses}
        for code, (schema, description) in self._error_responses().items():
            responses.setdefault(code, OpenApiResponse(response=schema, description=description))
        return responses

    def _error_responses(self):
        error = self._component("Error", ERROR_SCHEMA)
        invalid = self._component("ValidationError", VALIDATION_ERROR_SCHEMA)
        has_id = "{" in self.path
        writes = self.method in ("POST", "PUT", "PATCH")
        # A resource of the router (not a claim's reviews, links or history).
        resource = getattr(self.view, "basename", None)
        conditional = resource == "claim" and has_id and self.method in ("PUT", "PATCH", "DELETE")
        responses = {}
        if writes:
            responses[400] = (invalid, "Bad input: a field of the body is invalid.")
        elif self.method == "GET" and (
            getattr(self.view, "action", None) == "list" or isinstance(self.view, ListAPIView)
        ):
            responses[400] = (
                invalid,
                "Bad input: a query parameter (a filter, `page_size`, `cursor`) is invalid.",
            )
        elif conditional:
            responses[400] = (invalid, "`If-Match` is not a list of entity tags.")
        elif self.method == "DELETE" and getattr(self.view, "refuses_preconditions", False):
            responses[400] = (invalid, "`If-Match` sent: this resource carries no ETag.")
        if self._is_conditional_read():
            responses[304] = (
                None,
                "Not Modified: the `ETag` sent as `If-None-Match` is still this read's.",
            )
        responses[401] = (error, "No credentials, or invalid ones (see `WWW-Authenticate`).")
        if getattr(self.view, "refuses_some_readers", False) or (
            self.view.permission_classes and self.view.permission_classes != [IsAuthenticated]
        ):
            responses[403] = (error, "Signed in, but without the permission for this.")
        if has_id:
            responses[404] = (error, "No such record.")
        if self.method == "DELETE" and resource is not None:
            responses[409] = (error, "Other records still refer to this one.")
        elif conditional:
            responses[409] = (
                error,
                "Someone else changed the claim while it was being saved (without `If-Match`).",
            )
        # A review also takes the claim's ETag: it changes the claim's status.
        if conditional or (self.method == "POST" and getattr(self.view, "reviews_claim", False)):
            responses[412] = (
                error,
                "Precondition failed: the claim's ETag is no longer one `If-Match` names; "
                "nothing was changed.",
            )
        if self.view.throttle_classes:
            responses[429] = (
                error,
                "Too many requests: wait the seconds `Retry-After` says, then try again.",
            )
        responses[414] = (error, "The address (path and query) is longer than MAX_URL_LENGTH.")
        if writes:
            responses[413] = (error, "The request body is too large.")
            responses[415] = (
                error,
                "The body is not JSON (send `Content-Type: application/json`).",
            )
        return responses

    def _component(self, name, schema):
        component = ResolvedComponent(
            name=name, type=ResolvedComponent.SCHEMA, schema=schema, object=name
        )
        self.registry.register_on_missing(component)
        return component.ref


class RelatedIdFieldExtension(OpenApiSerializerFieldExtension):
    """An id in requests, the embedded record (`representation`) in responses."""

    target_class = "claims.api.fields.RelatedIdField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        if direction == "response" and self.target.representation is not None:
            return auto_schema.resolve_serializer(self.target.representation, direction).ref
        return auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)


class PartySlugFieldExtension(OpenApiSerializerFieldExtension):
    """A party's slug: the slug's alphabet and length, as the field checks them."""

    target_class = "claims.api.fields.PartySlugField"

    def map_serializer_field(self, auto_schema, direction):
        return {"type": "string", "pattern": r"^[-a-zA-Z0-9_]+$", "maxLength": SLUG_MAX_LENGTH}


# Fields some responses leave out: who did what, for anonymous readers (PUBLIC_READ), and
# `quantities_extracted` everywhere but in the response to a write (create, PUT, PATCH).
OPTIONAL_FIELDS = {
    "Claim": ["created_by", "updated_by", "quantities_extracted"],
    "Review": ["reviewer"],
}


# An address that may be left empty: empty, or an address with a scheme Django's URLValidator
# takes. drf-spectacular writes `oneOf: [uri, maxLength 0]`, which fuzzers misread (they take ""
# for a violation of the `uri` branch); a pattern says the same and is read right.
BLANK_URL_PATTERN = r"^$|^(https?|ftps?)://\S+$"


def blank_urls_are_patterns(result, generator, request, public):
    """A drf-spectacular postprocessing hook: see BLANK_URL_PATTERN."""
    for component in result.get("components", {}).get("schemas", {}).values():
        for name, field in component.get("properties", {}).items():
            branches = field.get("oneOf", [])
            if (
                len(branches) == 2
                and branches[1] == {"type": "string", "maxLength": 0}
                and branches[0].get("format") == "uri"
            ):
                rest = {key: value for key, value in field.items() if key != "oneOf"}
                component["properties"][name] = {
                    "type": "string",
                    "pattern": BLANK_URL_PATTERN,
                    **{k: v for k, v in branches[0].items() if k == "maxLength"},
                    **rest,
                }
    return result


# No query parameter holds a NUL character (PostgreSQL's text cannot: see filters.FilterBackend).
WITHOUT_NUL = r"^[^\u0000]*$"


def query_parameters_as_the_api_reads_them(result, generator, request, public):
    """A drf-spectacular postprocessing hook: every query parameter left empty (`?status=`, as
    an HTML form sends it) means the parameter was not sent, and no text one holds NUL."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") != "query":
                    continue
                parameter["allowEmptyValue"] = True
                schema = parameter.get("schema", {})
                if schema.get("type") == "string" and not ({"enum", "pattern"} & set(schema)):
                    schema["pattern"] = WITHOUT_NUL
    return result


def optional_fields_are_not_required(result, generator, request, public):
    """A drf-spectacular postprocessing hook: see OPTIONAL_FIELDS."""
    schemas = result.get("components", {}).get("schemas", {})
    for component, fields in OPTIONAL_FIELDS.items():
        required = schemas.get(component, {}).get("required")
        if required:
            schemas[component]["required"] = [name for name in required if name not in fields]
    return result
