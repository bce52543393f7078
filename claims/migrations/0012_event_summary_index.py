"""The indexes the events, sources and documents lists read their pages by.

- claim_event_side_idx: an event's claims, and the events list's claims counted per event and
  side from the index alone; it replaces the event foreign key's own index (its first column).
- claims_summary_ledger_event_idx: the events list's figures per side, summed from the ledger
  (claims.events.attach_event_summaries) for the page's events only, from the index alone.
  Ledger rows are only ever inserted and deleted, so the included columns cost no HOT update.
- source_name_idx, document_published_idx: the keyset orders of the sources list (name, id) and
  of the documents list (published_at descending, id; read backward, undated rows apart).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0011_bounded_text_and_quantities"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["event", "side"], name="claim_event_side_idx"),
        ),
        migrations.AlterField(
            model_name="claim",
            name="event",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="claims",
                to="claims.event",
            ),
        ),
        migrations.RunSQL(
            "CREATE INDEX claims_summary_ledger_event_idx ON claims_summary_ledger (event_id) "
            "INCLUDE (side_id, item, outcome, quantities, lower, upper, open_ended) "
            "WHERE event_id IS NOT NULL",
            "DROP INDEX claims_summary_ledger_event_idx",
        ),
        migrations.AddIndex(
            model_name="document",
            index=models.Index(fields=["published_at", "id"], name="document_published_idx"),
        ),
        migrations.AddIndex(
            model_name="source",
            index=models.Index(fields=["name", "id"], name="source_name_idx"),
        ),
    ]
