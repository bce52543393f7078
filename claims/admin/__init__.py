"""The editors' desk in the Django admin: claims (`claims.admin.claims`) and what they refer to
(`claims.admin.references`). Importing the modules registers their admins."""

from django.contrib import admin

from claims.admin import claims, references  # noqa: F401

admin.site.site_header = "Claims desk"
admin.site.site_title = "Claims desk"
admin.site.index_title = "Claims, their sources and their verification"
# The home page links to the dashboard of charts (claims.admin.dashboard, /admin/dashboard/).
admin.site.index_template = "admin/claims/index.html"
