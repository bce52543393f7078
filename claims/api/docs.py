"""The schema and its interactive docs, as views: drf-spectacular's, answering errors in JSON.

Apart from claims.api.schema, which DRF's settings import while drf-spectacular's views load.
"""

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.renderers import JSONRenderer


class JSONErrorsMixin:
    """Errors in JSON, as everywhere in the API: not a YAML schema of an error, nor an HTML
    template that has none for a 405 or a 503 (a database outage, when the session is read)."""

    def finalize_response(self, request, response, *args, **kwargs):
        if getattr(response, "exception", False):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


class SchemaView(JSONErrorsMixin, SpectacularAPIView):
    """The OpenAPI schema, at /api/schema/."""


class DocsView(JSONErrorsMixin, SpectacularSwaggerSplitView):
    """Swagger UI, at /api/docs/, served from the project's static files; its set-up script
    from `/api/docs/?script`, not inline, so the Content-Security-Policy allows no inline
    script at all."""
