"""Headless Chromium for the browser tests: one browser per test worker.

Debian's ``/usr/bin/chromium`` is driven by Playwright; no browser is ever
downloaded. Tests that need cookie rules of their own (third-party cookies
blocked, the tool's site blocked in frames) get a persistent context: a separate
browser whose profile ``Preferences`` are written before it starts.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    expect,
    sync_playwright,
)

from tests.support.demo import LiveDemo

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 10_000

expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    """Playwright's driver, started once per worker; refuses to run without Chromium."""
    assert CHROMIUM.is_file(), (
        f"{CHROMIUM} is missing: install Debian's chromium package "
        "(browsers are never downloaded by these tests)"
    )
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def chromium(playwright: Playwright) -> Iterator[Browser]:
    """The worker's shared headless Chromium."""
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


def _prepare(context: BrowserContext) -> BrowserContext:
    context.set_default_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def new_page(chromium: Browser) -> Iterator[Callable[..., Page]]:
    """``new_page(locale="fr-FR")``: a page in a fresh context (its own cookies)."""
    contexts: list[BrowserContext] = []

    def make(locale: str = "fr-FR") -> Page:
        context = chromium.new_context(ignore_https_errors=True, locale=locale)
        contexts.append(_prepare(context))
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def profile_browser(
    playwright: Playwright, tmp_path: Path
) -> Iterator[Callable[[dict[str, Any]], BrowserContext]]:
    """``profile_browser(preferences)``: Chromium started on a profile with these prefs.

    ``Default/Preferences`` is the file Chromium reads at start-up, so the cookie
    rules are in force from the first request, exactly as a user's settings are.
    """
    contexts: list[BrowserContext] = []

    def launch(preferences: dict[str, Any]) -> BrowserContext:
        profile = tmp_path / f"profile{len(contexts)}"
        (profile / "Default").mkdir(parents=True)
        (profile / "Default" / "Preferences").write_text(json.dumps(preferences))
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            ignore_https_errors=True,
            locale="fr-FR",
        )
        contexts.append(_prepare(context))
        return context

    yield launch
    for context in contexts:
        context.close()


@pytest.fixture
def same_site(make_live_demo: Callable[..., LiveDemo]) -> LiveDemo:
    """LMS and tool on http://127.0.0.1 (two ports): framed launches just work."""
    return make_live_demo(tool_tls=False, lms_host="127.0.0.1")
