"""The query parameters of the API's lists, as django-filter FilterSets.

Every value is validated by its form field before it reaches PostgreSQL: a bad date, an unknown
status or slug, a NUL character gets a 400 naming the parameter, never a database error.
"""

import copy

from django import forms
from django.core.exceptions import ValidationError as FormValidationError
from django.db.models import Q
from django.http import QueryDict
from django_filters import rest_framework as filters
from django_filters.fields import BaseCSVField, ModelChoiceField
from rest_framework.exceptions import ValidationError

from claims.api import caching
from claims.models import (
    Claim,
    Document,
    Event,
    Outcome,
    Party,
    Reliability,
    Source,
    SourceKind,
    Status,
    Topic,
)
from claims.search import RANKED_SEARCH_LIMIT

CLAIM_ORDERINGS = ["occurred_on", "claimed_at", "created_at"]
MAX_SEARCH_LENGTH = 500


class FilterBackend(filters.DjangoFilterBackend):
    """django-filter, plus one rule for every query parameter: no NUL characters.

    PostgreSQL refuses them in any string, so a filter that looks a value up (a party's slug)
    would otherwise fail in the database instead of in validation.
    """

    skips_without_filters = True

    def filter_queryset(self, request, queryset, view):
        with_nul = sorted(
            name
            for name, values in request.query_params.lists()
            if "\x00" in name or any("\x00" in value for value in values)
        )
        if with_nul:
            raise ValidationError({name: ["Null characters are not allowed."] for name in with_nul})
        filterset_class = self.get_filterset_class(view, queryset)
        if (
            self.skips_without_filters
            and filterset_class is not None
            and filterset_class.base_filters.keys().isdisjoint(request.query_params)
        ):
            # No filter asked for: the list as it is, without building and cleaning a form of
            # a dozen empty fields (a few milliseconds of every plain page).
            return queryset
        return super().filter_queryset(request, queryset, view)


class SharedFields(dict):
    """A form class's fields that its forms share instead of deep-copying them.

    A Django form deep-copies its class's fields for each instance, so that one form may change
    its own; a filter form only validates a query string, and its fields (their querysets
    included, which each copy clones) are the same for every request.
    """

    def __deepcopy__(self, memo):
        return dict(self)


class FilterSet(filters.FilterSet):
    """A FilterSet whose filters and form class are built once, not once a request.

    django-filter builds a new form class from the filters on every request, deep-copies every
    filter (their querysets included) and then every form field: together about a millisecond
    of each filtered page, more than its SQL. The filters are the class's, so the form class and
    its fields can be too (SharedFields); each FilterSet gets shallow copies of the filters, as
    it sets itself as their parent.
    """

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # django-filter's BaseFilterSet.__init__ (26.2), but for how the filters are copied.
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        model = queryset.model
        self.filters = {}
        for name, base in self.base_filters.items():
            filter_ = copy.copy(base)
            filter_.method = base.method  # a method filter calls its own copy's parent
            filter_.model, filter_.parent = model, self
            self.filters[name] = filter_

    def get_form_class(self):
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            form_class = super().get_form_class()
            form_class.base_fields = SharedFields(form_class.base_fields)
            cls._form_class = form_class
        return cls._form_class


class CompleteCSVField(BaseCSVField):
    """Comma-separated values with none left empty: `,,,` is no list, it is a mistake."""

    def clean(self, value):
        if value and any(not item.strip() for item in value):
            raise FormValidationError(
                "An empty value in the list: send one or several values, comma-separated.",
                code="empty_item",
            )
        return super().clean(value)


class ChoiceInFilter(filters.BaseInFilter, filters.ChoiceFilter):
    """One or several choices, comma-separated: `?status=confirmed,corroborated`."""

    base_field_class = CompleteCSVField


class StrictBooleanField(forms.Field):
    """`true` or `false` (or 1 and 0): anything else is a 400, not "no filter"."""

    widget = forms.TextInput
    values = {"true": True, "false": False, "1": True, "0": False}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.values[value.lower()]
        except KeyError:
            raise FormValidationError("`true` or `false` is required.", code="invalid") from None


class BooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField

    def __init__(self, *args, **kwargs):
        # A text input: django-filter's BooleanWidget reads any other value as "no filter".
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(*args, **kwargs)


class RecordField(ModelChoiceField):
    """A filter's record (a party by its slug, a source or an event by its id), looked up once
    for each change count a read stands for (claims.api.caching.READ_COUNT), not once a request:
    the rows a count stands for do not change, and the tracker's lists ask for the same few
    parties again and again. Unknown values are looked up each time, and refused (a 400)."""

    def to_python(self, value):
        if value in self.empty_values:
            return super().to_python(value)
        key = (self.queryset.model._meta.label, self.to_field_name, str(value))
        look_up = super().to_python  # a ValidationError for an unknown value: nothing kept
        return _records.get_many([key], lambda keys: {key: look_up(value)})[key]


_records = caching.KeptForCount(1000)  # (model, field, value) -> the record


class RecordFilter(filters.ModelChoiceFilter):
    field_class = RecordField


def party_filter(field_name: str, help_text: str) -> filters.ModelChoiceFilter:
    return RecordFilter(
        field_name=field_name,
        to_field_name="slug",
        queryset=Party.objects.all(),
        widget=forms.TextInput,
        help_text=help_text,
    )


def id_filter(model, field_name: str, help_text: str) -> filters.ModelChoiceFilter:
    # A text input: the browsable API must not render every source or event as an <option>.
    return RecordFilter(
        field_name=field_name,
        queryset=model.objects.all(),
        widget=forms.NumberInput,
        help_text=help_text,
    )


def search_filter(help_text: str, method: str = "search") -> filters.CharFilter:
    return filters.CharFilter(method=method, max_length=MAX_SEARCH_LENGTH, help_text=help_text)


class ClaimFilter(FilterSet):
    side = party_filter("side", "The side's party slug, e.g. `ukraine`.")
    source = id_filter(Source, "source", "The source's id.")
    status = ChoiceInFilter(
        field_name="status",
        choices=Status.choices,
        help_text="One or several statuses, comma-separated: `confirmed,corroborated`.",
    )
    topic = filters.ChoiceFilter(choices=Topic.choices)
    event = id_filter(Event, "event", "The event's id.")
    occurred_after = filters.DateFilter(
        field_name="occurred_on",
        lookup_expr="gte",
        help_text="Claims about this date or later (YYYY-MM-DD, inclusive).",
    )
    occurred_before = filters.DateFilter(
        field_name="occurred_on",
        lookup_expr="lte",
        help_text="Claims about this date or earlier (YYYY-MM-DD, inclusive).",
    )
    q = search_filter(
        "Full-text search over the text, the quote and the source's name, in web search syntax: "
        '`"quoted phrase"`, `-excluded`, `drones or missiles`. A word or phrase matches by its '
        "English stems (`drones` finds `drone`), or exactly as written where English would drop "
        'stop words from it (`"we will not"`); words of other alphabets as written (`одеса`). '
        f"Without `ordering`, the best matches come first when there are at most "
        f"{RANKED_SEARCH_LIMIT:,}, else the newest: the page's `search_order` says which."
    )
    item = filters.CharFilter(
        method="filter_quantity",
        max_length=100,
        help_text="Claims with a quantity counting this item (singular: `drone`, `person`).",
    )
    outcome = filters.ChoiceFilter(
        method="filter_quantity",
        choices=Outcome.choices,
        help_text="Claims with a quantity of this outcome; with `item`, the same quantity.",
    )
    ordering = filters.ChoiceFilter(
        method="keep_order",
        choices=[(name, name) for field in CLAIM_ORDERINGS for name in (field, f"-{field}")],
        help_text=(
            "Sort by this field (`-` for descending), then by id. Claims without the date come "
            "last either way. Default: `-created_at`, or with `q` best match first where the "
            "search matches few claims (see `q`)."
        ),
    )

    class Meta:
        model = Claim
        fields = []

    def search(self, queryset, name, value):
        return queryset.search(value)

    def filter_quantity(self, queryset, name, value):
        # Applied once, for item and outcome together, in filter_queryset.
        return queryset

    def keep_order(self, queryset, name, value):
        # The paginator orders the page: it needs the order to write its cursors.
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        conditions = {
            name: self.form.cleaned_data[name]
            for name in ("item", "outcome")
            if self.form.cleaned_data.get(name)
        }
        return queryset.with_quantity(**conditions) if conditions else queryset


class SourceFilter(FilterSet):
    party = party_filter("party", "The party's slug, e.g. `russia`.")
    independent = BooleanFilter(
        field_name="party",
        lookup_expr="isnull",
        help_text="`true`: only sources without a party; `false`: only those with one.",
    )
    kind = ChoiceInFilter(field_name="kind", choices=SourceKind.choices)
    reliability = ChoiceInFilter(
        field_name="reliability",
        choices=Reliability.choices,
        help_text="One or several grades of the Admiralty scale, comma-separated: `A,B`.",
    )
    q = search_filter("Sources whose name contains this (case-insensitive).")

    class Meta:
        model = Source
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(name__icontains=value)


class DocumentFilter(FilterSet):
    outlet = id_filter(Source, "outlet", "The outlet's source id.")
    published_after = filters.DateFilter(
        field_name="published_at",
        lookup_expr="date__gte",
        help_text="Published on this date or later (YYYY-MM-DD, inclusive).",
    )
    published_before = filters.DateFilter(
        field_name="published_at",
        lookup_expr="date__lte",
        help_text="Published on this date or earlier (YYYY-MM-DD, inclusive).",
    )
    language = filters.CharFilter(
        field_name="language", lookup_expr="iexact", max_length=35, help_text="`en`, `uk`, `ru`."
    )
    q = search_filter("Documents whose title or URL contains this (case-insensitive).")

    class Meta:
        model = Document
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(url__icontains=value))


class EventFilter(FilterSet):
    occurred_after = filters.DateFilter(
        field_name="occurred_on",
        lookup_expr="gte",
        help_text="Events on this date or later (YYYY-MM-DD, inclusive).",
    )
    occurred_before = filters.DateFilter(
        field_name="occurred_on",
        lookup_expr="lte",
        help_text="Events on this date or earlier (YYYY-MM-DD, inclusive).",
    )
    q = search_filter("Events whose title or location contains this (case-insensitive).")

    class Meta:
        model = Event
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(location__icontains=value))
