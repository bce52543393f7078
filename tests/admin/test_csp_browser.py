"""The Content-Security-Policy (django-csp) holds on every page, and the admin and Swagger UI still
work under it in a real browser: the claim form's autocomplete and "Fill quantities from text",
the dashboard's charts, and the API docs listing and running an operation, with not one
violation reported by the browser.

Runs Debian's Chromium like the other browser tests (see test_browser), skipped without it
unless REQUIRE_BROWSER_TESTS=1.
"""

import pytest

from tests.admin.test_browser import ARTIFACTS, PASSWORD, page, require_browser  # noqa: F401
from tests.factories import ClaimFactory, PartyFactory, QuantityFactory, SourceFactory, UserFactory

# Recorded before any script of the page runs (Playwright's init scripts are exempt from CSP).
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
    window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())


@pytest.mark.parametrize("address", ["/admin/login/", "/api/docs/", "/api/?format=api"])
def test_every_page_carries_a_policy_without_inline_scripts(client, address):
    policy = directives(client.get(address))

    assert policy["script-src"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"


@pytest.mark.parametrize("address", ["/api/claims/", "/api/"])
def test_json_answers_allow_nothing_to_run(client, address):
    response = client.get(address)

    assert response["Content-Type"].startswith("application/json")
    assert directives(response) == {"default-src": "'none'", "frame-ancestors": "'none'"}


def test_swagger_ui_loads_its_set_up_script_from_a_file(client):
    page_html = client.get("/api/docs/").content.decode()

    assert "<script>" not in page_html
    assert client.get("/api/docs/?script").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_the_admin_and_the_docs_work_under_the_policy(live_server, editorial_groups, request):
    require_browser()
    browser_page = request.getfixturevalue("page")
    browser_page.add_init_script(RECORD_VIOLATIONS)
    console_errors = []
    browser_page.on(
        "console",
        lambda message: console_errors.append(message.text) if message.type == "error" else None,
    )
    UserFactory(username="desk", password=PASSWORD, is_staff=True, groups=["Editors"])
    air_force = SourceFactory(
        name="Ukrainian Air Force", kind="military", party=PartyFactory(slug="ukraine")
    )
    claim = ClaimFactory(source=air_force, text="Air defenses downed 25 of 30 drones.")
    QuantityFactory(claim=claim, value=25, of_total=30, item="drone", outcome="downed")
    ARTIFACTS.mkdir(exist_ok=True)

    def violations():
        return browser_page.evaluate("window.cspViolations")

    browser_page.goto(f"{live_server.url}/admin/login/")
    browser_page.fill("#id_username", "desk")
    browser_page.fill("#id_password", PASSWORD)
    browser_page.click("input[type=submit]")
    browser_page.wait_for_selector("#user-tools")
    assert violations() == []

    # The claim form: scripts of the admin (select2) and of the desk (fetch to the extract view).
    browser_page.goto(f"{live_server.url}/admin/claims/claim/add/")
    browser_page.fill("#id_text", "Ukrainian air defenses downed 21 of 27 drones overnight.")
    browser_page.click("text=Fill quantities from text")
    browser_page.wait_for_selector(".quantities-fill-status:has-text('filled from the text')")
    assert browser_page.input_value("#id_quantities-0-value") == "21"
    browser_page.click("[aria-labelledby=select2-id_source-container]")
    browser_page.fill(".select2-container--open .select2-search__field", "air force")
    browser_page.wait_for_selector(".select2-results__option:has-text('Ukrainian Air Force')")
    assert violations() == []

    # The dashboard: Chart.js draws on its canvases.
    browser_page.goto(f"{live_server.url}/admin/dashboard/")
    browser_page.wait_for_function(
        "() => [...document.querySelectorAll('canvas')].some((c) => c.width > 0)"
    )
    assert violations() == []

    # Swagger UI: the operations are listed, and one runs (with the admin's session).
    browser_page.goto(f"{live_server.url}/api/docs/")
    browser_page.wait_for_selector(".opblock-tag-section")
    claims_list = browser_page.locator("#operations-claims-claims_list")
    claims_list.locator(".opblock-summary").click()
    claims_list.locator("button.try-out__btn").click()
    claims_list.locator("button.execute").click()
    status = claims_list.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for()
    assert status.inner_text().strip() == "200"
    browser_page.screenshot(path=str(ARTIFACTS / "api-docs-under-csp.png"), full_page=False)
    assert violations() == []
    assert not [error for error in console_errors if "Content Security Policy" in error]
