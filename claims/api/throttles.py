"""How often the token endpoint may be asked: password guessing is throttled per client address
and per username (against guesses spread over many addresses). Counted in the default cache,
which every worker shares (PostgreSQL, or Redis with CACHE_URL): see the settings."""

import hashlib

from rest_framework.throttling import SimpleRateThrottle


class LoginRateThrottle(SimpleRateThrottle):
    """Token requests from one client address."""

    scope = "login"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class LoginUsernameRateThrottle(SimpleRateThrottle):
    """Token requests for one username, from anywhere."""

    scope = "login_username"

    def get_cache_key(self, request, view):
        username = request.data.get("username") if hasattr(request.data, "get") else None
        if not isinstance(username, str) or not username:
            return None  # the serializer refuses the request
        # Any text may be posted: the key is a digest of it.
        ident = hashlib.sha256(username.encode("utf-8", "replace")).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": ident}
