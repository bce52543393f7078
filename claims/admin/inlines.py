"""The claim page's inlines: its numbers, its links to and from other claims, its reviews."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from claims.admin.forms import ClaimLinkFormSet, QuantityForm
from claims.admin.widgets import SafeAutocompleteMixin
from claims.models import MAX_QUANTITIES, ClaimLink, Quantity, Review


class BoundedInline(admin.TabularInline):
    """An inline that builds at most `max_num` forms, whatever TOTAL_FORMS a post claims:
    Django would otherwise build up to a thousand more, seconds of a worker for a tiny post."""

    max_num = MAX_QUANTITIES

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("absolute_max", self.get_max_num(request, obj) or self.max_num)
        return super().get_formset(request, obj, **kwargs)


class QuantityInline(BoundedInline):
    model = Quantity
    form = QuantityForm
    extra = 2
    classes = ["quantities"]
    verbose_name_plural = "quantities: the numbers in the claim"


class LinksFromInline(SafeAutocompleteMixin, BoundedInline):
    """Links made from this claim to others, edited here; the other claim is found by typing."""

    model = ClaimLink
    fk_name = "from_claim"
    formset = ClaimLinkFormSet
    fields = ["relation", "to_claim", "note"]
    autocomplete_fields = ["to_claim"]
    extra = 0
    classes = ["claim-links"]
    verbose_name = "link to another claim"
    verbose_name_plural = "links to other claims"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("to_claim")
            .defer("to_claim__search_vector")
        )


class LinksToInline(admin.TabularInline):
    """Links other claims made to this one: each link is stored once, at the claim it was made
    from, and edited there."""

    model = ClaimLink
    fk_name = "to_claim"
    fields = ["other_claim", "relation", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    classes = ["claim-links"]
    verbose_name = "link from another claim"
    verbose_name_plural = "links from other claims (edit them on the other claim)"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("from_claim")
            .defer("from_claim__search_vector")
        )

    def has_add_permission(self, request, obj):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="claim")
    def other_claim(self, link):
        url = reverse("admin:claims_claim_change", args=[link.from_claim_id])
        return format_html('<a href="{}">#{} {}</a>', url, link.from_claim_id, link.from_claim)


class ReviewInline(admin.TabularInline):
    """The claim's verification history, read-only: a status change in the form adds to it."""

    model = Review
    fields = ["created_at", "reviewer", "old_status", "new_status", "rationale", "evidence_urls"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name = "review"
    verbose_name_plural = "verification history"

    def has_add_permission(self, request, obj):
        return False

    def has_change_permission(self, request, obj=None):
        return False
