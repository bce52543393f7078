"""How many writing transactions the database has committed, as this connection sees it: the
change counter of migration 0014, bumped by triggers in the same transaction as any change to a
row the API shows. Two reads that see the same count see the same rows."""

from django.db import connection

# The rows migration 0014 made, read through their index: under a burst of writes their
# versions can spread over many pages until vacuumed, and a scan of the table would read them all.
SLOTS = 16
# It also clears the transaction's "counted" mark, so a transaction that has read the count and
# writes again counts again: what it reads next differs (a request of a test, inside the test's
# transaction, is one; in autocommit the mark goes with the statement's own transaction).
COUNTED = f"""(SELECT sum(changes) FROM claims_change WHERE slot >= 0 AND slot < {SLOTS})::bigint,
       set_config('claims.change_counted', '', true)"""
COUNT = f"SELECT {COUNTED}"


def change_count() -> int:
    """The committed count (with this transaction's own changes). Read it before the rows it
    stands for: rows read after it are at least as new, so a validator built on it is never
    newer than the page it validates."""
    with connection.cursor() as cursor:
        cursor.execute(COUNT)
        return cursor.fetchone()[0]
