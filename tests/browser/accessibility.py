"""axe-core and keyboard checks shared by the accessibility tests."""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Frame, Page, expect

BLOCKING_IMPACTS = {"serious", "critical"}
MAX_TAB_STOPS = 80
_AXE = Axe()
# Where focus is after each Tab, and how it is drawn.
_FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName,
    id: el.id,
    skip: el.classList.contains("skip-link"),
    label: (el.innerText || el.value || "").trim().slice(0, 60),
    outline: style.outlineStyle,
    width: parseFloat(style.outlineWidth) || 0,
    inView: box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0
      && box.left < innerWidth && box.top < innerHeight,
  };
}"""


def serious_violations(target: Page | Frame, *, iframes: bool = True) -> list[str]:
    """axe-core's serious and critical violations on a page or a frame, readable."""
    options = {"resultTypes": ["violations"], "iframes": iframes}
    results = _AXE.run(target, options=options).response
    found = []
    for violation in results["violations"]:
        if violation["impact"] not in BLOCKING_IMPACTS:
            continue
        nodes = "; ".join(
            f"{', '.join(map(str, n['target']))}: {n.get('failureSummary', '')}"
            for n in violation["nodes"]
        )
        rule = f"{violation['id']} ({violation['impact']}) {violation['help']}"
        found.append(f"{rule} -> {nodes}")
    return found


def _focused(page: Page) -> dict[str, Any]:
    return dict(page.evaluate(_FOCUSED))


def tab_stops(page: Page) -> list[dict[str, Any]]:
    """Press Tab from the top of the page until focus leaves it.

    While focus is inside a frame the page only sees the ``iframe``: it is listed
    once, and the framed page is checked on its own.
    """
    stops: list[dict[str, Any]] = []
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Tab")
        stop = _focused(page)
        if stop["tag"] == "BODY" or (stop["skip"] and stops):
            return stops
        if stop["tag"] == "IFRAME" and stops and stops[-1]["tag"] == "IFRAME":
            continue
        stops.append(stop)
    raise AssertionError(f"focus never left the page after {MAX_TAB_STOPS} Tabs")


def check_keyboard(page: Page) -> None:
    """The skip link is the first stop and leads to main; every stop shows focus."""
    stops = tab_stops(page)
    assert stops, "no Tab stop at all"
    assert stops[0]["skip"], f"first Tab stop is not the skip link: {stops[0]}"
    own = [s for s in stops if s["tag"] != "IFRAME"]
    unseen = [s for s in own if s["outline"] == "none" or not s["width"]]
    assert not unseen, f"Tab stops without a visible focus outline: {unseen}"
    hidden = [s for s in own if not s["inView"]]
    assert not hidden, f"Tab stops focused out of sight: {hidden}"
    skip = page.locator("a.skip-link")
    skip.focus()
    skip.press("Enter")
    expect(page.locator("main#main")).to_be_focused()


def assert_no_serious(target: Page | Frame) -> None:
    """Fail with axe's list when a serious or critical violation is found."""
    violations = serious_violations(target)
    assert not violations, "\n".join(violations)
