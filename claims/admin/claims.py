"""Claims in the admin: the list editors search and filter, the form they record a claim in (its
quantities inline, filled from the text on request, its links to other claims, its verification
history below), the claim's audit history, deleted claims, the links and the reviews."""

import contextlib
import copy
from functools import partial

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.views.main import ORDER_VAR, ChangeList
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import JsonResponse, QueryDict
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from claims import editing, linking, search
from claims.admin.export import export_view
from claims.admin.filters import (
    ChosenOnlyFilter,
    RecentEventFilter,
    date_drilldown,
    titled,
)
from claims.admin.forms import ClaimForm, ExtractionForm
from claims.admin.imports import import_view
from claims.admin.inlines import LinksFromInline, LinksToInline, QuantityInline, ReviewInline
from claims.admin.pagination import EstimatedCountPaginator
from claims.admin.widgets import SafeAutocompleteMixin
from claims.history import claim_history, deleted_claims, may_read_deleted_claims, usernames
from claims.models import Claim, ClaimLink, Quantity, Review, Source, StaleClaimError
from claims.verification import can_verify

DELETED_CLAIMS_PER_PAGE = 100
NEWEST_SEARCH_NOTE = (
    "More than {limit:,} matches: newest first, not best match first. More words or a filter "
    "narrow them down."
)


def status_badge(claim: Claim) -> str:
    return format_html(
        '<span class="claim-status claim-status-{}">{}</span>',
        claim.status,
        claim.get_status_display(),
    )


def quantities_summary(quantities) -> str:
    # From the prefetched quantities: no query per row.
    return "; ".join(quantity.summary for quantity in quantities)


# The request's attribute where ClaimChangeList keeps (its rows, their count) for the paginator.
COUNTED = "claims_list_counted"


class ClaimChangeList(ChangeList):
    """Ranks full-text search results best first where they are few (claims.search), else lists
    them newest first and says so under the search box, unless the editor sorts by a column; and
    draws the date drill-down without reading every claim."""

    def get_queryset(self, request, exclude_parameters=None):
        # The list is ordered before it is searched (Django's ChangeList): the rank comes after.
        queryset = super().get_queryset(request, exclude_parameters)
        if search.is_searched(queryset) and not self.params.get(ORDER_VAR):
            # Counted once, as the paginator counts (it is handed the count): the order follows
            # from the number of matches the page shows.
            counted = EstimatedCountPaginator.count_rows(queryset)
            if search.search_order(queryset, counted) == search.RANK:
                queryset = queryset.order_by("-rank", *queryset.query.order_by)
            else:
                self.search_help_text = NEWEST_SEARCH_NOTE.format(limit=search.RANKED_SEARCH_LIMIT)
            if exclude_parameters is None:  # the list's own rows, which the paginator pages
                setattr(request, COUNTED, (queryset, counted))
        return queryset

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            # The date drill-down's period after the year 9999 is out of range: a bad filter.
            raise IncorrectLookupParameters(error) from error

    @cached_property
    def date_drilldown(self):
        return date_drilldown(self)


@admin.register(Claim)
class ClaimAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    form = ClaimForm
    # The template puts the quantities right under the text.
    inlines = [QuantityInline, LinksFromInline, LinksToInline, ReviewInline]
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
            "fields": [
                ("created_at", "created_by"),
                ("updated_at", "updated_by"),
                ("imported_in", "external_id"),
            ],
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
        js = ["claims/quantities.js"]

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        counted_rows, counted = getattr(request, COUNTED, (None, None))
        return self.paginator(
            queryset,
            per_page,
            orphans,
            allow_empty_first_page,
            counted=counted if queryset is counted_rows else None,
        )

    def get_queryset(self, request):
        # Into a plain list: a prefetch into `claim.quantities` builds a queryset for each claim,
        # a tenth of the list's time at 100 rows.
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("quantities", to_attr="listed_quantities"))
        )

    def get_urls(self):
        views = {
            "extract": self.extract_view,
            "deleted": self.deleted_view,
            "export": partial(export_view, self),
            "import": partial(import_view, self),
        }
        info = self.opts.app_label, self.opts.model_name
        return [
            *(
                path(
                    f"{name}/",
                    self.admin_site.admin_view(view),
                    name="{}_{}_{}".format(*info, name),
                )
                for name, view in views.items()
            ),
            *super().get_urls(),
        ]

    def get_changelist(self, request, **kwargs):
        return ClaimChangeList

    def get_inlines(self, request, obj):
        if obj is None:  # nothing links to a new claim, and it has no history yet
            return [QuantityInline, LinksFromInline]
        return self.inlines

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
        readonly = [
            "created_at",
            "created_by",
            "updated_at",
            "updated_by",
            "imported_in",
            "external_id",
        ]
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

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleClaimError:
            # Saved by someone else between the form's check and this save, which rolled back:
            # shown again, the form's check now names them and what they changed.
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        pass  # the claim is written with its quantities, by editing.save_claim (save_related)

    def save_formset(self, request, form, formset, change):
        # With commit=False a formset only lists what was added, changed and deleted (the log's
        # change message reads those lists): the claim's numbers are written by save_claim.
        links = formset.save(commit=False)
        if formset.model is ClaimLink:
            for link in formset.deleted_objects:
                link.delete()
            for link in links:
                linking.save_link(link, user=request.user)

    def save_related(self, request, form, formsets, change):
        claim = form.instance
        numbers = next(formset for formset in formsets if formset.model is Quantity)
        rows = [
            {**row.cleaned_data, "id": row.instance.pk}
            for row in numbers.forms
            if row.cleaned_data and row not in numbers.deleted_forms
        ]
        removed = any(row.instance.pk for row in numbers.deleted_forms)
        editing.save_claim(
            claim,
            {},  # the form has set the claim's fields already
            # No rows given is "no numbers": the extraction rule may fill them (editing).
            quantities=rows if rows or removed else None,
            document_url=form.cleaned_data.get("document_url", ""),
            review=form.requested_review(),
            expected_version=form.cleaned_data.get("seen_version"),
            user=request.user,
        )
        form.save_m2m()
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)
        extracted = Quantity.objects.filter(claim=claim) if claim.quantities_extracted else []
        if found := "; ".join(quantity.summary for quantity in extracted):
            messages.info(request, f"Quantities extracted from the text: {found} — check them.")

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["extract_url"] = reverse("admin:claims_claim_extract")
        context["show_review_next"] = self.can_review(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_change(self, request, obj):
        if "_review_next" not in request.POST:
            return super().response_change(request, obj)
        preserved_filters = self.get_preserved_filters(request)
        next_claim = self.next_unverified(request, obj)
        if next_claim is None:
            self.message_user(request, "No unverified claims left to review.", messages.SUCCESS)
            url = reverse("admin:claims_claim_changelist") + "?status__exact=unverified"
            return redirect(url)
        self.message_user(
            request,
            format_html("Saved “{}”. Next unverified claim:", obj),
            messages.SUCCESS,
        )
        url = reverse("admin:claims_claim_change", args=[next_claim.pk])
        return redirect(
            add_preserved_filters({"preserved_filters": preserved_filters, "opts": self.opts}, url)
        )

    def changelist_for(self, request, list_query: QueryDict) -> ChangeList:
        """The claims list as `list_query` (its filters, search, order and date drill-down)
        would show it: what the export, the dashboard and "review next" work on. Raises what
        the list raises for a query it refuses (IncorrectLookupParameters, ...)."""
        list_request = copy.copy(request)
        list_request.GET = list_query
        return self.get_changelist_instance(list_request)

    def next_unverified(self, request, claim: Claim) -> Claim | None:
        """The unverified claim after this one in the claims list's order (newest first), within
        the filters and search the verifier came from; past the last, the first again."""
        claims = Claim.objects.all()
        filters = QueryDict(self.get_preserved_filters(request)).get("_changelist_filters")
        if filters:
            # A filter no longer valid (an event deleted since) falls back to all claims.
            with contextlib.suppress(IncorrectLookupParameters):
                claims = self.changelist_for(request, QueryDict(filters)).queryset
        claims = claims.unverified().exclude(pk=claim.pk).order_by("-created_at", "-id")
        after = claims.filter(
            Q(created_at__lt=claim.created_at) | Q(created_at=claim.created_at, id__lt=claim.pk)
        )
        return after.first() or claims.first()

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_review": can_verify(request.user),
            "can_view_deleted": may_read_deleted_claims(request.user),
        }
        return super().changelist_view(request, extra_context)

    @method_decorator(require_POST)
    def extract_view(self, request):
        """The quantities the extractor finds in the posted `text`, as JSON, saving nothing: the
        claim form's "Fill quantities from text" button fills its rows with them."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        sent = ExtractionForm(request.POST)
        if not sent.is_valid():
            return JsonResponse({"errors": sent.errors}, status=400)
        return JsonResponse({"quantities": editing.proposed_quantities(sent.cleaned_data["text"])})

    def history_view(self, request, object_id, extra_context=None):
        """Every recorded change of the claim and of its quantities, links and reviews, whatever
        made it (the admin, the API, a script), newest first; for a deleted claim too."""
        claim, deleted = self.get_object(request, object_id), None
        if claim is None:
            if (
                object_id.isascii()
                and object_id.isdigit()
                and may_read_deleted_claims(request.user)
            ):
                deleted = deleted_claims().filter(pgh_obj_id=object_id).first()
            if deleted is None:
                return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        elif not self.has_view_or_change_permission(request, claim):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": f"History: {claim or deleted.text}",
            "subtitle": None,
            "object": claim,
            "deleted": deleted,
            "object_id": object_id,
            "entries": claim_history(int(object_id)),
            "opts": self.opts,
            "app_label": self.opts.app_label,
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/claims/claim/object_history.html", context)

    def deleted_view(self, request):
        """Deleted claims, newest deletion first, each with its last state and who deleted it."""
        if not may_read_deleted_claims(request.user):
            raise PermissionDenied
        # Left joins only: a source or side deleted since must not hide the claim.
        paginator = Paginator(
            deleted_claims().select_related("side", "pgh_context"), DELETED_CLAIMS_PER_PAGE
        )
        page = paginator.get_page(request.GET.get("p"))
        sources = Source.objects.in_bulk({row.source_id for row in page})
        deleter_ids = {
            row.pk: (row.pgh_context.metadata or {}).get("user") if row.pgh_context else None
            for row in page
        }
        deleted_by = usernames(deleter_ids.values())
        rows = [
            {
                "claim": row,
                "source": sources.get(row.source_id, f"#{row.source_id}"),
                "deleted_by": deleted_by.get(deleter_ids[row.pk]),
            }
            for row in page
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": "Deleted claims",
            "subtitle": None,
            "page": page,
            "rows": rows,
            "opts": self.opts,
            "app_label": self.opts.app_label,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/claims/claim/deleted.html", context)

    def action_checkbox(self, claim):
        # Django's markup, without rendering a form widget's template for each of the 100 rows
        # (a fifth of the list's time).
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            ACTION_CHECKBOX_NAME,
            claim.pk,
            format_html(gettext("Select this object for an action - {}"), str(claim)),
        )

    @admin.display(description="status", ordering="status")
    def status_badge(self, claim):
        return status_badge(claim)

    # Not named "quantities": the admin would sort that column by the relation, one row per number.
    @admin.display(description="numbers")
    def numbers(self, claim):
        return quantities_summary(claim.listed_quantities)


@admin.register(ClaimLink)
class ClaimLinkAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = ["from_claim", "relation", "to_claim", "created_at"]
    list_select_related = ["from_claim", "to_claim"]
    list_filter = ["relation"]
    autocomplete_fields = ["from_claim", "to_claim"]
    fields = ["from_claim", "relation", "to_claim", "note"]

    def save_model(self, request, obj, form, change):
        linking.save_link(obj, user=request.user)


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

    def has_delete_permission(self, request, obj=None):
        return False
