"""Reading the audit history: the events PostgreSQL recorded (django-pghistory) for a claim and
its quantities, links and reviews, with who made each change and which fields went from what to
what, in a fixed handful of queries whatever the length of the history; deleted claims; and the
usernames the history's contexts name. The admin and the API both read it here."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from pghistory.models import Events

from claims.models import Claim, ClaimHistory, Status
from claims.wording import describe_quantity, format_number

# Who may list deleted claims and read their history: superusers, or a grant of this permission.
VIEW_HISTORY_PERMISSION = "claims.view_claimhistory"


def may_read_deleted_claims(user) -> bool:
    """Whether `user` may see deleted claims: their list, last state and history. The one rule,
    for the admin's Deleted claims and history pages and the API's history of a deleted claim."""
    return bool(user and user.is_active and user.has_perm(VIEW_HISTORY_PERMISSION))


# Bookkeeping every save changes: shown as who and when, not as a field change.
BOOKKEEPING = {"id", "version", "created_at", "updated_at", "created_by", "updated_by"}
# What each recorded model is, in the newsroom's words.
PART_NAMES = {Claim: "claim"}
LONG_VALUE = 120


@dataclass
class FieldChange:
    name: str
    before: str
    after: str


@dataclass
class HistoryEntry:
    """One recorded change: when, who, what (the claim or one of its parts), how, and the fields."""

    created_at: object
    user: str | None
    part: str
    part_id: int
    label: str  # insert, update, delete
    description: str = ""
    via: str = ""  # the import that made it: "import #3 (wire.csv)"
    changes: list[FieldChange] = field(default_factory=list)


def claim_history(claim_id: int) -> list[HistoryEntry]:
    """The claim's history, newest first: one query for the events, one per kind of record the
    changes refer to (sources, parties, ...), and one for all the users involved."""
    events = list(claim_events(claim_id).order_by("-pgh_created_at", "-pgh_id"))
    names = ReferenceNames()
    for event in events:
        model = apps.get_model(event.pgh_obj_model)
        names.want_user(event_user_id(event))
        for name in changed_fields(event):
            names.want(model, name, *event.pgh_diff[name])
        for name, value in event.pgh_data.items():
            names.want(model, name, value)
    names.resolve()
    imports = import_names(event_import_id(event) for event in events)
    entries = [history_entry(event, names) for event in events]
    for entry, event in zip(entries, events, strict=True):
        entry.via = imports.get(event_import_id(event), "")
    return entries


def changed_fields(event) -> list[str]:
    diff = event.pgh_diff or {}
    model = apps.get_model(event.pgh_obj_model)
    return [name for name in diff if shown_field(model, name) is not None]


def shown_field(model: type[models.Model], attname: str) -> models.Field | None:
    """The field stored in column `attname`, unless it is bookkeeping."""
    recorded = field_by_attname(model, attname)
    return recorded if recorded is not None and recorded.name not in BOOKKEEPING else None


def history_entry(event, names: "ReferenceNames") -> HistoryEntry:
    model = apps.get_model(event.pgh_obj_model)
    entry = HistoryEntry(
        created_at=event.pgh_created_at,
        user=names.user(event_user_id(event)),
        part=model._meta.verbose_name,
        part_id=int(event.pgh_obj_id),
        label=event.pgh_label,
        # A claim's update lists its changed fields; repeating its text would only add noise.
        description=""
        if model is Claim and event.pgh_label == "update"
        else describe_record(model, event.pgh_data, names),
    )
    for name in changed_fields(event):
        recorded = shown_field(model, name)
        before, after = event.pgh_diff[name]
        entry.changes.append(
            FieldChange(
                recorded.verbose_name,
                names.display(recorded, before),
                names.display(recorded, after),
            )
        )
    return entry


def describe_record(model: type[models.Model], state: dict, names: "ReferenceNames") -> str:
    """A one-line description of a recorded row, from its stored state alone."""
    record = model(
        **{
            model_field.attname: model_field.to_python(state[model_field.attname])
            for model_field in model._meta.concrete_fields
            if model_field.attname in state and not model_field.is_relation
        }
    )
    if model._meta.model_name == "quantity":
        return describe_quantity(record)
    if model._meta.model_name == "claimlink":
        return f"claim #{state['from_claim_id']} {record.relation} claim #{state['to_claim_id']}"
    if model._meta.model_name == "review":
        reviewer = names.user(state.get("reviewer_id"))
        return (
            f"{Status(record.old_status).label} → {Status(record.new_status).label} by {reviewer}"
        )
    return shorten(str(state.get("text", "")))


def shorten(text: str) -> str:
    return text if len(text) <= LONG_VALUE else text[: LONG_VALUE - 1] + "…"


class ReferenceNames:
    """Names for the ids a history mentions (a source's, a user's), fetched in one query per
    referenced model rather than one per event."""

    def __init__(self):
        self.wanted: dict[type[models.Model], set] = defaultdict(set)
        self.names: dict[type[models.Model], dict] = {}

    def want(self, model: type[models.Model], attname: str, *values) -> None:
        model_field = field_by_attname(model, attname)
        if model_field is not None and model_field.is_relation:
            self.wanted[model_field.related_model].update(
                value for value in values if value is not None
            )

    def want_user(self, user_id) -> None:
        if type(user_id) is int:
            self.wanted[get_user_model()].add(user_id)

    def resolve(self) -> None:
        for model, ids in self.wanted.items():
            if model is get_user_model():
                self.names[model] = usernames(ids)
            elif model is Claim:
                # Names of claims are their text; a deleted one is still named by its history.
                self.names[model] = dict(
                    ClaimHistory.objects.filter(pgh_obj_id__in=ids)
                    .order_by("pgh_obj_id", "-pgh_id")
                    .distinct("pgh_obj_id")
                    .values_list("pgh_obj_id", "text")
                )
            else:
                self.names[model] = {row.pk: str(row) for row in model.objects.filter(pk__in=ids)}

    def user(self, user_id) -> str | None:
        return self.names.get(get_user_model(), {}).get(user_id)

    def display(self, model_field: models.Field, value) -> str:
        if value is None or value == "":
            return "—"
        if model_field.is_relation:
            name = self.names.get(model_field.related_model, {}).get(value)
            return shorten(f"#{value} {name}" if name else f"#{value}")
        if isinstance(model_field, models.DecimalField):
            return format_number(model_field.to_python(value))
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(value, list):
            return ", ".join(str(item) for item in value) or "—"
        return shorten(str(value))


def field_by_attname(model: type[models.Model], attname: str) -> models.Field | None:
    for model_field in model._meta.concrete_fields:
        if model_field.attname == attname:
            return model_field
    return None


def claim_changes_since(claim_id: int, seen_version: int) -> tuple[list[str], list[FieldChange]]:
    """Who changed the claim after version `seen_version`, and each of its fields from what it
    was at that version to what it is now: for an editor whose save was refused."""
    states = list(
        ClaimHistory.objects.filter(pgh_obj_id=claim_id, version__gte=seen_version)
        .select_related("pgh_context")
        .order_by("pgh_id")
    )
    if not states:
        return [], []
    before, after = states[0], states[-1]
    names = ReferenceNames()
    user_ids = [
        (state.pgh_context.metadata or {}).get("user")
        for state in states[1:]
        if state.pgh_context is not None
    ]
    for user_id in user_ids:
        names.want_user(user_id)
    fields = [
        model_field
        for model_field in Claim._meta.concrete_fields
        if model_field.name not in BOOKKEEPING
        and hasattr(before, model_field.attname)
        and getattr(before, model_field.attname) != getattr(after, model_field.attname)
    ]
    for model_field in fields:
        names.want(
            Claim,
            model_field.attname,
            getattr(before, model_field.attname),
            getattr(after, model_field.attname),
        )
    names.resolve()
    changes = [
        FieldChange(
            model_field.verbose_name,
            names.display(model_field, json_value(getattr(before, model_field.attname))),
            names.display(model_field, json_value(getattr(after, model_field.attname))),
        )
        for model_field in fields
    ]
    users = unique(name for user_id in user_ids if (name := names.user(user_id)))
    return users, changes


def json_value(value):
    return value if isinstance(value, (int, str, type(None))) else str(value)


def unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def usernames(user_ids: Iterable) -> dict[int, str]:
    """The usernames of these user ids (as the history's contexts record them), in one query."""
    ids = {user_id for user_id in user_ids if type(user_id) is int}
    if not ids:
        return {}
    user_model = get_user_model()
    return dict(user_model.objects.filter(pk__in=ids).values_list("pk", user_model.USERNAME_FIELD))


def event_user_id(event) -> int | None:
    """The id of the user an aggregate history event (pghistory `Events`) was made by."""
    return (event.pgh_context or {}).get("user")


def event_import_id(event) -> int | None:
    """The id of the import (ClaimImport) an aggregate history event was made in, if any."""
    return (event.pgh_context or {}).get("claim_import")


def import_names(import_ids: Iterable) -> dict[int, str]:
    """ "import #3 (wire.csv)" for each of these import ids, in one query."""
    from claims.models import ClaimImport

    ids = {import_id for import_id in import_ids if type(import_id) is int}
    if not ids:
        return {}
    return {
        claim_import.pk: str(claim_import)
        for claim_import in ClaimImport.objects.filter(pk__in=ids)
    }


def deleted_claims():
    """The last state of each deleted claim, from its `delete` event, newest deletion first
    (claim ids are never reused: one delete event per deleted claim)."""
    return ClaimHistory.objects.filter(pgh_label="delete").order_by("-pgh_created_at", "-pgh_id")


def claim_events(claim_id: int):
    """Every recorded event of the claim and of its quantities, links and reviews."""
    return Events.objects.references(Claim(pk=claim_id))
