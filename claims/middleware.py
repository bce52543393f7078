"""Requests refused before any view runs: an address longer than any the desk makes."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse


class URLLengthLimitMiddleware:
    """414 URI Too Long for an address (path and query) over MAX_URL_LENGTH characters, in JSON
    under /api/. The longest address the desk builds (a deep cursor with every filter) is far
    shorter; a longer one is a mistake or an attack, and parsing it costs a worker."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        address = request.META.get("PATH_INFO", "") + "?" + request.META.get("QUERY_STRING", "")
        if len(address) > settings.MAX_URL_LENGTH:
            detail = f"The address is longer than {settings.MAX_URL_LENGTH:,} characters."
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": detail}, status=414)
            return HttpResponse(detail, status=414, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
