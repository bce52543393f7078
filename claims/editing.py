"""Writing a claim: the one place a claim is created or changed, by the admin and the API alike.

A claim, its quantities, the document of a pasted URL and a verifier's review change together, in
one transaction, or not at all; who did it is stamped on the claim, and a save on a version
someone else has since replaced is refused (StaleClaimError).

The extraction rule: the extractor never replaces an editor's numbers. A claim saved with a new
or changed text that is left without quantities gets those its text holds (flagged
`quantities_extracted`), unless the writer said it has none (the API's `quantities: []`).
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from operator import attrgetter
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import connections, transaction
from django.utils import timezone

from claims.documents import document_for_url
from claims.extraction import extract_quantities
from claims.models import MAX_QUANTITIES, Claim, Quantity
from claims.verification import review_claim

# A claim is a sentence; a paragraph or two is the most anyone pastes to extract from (the
# admin's "Fill quantities from text" and `POST /api/claims/extract/` refuse more).
MAX_EXTRACT_LENGTH = 10_000

# The quantity fields a writer sets; `id` names a row to keep (the admin's inline rows).
QUANTITY_FIELDS = ("value", "upper", "qualifier", "of_total", "item", "outcome")


def proposed_quantities(text: str) -> list[dict[str, Any]]:
    """The quantities the extractor finds in `text`, as Quantity field values, in text order.

    Only proposals the Quantity model can store are kept (a figure with more than two decimals,
    or a total below its value, is left for the editor to enter), so saving them never fails.
    At most MAX_QUANTITIES; a text over MAX_EXTRACT_LENGTH is a ValueError (the faces refuse it
    first, naming the field): the extractor's time grows with the text.
    """
    if len(text) > MAX_EXTRACT_LENGTH:
        raise ValueError(f"Texts of at most {MAX_EXTRACT_LENGTH:,} characters are extracted from.")
    proposals = []
    for extracted in extract_quantities(text):
        fields = extracted.as_dict()
        if storable_quantity(fields):
            proposals.append(fields)
    return proposals[:MAX_QUANTITIES]


def storable_quantity(fields: Mapping[str, Any]) -> bool:
    """Whether a Quantity with these values passes its field checks and its table constraints."""
    quantity = Quantity(**fields)
    try:
        quantity.clean_fields(exclude=["claim"])
    except ValidationError:
        return False
    return not quantity.bound_errors()


def save_claim(
    claim: Claim,
    changes: Mapping[str, Any],
    *,
    quantities: Iterable[Mapping[str, Any]] | None = None,
    document_url: str = "",
    review: Mapping[str, Any] | None = None,
    expected_version: int | None = None,
    user: AbstractBaseUser | AnonymousUser | None = None,
) -> Claim:
    """Apply `changes` (field name to value) to `claim` and save it, recording who did it.

    - `quantities`, when given, become the claim's quantities as a whole (an empty list removes
      them all): a row whose `id` is one of the claim's quantities changes that row, one equal
      to a quantity already there keeps it, others are added, and the rest are removed. None
      leaves them as they are; then the extraction rule (module docstring) applies, and
      `claim.quantities_extracted` says whether it gave the claim its quantities.
    - `document_url`, when the claim has no document, sets the document recorded at that address
      (recording it if new; see `documents.document_for_url`).
    - `review` (the `status`, `rationale` and `evidence_urls` of `verification.review_claim`)
      is recorded after the save, by the same user, in the same transaction.
    - `expected_version` is the version the writer read: a newer one raises StaleClaimError
      (compared in the UPDATE itself, see `Claim.save`) and nothing is written.

    A side left empty is the source's party (see `Claim.save`).
    """
    editor = user if user is not None and user.is_authenticated else None
    with transaction.atomic():
        stored = stored_state(claim)
        for name, value in changes.items():
            setattr(claim, name, value)
        if stored is not None:
            # Only a review changes the status (claims.verification), whatever the form set.
            claim.status = stored["status"]
        if claim.document_id is None and document_url:
            claim.document = document_for_url(document_url, create=True)
        if expected_version is not None:
            claim.version = expected_version
        if claim.pk is None:
            claim.created_by = editor
        claim.updated_by = editor
        claim.save()
        claim.quantities_extracted = False
        if quantities is not None:
            replace_quantities(claim, quantities)
        elif (stored is None or claim.text != stored["text"]) and not Quantity.objects.filter(
            claim=claim
        ).exists():
            proposals = proposed_quantities(claim.text)
            Quantity.objects.bulk_create(Quantity(claim=claim, **fields) for fields in proposals)
            claim.quantities_extracted = bool(proposals)
        if review:
            review_claim(claim, reviewer=user, **review)
    return claim


def create_claims(
    claims: Sequence[tuple[Claim, Iterable[Mapping[str, Any]]]],
    *,
    user: AbstractBaseUser,
    batch_size: int = 5_000,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Create many new claims with their quantities at once (an import): the same stamps and
    side rule as `save_claim`, inside the caller's transaction, by COPY in batches of
    `batch_size` claims. PostgreSQL's triggers keep the search vectors, the history (which
    names the context the caller opened, e.g. the import) and the summaries as for any other
    write. Their sources, events and documents must be saved already; the quantities are
    taken as they are (extraction, if wanted, has been done). Each claim gets its id.
    `progress` is called with the number of claims written after each batch.
    """
    connection = connections[Claim.objects.db]
    with connection.cursor() as cursor:
        # django-pgtrigger's triggers first ask whether to skip themselves, reading a setting in
        # an exception block when it is unset: an aborted subtransaction per row, each costlier
        # the more rows the transaction holds (100,000 claims took minutes, not seconds). Set,
        # to "skip none", the question is cheap again; for this transaction only.
        cursor.execute("SET LOCAL pgtrigger.ignore = '{}'")
    for start in range(0, len(claims), batch_size):
        batch = claims[start : start + batch_size]
        ids = new_ids(connection, Claim, len(batch))
        quantities = []
        for (claim, claim_quantities), claim_id in zip(batch, ids, strict=True):
            claim.pk = claim_id
            if claim.side_id is None and claim.source is not None:
                claim.side_id = claim.source.party_id  # as Claim.save does, without a query
            claim.created_by = claim.updated_by = user
            quantities += [
                Quantity(
                    claim=claim,
                    **{name: fields[name] for name in QUANTITY_FIELDS if name in fields},
                )
                for fields in claim_quantities
            ]
        copy_in(connection, Claim, [claim for claim, _ in batch])
        copy_in(
            connection, Quantity, quantities, ids=new_ids(connection, Quantity, len(quantities))
        )
        for claim, _ in batch:
            claim._state.adding = False
        if progress is not None:
            progress(len(batch))


def insert_records(model, records: list) -> None:
    """Insert new records of `model` at once, by COPY (`copy_in`), each getting its id."""
    connection = connections[model.objects.db]
    copy_in(connection, model, records, ids=new_ids(connection, model, len(records)))


def new_ids(connection, model, count: int) -> list[int]:
    """`count` ids from the model's sequence, in one query."""
    if not count:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def copy_in(connection, model, records: list, ids: list[int] | None = None) -> None:
    """Insert `records` (their ids set, or given as `ids`) with COPY: the rows as the model
    saves them (defaults, auto-now times), without an SQL statement of their values."""
    if not records:
        return
    if ids is not None:
        for record, record_id in zip(records, ids, strict=True):
            record.pk = record_id
    fields = [
        field for field in model._meta.concrete_fields if not getattr(field, "generated", False)
    ]
    fields = [field for field in fields if field.attname != "search_vector"]  # the trigger's
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    relations = [field for field in fields if field.is_relation]
    table = connection.ops.quote_name(model._meta.db_table)
    # The values as the model saves them: its auto-now times are this moment; every other
    # value is the attribute (psycopg adapts dates, times and decimals for PostgreSQL).
    now = timezone.now()
    stamped = [
        field.attname
        for field in fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    values = attrgetter(*(field.attname for field in fields))
    # COPY into a staging table, then one INSERT from it: that statement goes through Django,
    # where pghistory adds its context (who, which import) for the history triggers.
    staging = connection.ops.quote_name(f"staging_{model._meta.db_table}")
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {staging} "
            f"(LIKE {table} INCLUDING DEFAULTS) ON COMMIT DROP"
        )
        cursor.execute(f"TRUNCATE {staging}")
        with cursor.cursor.copy(f"COPY {staging} ({columns}) FROM STDIN") as copy:
            for record in records:
                for field in relations:  # a related record saved since it was assigned
                    related = field.get_cached_value(record, None)
                    if related is not None:
                        setattr(record, field.attname, related.pk)
                for name in stamped:
                    setattr(record, name, now)
                copy.write_row(values(record))
        cursor.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {staging}")


def replace_quantities(claim: Claim, quantities: Iterable[Mapping[str, Any]]) -> None:
    """Make `quantities` the claim's quantities, touching only the rows that change, so the
    audit history shows what the writer changed and nothing else."""
    current = {quantity.pk: quantity for quantity in Quantity.objects.filter(claim=claim)}
    wanted = [dict(fields) for fields in quantities]
    kept: set[int] = set()
    # Rows named by id first, then rows equal to one already there: those stay.
    for fields in wanted:
        quantity = current.get(fields.get("id"))
        if quantity is not None and quantity.pk not in kept:
            fields["keep"] = quantity
            kept.add(quantity.pk)
    for fields in wanted:
        if "keep" in fields:
            continue
        same = next(
            (
                quantity
                for quantity in current.values()
                if quantity.pk not in kept and same_quantity(quantity, fields)
            ),
            None,
        )
        if same is not None:
            fields["keep"] = same
            kept.add(same.pk)
    if set(current) - kept:
        Quantity.objects.filter(pk__in=set(current) - kept).delete()
    added = []
    for fields in wanted:
        values = {name: fields[name] for name in QUANTITY_FIELDS if name in fields}
        quantity = fields.get("keep")
        if quantity is None:
            added.append(Quantity(claim=claim, **values))
        elif not same_quantity(quantity, values):
            for name, value in values.items():
                setattr(quantity, name, value)
            quantity.save()
    Quantity.objects.bulk_create(added)


def stored_state(claim: Claim) -> dict[str, str] | None:
    """The claim's text and status as the database holds them (None for a new claim): forms
    change the instance before it is saved, so the instance cannot tell what changed."""
    if claim.pk is None:
        return None
    return Claim.objects.filter(pk=claim.pk).values("text", "status").first()


def same_quantity(quantity: Quantity, fields: Mapping[str, Any]) -> bool:
    """Whether the stored `quantity` already says what `fields` say (unset fields at defaults)."""
    defaults = {"upper": None, "of_total": None, "qualifier": "exact", "item": "", "outcome": ""}
    return all(
        getattr(quantity, name) == fields.get(name, defaults.get(name)) for name in QUANTITY_FIELDS
    )
