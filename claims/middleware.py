"""Requests refused before any view runs (an address longer than any the desk makes), and the
Content-Security-Policy of each answer."""

import csp.middleware
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


class CSPMiddleware(csp.middleware.CSPMiddleware):
    """django-csp's policy on every page; a JSON answer (the API) gets the strictest one, fixed:
    it is data, never a document to run anything in, and building the pages' policy for each
    of them costs a tenth of a small API read."""

    json_policy = "default-src 'none'; frame-ancestors 'none'"

    def process_response(self, request, response):
        if response.get("Content-Type", "").startswith("application/json"):
            if csp.middleware.HEADER not in response:
                response[csp.middleware.HEADER] = self.json_policy
            return response
        return super().process_response(request, response)
