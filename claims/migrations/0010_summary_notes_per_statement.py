"""Note the claims an INSERT or DELETE changes once per statement, not once per row.

0006 noted each inserted or deleted claim and quantity for the summaries with a row trigger: two
small inserts per row, about 5 s of an import of 100,000 claims with their quantities. Statement
triggers read the statement's rows from its transition table and note them at once. Updates keep
their row triggers, which fire only when a summed column changes.
"""

from django.db import migrations

FORWARD = """
CREATE FUNCTION claims_summary_note_claims() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM claims_summary_note(ARRAY(SELECT id FROM changed));
    RETURN NULL;
END;
$$;

CREATE FUNCTION claims_summary_note_quantities() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM claims_summary_note(ARRAY(SELECT DISTINCT claim_id FROM changed));
    RETURN NULL;
END;
$$;

DROP TRIGGER claims_summary_claim ON claims_claim;
CREATE TRIGGER claims_summary_claims_inserted AFTER INSERT ON claims_claim
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION claims_summary_note_claims();
CREATE TRIGGER claims_summary_claims_deleted AFTER DELETE ON claims_claim
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION claims_summary_note_claims();

DROP TRIGGER claims_summary_quantity ON claims_quantity;
CREATE TRIGGER claims_summary_quantities_inserted AFTER INSERT ON claims_quantity
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION claims_summary_note_quantities();
CREATE TRIGGER claims_summary_quantities_deleted AFTER DELETE ON claims_quantity
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION claims_summary_note_quantities();
"""

BACKWARD = """
DROP TRIGGER claims_summary_quantities_deleted ON claims_quantity;
DROP TRIGGER claims_summary_quantities_inserted ON claims_quantity;
CREATE TRIGGER claims_summary_quantity AFTER INSERT OR DELETE ON claims_quantity
    FOR EACH ROW EXECUTE FUNCTION claims_summary_note_quantity();

DROP TRIGGER claims_summary_claims_deleted ON claims_claim;
DROP TRIGGER claims_summary_claims_inserted ON claims_claim;
CREATE TRIGGER claims_summary_claim AFTER INSERT OR DELETE ON claims_claim
    FOR EACH ROW EXECUTE FUNCTION claims_summary_note_claim();

DROP FUNCTION claims_summary_note_quantities();
DROP FUNCTION claims_summary_note_claims();
"""


class Migration(migrations.Migration):
    dependencies = [("claims", "0009_history_per_statement")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
