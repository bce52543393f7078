"""The claims list's "Export these claims": what the list shows with its filters, search and
order (every page of it) as the claims CSV of the API, for every account that may view claims."""

from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import BadRequest, PermissionDenied

from claims.exports import attachment, claim_csv


def export_view(claim_admin, request):
    """The CSV of the list's own queryset (ChangeList), streamed; `bom=true` starts it with a
    byte order mark for Excel."""
    if not claim_admin.has_view_or_change_permission(request):
        raise PermissionDenied
    list_query = request.GET.copy()
    bom = list_query.pop("bom", [""])[-1] in ("1", "true")
    try:
        claims = claim_admin.changelist_for(request, list_query).queryset
    except IncorrectLookupParameters as error:
        raise BadRequest("These filters are not valid for the claims list.") from error
    return attachment(claim_csv([claims], bom=bom), "text/csv; charset=utf-8", "claims.csv")
