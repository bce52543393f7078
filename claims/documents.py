"""Documents are identified by their URL: one article, one row, however the link was pasted."""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that only track who clicked; they never change what the page says.
TRACKING_PARAMETERS = {
    "fbclid",
    "gclid",
    "yclid",
    "mc_cid",
    "mc_eid",
    "igshid",
    "ref_src",
}
DEFAULT_PORTS = {"http": 80, "https": 443}


def normalize_url(url: str) -> str:
    """The canonical form of a document's URL.

    Lower-cases the scheme and host, drops default ports, fragments, tracking parameters
    (utm_*, fbclid, ...) and a trailing slash, and keeps everything else as pasted.
    """
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url  # not a URL we can take apart; the field's validator reports it
    if not parts.scheme or not parts.hostname:
        return url
    scheme = parts.scheme.lower()
    host = parts.hostname.lower()
    if parts.username or parts.password:
        credentials = parts.username or ""
        if parts.password:
            credentials += ":" + parts.password
        host = f"{credentials}@{host}"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"  # an IPv6 literal
    if port and port != DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    query = urlencode(
        [
            (key, value)
            for key, value in parse_qsl(parts.query, keep_blank_values=True)
            if not key.lower().startswith("utm_") and key.lower() not in TRACKING_PARAMETERS
        ]
    )
    path = parts.path.rstrip("/") if parts.path not in ("", "/") else ""
    return urlunsplit((scheme, host, path, query, ""))


def document_for_url(url: str, *, create: bool = False):
    """The document recorded at this address, however it was pasted (compared normalized), or
    None; with `create`, a new address is recorded now and its document returned.

    The one way the desk finds "the document for this URL": the claim form's pasted address, the
    document forms and serializers' duplicate check, and the importer all ask it.
    """
    from claims.models import Document  # the model normalizes its URL with this module

    url = normalize_url(url or "")
    if not url:
        return None
    if create:
        return Document.objects.get_or_create(url=url)[0]
    return Document.objects.filter(url=url).first()
