"""Load the demo desk (the claims of one day's report) into an empty database, and only there."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from claims.models import Claim, Document, Event, Party, Source


class Command(BaseCommand):
    help = "Load the demo claims into an empty database; never touches one that holds data."

    def handle(self, *args, **options):
        with transaction.atomic():
            if any(model.objects.exists() for model in (Party, Source, Document, Event, Claim)):
                self.stdout.write("The database already holds data: demo data not loaded.")
                return
            call_command("loaddata", "demo", verbosity=0)
        self.stdout.write(
            self.style.SUCCESS(f"Loaded the demo desk: {Claim.objects.count()} claims.")
        )
