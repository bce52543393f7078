"""`manage.py import_claims FILE [--dry-run] [--user NAME]`: import claims from a CSV (the
columns of the claims CSV export) or NDJSON file (one API claim object a line), all or nothing."""

import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from claims.importing import ImportFileError, import_drafts, read_file

SHOWN_ERRORS = 200


class Command(BaseCommand):
    help = (
        "Import claims from a CSV or NDJSON file: every row or none. Sources are matched by "
        "name, documents by URL, rows already in the desk skipped; --dry-run writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .csv, .ndjson or .jsonl file, UTF-8.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and say what it would do."
        )
        parser.add_argument(
            "--user",
            help="The account the claims are recorded by (default: the only superuser).",
        )

    def handle(self, *args, file, dry_run, user, **options):
        account = self.account(user)
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        started = time.perf_counter()
        try:
            plan, drafts = read_file(data, path.name)
        except ImportFileError as error:
            raise CommandError(f"{path.name}: {error}") from None
        self.stdout.write(f"Read {len(drafts):,} rows of {path.name} ({plan.format}).")
        bar = None

        def progress(written: int) -> None:  # shown once writing starts: the rows are valid
            nonlocal bar
            if bar is None:
                bar = tqdm(total=len(plan.to_create), unit="claims", desc="Writing")
            bar.update(written)

        try:
            plan = import_drafts(plan, drafts, user=account, dry_run=dry_run, progress=progress)
        finally:
            if bar is not None:
                bar.close()
        counts = plan.counts()
        if plan.errors:
            for error in plan.errors[:SHOWN_ERRORS]:
                self.stderr.write(f"  {error}")
            more = len(plan.errors) - SHOWN_ERRORS
            if more > 0:
                self.stderr.write(f"  ... and {more:,} more.")
            raise CommandError(
                f"{len(plan.errors):,} errors in {path.name}: nothing was imported. "
                "Correct the rows and import the file again."
            )
        for row in plan.rows:
            if row.action == "changed":
                self.stdout.write(f"  line {row.line}: not imported, {row.note}")
        verb = "Would create" if dry_run else "Created"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {counts['create']:,} claims ({counts['extracted']:,} with quantities "
                f"extracted from their text), {counts['new_sources']:,} sources, "
                f"{counts['new_documents']:,} documents and {counts['new_events']:,} events; "
                f"skipped {counts['skip']:,} already in the desk and {counts['changed']:,} "
                f"that differ from the claim they match"
                + (f", as {plan.claim_import}" if plan.claim_import else "")
                + f", in {time.perf_counter() - started:.1f} s."
            )
        )

    def account(self, username: str | None):
        users = get_user_model().objects.filter(is_active=True)
        if username:
            try:
                return users.get(**{get_user_model().USERNAME_FIELD: username})
            except get_user_model().DoesNotExist:
                raise CommandError(f"No active account {username!r}.") from None
        superusers = list(users.filter(is_superuser=True)[:2])
        if len(superusers) != 1:
            raise CommandError("Name the account the claims are recorded by: --user NAME.")
        return superusers[0]
