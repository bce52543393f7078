"""What the API's serializers share: guarded text fields, desk-only fields, constraint messages."""

from rest_framework import serializers

from claims.api.fields import guard_text_fields


class Serializer(serializers.Serializer):
    """A Serializer whose text fields all take only text PostgreSQL can store."""

    def get_fields(self):
        fields = super().get_fields()
        guard_text_fields(fields)
        return fields


class ModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer whose text fields all refuse what PostgreSQL cannot store."""

    def get_fields(self):
        fields = super().get_fields()
        guard_text_fields(fields)
        return fields


def without_desk_only_fields(serializer, representation: dict) -> dict:
    """Leave out the serializer's `desk_only_fields` (who did what) for anonymous readers."""
    request = serializer.context.get("request")
    if request is None or not request.user.is_authenticated:
        for name in serializer.desk_only_fields:
            representation.pop(name, None)
    return representation


def constraint_message(model, name: str) -> str:
    """The message a model constraint reports, so the API and the admin say the same thing."""
    for constraint in model._meta.constraints:
        if constraint.name == name:
            return str(constraint.violation_error_message)
    raise LookupError(name)
