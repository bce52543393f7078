"""Requests refused before any view runs (an address longer than any the desk makes), the
Content-Security-Policy of each answer, and the admin's messages made only where used."""

import csp.middleware
from django.conf import settings
from django.contrib.messages import middleware as messages_middleware
from django.contrib.messages.storage import default_storage
from django.http import HttpResponse, JsonResponse
from django.utils.functional import SimpleLazyObject


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


class MessageMiddleware(messages_middleware.MessageMiddleware):
    """Django's, but a request's message storage is made when the request adds or reads a
    message, not for every request: Django's default (cookies, then the session) builds a
    cookie signer for each, a twentieth of an API read that never shows a message. A request
    that uses none leaves the messages kept for the next page untouched, as Django's would."""

    def process_request(self, request):
        def storage():
            request.message_storage_made = True
            return default_storage(request)

        request._messages = SimpleLazyObject(storage)

    def process_response(self, request, response):
        if not getattr(request, "message_storage_made", False):
            return response
        return super().process_response(request, response)
