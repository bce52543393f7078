"""What drf-spectacular cannot infer about the API: the error responses of every operation, and
fields that take an id on write but embed the record on read."""

from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import OpenApiResponse

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


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's AutoSchema, with the error responses each operation can give."""

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
        responses = {}
        if writes:
            responses[400] = (invalid, "Bad input: a field of the body is invalid.")
        elif not has_id:
            responses[400] = (
                invalid,
                "Bad input: a query parameter (a filter, `page_size`, `cursor`) is invalid.",
            )
        responses[401] = (error, "No credentials, or invalid ones (see `WWW-Authenticate`).")
        if self.view.permission_classes:
            responses[403] = (error, "Signed in, but without the permission for this.")
        if has_id:
            responses[404] = (error, "No such record.")
        if self.method == "DELETE":
            responses[409] = (error, "Other records still refer to this one.")
        elif writes and has_id and getattr(self.view, "basename", None) == "claim":
            responses[409] = (error, "Someone else changed the claim while it was being saved.")
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

    target_class = "claims.api.serializers.RelatedIdField"

    def map_serializer_field(self, auto_schema, direction):
        if direction == "response" and self.target.representation is not None:
            return auto_schema.resolve_serializer(self.target.representation, direction).ref
        return auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)


# Fields a response leaves out for anonymous readers (PUBLIC_READ): present, but not required.
DESK_ONLY_FIELDS = {"Claim": ["created_by", "updated_by"]}


def desk_only_fields_are_optional(result, generator, request, public):
    """A drf-spectacular postprocessing hook: see DESK_ONLY_FIELDS."""
    schemas = result.get("components", {}).get("schemas", {})
    for component, fields in DESK_ONLY_FIELDS.items():
        required = schemas.get(component, {}).get("required")
        if required:
            schemas[component]["required"] = [name for name in required if name not in fields]
    return result
