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
TOKEN = """SELECT {token}, {user}, {counted}
FROM {tokens} t JOIN {users} u ON u.{pk} = t.{user_id}
WHERE t.{key} = %s""".format(
    counted=COUNTED,
    token=", ".join(f't."{field.column}"' for field in Token._meta.concrete_fields),
    user=", ".join(f'u."{field.column}"' for field in User._meta.concrete_fields),
    tokens=Token._meta.db_table,
    users=User._meta.db_table,
    pk=User._meta.pk.column,
    user_id=Token._meta.get_field("user").column,
    key=Token._meta.get_field("key").column,
)


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key):
        row = None
        if "\x00" not in key:  # PostgreSQL's text cannot hold it: no token has it
            with statements.cursor() as cursor:
                cursor.execute(TOKEN, [key])
                row = cursor.fetchone()
        if row is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        token = Token.from_db("default", TOKEN_FIELDS, row[: len(TOKEN_FIELDS)])
        token.user = User.from_db(
            "default", USER_FIELDS, row[len(TOKEN_FIELDS) : len(TOKEN_FIELDS) + len(USER_FIELDS)]
        )
        token.change_count = row[len(TOKEN_FIELDS) + len(USER_FIELDS)]
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return (token.user, token)
