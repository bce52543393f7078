"""The API under /api/: the resources, a claim's reviews, links and history, the token endpoint,
the schema and its interactive docs."""

from django.urls import path, re_path
from rest_framework.routers import DefaultRouter

from claims.api import exceptions, views
from claims.api.docs import DocsView, SchemaView
from claims.api.exports import ClaimExportView, QuantityExportView
from claims.api.summary import QuantitySummaryView

router = DefaultRouter()
router.register("claims", views.ClaimViewSet, basename="claim")
router.register("sources", views.SourceViewSet, basename="source")
router.register("parties", views.PartyViewSet, basename="party")
router.register("documents", views.DocumentViewSet, basename="document")
router.register("events", views.EventViewSet, basename="event")

urlpatterns = [
    path("claims/export/", ClaimExportView.as_view(), name="claim-export"),
    path("quantities/export/", QuantityExportView.as_view(), name="quantity-export"),
    path("quantities/summary/", QuantitySummaryView.as_view(), name="quantity-summary"),
    *router.urls,
    path(
        "claims/<int:claim_id>/reviews/",
        views.ClaimReviewViewSet.as_view({"get": "list", "post": "create"}),
        name="claim-reviews",
    ),
    path(
        "claims/<int:claim_id>/links/",
        views.ClaimLinkViewSet.as_view({"get": "list", "post": "create"}),
        name="claim-links",
    ),
    path(
        "claims/<int:claim_id>/links/<int:pk>/",
        views.ClaimLinkViewSet.as_view({"delete": "destroy"}),
        name="claim-link",
    ),
    path("claims/<int:claim_id>/history/", views.ClaimHistoryView.as_view(), name="claim-history"),
    path("auth/token/", views.ObtainToken.as_view(), name="api-token"),
    path("schema/", SchemaView.as_view(), name="api-schema"),
    path("docs/", DocsView.as_view(url_name="api-schema"), name="api-docs"),
    # Any character, newlines too (`.` would leave an encoded %0A to Django's HTML 404).
    re_path(r"^(?P<path>[\s\S]*)$", exceptions.not_found),
]
