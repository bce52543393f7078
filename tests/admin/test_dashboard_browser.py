"""The dashboard and the claims list in a real browser, on the demo desk: the charts draw (each
canvas holds a chart and is not blank) from series that match the database, the list's filter
carries over to them, nothing is fetched from another host, and the claims list reads at 1280
and 1440 px wide.

Runs Debian's Chromium like tests/admin/test_browser.py (skipped without it, unless
REQUIRE_BROWSER_TESTS=1); screenshots go to tests/artifacts/.
"""

import datetime
import itertools

import pytest
from django.db.models import Sum

from claims.models import Claim, Quantity
from tests.admin import test_browser
from tests.admin.test_browser import ARTIFACTS, PASSWORD, require_browser
from tests.factories import UserFactory

page = test_browser.page  # the same browser, Debian's Chromium

CHARTS = ["claims-by-side", "claims-by-status", "numbers-by-side", "source-track-records"]

# Per chart: whether Chart.js made a chart of it, and how many of its pixels are painted.
DRAWN = """(id) => {
  const canvas = document.getElementById(id);
  const context = canvas.getContext("2d");
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let alpha = 3; alpha < pixels.length; alpha += 4) if (pixels[alpha]) painted++;
  return {chart: Boolean(Chart.getChart(canvas)), painted, size: canvas.width * canvas.height};
}"""


def sign_in(tab, live_server, group):
    UserFactory(username="desk", password=PASSWORD, is_staff=True, groups=[group])
    tab.goto(f"{live_server.url}/admin/login/")
    tab.fill("#id_username", "desk")
    tab.fill("#id_password", PASSWORD)
    tab.click("input[type=submit]")
    tab.wait_for_selector("#user-tools")


def watch(tab, live_server) -> dict:
    """What went wrong in the page: script errors, files missing (the browser's own favicon.ico
    aside), and requests to any other host."""
    trouble = {"errors": [], "missing": [], "elsewhere": []}
    tab.on("pageerror", lambda error: trouble["errors"].append(str(error)))
    tab.on(
        "response",
        lambda response: (
            response.status < 400
            or response.url.endswith("/favicon.ico")
            or trouble["missing"].append(response.url)
        ),
    )
    tab.on(
        "request",
        lambda request: (
            request.url.startswith(live_server.url) or trouble["elsewhere"].append(request.url)
        ),
    )
    return trouble


def assert_charts_drawn(tab):
    for chart in CHARTS:
        drawn = tab.evaluate(DRAWN, chart)
        assert drawn["chart"], chart
        assert drawn["painted"] > drawn["size"] // 100, (chart, drawn)


@pytest.mark.django_db(transaction=True)
def test_dashboard_draws_the_demo_claims(live_server, editorial_groups, demo, request):
    require_browser()
    tab = request.getfixturevalue("page")
    trouble = watch(tab, live_server)
    ARTIFACTS.mkdir(exist_ok=True)
    sign_in(tab, live_server, "Viewers")

    tab.goto(f"{live_server.url}/admin/")
    tab.click("#dashboard-module a:text-is('Dashboard')")
    tab.wait_for_url("**/admin/dashboard/")
    tab.wait_for_function("Chart.getChart('source-track-records') !== undefined")
    assert_charts_drawn(tab)
    series = tab.evaluate("JSON.parse(document.getElementById('dashboard-series').textContent)")
    assert series["periods"] == ["2024-11-14", "2024-11-15", None]
    for side in series["claims_by_side"]:
        for period, count in zip(series["periods"], side["claims"], strict=True):
            day = period and datetime.date.fromisoformat(period)
            assert count == Claim.objects.filter(side__slug=side["side"], occurred_on=day).count()
    downed = {side["side"]: side["lower"] for side in series["numbers"]["by_side"]}
    for slug, sums in downed.items():
        for period, lower in zip(series["periods"], sums, strict=True):
            day = period and datetime.date.fromisoformat(period)
            total = Quantity.objects.filter(
                claim__side__slug=slug, claim__occurred_on=day, item="drone", outcome="downed"
            ).aggregate(total=Sum("value"))["total"]
            assert lower == (None if total is None else int(total))
    assert downed == {"ukraine": [25, None, None], "russia": [None, 24, None]}
    # What the charts draw is what the page says.
    drawn_by_side = tab.evaluate(
        "Chart.getChart('claims-by-side').data.datasets.map((dataset) => dataset.data)"
    )
    assert drawn_by_side == [side["claims"] for side in series["claims_by_side"]]
    tab.screenshot(path=str(ARTIFACTS / "admin-dashboard.png"), full_page=True)

    # The claims list's filter carries over.
    tab.goto(f"{live_server.url}/admin/claims/claim/")
    tab.click("#changelist-filter a:text-is('Ukraine')")
    tab.wait_for_url("**side__id__exact=*")
    tab.click("text=Dashboard of these claims")
    tab.wait_for_url("**/admin/dashboard/?side__id__exact=*")
    tab.wait_for_function("Chart.getChart('source-track-records') !== undefined")
    series = tab.evaluate("JSON.parse(document.getElementById('dashboard-series').textContent)")
    assert [side["side"] for side in series["claims_by_side"]] == ["ukraine"]
    assert series["total_claims"] == Claim.objects.filter(side__slug="ukraine").count()
    assert "side: Ukraine" in tab.inner_text(".dashboard-scope")
    assert_charts_drawn(tab)
    tab.screenshot(path=str(ARTIFACTS / "admin-dashboard-ukraine.png"), full_page=True)

    assert trouble == {"errors": [], "missing": [], "elsewhere": []}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 1440])
def test_claims_list_reads_at_desk_widths(live_server, editorial_groups, demo, request, width):
    require_browser()
    tab = request.getfixturevalue("page")
    ARTIFACTS.mkdir(exist_ok=True)
    tab.set_viewport_size({"width": width, "height": 900})
    sign_in(tab, live_server, "Editors")

    tab.goto(f"{live_server.url}/admin/claims/claim/")
    tab.wait_for_selector("#result_list")
    tab.screenshot(path=str(ARTIFACTS / f"admin-claims-list-{width}.png"), full_page=True)

    # No sideways scrolling, every column inside the window, and no cell running into the next.
    assert tab.evaluate("document.documentElement.scrollWidth") <= width
    layout = tab.evaluate(
        """() => [...document.querySelectorAll('#result_list tbody tr')].map((row) =>
          [...row.children].map((cell) => {
            const box = cell.getBoundingClientRect();
            const overflows = cell.scrollWidth > cell.clientWidth;
            return {left: box.left, right: box.right, overflows};
          }))"""
    )
    assert len(layout) == Claim.objects.count()
    for cells in layout:
        assert cells[-1]["right"] <= width
        assert not any(cell["overflows"] for cell in cells)
        for cell, following in itertools.pairwise(cells):
            assert cell["right"] <= following["left"] + 1
