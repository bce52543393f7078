"""Parties: the sides in a conflict, known everywhere in the API by their slug."""

from claims.api.serializers.base import ModelSerializer
from claims.models import Party


class PartySerializer(ModelSerializer):
    """A side in a conflict, known everywhere in the API by its slug."""

    class Meta:
        model = Party
        fields = ["slug", "name"]
