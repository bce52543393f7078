"""A database-wide change counter, the validator of the API's conditional GETs (claims/changes.py).

Every writing transaction on a table the API shows (the claims and what they embed, reviews,
links, the history and its context, imports, users and their permissions) adds one to the
counter, by a statement trigger, in the transaction itself: a reader sees the new count and the
new rows at the same commit, whichever process wrote them. `claims.change_counted` (a setting
local to the transaction) keeps it to one bump per transaction, however many statements; reading
the count clears it (claims/changes.py), so a transaction that read the count and writes again
counts again.

The count is spread over 16 rows, summed by the reader: a writer takes its backend's own row, or
if another open transaction holds that one, the first row none holds (SKIP LOCKED), so
concurrent writers do not wait on each other for it. The rows stay on one page (updated in place,
HOT), so the writer's bump and the reader's sum each read a single page. The triggers fire
ALWAYS, under `session_replication_role = replica` too (bulk loads such as the bench's), and on
TRUNCATE.
"""

from django.conf import settings
from django.db import migrations

SLOTS = 16
COUNTED_TABLES = [
    "claims_claim",
    "claims_quantity",
    "claims_source",
    "claims_party",
    "claims_document",
    "claims_event",
    "claims_review",
    "claims_claimlink",
    "claims_claimimport",
    "claims_claimhistory",
    "claims_claimlinkhistory",
    "claims_documenthistory",
    "claims_eventhistory",
    "claims_partyhistory",
    "claims_quantityhistory",
    "claims_reviewhistory",
    "claims_sourcehistory",
    "pghistory_context",
    "auth_user",
    "auth_user_groups",
    "auth_user_user_permissions",
    "auth_group",
    "auth_group_permissions",
]

FUNCTION = f"""
CREATE TABLE claims_change (
    slot smallint PRIMARY KEY,
    changes bigint NOT NULL DEFAULT 0
) WITH (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000);
INSERT INTO claims_change (slot) SELECT generate_series(0, {SLOTS - 1});

CREATE FUNCTION claims_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('claims.change_counted', true) IS DISTINCT FROM 'on' THEN
        UPDATE claims_change SET changes = changes + 1 WHERE slot = (
            SELECT slot FROM claims_change WHERE slot = pg_backend_pid() % {SLOTS}
            FOR UPDATE SKIP LOCKED
        );
        IF NOT FOUND THEN  -- held by another open transaction: any free one
            UPDATE claims_change SET changes = changes + 1 WHERE slot = (
                SELECT slot FROM claims_change ORDER BY slot LIMIT 1 FOR UPDATE SKIP LOCKED
            );
        END IF;
        IF NOT FOUND THEN  -- all {SLOTS} held: wait for this backend's own
            UPDATE claims_change SET changes = changes + 1
            WHERE slot = pg_backend_pid() % {SLOTS};
        END IF;
        PERFORM set_config('claims.change_counted', 'on', true);
    END IF;
    RETURN NULL;
END
$$;
"""

TRIGGER = """
CREATE TRIGGER claims_change_counted
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
FOR EACH STATEMENT EXECUTE FUNCTION claims_count_change();
ALTER TABLE {table} ENABLE ALWAYS TRIGGER claims_change_counted;
"""

FORWARD = FUNCTION + "".join(TRIGGER.format(table=table) for table in COUNTED_TABLES)
BACKWARD = (
    "".join(f"DROP TRIGGER claims_change_counted ON {table};\n" for table in COUNTED_TABLES)
    + "DROP FUNCTION claims_count_change();\nDROP TABLE claims_change;\n"
)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0013_search_simple_vector"),
        ("pghistory", "0007_auto_20250421_0444"),
        ("auth", "0012_alter_user_first_name_max_length"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
