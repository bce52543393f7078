"""Signing in over the API: a username and a password for a token."""

from django.contrib.auth import get_user_model
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer

from claims.api.fields import guard_text_fields

# Longer than any password a person types or a manager generates; hashing is never fed megabytes.
PASSWORD_MAX_LENGTH = 4_096


class TokenSerializer(AuthTokenSerializer):
    """DRF's username and password, bounded, refusing text the user table cannot be searched for."""

    username = serializers.CharField(
        label="Username",
        write_only=True,
        max_length=get_user_model()._meta.get_field(get_user_model().USERNAME_FIELD).max_length,
    )
    password = serializers.CharField(
        label="Password",
        style={"input_type": "password"},
        trim_whitespace=False,
        write_only=True,
        max_length=PASSWORD_MAX_LENGTH,
    )

    def get_fields(self):
        fields = super().get_fields()
        guard_text_fields(fields)
        return fields
