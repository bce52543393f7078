"""The tables /api/quantities/summary/ reads (claims/aggregates.py), kept by triggers.

- claims_summary_ledger: what each counted claim contributes, one row per claim and (item,
  outcome) of its quantities (one row with both NULL for a claim without quantities), with the
  claim's attributes a summary filters or groups on and its quantities' bounds summed. The one
  home of the two rules of a summary: which claims count (not one that duplicates another, not
  one a newer claim updates) and how a quantity's range is bounded.
- claims_summary_rollup: the ledger summed per those attributes, at four grains ("claim", "item",
  "outcome", "item_outcome"), so `claims` stays a count of distinct claims at each. A summary
  over a million claims reads a few thousand rows.
- Row triggers on claims, quantities and links only note the claims they touch
  (claims_summary_pending); a deferred trigger recomputes those claims once, at commit: under an
  advisory lock per claim taken in order, with one upsert of the rollup in key order, so
  concurrent writers neither double-count nor deadlock each other. Needs READ COMMITTED
  (Django's default).
- claims_summary_rebuild() recomputes everything: after loading data with triggers disabled
  (session_replication_role = replica), and after a TRUNCATE of the claim tables.
"""

from django.db import migrations

ROLLUP_KEY = (
    "grain, (coalesce(item, repeat('~', 101))), (coalesce(outcome, repeat('~', 21))), "
    "(coalesce(side_id, 0)), status, topic, (coalesce(occurred_on, '-infinity'::date)), "
    "source_id, (coalesce(event_id, 0))"
)

BOUNDS = """
-- A quantity's range: exact and approximate figures are their own bounds; "at most N" and
-- "fewer than N" without a stated bound are [0, N]; "at least N", "more than N" and vague
-- amounts without one have no ceiling (open-ended: they add to the lower bound only).
CREATE FUNCTION claims_quantity_lower(value numeric, upper numeric, qualifier text)
RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN upper IS NULL AND qualifier IN ('at_most', 'fewer_than') THEN 0
                ELSE value END
$$;
CREATE FUNCTION claims_quantity_upper(value numeric, upper numeric, qualifier text)
RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN upper IS NOT NULL THEN upper
                WHEN qualifier IN ('exact', 'approximately', 'at_most', 'fewer_than') THEN value
           END
$$;
CREATE FUNCTION claims_quantity_open_ended(upper numeric, qualifier text)
RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT upper IS NULL AND qualifier IN ('at_least', 'more_than', 'vague')
$$;
"""

TABLES = """
CREATE TABLE claims_summary_ledger (
    claim_id bigint NOT NULL,
    side_id bigint,
    source_id bigint NOT NULL,
    event_id bigint,
    status varchar(20) NOT NULL,
    topic varchar(20) NOT NULL,
    occurred_on date,
    item varchar(100),
    outcome varchar(20),
    quantities integer NOT NULL,
    lower numeric NOT NULL,
    upper numeric NOT NULL,
    open_ended integer NOT NULL,
    -- True only inside claims_summary_flush(), for the rows just computed.
    fresh boolean NOT NULL DEFAULT false
);
CREATE INDEX claims_summary_ledger_claim_idx ON claims_summary_ledger (claim_id);

CREATE TABLE claims_summary_rollup (
    grain varchar(12) NOT NULL
        CHECK (grain IN ('claim', 'item', 'outcome', 'item_outcome')),
    side_id bigint,
    source_id bigint NOT NULL,
    event_id bigint,
    status varchar(20) NOT NULL,
    topic varchar(20) NOT NULL,
    occurred_on date,
    item varchar(100),
    outcome varchar(20),
    claims bigint NOT NULL,
    quantities bigint NOT NULL,
    lower numeric NOT NULL,
    upper numeric NOT NULL,
    open_ended bigint NOT NULL
);
-- One row per key, NULL being a value of its own (PostgreSQL 13 has no NULLS NOT DISTINCT):
-- each NULL stands for what no row can hold (ids start at 1; an item or outcome one character
-- longer than its column).
CREATE UNIQUE INDEX claims_summary_rollup_key ON claims_summary_rollup ({ROLLUP_KEY});
-- A summary of one item and/or outcome reads only its rows (the key holds coalesce()s).
CREATE INDEX claims_summary_rollup_item_idx ON claims_summary_rollup (grain, item, outcome);

-- The claims a transaction changed, recomputed when it commits. Unlogged: after a crash, the
-- transactions that noted them are gone too.
CREATE UNLOGGED TABLE claims_summary_pending (
    xact xid8 NOT NULL,
    claim_id bigint NOT NULL,
    PRIMARY KEY (xact, claim_id)
);
"""

VIEWS = """
-- What each counted claim contributes, computed from the claim tables.
CREATE VIEW claims_summary_contribution AS
SELECT claim.id AS claim_id, claim.side_id, claim.source_id, claim.event_id, claim.status,
       claim.topic, claim.occurred_on, quantity.item, quantity.outcome,
       count(quantity.id)::integer AS quantities,
       coalesce(sum(claims_quantity_lower(quantity.value, quantity.upper, quantity.qualifier)),
                0) AS lower,
       coalesce(sum(claims_quantity_upper(quantity.value, quantity.upper, quantity.qualifier)),
                0) AS upper,
       (count(*) FILTER (WHERE claims_quantity_open_ended(quantity.upper, quantity.qualifier))
       )::integer AS open_ended
FROM claims_claim claim
LEFT JOIN claims_quantity quantity ON quantity.claim_id = claim.id
WHERE NOT EXISTS (SELECT FROM claims_claimlink link
                  WHERE link.from_claim_id = claim.id AND link.relation = 'duplicates')
  AND NOT EXISTS (SELECT FROM claims_claimlink link
                  WHERE link.to_claim_id = claim.id AND link.relation = 'updates')
GROUP BY claim.id, quantity.item, quantity.outcome;

-- The ledger's rows at each grain of the rollup, per claim: a claim counts once per grain key.
CREATE VIEW claims_summary_grains AS
SELECT claim_id, fresh, 'item_outcome' AS grain, side_id, source_id, event_id, status, topic,
       occurred_on, item, outcome, 1 AS claims, quantities::bigint AS quantities, lower, upper,
       open_ended::bigint AS open_ended
FROM claims_summary_ledger
UNION ALL
SELECT claim_id, fresh, 'item', side_id, source_id, event_id, status, topic, occurred_on, item,
       NULL, 1, sum(quantities), sum(lower), sum(upper), sum(open_ended)
FROM claims_summary_ledger
GROUP BY claim_id, fresh, side_id, source_id, event_id, status, topic, occurred_on, item
UNION ALL
SELECT claim_id, fresh, 'outcome', side_id, source_id, event_id, status, topic, occurred_on,
       NULL, outcome, 1, sum(quantities), sum(lower), sum(upper), sum(open_ended)
FROM claims_summary_ledger
GROUP BY claim_id, fresh, side_id, source_id, event_id, status, topic, occurred_on, outcome
UNION ALL
SELECT claim_id, fresh, 'claim', side_id, source_id, event_id, status, topic, occurred_on,
       NULL, NULL, 1, sum(quantities), sum(lower), sum(upper), sum(open_ended)
FROM claims_summary_ledger
GROUP BY claim_id, fresh, side_id, source_id, event_id, status, topic, occurred_on;
"""

FUNCTIONS = """
-- Recompute the claims this transaction noted: their old ledger rows out of the rollup, their
-- new ones in, in one upsert in key order.
CREATE FUNCTION claims_summary_flush() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    current_xact xid8 := pg_current_xact_id_if_assigned();
    claim_ids bigint[];
    emptied tid[];
BEGIN
    IF current_xact IS NULL THEN
        RETURN;
    END IF;
    WITH pending AS (
        DELETE FROM claims_summary_pending WHERE xact = current_xact RETURNING claim_id
    )
    SELECT array_agg(claim_id ORDER BY claim_id % 2147483647) INTO claim_ids FROM pending;
    IF claim_ids IS NULL THEN
        RETURN;
    END IF;
    -- One writer per claim at a time; each statement below then sees what the last one
    -- committed.
    PERFORM pg_advisory_xact_lock(1398099273, (claim_id % 2147483647)::integer)
    FROM unnest(claim_ids) AS claim_id;

    INSERT INTO claims_summary_ledger
        (claim_id, side_id, source_id, event_id, status, topic, occurred_on, item, outcome,
         quantities, lower, upper, open_ended, fresh)
    SELECT claim_id, side_id, source_id, event_id, status, topic, occurred_on, item, outcome,
           quantities, lower, upper, open_ended, true
    FROM claims_summary_contribution WHERE claim_id = ANY (claim_ids);

    WITH changed AS (
        INSERT INTO claims_summary_rollup AS rollup
            (grain, item, outcome, side_id, status, topic, occurred_on, source_id, event_id,
             claims, quantities, lower, upper, open_ended)
        SELECT grain, item, outcome, side_id, status, topic, occurred_on, source_id, event_id,
               sum(sign * claims), sum(sign * quantities), sum(sign * lower),
               sum(sign * upper), sum(sign * open_ended)
        FROM (SELECT *, CASE WHEN fresh THEN 1 ELSE -1 END AS sign
              FROM claims_summary_grains WHERE claim_id = ANY (claim_ids)) AS changes
        GROUP BY grain, item, outcome, side_id, status, topic, occurred_on, source_id, event_id
        HAVING sum(sign * claims) <> 0 OR sum(sign * quantities) <> 0
            OR sum(sign * lower) <> 0 OR sum(sign * upper) <> 0 OR sum(sign * open_ended) <> 0
        ORDER BY grain, item, outcome, side_id, status, topic, occurred_on, source_id, event_id
        ON CONFLICT ({ROLLUP_KEY}) DO UPDATE SET
            claims = rollup.claims + excluded.claims,
            quantities = rollup.quantities + excluded.quantities,
            lower = rollup.lower + excluded.lower,
            upper = rollup.upper + excluded.upper,
            open_ended = rollup.open_ended + excluded.open_ended
        RETURNING rollup.ctid, rollup.claims
    )
    SELECT array_agg(ctid) INTO emptied FROM changed WHERE claims = 0;
    -- A group whose last claim left (every total is then 0).
    DELETE FROM claims_summary_rollup WHERE ctid = ANY (emptied);

    DELETE FROM claims_summary_ledger WHERE claim_id = ANY (claim_ids) AND NOT fresh;
    UPDATE claims_summary_ledger SET fresh = false WHERE claim_id = ANY (claim_ids) AND fresh;
END;
$$;

CREATE FUNCTION claims_summary_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE claims_summary_ledger, claims_summary_rollup;
    INSERT INTO claims_summary_ledger
        (claim_id, side_id, source_id, event_id, status, topic, occurred_on, item, outcome,
         quantities, lower, upper, open_ended)
    SELECT claim_id, side_id, source_id, event_id, status, topic, occurred_on, item, outcome,
           quantities, lower, upper, open_ended
    FROM claims_summary_contribution;
    INSERT INTO claims_summary_rollup
        (grain, item, outcome, side_id, status, topic, occurred_on, source_id, event_id,
         claims, quantities, lower, upper, open_ended)
    SELECT grain, item, outcome, side_id, status, topic, occurred_on, source_id, event_id,
           sum(claims), sum(quantities), sum(lower), sum(upper), sum(open_ended)
    FROM claims_summary_grains
    GROUP BY grain, item, outcome, side_id, status, topic, occurred_on, source_id, event_id;
    ANALYZE claims_summary_ledger;
    ANALYZE claims_summary_rollup;
END;
$$;

CREATE FUNCTION claims_summary_note(claim_ids bigint[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO claims_summary_pending (xact, claim_id)
    SELECT DISTINCT pg_current_xact_id(), claim_id FROM unnest(claim_ids) AS claim_id
    WHERE claim_id IS NOT NULL
    ON CONFLICT DO NOTHING;
$$;

CREATE FUNCTION claims_summary_note_claim() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM claims_summary_note(ARRAY[OLD.id]);
    ELSE
        PERFORM claims_summary_note(ARRAY[NEW.id]);
    END IF;
    RETURN NULL;
END;
$$;

CREATE FUNCTION claims_summary_note_quantity() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM claims_summary_note(ARRAY[NEW.claim_id]);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM claims_summary_note(ARRAY[OLD.claim_id]);
    ELSE
        PERFORM claims_summary_note(ARRAY[OLD.claim_id, NEW.claim_id]);
    END IF;
    RETURN NULL;
END;
$$;

CREATE FUNCTION claims_summary_note_link() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM claims_summary_note(ARRAY[NEW.from_claim_id, NEW.to_claim_id]);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM claims_summary_note(ARRAY[OLD.from_claim_id, OLD.to_claim_id]);
    ELSE
        PERFORM claims_summary_note(
            ARRAY[OLD.from_claim_id, OLD.to_claim_id, NEW.from_claim_id, NEW.to_claim_id]
        );
    END IF;
    RETURN NULL;
END;
$$;

CREATE FUNCTION claims_summary_flush_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM claims_summary_flush();  -- the first one recomputes them all; the rest find none
    RETURN NULL;
END;
$$;

CREATE FUNCTION claims_summary_rebuild_after_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM claims_summary_rebuild();
    RETURN NULL;
END;
$$;
"""

TRIGGERS = """
CREATE TRIGGER claims_summary_claim AFTER INSERT OR DELETE ON claims_claim
    FOR EACH ROW EXECUTE FUNCTION claims_summary_note_claim();
CREATE TRIGGER claims_summary_claim_change AFTER UPDATE ON claims_claim
    FOR EACH ROW WHEN (
        (OLD.side_id, OLD.source_id, OLD.event_id, OLD.status, OLD.topic, OLD.occurred_on)
        IS DISTINCT FROM
        (NEW.side_id, NEW.source_id, NEW.event_id, NEW.status, NEW.topic, NEW.occurred_on)
    ) EXECUTE FUNCTION claims_summary_note_claim();
CREATE TRIGGER claims_summary_quantity AFTER INSERT OR DELETE ON claims_quantity
    FOR EACH ROW EXECUTE FUNCTION claims_summary_note_quantity();
CREATE TRIGGER claims_summary_quantity_change AFTER UPDATE ON claims_quantity
    FOR EACH ROW WHEN (
        (OLD.claim_id, OLD.value, OLD.upper, OLD.qualifier, OLD.item, OLD.outcome)
        IS DISTINCT FROM
        (NEW.claim_id, NEW.value, NEW.upper, NEW.qualifier, NEW.item, NEW.outcome)
    ) EXECUTE FUNCTION claims_summary_note_quantity();
CREATE TRIGGER claims_summary_link AFTER INSERT OR DELETE ON claims_claimlink
    FOR EACH ROW EXECUTE FUNCTION claims_summary_note_link();
CREATE TRIGGER claims_summary_link_change AFTER UPDATE ON claims_claimlink
    FOR EACH ROW WHEN (
        (OLD.from_claim_id, OLD.to_claim_id, OLD.relation)
        IS DISTINCT FROM (NEW.from_claim_id, NEW.to_claim_id, NEW.relation)
    ) EXECUTE FUNCTION claims_summary_note_link();
CREATE CONSTRAINT TRIGGER claims_summary_flush AFTER INSERT ON claims_summary_pending
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION claims_summary_flush_at_commit();
CREATE TRIGGER claims_summary_truncate_claim AFTER TRUNCATE ON claims_claim
    FOR EACH STATEMENT EXECUTE FUNCTION claims_summary_rebuild_after_truncate();
CREATE TRIGGER claims_summary_truncate_quantity AFTER TRUNCATE ON claims_quantity
    FOR EACH STATEMENT EXECUTE FUNCTION claims_summary_rebuild_after_truncate();
CREATE TRIGGER claims_summary_truncate_link AFTER TRUNCATE ON claims_claimlink
    FOR EACH STATEMENT EXECUTE FUNCTION claims_summary_rebuild_after_truncate();
"""

DROP = """
DROP TRIGGER claims_summary_truncate_link ON claims_claimlink;
DROP TRIGGER claims_summary_truncate_quantity ON claims_quantity;
DROP TRIGGER claims_summary_truncate_claim ON claims_claim;
DROP TRIGGER claims_summary_link_change ON claims_claimlink;
DROP TRIGGER claims_summary_link ON claims_claimlink;
DROP TRIGGER claims_summary_quantity_change ON claims_quantity;
DROP TRIGGER claims_summary_quantity ON claims_quantity;
DROP TRIGGER claims_summary_claim_change ON claims_claim;
DROP TRIGGER claims_summary_claim ON claims_claim;
DROP TABLE claims_summary_pending;
DROP FUNCTION claims_summary_rebuild_after_truncate();
DROP FUNCTION claims_summary_flush_at_commit();
DROP FUNCTION claims_summary_note_link();
DROP FUNCTION claims_summary_note_quantity();
DROP FUNCTION claims_summary_note_claim();
DROP FUNCTION claims_summary_note(bigint[]);
DROP FUNCTION claims_summary_rebuild();
DROP FUNCTION claims_summary_flush();
DROP VIEW claims_summary_grains;
DROP VIEW claims_summary_contribution;
DROP TABLE claims_summary_rollup;
DROP TABLE claims_summary_ledger;
DROP FUNCTION claims_quantity_open_ended(numeric, text);
DROP FUNCTION claims_quantity_upper(numeric, numeric, text);
DROP FUNCTION claims_quantity_lower(numeric, numeric, text);
"""


class Migration(migrations.Migration):
    dependencies = [("claims", "0005_claim_history_label_index")]

    operations = [
        migrations.RunSQL(
            (BOUNDS + TABLES + VIEWS + FUNCTIONS + TRIGGERS).replace("{ROLLUP_KEY}", ROLLUP_KEY)
            + "SELECT claims_summary_rebuild();",
            DROP,
        ),
    ]
