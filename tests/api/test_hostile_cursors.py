"""Cursors a client forged: every list answers a 400 naming `cursor`, never a 500, and logs
nothing as an error (a flood of them must not flood the logs)."""

import base64
import json
import logging

import pytest

from tests.factories import ClaimFactory

LISTS = [
    "/api/claims/",
    "/api/sources/",
    "/api/parties/",
    "/api/documents/",
    "/api/events/",
    "/api/claims/{claim}/history/",
    "/api/claims/{claim}/reviews/",
    "/api/claims/{claim}/links/",
]


def packed(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


NESTED = "[" * 1000 + "]" * 1000
CURSORS = {
    "nested, packed": packed(NESTED),
    "nested, raw": NESTED,
    "nested object": packed('{"o":' * 1000 + "1" + "}" * 1000),
    "very long": "A" * 100_000,
}


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("cursor", CURSORS.values(), ids=CURSORS.keys())
def test_a_forged_cursor_is_a_400_on_every_list(chief, url, cursor, caplog, settings):
    # Past MAX_URL_LENGTH the address is a 414 before any list sees it (test_unrouted): here
    # the lists themselves are tried.
    settings.MAX_URL_LENGTH = 10**6
    claim = ClaimFactory()

    with caplog.at_level(logging.WARNING):
        response = chief.get(url.format(claim=claim.pk), {"cursor": cursor})

    assert response.status_code == 400
    assert list(response.json()) == ["cursor"]
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]


@pytest.mark.parametrize("rank", [1e39, -1, 10**400, float("inf")])
def test_a_forged_rank_is_a_400_and_no_error_in_the_log(chief, rank, caplog):
    ClaimFactory(text="Drones downed over Odesa.")
    claim_id = ClaimFactory(text="Drones downed over Kyiv.").pk
    raw = json.dumps({"o": "rank", "v": rank, "i": claim_id}).replace("Infinity", "1e999")

    with caplog.at_level(logging.WARNING):
        response = chief.get("/api/claims/", {"q": "drones", "cursor": packed(raw)})

    assert response.status_code == 400
    assert list(response.json()) == ["cursor"]
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]


@pytest.mark.parametrize("url", LISTS)
def test_an_empty_cursor_is_the_first_page_on_every_list(chief, url):
    claim = ClaimFactory()

    response = chief.get(url.format(claim=claim.pk), {"cursor": ""})

    assert response.status_code == 200
    assert response.json()["previous"] is None
