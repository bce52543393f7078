"""The export tests' helpers: the bodies of streamed responses, parsed, and the list's ids."""

import csv
import io
import json

CLAIMS = "/api/claims/export/"
QUANTITIES = "/api/quantities/export/"


def body(response) -> bytes:
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content)


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body(response).decode("utf-8"))))


def ndjson_objects(response) -> list[dict]:
    return [json.loads(line) for line in body(response).decode().splitlines()]


def claimreview_ids(response) -> list[int]:
    reviews = json.loads(body(response))
    return [int(review["url"].rstrip("/").rsplit("/", 1)[1]) for review in reviews]


def listed_ids(api, query: str) -> list[int]:
    response = api.get(f"/api/claims/?page_size=500&{query}")
    assert response.status_code == 200, response.json()
    return [claim["id"] for claim in response.json()["results"]]
