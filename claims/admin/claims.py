"""Claims in the admin: the list editors search and filter, the form they record a claim in (its
quantities inline, its verification history below), the links between claims and the reviews."""

from django.contrib import admin
from django.contrib.admin.views.main import ORDER_VAR, ChangeList
from django.utils.functional import cached_property
from django.utils.html import format_html

from claims.admin.filters import (
    ChosenOnlyFilter,
    RecentEventFilter,
    date_drilldown,
    titled,
)
from claims.admin.pagination import EstimatedCountPaginator
from claims.forms import ClaimForm, QuantityForm
from claims.models import Claim, ClaimLink, Quantity, Review
from claims.verification import can_verify, review_claim


def status_badge(claim: Claim) -> str:
    return format_html(
        '<span class="claim-status claim-status-{}">{}</span>',
        claim.status,
        claim.get_status_display(),
    )


def quantities_summary(claim: Claim) -> str:
    # From the prefetched quantities: no query per row.
    return "; ".join(quantity.summary for quantity in claim.quantities.all())


class QuantityInline(admin.TabularInline):
    model = Quantity
    form = QuantityForm
    extra = 2
    classes = ["quantities"]
    verbose_name_plural = "quantities: the numbers in the claim"


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


class ClaimChangeList(ChangeList):
    """Ranks full-text search results best first, unless the editor sorts by a column; and draws
    the date drill-down without reading every claim."""

    def get_ordering(self, request, queryset):
        ordering = super().get_ordering(request, queryset)
        if "rank" in queryset.query.annotations and not self.params.get(ORDER_VAR):
            return ["-rank", *ordering]
        return ordering

    @cached_property
    def date_drilldown(self):
        return date_drilldown(self)


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    form = ClaimForm
    inlines = [QuantityInline, ReviewInline]  # the template puts quantities under the text
    fieldsets = [
        ("The claim", {"fields": ["text", "topic"]}),
        (
            "Attribution",
            {"fields": ["source", "side", ("document", "document_url"), "quote"]},
        ),
        (
            "Time and place",
            {
                "fields": [
                    ("occurred_on", "claimed_at"),
                    "event",
                    "location",
                    ("latitude", "longitude"),
                ]
            },
        ),
    ]
    record_fieldset = (
        "Record",
        {
            "fields": [("created_at", "created_by"), ("updated_at", "updated_by")],
            "classes": ["collapse"],
        },
    )
    autocomplete_fields = ["source", "document", "event"]

    list_display = [
        "__str__",
        "source",
        "side",
        "status_badge",
        "topic",
        "occurred_on",
        "numbers",
    ]
    list_select_related = ["source", "side"]
    # Sorting by source, side, status or topic would sort a million rows (the filters select by
    # them instead); the date has an index to sort by.
    sortable_by = ["occurred_on"]
    list_filter = [
        "side",
        "status",
        "topic",
        ("source__kind", titled(admin.ChoicesFieldListFilter, "source kind")),
        ("source__reliability", titled(admin.ChoicesFieldListFilter, "source reliability")),
        ("event", RecentEventFilter),
        ("source", ChosenOnlyFilter),
        ("document", ChosenOnlyFilter),
    ]
    date_hierarchy = "occurred_on"
    # Full-text search on the stored vector (see get_search_results); the autocomplete of claim
    # links needs search_fields to be set at all.
    search_fields = ["text"]
    search_help_text = (
        'Words in the text, quote or source name. "exact phrase", -without, this or that.'
    )
    ordering = ["-created_at", "-id"]
    # A million claims: no full COUNT(*), no facet counts, an estimated total.
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER

    class Media:
        css = {"all": ["claims/admin.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("quantities")

    def get_changelist(self, request, **kwargs):
        return ClaimChangeList

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else [QuantityInline]  # no history before saving

    def get_search_results(self, request, queryset, search_term):
        search_term = search_term.replace("\x00", "").strip()  # PostgreSQL text holds no NUL
        if not search_term:
            return queryset, False
        return queryset.search(search_term), False

    def get_fieldsets(self, request, obj=None):
        verification = ["status"]
        if self.can_review(request, obj):
            verification += ["review_rationale", "review_evidence_urls"]
        fieldsets = [*self.fieldsets, ("Verification", {"fields": verification})]
        if obj is not None:
            fieldsets.append(self.record_fieldset)
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = ["created_at", "created_by", "updated_at", "updated_by"]
        if not self.can_review(request, obj):
            readonly.append("status")
        return readonly

    def can_review(self, request, claim):
        # A new claim starts unverified; a status change is a review, for verifiers only.
        return (
            claim is not None
            and can_verify(request.user)
            and self.has_change_permission(request, claim)
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.can_add_document = request.user.has_perm("claims.add_document")
        return form

    def save_model(self, request, obj, form, change):
        if document := form.document_for_pasted_url():
            obj.document = document
        if form.cleaned_data.get("seen_version") is not None:
            obj.version = form.cleaned_data["seen_version"]  # Claim.save() checks it
        review = form.requested_review()
        if review:
            obj.status = form.status_before  # the review below moves it, and records why
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
        if review:
            review_claim(obj, reviewer=request.user, **review)

    @admin.display(description="status", ordering="status")
    def status_badge(self, claim):
        return status_badge(claim)

    # Not named "quantities": the admin would sort that column by the relation, one row per number.
    @admin.display(description="numbers")
    def numbers(self, claim):
        return quantities_summary(claim)


@admin.register(ClaimLink)
class ClaimLinkAdmin(admin.ModelAdmin):
    list_display = ["from_claim", "relation", "to_claim", "created_at"]
    list_select_related = ["from_claim", "to_claim"]
    list_filter = ["relation"]
    autocomplete_fields = ["from_claim", "to_claim"]
    fields = ["from_claim", "relation", "to_claim", "note"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    """The verification history, read-only: a review is recorded by claims.verification, which
    changes the claim's status in the same step (from the claim form's status field)."""

    list_display = ["claim", "old_status", "new_status", "reviewer", "created_at"]
    list_select_related = ["claim", "reviewer"]
    list_filter = ["new_status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
