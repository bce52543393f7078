"""Signing in over the API: a username and a password for a token."""

from rest_framework.authtoken.serializers import AuthTokenSerializer

from claims.api.fields import guard_text_fields


class TokenSerializer(AuthTokenSerializer):
    """DRF's username and password, refusing text the user table cannot be searched for."""

    def get_fields(self):
        fields = super().get_fields()
        guard_text_fields(fields)
        return fields
