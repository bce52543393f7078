"""Importing claims in bulk: one importer behind the three ways in (`manage.py import_claims`,
the admin's "Import claims" page, `POST /api/claims/bulk/`).

An import is worked out whole before anything is written (`planning`): the file is read
(`reading`), each row parsed into a draft (`rows`), its source matched by name
(case-insensitive), its document by normalized URL and its event by title (each created when
new), its quantities taken from the row or else extracted from its text, and the rows the desk
already has skipped. Then, only if no row has an error, everything is written in ONE
transaction (`editing.create_claims`): all or nothing, even if the process is killed halfway.
The history names the importing user and the import, as for any other write.
"""

import hashlib

import pghistory
from django.db import DataError, IntegrityError, connection, transaction

from claims.editing import create_claims, insert_records
from claims.importing.planning import ImportPlan, PlannedRow, plan_import
from claims.importing.reading import (
    CLAIM_FIELDS,
    CSV_COLUMNS,
    ImportFileError,
    RowError,
    read_rows,
)
from claims.importing.rows import Draft, csv_draft, ndjson_draft
from claims.models import ClaimImport, Document, Event, Review, Source
from claims.verification import imported_reviews

__all__ = [
    "CLAIM_FIELDS",
    "CSV_COLUMNS",
    "Draft",
    "ImportFileError",
    "ImportPlan",
    "PlannedRow",
    "RowError",
    "checksum_of",
    "import_drafts",
    "import_file",
    "read_file",
]

# What the admin takes in one upload; `manage.py import_claims` reads files of any size.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def checksum_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_file(data: bytes, name: str) -> tuple[ImportPlan, list[Draft]]:
    """The file's plan (name, format, checksum and the rows it could not read) and its drafts;
    ImportFileError if it cannot be read at all."""
    kind, rows, errors = read_rows(data, name)
    to_draft = ndjson_draft if kind == "ndjson" else csv_draft
    plan = ImportPlan(name=name, format=kind, checksum=checksum_of(data), errors=errors)
    return plan, [to_draft(row) for row in rows]


def import_file(data: bytes, name: str, *, user, dry_run: bool = False, progress=None):
    """Import a CSV or NDJSON file (see `import_drafts`)."""
    plan, drafts = read_file(data, name)
    return import_drafts(plan, drafts, user=user, dry_run=dry_run, progress=progress)


def import_drafts(
    plan: ImportPlan, drafts: list[Draft], *, user, dry_run: bool = False, progress=None
) -> ImportPlan:
    """Work the import out (`planning.plan_import`) and, unless it has errors or `dry_run`,
    write it, all in one transaction; the plan says what was (or would be) done.

    Two imports of the same file at once are serialized (a lock on its checksum), so the second
    sees the first's claims and skips them. `progress(n)` is called as claims are written.
    """
    with transaction.atomic():
        if not dry_run:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [plan.checksum])
        plan_import(plan, drafts, user=user)
        if plan.errors or dry_run or not plan.to_create:
            return plan
        try:
            with transaction.atomic():
                write(plan, user=user, progress=progress)
        except (IntegrityError, DataError) as error:
            # A rule the checks above do not know (or another import's claims, written since):
            # the database refused, and nothing was written.
            plan.errors.append(
                RowError(0, "", f"The database refused the import, nothing was written: {error}")
            )
            plan.claim_import = None
    return plan


def write(plan: ImportPlan, *, user, progress=None) -> None:
    created = plan.to_create
    claim_import = ClaimImport.objects.create(
        name=plan.name[:255],
        format=plan.format,
        checksum=plan.checksum,
        created_by=user,
        claims_created=len(created),
        claims_skipped=len(plan.rows) - len(created),
        sources_created=len(plan.sources),
        documents_created=len(plan.documents),
    )
    with pghistory.context(user=user.pk, claim_import=claim_import.pk):
        Source.objects.bulk_create(plan.sources)
        Document.objects.bulk_create(plan.documents)
        Event.objects.bulk_create(plan.events)
        for row in created:
            row.claim.imported_in = claim_import
        create_claims(
            [(row.claim, row.quantities) for row in created], user=user, progress=progress
        )
        rationale = f"Imported with this status from {plan.name} ({claim_import})."
        claims = [row.claim for row in created]
        if any(claim.status != "unverified" for claim in claims):
            insert_records(Review, imported_reviews(claims, reviewer=user, rationale=rationale))
    plan.claim_import = claim_import
