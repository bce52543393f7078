"""Who may do what over the API: reading needs a signed-in user (or nobody, with PUBLIC_READ on);
writing always needs the user's model permissions (the Editors, Verifiers, Viewers groups)."""

from django.conf import settings
from rest_framework.permissions import SAFE_METHODS, DjangoModelPermissions


class ReadOrModelPermission(DjangoModelPermissions):
    perms_map = {
        **DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
    }

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            if settings.PUBLIC_READ:
                return True
            return bool(request.user and request.user.is_authenticated)
        return super().has_permission(request, view)
