from rest_framework import serializers

from tacoord.core.api.serializers import ChangeLoggedSerializer
from tacoord.users.models import User


class UserSerializer(ChangeLoggedSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="user-detail")

    class Meta:
        model = User
        fields = ["id", "url", "username", "first_name", "last_name", "email", "job_title", "phone", "language",
                  "role", "organisation", "is_active", "archived_at", "created", "last_updated"]
        read_only_fields = ["is_active", "archived_at", "created", "last_updated"]
        validators = []
        extra_kwargs = {"username": {"validators": []}}
