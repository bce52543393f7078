"""Full-text search of claims: the words a desk quotes in any language, web search syntax, and
the order a search comes in (best match first for few matches, newest first for many), kept by
the `next` and `previous` links."""

import pytest

from claims import counting, search
from claims.models import Claim
from tests.api.exports.reading import CLAIMS, listed_ids, ndjson_objects
from tests.factories import ClaimFactory, SourceFactory


def found(api, query: str, **params) -> dict:
    response = api.get("/api/claims/", {"q": query, **params})
    assert response.status_code == 200, response.json()
    return response.json()


def texts(page: dict) -> list[str]:
    return [claim["text"] for claim in page["results"]]


def matches(count: int, monkeypatch, broad: bool) -> None:
    """`count` claims saying "drones" once to three times (ranked apart), and a ranking limit
    just below them (`broad`) or at them."""
    for number in range(count):
        ClaimFactory(text="Drones downed. " + "Drones again. " * (number % 3))
    monkeypatch.setattr(search, "RANKED_SEARCH_LIMIT", count - 1 if broad else count)


@pytest.fixture
def estimates_kept_apart():
    counting._broad_estimates.clear()
    yield
    counting._broad_estimates.clear()


@pytest.mark.parametrize(
    "query",
    [
        "Одесою",  # Ukrainian, as written
        '"Ми не здамося"',  # a Ukrainian quote, as a phrase
        "сбили",  # Russian
        '"мы не сдадимся"',  # case does not matter
    ],
)
def test_a_cyrillic_quote_is_found_as_written(api, query):
    quoted = ClaimFactory(
        text="Air defence downed drones over Odesa, the regional governor said.",
        quote="Над Одесою збито 12 дронів. «Ми не здамося». "
        "Над Одессой сбили дроны: мы не сдадимся.",
    )
    ClaimFactory(text="Drones were downed over Odesa.", quote="Збито дрони.")

    assert [claim["id"] for claim in found(api, query)["results"]] == [quoted.pk]


def test_case_endings_of_cyrillic_words_are_not_stemmed(api):
    ClaimFactory(text="Drones over Odesa.", quote="Над Одесою збито дрони.")

    assert found(api, "Одесою")["count"] == 1
    assert found(api, "Одеса")["count"] == 0


def test_a_quoted_phrase_of_english_stop_words_is_found_exactly(api):
    quoted = ClaimFactory(text="The governor said: we will not leave the city.")
    ClaimFactory(text="We will leave nothing behind, the army said; it will not say more.")

    assert [claim["id"] for claim in found(api, '"we will not leave"')["results"]] == [quoted.pk]


def test_words_match_their_english_stems(api):
    ClaimFactory(text="A drone was downed.")

    assert found(api, "drones downing")["count"] == 1


def test_a_phrase_with_a_word_left_out(api):
    ClaimFactory(text="Cruise missiles hit Kharkiv overnight.")
    odesa = ClaimFactory(text="Cruise missiles hit Odesa overnight.")
    ClaimFactory(text="Missiles, not cruise ones, hit Lviv.")  # not the phrase

    page = found(api, '"cruise missiles" -kharkiv')

    assert [claim["id"] for claim in page["results"]] == [odesa.pk]
    # Left out in every form: the singular and the plural alike.
    assert found(api, '"cruise missile" -Kharkiv')["count"] == 1
    assert found(api, "cruise -missile")["count"] == 0


def test_either_of_two_words(api):
    ClaimFactory(text="Drones over Kupyansk.")
    ClaimFactory(text="Drones over Odesa.")
    ClaimFactory(text="Drones over Lviv.")

    assert found(api, "kupyansk or odesa")["count"] == 2
    assert found(api, "drones -lviv or lviv")["count"] == 3


def test_the_source_s_name_is_searched_word_for_word(api):
    ClaimFactory(text="Drones downed.", source=SourceFactory(name="The Kyiv Independent"))
    ClaimFactory(text="Drones downed.", source=SourceFactory(name="Kyiv Post"))

    assert found(api, '"the kyiv independent"')["count"] == 1


def test_a_renamed_source_is_searched_by_its_new_name_word_for_word(api):
    source = SourceFactory(name="Kyiv Post")
    ClaimFactory(text="Drones downed.", source=source)

    source.name = "The Kyiv Independent"
    source.save()

    assert found(api, '"the kyiv independent"')["count"] == 1
    assert found(api, "post")["count"] == 0


def test_a_claim_posted_in_ukrainian_is_found_by_its_quote(chief):
    source = SourceFactory(name="Сили оборони")
    response = chief.post(
        "/api/claims/",
        {"text": "Air defence downed drones.", "source": source.pk, "quote": "Ми не здамося."},
        format="json",
    )
    assert response.status_code == 201, response.json()

    assert found(chief, '"ми не здамося"')["results"][0]["id"] == response.json()["id"]
    assert found(chief, "сили")["count"] == 1


def test_a_narrow_search_comes_best_match_first(api):
    ClaimFactory(text="Shelling reported.", quote="Drones were heard.")  # in the quote only
    ClaimFactory(text="Drones downed, drones everywhere.")  # twice in the text
    ClaimFactory(text="Shelling reported.", source=SourceFactory(name="Drones Watch"))

    page = found(api, "drones")

    assert page["search_order"] == "rank"
    assert texts(page) == [
        "Drones downed, drones everywhere.",
        "Shelling reported.",  # the quote weighs more than the source's name
        "Shelling reported.",
    ]
    assert page["results"][1]["quote"] == "Drones were heard."


def test_a_broad_search_comes_newest_first_and_says_so(api, monkeypatch, estimates_kept_apart):
    monkeypatch.setattr(search, "RANKED_SEARCH_LIMIT", 2)
    ClaimFactory(text="Drones downed, drones everywhere.")
    ClaimFactory(text="Shelling reported; drones too.")
    newest = ClaimFactory(text="A drone was heard.")

    page = found(api, "drones")

    assert page["search_order"] == "newest"
    assert page["count"] == 3 and "count_is_estimate" not in page
    assert page["results"][0]["id"] == newest.pk
    assert [claim["id"] for claim in page["results"]] == sorted(
        (claim["id"] for claim in page["results"]), reverse=True
    )


@pytest.mark.parametrize("broad", [False, True])
def test_the_next_pages_keep_the_order_the_first_chose(
    api, monkeypatch, estimates_kept_apart, broad
):
    matches(7, monkeypatch, broad)
    first = found(api, "drones", page_size=3)
    # A first page would now choose the other order; the links keep the one chosen.
    monkeypatch.setattr(search, "RANKED_SEARCH_LIMIT", 7 if broad else 6)

    pages = [first]
    while pages[-1]["next"]:
        pages.append(api.get(pages[-1]["next"]).json())
    back = api.get(pages[-1]["previous"]).json()

    assert {page["search_order"] for page in [*pages, back]} == {"newest" if broad else "rank"}
    walked = [claim["id"] for page in pages for claim in page["results"]]
    assert len(walked) == len(set(walked)) == 7
    assert back["results"] == pages[-2]["results"]
    if broad:
        assert walked == sorted(walked, reverse=True)
    else:
        ranked = Claim.objects.search("drones").order_by("-rank", "-id")
        assert walked == list(ranked.values_list("pk", flat=True))


def test_ordering_wins_over_the_search_s_own_order(api):
    ClaimFactory(text="Drones.", occurred_on="2024-01-02")
    ClaimFactory(text="Drones, drones, drones.", occurred_on="2024-01-01")

    page = found(api, "drones", ordering="occurred_on")

    assert "search_order" not in page
    assert [claim["occurred_on"] for claim in page["results"]] == ["2024-01-01", "2024-01-02"]


def test_a_list_without_search_says_no_search_order(api):
    ClaimFactory()

    assert "search_order" not in api.get("/api/claims/").json()


def test_a_cursor_of_another_order_is_a_400(api):
    ClaimFactory.create_batch(3)
    by_date = api.get("/api/claims/?ordering=occurred_on&page_size=1").json()
    cursor = by_date["next"].split("cursor=")[1].split("&")[0]

    response = api.get("/api/claims/", {"q": "drones", "cursor": cursor})

    assert response.status_code == 400
    assert "cursor" in response.json()


@pytest.mark.parametrize("query", ["or", "-", '""', "!!", "or or -"])
def test_a_search_without_a_word_to_find_is_answered(api, query):
    ClaimFactory()

    assert api.get("/api/claims/", {"q": query}).status_code == 200


@pytest.mark.parametrize("broad", [False, True])
def test_an_export_of_a_search_comes_in_the_list_s_order(
    api, monkeypatch, estimates_kept_apart, broad
):
    matches(4, monkeypatch, broad)

    exported = ndjson_objects(api.get(CLAIMS, {"format": "ndjson", "q": "drones"}))

    assert [line["id"] for line in exported] == listed_ids(api, "q=drones")
    assert found(api, "drones")["search_order"] == ("newest" if broad else "rank")
