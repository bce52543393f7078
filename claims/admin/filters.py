"""The claims list's filters and date drill-down, built so that none of them reads the claims
table to find its choices: at a million claims that scan would cost more than the page."""

import calendar
import datetime

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import ValidationError
from django.db.models import DateField, Max, Min, Value
from django.utils import formats
from django.utils.text import capfirst

RECENT_EVENTS = 10
# Beyond this many years (or months, days) to probe, one DISTINCT query is cheaper.
MAX_PROBES = 120


def titled(filter_class: type[admin.FieldListFilter], title: str) -> type[admin.FieldListFilter]:
    """A field filter under its own title: "source kind" rather than the bare "kind"."""

    class TitledFilter(filter_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.title = title

    return TitledFilter


def chosen_pks(spec: admin.RelatedFieldListFilter) -> list:
    """The primary keys chosen in a related filter, checked: a malformed one sends the admin back
    to the list with its error flag, as Django's own filters do, instead of failing."""
    try:
        return [spec.field.target_field.to_python(value) for value in spec.lookup_val or []]
    except ValidationError as error:
        raise IncorrectLookupParameters(error) from error


class ChosenOnlyFilter(admin.RelatedFieldListFilter):
    """Shown only once a source or document is chosen (by the link from its list page), with
    that one choice: listing all of them is too long, listing those with claims scans claims."""

    def field_choices(self, field, request, model_admin):
        chosen = chosen_pks(self)
        if not chosen:
            return []
        return field.get_choices(include_blank=False, limit_choices_to={"pk__in": chosen})

    def has_output(self):
        return bool(self.lookup_choices)


class RecentEventFilter(admin.RelatedFieldListFilter):
    """The latest events from the events table (by its occurred_on index), plus the chosen one;
    older events are filtered from the events list's link to their claims."""

    def field_choices(self, field, request, model_admin):
        events = field.related_model.objects.order_by("-occurred_on", "-id")
        choices = [(event.pk, str(event)) for event in events[:RECENT_EVENTS]]
        older = set(chosen_pks(self)) - {pk for pk, _label in choices}
        if older:
            choices += field.get_choices(include_blank=False, limit_choices_to={"pk__in": older})
        return choices


def _period_end(start: datetime.date, kind: str) -> datetime.date:
    if kind == "year":
        return start.replace(month=12, day=31)
    if kind == "month":
        return start.replace(day=calendar.monthrange(start.year, start.month)[1])
    return start


def periods_with_rows(queryset, field_name: str, kind: str, first, last) -> list[datetime.date]:
    """The years, months or days from `first` to `last` that hold rows, in one query of LIMIT 1
    index probes, one per period, where Django's date hierarchy reads every matching row."""
    queryset = queryset.order_by().prefetch_related(None)
    period = first.replace(**{"year": {"month": 1, "day": 1}, "month": {"day": 1}}.get(kind, {}))
    probes = []
    while period <= last:
        end = _period_end(period, kind)
        probes.append(
            queryset.filter(**{f"{field_name}__range": (period, end)}).values(
                period=Value(period, output_field=DateField())
            )[:1]
        )
        if len(probes) > MAX_PROBES or end == datetime.date.max:
            break
        period = end + datetime.timedelta(days=1)
    if len(probes) > MAX_PROBES:
        # A century of claims, or a typo in a date: let PostgreSQL list them the slow way.
        return list(queryset.dates(field_name, kind))
    first_probe, *other_probes = probes
    return sorted(row["period"] for row in first_probe.union(*other_probes, all=True))


def date_drilldown(changelist) -> dict:
    """The date hierarchy's context (for admin/date_hierarchy.html) on a DateField: Django's
    levels and links, with choices from `periods_with_rows`. Two small queries at most."""
    field_name = changelist.date_hierarchy
    part_fields = [f"{field_name}__{part}" for part in ("year", "month", "day")]
    # The ChangeList has validated these already: a bad value redirects before the page renders.
    year, month, day = (int(changelist.params.get(name) or 0) for name in part_fields)
    month = month if year else 0
    day = day if month else 0
    queryset = changelist.queryset

    def link(*parts):
        return changelist.get_query_string(
            dict(zip(part_fields, parts, strict=False)), [f"{field_name}__"]
        )

    if not year:
        # The whole table's first and last dates come straight from the field's index; those of
        # a filtered list could need a scan. The probes below apply the filters.
        bounds = changelist.root_queryset.aggregate(first=Min(field_name), last=Max(field_name))
        if bounds["first"] is None:
            return {"show": False}
        if bounds["first"].year != bounds["last"].year:
            years = periods_with_rows(queryset, field_name, "year", bounds["first"], bounds["last"])
            choices = [{"link": link(period.year), "title": str(period.year)} for period in years]
            return {"show": True, "back": None, "choices": choices}
        year = bounds["first"].year
        if bounds["first"].month == bounds["last"].month:
            month = bounds["first"].month

    if day:
        date = datetime.date(year, month, day)
        back = {"link": link(year, month), "title": _format(date, "YEAR_MONTH_FORMAT")}
        return {
            "show": True,
            "back": back,
            "choices": [{"title": _format(date, "MONTH_DAY_FORMAT")}],
        }
    if month:
        start = datetime.date(year, month, 1)
        days = periods_with_rows(queryset, field_name, "day", start, _period_end(start, "month"))
        choices = [
            {"link": link(year, month, period.day), "title": _format(period, "MONTH_DAY_FORMAT")}
            for period in days
        ]
        return {"show": True, "back": {"link": link(year), "title": str(year)}, "choices": choices}
    start = datetime.date(year, 1, 1)
    months = periods_with_rows(queryset, field_name, "month", start, _period_end(start, "year"))
    choices = [
        {"link": link(year, period.month), "title": _format(period, "YEAR_MONTH_FORMAT")}
        for period in months
    ]
    return {"show": True, "back": {"link": link(), "title": "All dates"}, "choices": choices}


def _format(date: datetime.date, format_name: str) -> str:
    return capfirst(formats.date_format(date, format_name))
