"""`GET /api/quantities/summary/`: the quantities of the claims list's claims summed per group
(claims/aggregates.py), with the claims list's own filters."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from claims.aggregates import GROUPS, INTERVALS, MAX_ROWS, TooManyGroups, summarize
from claims.api.caching import ConditionalGetMixin
from claims.api.filters import ChoiceInFilter, ClaimFilter, FilterBackend
from claims.api.schema import VALIDATION_ERROR_SCHEMA, AutoSchema
from claims.models import Claim, Outcome, Status


class SummaryFilter(ClaimFilter):
    """The claims list's filters, validated the same way, plus the grouping."""

    group_by = ChoiceInFilter(
        method="grouping",
        choices=[(group, group) for group in GROUPS],
        help_text="Group by any of these, comma-separated: `side,status`. Rows are ordered by "
        "them in this order.",
    )
    interval = filters.ChoiceFilter(
        method="grouping",
        choices=[(interval, interval) for interval in INTERVALS],
        help_text="Also group by this period of the claims' `occurred_on` (weeks start on "
        "Monday); claims without a date form their own period, `null`.",
    )
    ordering = None  # rows come in the order of their groups

    def grouping(self, queryset, name, value):
        # Read by the view: they shape the summary, not the claims.
        return queryset

    def filter_queryset(self, queryset):
        # Without ClaimFilter's "has such a quantity": `summarize` counts only the claims having
        # a quantity of `item` and `outcome`, so the claims are the same.
        return filters.FilterSet.filter_queryset(self, queryset)


class SummaryFilterBackend(FilterBackend):
    """The project's filter backend, keeping the validated filterset for the view (which reads
    its group_by and interval, so it is built even when no filter is given)."""

    skips_without_filters = False

    def get_filterset(self, request, queryset, view):
        view.filterset = super().get_filterset(request, queryset, view)
        return view.filterset


class QuantitySummaryRowSerializer(serializers.Serializer):
    """One group. Only the keys asked for (`group_by`, `interval`) are present."""

    side = serializers.CharField(required=False, allow_null=True, help_text="The party's slug.")
    source_id = serializers.IntegerField(required=False)
    source = serializers.CharField(required=False, help_text="The source's name.")
    event_id = serializers.IntegerField(required=False, allow_null=True)
    event = serializers.CharField(required=False, allow_null=True, help_text="Its title.")
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    item = serializers.CharField(
        required=False, allow_null=True, help_text="`null`: the claims without quantities."
    )
    outcome = serializers.CharField(
        required=False, allow_null=True, help_text="`null`: the claims without quantities."
    )
    period = serializers.DateField(
        required=False, allow_null=True, help_text="Its first day; `null` for undated claims."
    )
    claims = serializers.IntegerField(
        help_text="The group's claims (with `item`/`outcome`: those having such a quantity)."
    )
    quantities = serializers.IntegerField(help_text="How many quantities were summed.")
    lower = serializers.DecimalField(
        max_digits=None, decimal_places=2, help_text="The sum of their lower bounds."
    )
    upper = serializers.DecimalField(
        max_digits=None,
        decimal_places=2,
        help_text="The sum of their upper bounds, without the open-ended ones.",
    )
    open_ended = serializers.IntegerField(
        help_text="Quantities without a ceiling (`at_least`, `more_than`, vague, with no upper "
        "bound): when above 0, `upper` is not a true ceiling."
    )


class QuantitySummarySerializer(serializers.Serializer):
    group_by = serializers.ListField(child=serializers.ChoiceField(choices=GROUPS))
    interval = serializers.ChoiceField(choices=INTERVALS, allow_null=True)
    item = serializers.CharField(allow_null=True)
    outcome = serializers.ChoiceField(choices=Outcome.choices, allow_null=True)
    results = QuantitySummaryRowSerializer(many=True)


class SummarySchema(AutoSchema):
    def _error_responses(self):
        invalid = self._component("ValidationError", VALIDATION_ERROR_SCHEMA)
        reason = (
            "Bad input: a filter, `group_by` or `interval` is invalid, or the grouping gives "
            f"more than {MAX_ROWS:,} rows (on `group_by`)."
        )
        return {400: (invalid, reason), **super()._error_responses()}


class QuantitySummaryView(ConditionalGetMixin, GenericAPIView):
    """The quantities of the filtered claims summed per group, as ranges.

    Each claim is counted once: a claim that duplicates another (it has an outgoing
    `duplicates` link) and a claim a newer one updates (an incoming `updates` link) are left
    out. With `item` and/or `outcome`, only those quantities are summed, and only the claims
    having one counted; without, `claims` counts every claim of the group, with quantities or
    not. `lower` and `upper` sum the quantities' bounds: "about 30" counts as 30 in both, "25
    to 30" as 25 and 30, "at most 5" as 0 and 5, "at least 10" as 10 in `lower` and in
    `open_ended`. Not paginated: at most 10,000 rows.
    """

    queryset = Claim.objects.all()
    filterset_class = SummaryFilter
    filter_backends = [SummaryFilterBackend]
    pagination_class = None
    serializer_class = QuantitySummarySerializer
    schema = SummarySchema()

    @extend_schema(summary="Sum the claims' quantities per group", filters=True)
    def get(self, request):
        claims = self.filter_queryset(self.get_queryset())
        chosen = self.filterset.form.cleaned_data
        group_by = [group for group in chosen.get("group_by") or [] if group]
        interval = chosen.get("interval") or None
        item = chosen.get("item") or None
        outcome = chosen.get("outcome") or None
        try:
            results = summarize(
                claims, group_by=group_by, interval=interval, item=item, outcome=outcome
            )
        except TooManyGroups as error:
            raise ValidationError({"group_by": [str(error) + " Filter or group less."]}) from None
        # The rows as summarize gives them: Decimals and dates render as JSON numbers and ISO
        # dates, the representation QuantitySummarySerializer documents (tests/api/test_summary.py).
        return Response(
            {
                "group_by": list(dict.fromkeys(group_by)),
                "interval": interval,
                "item": item,
                "outcome": outcome,
                "results": results,
            }
        )
