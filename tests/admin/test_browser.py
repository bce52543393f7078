"""The admin in a real browser: an editor records a claim with two numbers (one filled from the
text by the "Fill quantities from text" button, one typed), picking the source through the
autocomplete, then finds it with the search box and the side filter.

Runs Debian's Chromium (/usr/bin/chromium) through Playwright. Without it the test is skipped,
with the reason, unless REQUIRE_BROWSER_TESTS=1 (as in CI), where a missing browser fails it.
Screenshots of the form and the list go to tests/artifacts/.
"""

import importlib
import importlib.util
import os
from pathlib import Path

import pytest
from django.db import connections

from claims.models import Claim, Document
from tests.factories import ClaimFactory, PartyFactory, SourceFactory, UserFactory

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).parent.parent / "artifacts"  # tests/artifacts/
PASSWORD = "correct horse battery staple"
CLAIM_TEXT = "Ukrainian air defenses downed 25 of nearly 30 Russian drones launched overnight."


def require_browser():
    """Skip, with the reason, when the browser cannot run; fail instead where it is mandatory."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install Debian's chromium package"
    elif importlib.util.find_spec("playwright") is None:
        reason = "Playwright for Python is missing: make test installs requirements-dev.txt"
    else:
        return
    if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
        pytest.fail(f"{reason} (REQUIRE_BROWSER_TESTS=1 makes the browser test mandatory)")
    pytest.skip(reason)


@pytest.fixture
def page(monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
    # still plain synchronous code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        page.set_default_timeout(15_000)
        yield page
        # The ORM calls the test made while Playwright ran opened a connection of their own;
        # close it here, where it is visible, or dropping the test database fails later.
        connections.close_all()
        browser.close()


@pytest.mark.django_db(transaction=True)
def test_editor_records_a_claim_and_finds_it_again(live_server, editorial_groups, request):
    require_browser()  # in the test, not a fixture: a mandatory browser that is missing FAILS
    page = request.getfixturevalue("page")
    UserFactory(username="desk", password=PASSWORD, is_staff=True, groups=["Editors"])
    ukraine = PartyFactory(name="Ukraine", slug="ukraine")
    russia = PartyFactory(name="Russia", slug="russia")
    SourceFactory(name="Ukrainian Air Force", kind="military", party=ukraine)
    SourceFactory(name="Ukrainian Navy", kind="military", party=ukraine)
    ClaimFactory(
        text="Russian air defenses downed dozens of Ukrainian drones overnight.",
        source=SourceFactory(name="Russian Defense Ministry", kind="government", party=russia),
    )
    ARTIFACTS.mkdir(exist_ok=True)
    admin = f"{live_server.url}/admin"

    page.goto(f"{admin}/login/")
    page.fill("#id_username", "desk")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#user-tools")

    page.goto(f"{admin}/claims/claim/add/")
    page.fill("#id_text", CLAIM_TEXT)
    page.select_option("#id_topic", "air_defense")
    # Two numbers right under the text: the first filled from the text, the second typed.
    page.click("text=Fill quantities from text")
    page.wait_for_selector(".quantities-fill-status:has-text('1 number filled from the text')")
    assert page.input_value("#id_quantities-0-value") == "25"
    assert page.input_value("#id_quantities-0-of_total") == "30"
    assert page.input_value("#id_quantities-0-item") == "drone"
    assert page.input_value("#id_quantities-0-outcome") == "downed"
    assert page.input_value("#id_quantities-1-value") == ""
    page.fill("#id_quantities-1-value", "30")
    page.select_option("#id_quantities-1-qualifier", "approximately")
    page.fill("#id_quantities-1-item", "drone")
    page.select_option("#id_quantities-1-outcome", "launched")
    # The source, through the select2 autocomplete.
    page.click("[aria-labelledby=select2-id_source-container]")
    page.fill(".select2-container--open .select2-search__field", "air force")
    page.click(".select2-results__option:has-text('Ukrainian Air Force')")
    assert page.inner_text("#select2-id_source-container").strip().endswith("Ukrainian Air Force")
    page.fill("#id_document_url", "https://www.rferl.org/a/scholz-putin-ukraine/?utm_source=tg")
    page.fill("#id_quote", "Ukraine's air defenses downed 25 of nearly 30 Russian drones.")
    page.fill("#id_occurred_on", "2024-11-14")
    page.screenshot(path=str(ARTIFACTS / "admin-claim-form.png"), full_page=True)
    page.click("input[name=_save]")
    page.wait_for_selector("ul.messagelist li.success")

    claim = Claim.objects.get(text=CLAIM_TEXT)
    assert claim.side == ukraine
    assert [quantity.summary for quantity in claim.quantities.all()] == [
        "25 of 30 drones downed",
        "about 30 drones launched",
    ]
    assert claim.document == Document.objects.get(
        url="https://www.rferl.org/a/scholz-putin-ukraine"
    )

    page.goto(f"{admin}/claims/claim/")
    page.fill("#searchbar", "drones downed")
    page.press("#searchbar", "Enter")
    page.wait_for_selector("#result_list")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 2  # both sides' claims of downed drones
    page.click("#changelist-filter a:text-is('Ukraine')")
    page.wait_for_url("**side__id__exact=*")
    assert "q=drones+downed" in page.url
    assert rows.count() == 1
    assert CLAIM_TEXT[:60] in rows.first.inner_text()
    assert "25 of 30 drones downed; about 30 drones launched" in rows.first.inner_text()
    page.screenshot(path=str(ARTIFACTS / "admin-claims-list.png"), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_filling_from_text_adds_rows_and_the_history_shows_the_save(
    live_server, editorial_groups, request
):
    require_browser()
    page = request.getfixturevalue("page")
    UserFactory(username="desk", password=PASSWORD, is_staff=True, groups=["Editors"])
    source = SourceFactory(name="Odesa regional administration", kind="official")
    claim = ClaimFactory(text="A strike hit Odesa.", source=source)
    ARTIFACTS.mkdir(exist_ok=True)
    admin = f"{live_server.url}/admin"
    page.goto(f"{admin}/login/")
    page.fill("#id_username", "desk")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#user-tools")

    page.goto(f"{admin}/claims/claim/{claim.pk}/change/")
    page.fill(
        "#id_text",
        "One person was killed and at least 10 were wounded; 40,000 are without heating.",
    )
    page.click("text=Fill quantities from text")
    page.wait_for_selector(".quantities-fill-status:has-text('3 numbers filled')")
    # Two empty rows were there; a third was added.
    assert [page.input_value(f"#id_quantities-{row}-value") for row in range(3)] == [
        "1",
        "10",
        "40000",
    ]
    assert page.input_value("#id_quantities-1-qualifier") == "at_least"
    page.screenshot(path=str(ARTIFACTS / "admin-claim-filled-from-text.png"), full_page=True)
    page.click("input[name=_continue]")
    page.wait_for_selector("ul.messagelist li.success")
    assert [quantity.summary for quantity in claim.quantities.all()] == [
        "1 person killed",
        "at least 10 people wounded",
        "40,000 people affected",
    ]

    page.goto(f"{admin}/claims/claim/{claim.pk}/history/")
    history = page.inner_text("#change-history")
    assert "A strike hit Odesa. → One person was killed" in history
    assert "desk" in history
    page.screenshot(path=str(ARTIFACTS / "admin-claim-history.png"), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_editor_imports_a_file_through_the_preview(
    live_server, editorial_groups, request, tmp_path
):
    require_browser()
    page = request.getfixturevalue("page")
    UserFactory(username="desk", password=PASSWORD, is_staff=True, groups=["Editors"])
    ukraine = PartyFactory(name="Ukraine", slug="ukraine")
    SourceFactory(name="Ukrainian Air Force", kind="military", party=ukraine)
    wire = tmp_path / "wire-2024-11-14.csv"
    wire.write_text(
        "text,source,occurred_on,document_url,quantities\n"
        f'"{CLAIM_TEXT}",Ukrainian Air Force,2024-11-14,https://t.me/kpszsu/1,\n'
        '"Two people were killed and at least 15 wounded in a missile strike on Odesa.",'
        'Odesa regional governor,2024-11-14,,"2 people killed; at least 15 people wounded"\n'
    )
    admin = f"{live_server.url}/admin"
    page.goto(f"{admin}/login/")
    page.fill("#id_username", "desk")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.goto(f"{admin}/claims/claim/")
    page.click("text=Import claims")
    page.set_input_files("#id_file", str(wire))
    page.click("input[value='Preview the import']")
    page.wait_for_selector("table.import-preview")
    preview = page.inner_text("#content-main")
    assert "Would create 2 claims" in preview
    assert "25 of 30 drones downed" in preview and "extracted" in preview
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "admin-import-preview.png"), full_page=True)
    assert not Claim.objects.exists()

    page.click("input[name=confirm]")
    page.wait_for_selector(".messagelist")
    assert "Imported 2 claims from wire-2024-11-14.csv" in page.inner_text(".messagelist")
    assert Claim.objects.count() == 2
