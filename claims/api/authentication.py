"""Token authentication as DRF's, its lookup a prepared statement (claims.statements).

DRF looks a token up with `Token.objects.select_related("user").get(key=key)` on every request:
building that query costs more than running it. The rules stay DRF's: an unknown token and an
inactive user are refused with DRF's messages.

The same statement reads the database's change count (claims/changes.py), which every read's
ETag is made of (claims/api/caching.py): one round trip, not two, before a page is read. It is
read before the page's rows, as the count must be.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from claims import statements
from claims.changes import COUNTED

User = get_user_model()
USER_FIELDS = [field.attname for field in User._meta.concrete_fields]
TOKEN_FIELDS = [field.attname for field in Token._meta.concrete_fields]
# A token's and its user's columns, and the join they are read from (t.key names the token):
# this statement's, and the one of a claim's detail read with its token (claims.api.detail).
TOKEN_COLUMNS = ", ".join(
    [f't."{field.column}"' for field in Token._meta.concrete_fields]
    + [f'u."{field.column}"' for field in User._meta.concrete_fields]
)
TOKEN_JOIN = "{tokens} t JOIN {users} u ON u.{pk} = t.{user_id}".format(
    tokens=Token._meta.db_table,
    users=User._meta.db_table,
    pk=User._meta.pk.column,
    user_id=Token._meta.get_field("user").column,
)
TOKEN_WIDTH = len(TOKEN_FIELDS) + len(USER_FIELDS)
TOKEN_KEY = "t.{key}".format(key=Token._meta.get_field("key").column)
TOKEN = f"SELECT {TOKEN_COLUMNS}, {COUNTED} FROM {TOKEN_JOIN} WHERE {TOKEN_KEY} = %(key)s"


def may_hold(key: str) -> bool:
    """Whether a token could have this key: PostgreSQL's text cannot hold a NUL, so none has."""
    return "\x00" not in key


def credentials(row) -> tuple:
    """The user and token of a row that starts with TOKEN_COLUMNS, as DRF's TokenAuthentication
    gives them; refused as `user_of` refuses them."""
    user = user_of(row)
    token = Token.from_db("default", TOKEN_FIELDS, row[: len(TOKEN_FIELDS)])
    token.user = user
    return (user, token)


def user_of(row):
    """The user of a token's row (TOKEN_COLUMNS): an unknown token (no row, or a row of NULLs)
    and an inactive user are refused with DRF's messages."""
    if row is None or row[0] is None:
        raise exceptions.AuthenticationFailed(_("Invalid token."))
    user = User.from_db("default", USER_FIELDS, row[len(TOKEN_FIELDS) : TOKEN_WIDTH])
    if not user.is_active:
        raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
    return user


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key):
        row = None
        if may_hold(key):
            with statements.cursor() as cursor:
                cursor.execute(TOKEN, {"key": key})
                row = cursor.fetchone()
        user, token = credentials(row)
        token.change_count = row[TOKEN_WIDTH]
        return (user, token)
