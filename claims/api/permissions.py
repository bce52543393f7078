"""Who may do what over the API: reading needs a signed-in user (or nobody, with PUBLIC_READ on);
writing always needs the user's model permissions (the Editors, Verifiers, Viewers groups), and
reviewing a claim the verify permission."""

from django.conf import settings
from rest_framework.permissions import SAFE_METHODS, BasePermission, DjangoModelPermissions

from claims.verification import can_verify


def may_read(request) -> bool:
    return settings.PUBLIC_READ or bool(request.user and request.user.is_authenticated)


class ReadOrModelPermission(DjangoModelPermissions):
    perms_map = {
        **DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
    }

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return may_read(request)
        return super().has_permission(request, view)


class MayReview(BasePermission):
    """Reading a claim's reviews is reading; recording one needs claims.verify_claim."""

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return may_read(request)
        return can_verify(request.user)
