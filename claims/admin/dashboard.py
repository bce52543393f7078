"""The admin's dashboard of charts at /admin/dashboard/: claims per period by side and by status,
one item and outcome's sums per side as a low-to-high band, and the sources' track records, for
the claims of the claims list's filters and search (its query string, applied by its ChangeList).

The series come from `claims.aggregates.summarize` and are embedded as JSON (`json_script`);
`claims/static/claims/dashboard.js` draws them with the vendored Chart.js.
"""

import datetime
import heapq

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.exceptions import DisallowedModelAdminLookup, DisallowedModelAdminToField
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ORDER_VAR, SEARCH_VAR
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import QueryDict
from django.template.response import TemplateResponse

from claims.aggregates import INTERVALS, TooManyGroups, summarize
from claims.models import Claim, Outcome, Party, Status
from claims.wording import pluralize

TOP_SOURCES = 10
# Beyond this many periods between the first and the last claim (a typo in a year, a day-by-day
# view of a decade), only the periods that hold claims are drawn.
MAX_PERIODS = 1000
# A side keeps its colour whatever the filters: its party's rank by id picks it.
SIDE_COLOURS = ["#2563eb", "#dc2626", "#059669", "#d97706", "#7c3aed", "#db2777", "#0891b2"]
NO_SIDE_COLOUR = "#9ca3af"
NO_SIDE_LABEL = "No side (independent)"
# The status badges' colours (admin.css).
STATUS_COLOURS = {
    Status.UNVERIFIED: "#6b7280",
    Status.CORROBORATED: "#1d6fa5",
    Status.CONFIRMED: "#1f7a3a",
    Status.DISPUTED: "#b45309",
    Status.REFUTED: "#b91c1c",
    Status.RETRACTED: "#6d28d9",
}
DATE_LOOKUPS = {"gte": "from", "gt": "after", "lte": "to", "lt": "before", "exact": "on"}


class QuantityChoice(forms.Form):
    """The item and outcome whose numbers are summed, and the period the charts count by."""

    item = forms.CharField(
        max_length=100, initial="drone", help_text="Singular, as recorded: drone, person, km2."
    )
    outcome = forms.ChoiceField(choices=Outcome.choices, initial=Outcome.DOWNED)
    interval = forms.ChoiceField(
        choices=[(interval, interval) for interval in INTERVALS], initial="day"
    )

    def clean_item(self):
        return self.cleaned_data["item"].lower()  # items are recorded in lower case


def dashboard_view(request):
    """The dashboard, for everyone who may read claims (wrapped in `admin.site.admin_view`)."""
    claim_admin = admin.site.get_model_admin(Claim)
    if not claim_admin.has_view_or_change_permission(request):
        raise PermissionDenied
    chosen = chosen_quantity(request)
    list_query = request.GET.copy()
    for name in QuantityChoice.base_fields:
        list_query.pop(name, None)
    claims, changelist = listed_claims(claim_admin, request, list_query)
    if changelist is None:
        list_query = QueryDict()
    context = {
        **admin.site.each_context(request),
        "title": "Dashboard",
        "subtitle": None,
        "choice": QuantityChoice(initial=chosen),
        "list_query": list_query.urlencode(),
        "list_params": [(name, value) for name, values in list_query.lists() for value in values],
        "filters": described_filters(changelist) if changelist else [],
        "series": dashboard_series(claims, **chosen),
    }
    if context["series"]["interval"] != chosen["interval"]:
        longer = context["series"]["interval"]
        messages.warning(
            request,
            f"Too many {chosen['interval']}s to chart: counted per {longer} instead."
            if longer
            else "These claims' dates span too long to chart over time: narrow them in the list.",
        )
    request.current_app = admin.site.name
    return TemplateResponse(request, "admin/claims/dashboard.html", context)


def chosen_quantity(request) -> dict:
    """The item, outcome and interval asked for, each defaulting to drones downed per day; a
    choice that cannot be charted gets the defaults, with a message."""
    defaults = {name: field.initial for name, field in QuantityChoice.base_fields.items()}
    asked = {name: request.GET[name] for name in defaults if name in request.GET}
    if not asked:
        return defaults
    choice = QuantityChoice({**defaults, **asked})
    if choice.is_valid():
        return choice.cleaned_data
    messages.warning(
        request, "That item, outcome or interval cannot be charted: drones downed per day instead."
    )
    return defaults


def listed_claims(claim_admin, request, list_query):
    """The claims the claims list shows for `list_query` (its filters, search and date
    drill-down), through that list's own ChangeList, and the ChangeList; a query the list would
    refuse falls back to all claims, with a message, and no ChangeList."""
    try:
        changelist = claim_admin.changelist_for(request, list_query)
    except (IncorrectLookupParameters, DisallowedModelAdminLookup, DisallowedModelAdminToField):
        messages.warning(
            request, "Those filters of the claims list cannot be applied: showing all claims."
        )
        return Claim.objects.all(), None
    return changelist.queryset.order_by(), changelist


def described_filters(changelist) -> list[str]:
    """The filters and search in force, as the list's sidebar names them: "side: Ukraine"."""
    described, named = [], {SEARCH_VAR, ORDER_VAR}
    for spec in changelist.filter_specs:
        named.update(spec.expected_parameters())
        chosen = [
            str(choice["display"])
            for position, choice in enumerate(spec.choices(changelist))
            if position and choice["selected"]  # the first choice is "All"
        ]
        if chosen:
            described.append(f"{spec.title}: {', '.join(chosen)}")
    for name, value in changelist.params.items():
        if name in named:
            continue
        field, _, lookup = name.partition("__")
        field = Claim._meta.get_field(field).verbose_name if field == "occurred_on" else field
        described.append(f"{field} {DATE_LOOKUPS.get(lookup, lookup)} {value}".strip())
    if changelist.query:
        described.append(f"search: “{changelist.query}”")
    return described


def dashboard_series(claims, *, item: str, outcome: str, interval: str) -> dict:
    """Every chart's series, from five grouped queries over `claims` and one of the parties:
    lists aligned on one axis of periods (gaps filled, undated claims last). Claims are counted
    once, as `summarize` counts them (a duplicate or an updated claim is left out)."""
    interval, (by_side, by_status, numbers) = series_over_time(claims, interval, item, outcome)
    for row in (*by_side, *by_status, *numbers):
        row["period"] = period_of(row["period"])
    axis = period_axis({row["period"] for row in (*by_side, *by_status)}, interval)
    sides = side_styles()
    return {
        "interval": interval,
        "periods": [period and period.isoformat() for period in axis],
        "period_labels": [period_label(period, interval) for period in axis],
        "total_claims": sum(row["claims"] for row in by_side),
        "claims_by_side": [
            {"side": side, "label": sides[side][0], "colour": sides[side][1], "claims": counts}
            for side, counts in counts_per_period(by_side, "side", axis, sides).items()
        ],
        "claims_by_status": [
            {
                "status": status,
                "label": Status(status).label,
                "colour": STATUS_COLOURS[status],
                "claims": counts,
            }
            for status, counts in counts_per_period(
                by_status, "status", axis, Status.values
            ).items()
        ],
        "numbers": {
            "item": item,
            "outcome": outcome,
            "label": f"{pluralize(item, None)} {outcome}",
            "by_side": sums_per_side(numbers, axis, sides),
        },
        "sources": track_records(claims),
    }


def series_over_time(claims, interval: str, item: str, outcome: str):
    """Claims by side and by status, and the numbers by side, per `interval`; per a longer one
    where that gives more groups than `summarize` returns (years of days), None if none does."""
    for longer in INTERVALS[INTERVALS.index(interval) :]:
        try:
            return longer, (
                summarize(claims, group_by=["side"], interval=longer),
                summarize(claims, group_by=["status"], interval=longer),
                summarize(claims, group_by=["side"], interval=longer, item=item, outcome=outcome),
            )
        except TooManyGroups:
            continue
    return None, ([], [], [])


def period_of(value) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)


def period_axis(periods: set, interval: str) -> list[datetime.date | None]:
    """Every period from the first to the last that holds claims, then None for undated claims;
    only those holding claims where the span is too long to draw each."""
    dated = sorted(period for period in periods if period is not None)
    axis = dated
    if dated:
        filled, period = [], dated[0]
        while period <= dated[-1] and len(filled) <= MAX_PERIODS:
            filled.append(period)
            period = next_period(period, interval)
        if len(filled) <= MAX_PERIODS:
            axis = filled
    return [*axis, None] if None in periods else axis


def next_period(period: datetime.date, interval: str) -> datetime.date:
    if interval == "month":
        return (period.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return period + datetime.timedelta(days=7 if interval == "week" else 1)


def period_label(period: datetime.date | None, interval: str) -> str:
    if period is None:
        return "undated"
    if interval == "month":
        return period.strftime("%b %Y")
    label = period.isoformat()
    return f"week of {label}" if interval == "week" else label


def side_styles() -> dict[str | None, tuple[str, str]]:
    """Each side's name and colour, in the parties' order of creation, then "no side"."""
    parties = Party.objects.order_by("pk").values_list("slug", "name")
    styles = {
        slug: (name, SIDE_COLOURS[rank % len(SIDE_COLOURS)])
        for rank, (slug, name) in enumerate(parties)
    }
    styles[None] = (NO_SIDE_LABEL, NO_SIDE_COLOUR)
    return styles


def counts_per_period(rows, key: str, axis: list, order) -> dict:
    """Claims per value of `key` (in the order of `order`), one count per period of the axis."""
    position = {period: index for index, period in enumerate(axis)}
    counts = {}
    for row in rows:
        counts.setdefault(row[key], [0] * len(axis))[position[row["period"]]] += row["claims"]
    return {value: counts[value] for value in order if value in counts}


def sums_per_side(rows, axis: list, sides: dict) -> list[dict]:
    """Per side, the lower and upper sums and the open-ended numbers in each period: None
    where the side claimed none (nothing claimed is not zero downed)."""
    position = {period: index for index, period in enumerate(axis)}
    series = {}
    for row in rows:
        side = series.setdefault(
            row["side"],
            {
                name: [None] * len(axis)
                for name in ("claims", "quantities", "lower", "upper", "open_ended")
            },
        )
        for name in side:
            side[name][position[row["period"]]] = number(row[name])
    return [
        {"side": side, "label": sides[side][0], "colour": sides[side][1], **series[side]}
        for side in sides
        if side in series
    ]


def track_records(claims) -> dict:
    """The sources with the most of these claims, each with its claims per status: the claims
    per source, then those of the few sources by status."""
    try:
        totals = summarize(claims, group_by=["source"])
    except TooManyGroups:  # past 10,000 sources: their claims counted by PostgreSQL instead
        totals = claims.values("source_id").annotate(claims=Count("*"))
    top = heapq.nsmallest(TOP_SOURCES, totals, key=lambda row: (-row["claims"], row["source_id"]))
    rows = summarize(
        claims.filter(source__in=[row["source_id"] for row in top]), group_by=["source", "status"]
    )
    sources = {}
    for row in rows:
        source = sources.setdefault(
            row["source_id"],
            {"id": row["source_id"], "name": row["source"], "total": 0, "by_status": {}},
        )
        source["by_status"][row["status"]] = row["claims"]
        source["total"] += row["claims"]
    return {
        "statuses": [
            {"status": status, "label": label, "colour": STATUS_COLOURS[status]}
            for status, label in Status.choices
        ],
        "top": [
            {
                "id": source["id"],
                "name": source["name"],
                "total": source["total"],
                "claims": [source["by_status"].get(status, 0) for status in Status.values],
            }
            for source in sorted(
                sources.values(), key=lambda source: (-source["total"], source["name"])
            )
        ],
    }


def number(value):
    """A count or sum as JSON's number: an int where it is whole."""
    if value is None or isinstance(value, int):
        return value
    return int(value) if value == int(value) else float(value)
