"""Bring the summaries up to date once per transaction, not once per changed row; and lock a
large flush as a whole.

0006 fired its deferred flush trigger for every row noted in claims_summary_pending: the first
call recomputed every changed claim, and each of the others searched the transaction's pending
rows again (deleted, but not yet reclaimable), so committing n changed claims cost n² index
visits: 1.8 s at 5,000 claims, minutes at 100,000 (an import). Now each transaction notes itself
once in claims_summary_dirty, whose row fires the flush once, at commit.

A flush locked each of its claims (an advisory lock per claim): 100,000 claims in one
transaction ran out of shared memory for locks. Above 1,000 claims it now takes one lock that
excludes every other flush (the others share it, and keep their per-claim locks). And its
statements found their claims with `= ANY (claim_ids)`, which PostgreSQL searches linearly for
each row when the array is a parameter (n² again); they join with the array now.
"""

import importlib

from django.db import migrations

ROLLUP = importlib.import_module("claims.migrations.0006_quantity_summary_rollup")


def flush_of_0006() -> str:
    """0006's claims_summary_flush(), as it created it (its ON CONFLICT key filled in)."""
    functions = ROLLUP.FUNCTIONS.replace("{ROLLUP_KEY}", ROLLUP.ROLLUP_KEY)
    start = functions.index("CREATE FUNCTION claims_summary_flush()")
    end = functions.index("$$;\n", start) + len("$$;\n")
    return functions[start:end].replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")


LOCK_PER_CLAIM = """    PERFORM pg_advisory_xact_lock(1398099273, (claim_id % 2147483647)::integer)
    FROM unnest(claim_ids) AS claim_id;
"""
# A flush of many claims (an import) takes one lock that excludes every other flush instead: a
# lock per claim would overflow PostgreSQL's lock table (max_locks_per_transaction) long before
# 100,000 claims. The others share that lock, and keep their per-claim locks.
LOCK = """    IF cardinality(claim_ids) > 1000 THEN
        PERFORM pg_advisory_xact_lock(1398099274);
    ELSE
        PERFORM pg_advisory_xact_lock_shared(1398099274);
        PERFORM pg_advisory_xact_lock(1398099273, (claim_id % 2147483647)::integer)
        FROM unnest(claim_ids) AS claim_id;
    END IF;
"""


def flush() -> str:
    old = flush_of_0006()
    assert LOCK_PER_CLAIM in old and "= ANY (claim_ids)" in old
    return old.replace(LOCK_PER_CLAIM, LOCK).replace(
        "= ANY (claim_ids)", "IN (SELECT unnest(claim_ids))"
    )


FORWARD = """
CREATE UNLOGGED TABLE claims_summary_dirty (xact xid8 PRIMARY KEY);

CREATE OR REPLACE FUNCTION claims_summary_note(claim_ids bigint[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO claims_summary_pending (xact, claim_id)
    SELECT DISTINCT pg_current_xact_id(), claim_id FROM unnest(claim_ids) AS claim_id
    WHERE claim_id IS NOT NULL
    ON CONFLICT DO NOTHING;
    INSERT INTO claims_summary_dirty (xact) VALUES (pg_current_xact_id()) ON CONFLICT DO NOTHING;
$$;

CREATE OR REPLACE FUNCTION claims_summary_flush_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM claims_summary_dirty WHERE xact = NEW.xact;
    PERFORM claims_summary_flush();
    RETURN NULL;
END;
$$;

DROP TRIGGER claims_summary_flush ON claims_summary_pending;
CREATE CONSTRAINT TRIGGER claims_summary_flush AFTER INSERT ON claims_summary_dirty
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION claims_summary_flush_at_commit();
"""

BACKWARD = """
DROP TRIGGER claims_summary_flush ON claims_summary_dirty;
CREATE CONSTRAINT TRIGGER claims_summary_flush AFTER INSERT ON claims_summary_pending
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION claims_summary_flush_at_commit();

CREATE OR REPLACE FUNCTION claims_summary_flush_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM claims_summary_flush();
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION claims_summary_note(claim_ids bigint[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO claims_summary_pending (xact, claim_id)
    SELECT DISTINCT pg_current_xact_id(), claim_id FROM unnest(claim_ids) AS claim_id
    WHERE claim_id IS NOT NULL
    ON CONFLICT DO NOTHING;
$$;

DROP TABLE claims_summary_dirty;
"""


class Migration(migrations.Migration):
    dependencies = [("claims", "0007_claim_imports")]

    operations = [
        migrations.RunSQL(FORWARD, BACKWARD),
        migrations.RunSQL(flush(), flush_of_0006()),
    ]
