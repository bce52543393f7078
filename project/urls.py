from django.contrib import admin
from django.urls import include, path

from claims.admin.dashboard import dashboard_view

urlpatterns = [
    # Before the admin's own URLs, which would answer /admin/dashboard/ with a 404.
    path("admin/dashboard/", admin.site.admin_view(dashboard_view), name="admin_dashboard"),
    path("admin/", admin.site.urls),
    path("api/", include("claims.api.urls")),
]
