"""What an import would do, row by row, before it does it: the sources, documents and events
its rows name (found, or to be created), each claim to create or skip, and every error.

A row is skipped when the desk already has its claim: the same `external_id`, the same file's
same line imported before (`<sha256>:<line>`, kept as the claim's external id), or the `id` of
a claim of this desk (an export brought back). A skipped row that differs from the claim it
matches is reported as changed, and never written over the claim.
"""

from collections import Counter
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models.functions import Lower

from claims.documents import normalize_url
from claims.editing import MAX_QUANTITIES, QUANTITY_FIELDS, proposed_quantities, same_quantity
from claims.history import import_names
from claims.importing.reading import CLAIM_FIELDS, RowError
from claims.importing.rows import Draft
from claims.models import (
    Claim,
    Document,
    Event,
    Party,
    Quantity,
    Reliability,
    Source,
    SourceKind,
    Status,
)
from claims.verification import can_verify

UNSET_BY_ROWS = [
    field.name for field in Claim._meta.concrete_fields if field.name not in CLAIM_FIELDS
]
EXTERNAL_ID_LENGTH = Claim._meta.get_field("external_id").max_length


@dataclass
class PlannedRow:
    """What the import does with one row."""

    line: int
    action: str  # "create", "skip" (already in the desk) or "changed" (in it, and different)
    claim: Claim  # to create (unsaved); for a row skipped, the row with the id of its claim
    quantities: list[dict[str, Any]] = field(default_factory=list)
    extracted: bool = False  # its quantities come from its text
    note: str = ""  # why it is skipped: which claim it matches, and what differs


@dataclass
class ImportPlan:
    """An import, worked out: `rows` in file order, `errors` of every bad row, and the sources,
    documents and events the created claims need that the desk does not have yet."""

    name: str
    format: str
    checksum: str
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    claim_import: Any = None  # the ClaimImport, once written

    @property
    def to_create(self) -> list[PlannedRow]:
        return [row for row in self.rows if row.action == "create"]

    def counts(self) -> dict[str, int]:
        actions = Counter(row.action for row in self.rows)
        return {
            "create": actions["create"],
            "skip": actions["skip"],
            "changed": actions["changed"],
            "errors": len(self.errors),
            "new_sources": len(self.sources),
            "new_documents": len(self.documents),
            "new_events": len(self.events),
            "extracted": sum(row.extracted for row in self.to_create),
        }


def plan_import(plan: ImportPlan, drafts: list[Draft], *, user) -> ImportPlan:
    """Fill `plan` (name, format and checksum set) from the file's drafts."""
    references = References(drafts)
    matches = Matches(drafts, plan.checksum)
    verifier = can_verify(user)
    for draft in drafts:
        claim = references.claim(draft)
        quantities = draft.quantities
        check(draft, claim, quantities, verifier)
        matched = matches.duplicate_or_match(draft)
        if draft.errors:
            plan.errors.extend(draft.errors)
            continue
        if matched is not None:
            claim.pk, how, stored = matched  # the row, shown as the claim it is
            differences = [] if stored is None else matches.differences(stored, claim, quantities)
            note = how + (f"; this row differs in {', '.join(differences)}" if differences else "")
            action = "changed" if differences else "skip"
            plan.rows.append(PlannedRow(draft.line, action, claim, note=note))
            continue
        extracted = quantities is None
        if extracted:
            quantities = proposed_quantities(claim.text)
        claim.external_id = draft.external_id or f"{plan.checksum}:{draft.line}"
        plan.rows.append(
            PlannedRow(draft.line, "create", claim, quantities, extracted and bool(quantities))
        )
    plan.errors.sort(key=lambda error: error.line)
    # Only what the created claims use is created.
    used = [row.claim for row in plan.to_create]
    plan.sources = unique_new(
        [claim.source for claim in used]
        + [claim.document.outlet for claim in used if claim.document and claim.document.outlet]
    )
    plan.documents = unique_new([claim.document for claim in used if claim.document])
    plan.events = unique_new([claim.event for claim in used if claim.event])
    return plan


def unique_new(records: list) -> list:
    seen, new = set(), []
    for record in records:
        if record is not None and record.pk is None and id(record) not in seen:
            seen.add(id(record))
            new.append(record)
    return new


def check(draft: Draft, claim: Claim, quantities: list[dict] | None, verifier: bool) -> None:
    """The same field checks as a claim typed in: the model's fields, the quantities' bounds."""
    try:
        # The fields a row sets (references are checked as they are found).
        claim.clean_fields(exclude=UNSET_BY_ROWS)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            draft.error(name, " ".join(messages))
    named = {
        "source": draft.source_name,
        "event": draft.event_title,
        "document_url": draft.document_url,
        "document_outlet": draft.document_outlet,
        "external_id": draft.external_id,
    }
    for name, value in {**draft.values, **named}.items():
        if isinstance(value, str) and "\x00" in value:
            draft.error(name, "It holds a NUL character, which no text may hold.")
    if claim.status != Status.UNVERIFIED and not verifier:
        draft.error(
            "status",
            f'Only a verifier may import a claim as "{claim.status}": its status is a verdict. '
            "Leave the status empty (unverified), or have a verifier import the file.",
        )
    if len(draft.external_id) > EXTERNAL_ID_LENGTH:
        draft.error("external_id", f"At most {EXTERNAL_ID_LENGTH} characters.")
    if quantities is None:
        return
    if len(quantities) > MAX_QUANTITIES:
        draft.error("quantities", f"At most {MAX_QUANTITIES} quantities in a claim.")
        return
    if draft.quantities_checked:
        return
    for index, fields in enumerate(quantities):
        quantity = Quantity(**fields)
        try:
            quantity.clean_fields(exclude=["claim"])
            bound_errors = quantity.bound_errors()
        except ValidationError as error:
            bound_errors = error.message_dict
        for name, messages in bound_errors.items():
            messages = messages if isinstance(messages, list) else [messages]
            draft.error(f"quantities[{index}].{name}", " ".join(map(str, messages)))


class References:
    """The parties, sources, documents and events the drafts name, each looked up once for the
    whole file; those the desk does not have are made (unsaved), once per name or address."""

    def __init__(self, drafts: list[Draft]):
        self.parties = {party.slug: party for party in Party.objects.all()}
        names = {d.source_name.lower() for d in drafts} | {
            d.document_outlet.lower() for d in drafts
        }
        sources = Source.objects.order_by("pk")
        self.sources_by_id = by_pk(sources, {d.source_id for d in drafts})
        self.sources_by_name: dict[str, Source] = {}
        for source in among(sources.annotate(lower=Lower("name")), "lower", names - {""}):
            self.sources_by_name.setdefault(source.lower, source)  # the oldest of a name
        # Each address normalized once: rows share documents.
        self.normalized = {url: normalize_url(url) for url in {d.document_url for d in drafts}}
        urls = set(self.normalized.values())
        self.documents_by_url = {doc.url: doc for doc in among(Document.objects, "url", urls)}
        self.documents_by_id = by_pk(Document.objects, {d.document_id for d in drafts})
        titles = {d.event_title.lower() for d in drafts} - {""}
        events = Event.objects.order_by("pk")
        self.events_by_id = by_pk(events, {d.event_id for d in drafts})
        self.events_by_title: dict[str, Event] = {}
        for event in among(events.annotate(lower=Lower("title")), "lower", titles):
            self.events_by_title.setdefault(event.lower, event)

    def claim(self, draft: Draft) -> Claim:
        claim = Claim(**{name: draft.values.get(name) for name in ("occurred_on", "claimed_at")})
        for name in ("text", "status", "topic", "location", "quote", "latitude", "longitude"):
            if draft.values.get(name) is not None:
                setattr(claim, name, draft.values[name])
        side = None
        if draft.side is not None:
            side = self.parties.get(draft.side)
            if side is None:
                known = ", ".join(sorted(self.parties)) or "none yet"
                draft.error("side", f"No party {draft.side!r} here (parties: {known}).")
        source = self.source(draft, side)
        if source is not None:  # else the row has an error on its source
            claim.source = source
        # A claimant speaks for its party unless the row says otherwise (as Claim.save does).
        claim.side = side if side is not None or source is None else source.party
        claim.event = self.event(draft)
        claim.document = self.document(draft)
        return claim

    def source(self, draft: Draft, side: Party | None) -> Source | None:
        by_id = self.sources_by_id.get(draft.source_id)
        if by_id is not None and (
            not draft.source_name or same_name(by_id.name, draft.source_name)
        ):
            return by_id
        if not draft.source_name:
            if draft.source_id is not None:
                draft.error("source_id", f"No source #{draft.source_id} here: give its name.")
            return None
        source = self.sources_by_name.get(draft.source_name.lower())
        if source is None:
            source = self.new_source(draft, draft.source_name, side)
        return source

    def new_source(self, draft: Draft, name: str, party: Party | None, kind: str = "") -> Source:
        kind = kind or draft.source_kind or SourceKind.OTHER
        reliability = draft.source_reliability or Reliability.F
        if kind not in SourceKind.values:
            draft.error("source_kind", f"{kind!r} is not a kind: {', '.join(SourceKind.values)}.")
        if reliability not in Reliability.values:
            draft.error(
                "source_reliability",
                f"{reliability!r} is not a grade: {', '.join(Reliability.values)}.",
            )
        source = Source(name=name, kind=kind, reliability=reliability, party=party)
        try:
            source.clean_fields(exclude=["party"])
        except ValidationError as error:
            for field_name, messages in error.message_dict.items():
                draft.error("source" if field_name == "name" else field_name, " ".join(messages))
        self.sources_by_name[name.lower()] = source
        return source

    def event(self, draft: Draft) -> Event | None:
        by_id = self.events_by_id.get(draft.event_id)
        if by_id is not None and (
            not draft.event_title or same_name(by_id.title, draft.event_title)
        ):
            return by_id
        if not draft.event_title:
            if draft.event_id is not None:
                draft.error("event_id", f"No event #{draft.event_id} here: give its title.")
            return None
        event = self.events_by_title.get(draft.event_title.lower())
        if event is None:
            event = Event(title=draft.event_title, occurred_on=draft.values.get("occurred_on"))
            try:
                event.clean_fields()
            except ValidationError as error:
                draft.error("event", " ".join(error.message_dict.get("title", ["Invalid."])))
            self.events_by_title[draft.event_title.lower()] = event
        return event

    def document(self, draft: Draft) -> Document | None:
        by_id = self.documents_by_id.get(draft.document_id)
        url = self.normalized[draft.document_url] if draft.document_url else ""
        if by_id is not None and (not url or by_id.url == url):
            return by_id
        if not url:
            if draft.document_id is not None:
                draft.error("document", f"No document #{draft.document_id} here: give its URL.")
            return None
        document = self.documents_by_url.get(url)
        if document is None:
            try:
                URLValidator(schemes=["http", "https"])(url)
                if len(url) > Document._meta.get_field("url").max_length:
                    raise ValidationError("too long")
            except ValidationError:
                draft.error("document_url", f"{draft.document_url[:60]!r} is not a web address.")
                return None
            outlet = None
            if draft.document_outlet:
                outlet = self.sources_by_name.get(draft.document_outlet.lower())
                if outlet is None:
                    outlet = self.new_source(draft, draft.document_outlet, None, SourceKind.MEDIA)
            document = Document(url=url, outlet=outlet)
            self.documents_by_url[url] = document
        return document


# Values looked up in one query at most: PostgreSQL takes at most 65,535 parameters a query.
LOOKUP_BATCH = 10_000


def among(queryset, name: str, values: set) -> list:
    """The rows whose `name` is one of `values`, in batches of LOOKUP_BATCH."""
    values = sorted(values - {None, ""})
    rows = []
    for start in range(0, len(values), LOOKUP_BATCH):
        rows.extend(queryset.filter(**{f"{name}__in": values[start : start + LOOKUP_BATCH]}))
    return rows


def by_pk(queryset, ids: set) -> dict:
    return {row.pk: row for row in among(queryset, "pk", ids)}


def among_values(queryset, name: str, values: set, fields: list[str]) -> list[tuple]:
    """`among`, as tuples of `fields`."""
    return among(queryset.values_list(*fields), name, values)


def among_dicts(queryset, name: str, values: set, fields: list[str]) -> list[dict]:
    """`among`, as dicts of `fields`."""
    return among(queryset.values(*fields), name, values)


def same_name(stored: str, given: str) -> bool:
    return stored.lower() == given.strip().lower()


# What a matched claim is compared on, read as plain values (a model instance per claim costs
# more than the comparison: re-importing 100,000 claims took 30 s to build them).
STORED = [*CLAIM_FIELDS, "source__name", "side__slug", "event__title", "document__url"]


class Matches:
    """The claims of the desk the drafts are already: by external id (or file and line), then
    by id; and the drafts that repeat another's external id or id in the same file.

    A row matched by its file and line is that row again: it is skipped, not compared. A row
    matched by its own external id or by id is compared with the claim (`differences_from`).
    """

    def __init__(self, drafts: list[Draft], checksum: str):
        self.checksum = checksum
        claims = Claim.objects.order_by()
        lines = {self.key(draft) for draft in drafts if not draft.external_id}
        self.by_line = {
            key: (pk, import_id)
            for key, pk, import_id in among_values(
                claims, "external_id", lines, ["external_id", "pk", "imported_in"]
            )
        }
        named = {draft.external_id for draft in drafts if draft.external_id}
        fields = ["pk", "external_id", "imported_in", *STORED]
        self.by_key = {
            row["external_id"]: row for row in among_dicts(claims, "external_id", named, fields)
        }
        ids = {draft.claim_id for draft in drafts if draft.claim_id is not None}
        self.by_id = {row["pk"]: row for row in among_dicts(claims, "pk", ids, fields)}
        compared = {row["pk"] for row in (*self.by_key.values(), *self.by_id.values())}
        self.quantities: dict[int, list[dict]] = {}
        quantity_fields = ["claim_id", *QUANTITY_FIELDS]
        for row in among_dicts(
            Quantity.objects.order_by("pk"), "claim_id", compared, quantity_fields
        ):
            self.quantities.setdefault(row["claim_id"], []).append(row)
        import_ids = {import_id for _, import_id in self.by_line.values()}
        import_ids |= {row["imported_in"] for row in self.by_key.values()}
        self.imports = import_names(import_ids)
        self.seen_keys: dict[str, int] = {}
        self.seen_ids: dict[int, int] = {}

    def key(self, draft: Draft) -> str:
        return draft.external_id or f"{self.checksum}:{draft.line}"

    def duplicate_or_match(self, draft: Draft) -> tuple[int, str, dict | None] | None:
        """The id of the claim the draft is, how it matches, and the claim's values to compare
        (None when the row is the same row of the same file again); None for a new claim."""
        if draft.external_id:
            if draft.external_id in self.seen_keys:
                line = self.seen_keys[draft.external_id]
                draft.error("external_id", f"Line {line} has the same external id.")
            self.seen_keys.setdefault(draft.external_id, draft.line)
        if draft.claim_id is not None:
            if draft.claim_id in self.seen_ids:
                draft.error("id", f"Line {self.seen_ids[draft.claim_id]} has the same id.")
            self.seen_ids.setdefault(draft.claim_id, draft.line)
        if not draft.external_id and self.key(draft) in self.by_line:
            pk, import_id = self.by_line[self.key(draft)]
            return pk, f"imported before, as claim #{pk}{self.origin(import_id)}", None
        stored = self.by_key.get(draft.external_id)
        if stored is not None:
            origin = self.origin(stored["imported_in"])
            return stored["pk"], f"claim #{stored['pk']} has this external id{origin}", stored
        stored = self.by_id.get(draft.claim_id)
        if stored is not None:
            return stored["pk"], f"already in the desk as claim #{stored['pk']}", stored
        return None

    def origin(self, import_id: int | None) -> str:
        return f" in {self.imports[import_id]}" if import_id in self.imports else ""

    def differences(self, stored: dict, claim: Claim, quantities: list[dict] | None) -> list[str]:
        """The fields in which a row says something else than the claim it matches."""
        given = {name: getattr(claim, name) for name in CLAIM_FIELDS}
        given |= {
            "source__name": claim.source.name.lower(),
            "side__slug": claim.side.slug if claim.side else None,
            "event__title": claim.event.title.lower() if claim.event else None,
            "document__url": claim.document.url if claim.document else None,
        }
        stored = {**stored, "source__name": stored["source__name"].lower()}
        if stored["event__title"] is not None:
            stored["event__title"] = stored["event__title"].lower()
        differing = [name.split("__")[0] for name in STORED if stored[name] != given[name]]
        if quantities is not None:
            kept = [SimpleNamespace(**row) for row in self.quantities.get(stored["pk"], [])]
            if len(kept) != len(quantities) or not all(
                any(same_quantity(quantity, fields) for quantity in kept) for fields in quantities
            ):
                differing.append("quantities")
        return differing
