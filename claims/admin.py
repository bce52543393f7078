"""The editors' desk in the Django admin."""

from django.contrib import admin

from claims.models import (
    Claim,
    ClaimLink,
    Document,
    Event,
    Party,
    Quantity,
    Review,
    Source,
)


class QuantityInline(admin.TabularInline):
    model = Quantity
    extra = 1


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["__str__", "source", "side", "status", "topic", "occurred_on"]
    list_select_related = ["source", "side"]
    inlines = [QuantityInline]
    autocomplete_fields = ["source", "document", "event"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "party", "reliability"]
    search_fields = ["name"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "outlet", "published_at"]
    search_fields = ["title", "url"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "occurred_on", "location"]
    search_fields = ["title", "location"]


admin.site.register([Party, ClaimLink, Review])
