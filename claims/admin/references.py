"""What claims refer to, in the admin: parties, sources (with their track record), documents and
events, each list with its number of claims linking to them, and each event showing its claims
side by side and the contradictions among them."""

from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.views.main import ChangeList
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from claims import events
from claims.admin.claims import quantities_summary, status_badge
from claims.admin.forms import DocumentForm
from claims.admin.widgets import SafeAutocompleteMixin
from claims.documents import document_for_url
from claims.models import Claim, Document, Event, Party, Source, Status
from claims.querysets import attach_track_records, with_track_record


def claim_count(field: str) -> Coalesce:
    """The number of claims whose `field` is the outer row, as a subquery of the list's own
    query: PostgreSQL counts (on the foreign key's index) for the rows on the page only, and the
    list's total, a plain COUNT of its own table, need not join the claims at all."""
    claims = Claim.objects.filter(**{field: OuterRef("pk")}).order_by().values(field)
    # COUNT(*), not COUNT(id): the foreign key's index alone answers it (an index-only scan).
    return Coalesce(Subquery(claims.annotate(count=Count("*")).values("count")), 0)


class ClaimCountAdmin(admin.ModelAdmin):
    """A list whose rows show their number of claims, counted in the list's own query (not one
    query per row), linking to those claims in the claims list."""

    claim_field = ""  # the claim's foreign key to this model: "source"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        # Only the list page counts: the autocomplete and the forms need no count.
        match = request.resolver_match
        if match and match.url_name == f"{self.opts.app_label}_{self.opts.model_name}_changelist":
            queryset = self.with_counts(queryset)
        return queryset

    def with_counts(self, queryset):
        return queryset.annotate(claim_count=claim_count(self.claim_field))

    def claims_url(self, row) -> str:
        query = urlencode({f"{self.claim_field}__id__exact": row.pk})
        return f"{reverse('admin:claims_claim_changelist')}?{query}"

    @admin.display(description="claims", ordering="claim_count")
    def claims(self, row):
        return format_html('<a href="{}">{}</a>', self.claims_url(row), row.claim_count)


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


def share(fraction: float | None) -> str:
    return "—" if fraction is None else f"{fraction:.0%}"


class TrackRecordChangeList(ChangeList):
    """The sources list, each source of the page with its track record (one query)."""

    def get_results(self, request):
        super().get_results(request)
        attach_track_records(self.result_list)


@admin.register(Source)
class SourceAdmin(ClaimCountAdmin):
    """Sources with their track record: how many of their claims stand in each status, and the
    shares confirmed and refuted, counted by PostgreSQL in the list's own query."""

    list_display = [
        "name",
        "kind",
        "party",
        "reliability",
        "claims",
        "confirmed",
        "refuted",
        "by_status",
    ]
    list_select_related = ["party"]
    list_filter = ["kind", "party", "reliability"]
    search_fields = ["name"]
    fields = ["name", "kind", "party", "reliability", "url", "notes", "track_record"]
    readonly_fields = ["track_record"]
    claim_field = "source"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_changelist(self, request, **kwargs):
        return TrackRecordChangeList

    @admin.display(description="confirmed")
    def confirmed(self, source):
        return share(source.confirmed_share)

    @admin.display(description="refuted")
    def refuted(self, source):
        return share(source.refuted_share)

    @admin.display(description="claims by status")
    def by_status(self, source):
        counts = source.claim_counts or {}
        return ", ".join(
            f"{counts[status]} {label.lower()}"
            for status, label in Status.choices
            if counts.get(status)
        )

    @admin.display(description="track record")
    def track_record(self, source):
        if source is None or source.pk is None or not with_track_record(source).claims_total:
            return "No claims yet."
        counts = source.claim_counts or {}
        base = self.claims_url(source)
        statuses = format_html_join(
            ", ",
            '<a href="{}&amp;status__exact={}">{} {}</a>',
            (
                (base, status, counts.get(status, 0), label.lower())
                for status, label in Status.choices
            ),
        )
        return format_html(
            "{} claims: {}. Confirmed {}, refuted {}.",
            source.claims_total,
            statuses,
            share(source.confirmed_share),
            share(source.refuted_share),
        )


@admin.register(Document)
class DocumentAdmin(SafeAutocompleteMixin, ClaimCountAdmin):
    form = DocumentForm
    list_display = ["__str__", "outlet", "published_at", "claims"]
    list_select_related = ["outlet"]
    list_filter = ["published_at"]
    search_fields = ["title", "url"]
    autocomplete_fields = ["outlet"]
    claim_field = "document"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def add_view(self, request, form_url="", extra_context=None):
        # From the claim form's "+" window, a URL already recorded picks that document for the
        # claim instead of refusing it as a duplicate.
        if request.method == "POST" and IS_POPUP_VAR in request.POST:
            existing = document_for_url(request.POST.get("url", ""))
            if existing is not None and self.has_add_permission(request):
                return self.response_add(request, existing)
        return super().add_view(request, form_url, extra_context)


@admin.register(Event)
class EventAdmin(ClaimCountAdmin):
    list_display = ["title", "occurred_on", "location", "claims"]
    list_filter = ["occurred_on"]
    search_fields = ["title", "location"]
    fields = ["title", "occurred_on", "location", "description"]
    claim_field = "event"

    class Media:
        css = {"all": ["claims/admin.css"]}

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            claims = events.event_claims(obj)
            context["sides"] = [
                {
                    "side": side.name if side else "No side (independent sources)",
                    "claims": [
                        {
                            "claim": claim,
                            "status": status_badge(claim),
                            "numbers": quantities_summary(claim.quantities.all()),
                        }
                        for claim in side_claims
                    ],
                }
                for side, side_claims in events.by_side(claims).items()
            ]
            context["claims_shown_limited"] = len(claims) == events.EVENT_CLAIMS_SHOWN
            context["claims_url"] = self.claims_url(obj)
            context["contradictions"] = events.contradictions(claims)
        return super().render_change_form(request, context, add, change, form_url, obj)
