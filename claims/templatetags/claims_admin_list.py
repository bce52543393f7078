"""`{% fast_result_list cl %}`: Django's `{% result_list cl %}` (admin_list), its rows drawn with
each column's field, link, classes and empty value worked out once a page instead of once a
cell. The markup is Django's, cell for cell; at 100 claims a page, Django's cell-by-cell drawing
was a third of the claims list's time."""

import datetime
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

from django import template
from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.templatetags.admin_list import _coerce_field_name
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.contrib.admin.utils import (
    FieldIsAForeignKeyColumnName,
    _get_non_gfk_field,
    display_for_field,
    display_for_value,
    lookup_field,
)
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()
Cell = Callable[[models.Model], str]
_MISSING = object()


def fast_result_list(changelist) -> dict:
    """The context of Django's `result_list`; a list with `list_editable` (rows with forms) gets
    Django's own rows."""
    headers = list(admin_list.result_headers(changelist))
    if changelist.formset:
        results = list(admin_list.results(changelist))
    else:
        # One cell a row: change_list_results.html joins a row's cells, and this is all of them.
        results = [[row] for row in drawn_rows(changelist)]
    return {
        "cl": changelist,
        "result_hidden_fields": list(admin_list.result_hidden_fields(changelist)),
        "result_headers": headers,
        "num_sorted_fields": sum(
            1 for header in headers if header["sortable"] and header["sorted"]
        ),
        "results": results,
    }


@register.tag(name="fast_result_list")
def fast_result_list_tag(parser, token):
    return InclusionAdminNode(
        parser,
        token,
        func=fast_result_list,
        template_name="change_list_results.html",
        takes_context=False,
    )


def drawn_rows(changelist) -> Iterator[SafeString]:
    """Each result's cells, the markup of Django's `items_for_result` (without a form)."""
    links = _Links(changelist)
    cells, first = [], True
    for index, name in enumerate(changelist.list_display):
        linked = _links_to_change(changelist, name, first)
        first = first and not linked
        cells.append(_cell(changelist, index, name, links if linked else None))
    for result in changelist.result_list:
        yield mark_safe("".join([cell(result) for cell in cells]))


def _links_to_change(changelist, name: str, first: bool) -> bool:
    if changelist.list_display_links is None:
        return False
    if first and not changelist.list_display_links:
        return True
    return name in changelist.list_display_links


def _field(opts, name):
    """The model field a column shows, or None for a method, property or callable, decided as
    Django's `lookup_field` decides it."""
    if callable(name):
        return None
    try:
        return _get_non_gfk_field(opts, name)
    except (FieldDoesNotExist, FieldIsAForeignKeyColumnName):
        return None


def _cell(changelist, index: int, name, links: "_Links | None") -> Cell:
    model_admin = changelist.model_admin
    field = _field(changelist.lookup_opts, name)
    if field is not None:
        attr = None

        def value_of(result):
            return getattr(result, name)
    elif callable(name) or (hasattr(model_admin, name) and name != "__str__"):
        attr = value_of = name if callable(name) else getattr(model_admin, name)
    else:  # a model attribute or method ("__str__"), or a related lookup
        attr = getattr(changelist.model, name, None)

        def value_of(result):
            value = getattr(result, name, _MISSING)
            if value is _MISSING:
                return lookup_field(name, result, model_admin)[2]
            return value() if callable(value) else value

    # Django's default is lazy, evaluated again in every cell: evaluated once here.
    default_empty = mark_safe(str(model_admin.get_empty_value_display()))
    empty = getattr(attr, "empty_value_display", default_empty)
    boolean = getattr(attr.fget if isinstance(attr, property) else attr, "boolean", False)
    classes = f"field-{_coerce_field_name(name, index)}"
    plain = field is None or field.auto_created
    if plain and name == "action_checkbox":
        classes = "action-checkbox"
    if not plain and isinstance(field, models.DateField | models.TimeField | models.ForeignKey):
        classes += " nowrap"
    related = not plain and isinstance(field.remote_field, models.ManyToOneRel)
    tag = "th" if links else "td"
    # What each value of a field shows, worked out once a page: choices and dates repeat.
    shown_for = {}

    def cell(result) -> str:
        nowrap = ""
        try:
            value = value_of(result)
        except ObjectDoesNotExist:
            shown = default_empty
        else:
            if isinstance(value, str) and value.strip() == "":
                value = ""
            if plain:
                shown = display_for_value(value, empty, boolean)
                if isinstance(value, datetime.date | datetime.time):
                    nowrap = " nowrap"
            elif related:
                shown = empty if value is None else value
            else:
                try:
                    shown = shown_for[value]
                except KeyError:
                    shown = display_for_field(value, field, empty, avoid_link=links is not None)
                    shown_for[value] = shown
                except TypeError:  # an unhashable value (JSON)
                    shown = display_for_field(value, field, empty, avoid_link=links is not None)
        if links:
            shown = links.around(result, shown)
        return f'<{tag} class="{classes}{nowrap}">{conditional_escape(shown)}</{tag}>'

    return cell


class _Links:
    """The link to each result's change page, keeping the list's filters, as Django draws it:
    the filters' query string is the same for every row, and so is the URL around an integer
    key (reversing a URL costs as much as drawing a cell), so they are worked out once."""

    def __init__(self, changelist):
        self.changelist = changelist
        self.query = None
        self.around_key = None

    def url(self, result) -> str:
        key = getattr(result, self.changelist.pk_attname)
        if self.around_key and isinstance(key, int):
            return f"{self.around_key[0]}/{key}/{self.around_key[1]}"
        url = self.changelist.url_for_result(result)
        if isinstance(key, int) and url.count(f"/{key}/") == 1:
            self.around_key = url.split(f"/{key}/")
        return url

    def around(self, result, shown) -> SafeString:
        changelist = self.changelist
        try:
            url = self.url(result)
        except NoReverseMatch:
            return shown
        if self.query is None:
            preserved = {"preserved_filters": changelist.preserved_filters, "opts": changelist.opts}
            self.query = urlsplit(add_preserved_filters(preserved, url)).query
        if self.query:
            url = f"{url}?{self.query}"
        opener = ""
        if changelist.is_popup:
            key = (
                str(changelist.to_field)
                if changelist.to_field
                else changelist.lookup_opts.pk.attname
            )
            opener = format_html(' data-popup-opener="{}"', result.serializable_value(key))
        return format_html('<a href="{}"{}>{}</a>', url, opener, shown)
