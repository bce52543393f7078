"""Searching words as written too: the search vector gets every word in the `simple`
configuration (weight D) besides its English stems, so English stop words ("not", "the") can be
searched for. Both triggers that keep the vector take the new expression, every claim's vector
is recomputed, and SQL's `claim_search_term(text)` makes a search's terms (claims.search).

The recomputation rewrites the table (ALTER COLUMN ... TYPE ... USING) rather than UPDATE every
row: no trigger fires (nothing but the vector changes: no history, no summaries), no dead row
is left, and the indexes are rebuilt once; the table is locked meanwhile (about a minute at a
million claims). Then VACUUM ANALYZE, which cannot run in a transaction: hence `atomic = False`.
"""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations


# The expression as this migration sets it (frozen here: claims.models.base may change later),
# with the source's name read by a function, as a rewrite's USING takes no subquery.
def vector_sql(simple: bool) -> str:
    parts = [("english", "text", "A"), ("english", "quote", "B"), ("english", "source_name", "C")]
    if simple:
        parts += [("simple", "text", "D"), ("simple", "quote", "D"), ("simple", "source_name", "D")]
    vector = " || ".join(
        f"setweight(to_tsvector('{config}', coalesce({column}, '')), '{weight}')"
        for config, column, weight in parts
    ).replace("source_name", "pg_temp.claim_source_name(source_id)")
    return f"""
        CREATE FUNCTION pg_temp.claim_source_name(bigint) RETURNS text LANGUAGE sql STABLE
            AS $$ SELECT name FROM claims_source WHERE id = $1 $$;
        ALTER TABLE claims_claim ALTER COLUMN search_vector TYPE tsvector USING {vector};
        DROP FUNCTION pg_temp.claim_source_name(bigint);
    """


# One term of a search (a word or a "quoted phrase", claims.search): its English form, unless
# English drops stop words from it, then its form as written. Immutable, so the planner computes
# it once, and estimates its matches from the vector's statistics.
SEARCH_TERM_SQL = """
    CREATE FUNCTION claim_search_term(term text) RETURNS tsquery
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$
            SELECT CASE WHEN numnode(english) < numnode(simple) THEN simple ELSE english END
            FROM (
                SELECT websearch_to_tsquery('english', term) AS english,
                       websearch_to_tsquery('simple', term) AS simple
            ) AS forms
        $$;
"""


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("claims", "0012_event_summary_index"),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name="claim",
            name="claim_search_vector",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="source",
            name="source_rename_refreshes_claims",
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="claim",
            trigger=pgtrigger.compiler.Trigger(
                name="claim_search_vector",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="NEW.search_vector := \n    setweight(to_tsvector('english', coalesce(NEW.text, '')), 'A')\n    || setweight(to_tsvector('english', coalesce(NEW.quote, '')), 'B')\n    || setweight(to_tsvector('english', coalesce((SELECT name FROM claims_source WHERE id = NEW.source_id), '')), 'C')\n    || setweight(to_tsvector('simple', coalesce(NEW.text, '')), 'D')\n    || setweight(to_tsvector('simple', coalesce(NEW.quote, '')), 'D')\n    || setweight(to_tsvector('simple', coalesce((SELECT name FROM claims_source WHERE id = NEW.source_id), '')), 'D')\n; RETURN NEW;",
                    hash="e6163731c5d2177c67d66ebd014e7d574e57ec76",
                    operation='INSERT OR UPDATE OF "text", "quote", "source_id"',
                    pgid="pgtrigger_claim_search_vector_3e055",
                    table="claims_claim",
                    when="BEFORE",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="source",
            trigger=pgtrigger.compiler.Trigger(
                name="source_rename_refreshes_claims",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="UPDATE claims_claim SET search_vector = \n    setweight(to_tsvector('english', coalesce(text, '')), 'A')\n    || setweight(to_tsvector('english', coalesce(quote, '')), 'B')\n    || setweight(to_tsvector('english', coalesce(NEW.name, '')), 'C')\n    || setweight(to_tsvector('simple', coalesce(text, '')), 'D')\n    || setweight(to_tsvector('simple', coalesce(quote, '')), 'D')\n    || setweight(to_tsvector('simple', coalesce(NEW.name, '')), 'D')\n WHERE source_id = NEW.id; RETURN NULL;",
                    hash="5dcb00f181816aa4de2b366bffc6db176a87db05",
                    operation='UPDATE OF "name"',
                    pgid="pgtrigger_source_rename_refreshes_claims_3d3ef",
                    table="claims_source",
                    when="AFTER",
                ),
            ),
        ),
        migrations.RunSQL(SEARCH_TERM_SQL, reverse_sql="DROP FUNCTION claim_search_term(text)"),
        migrations.RunSQL(vector_sql(simple=True), reverse_sql=vector_sql(simple=False)),
        migrations.RunSQL("VACUUM ANALYZE claims_claim", reverse_sql=migrations.RunSQL.noop),
    ]
