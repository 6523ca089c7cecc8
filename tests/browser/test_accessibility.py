"""axe-core (serious and critical) and keyboard use on Cartable's main pages."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin

import pytest
from playwright.sync_api import Frame, Page, expect

from tests.browser.accessibility import check_keyboard, serious_violations
from tests.browser.lms import (
    INES,
    LEA,
    MATHILDE,
    activity_url,
    frame_on,
    launch_in_frame,
    ltik,
)
from tests.support.demo import LiveDemo

pytestmark = pytest.mark.browser
NewPage = Callable[..., Page]


@dataclass(frozen=True)
class Shown:
    """A page as the person sees it (a frame for the tool), and its top-level twin."""

    target: Page | Frame
    page: Page
    url: str
    frames_tool: bool = False


def _tool_page(
    demo: LiveDemo, new_page: NewPage, person: int, name: str, path: str = "", **kw: str
) -> Shown:
    """Launch in the frame, then show ``path`` (the course home if empty) there."""
    page = new_page(**kw)
    launch_in_frame(page, demo, person, name)
    frame = frame_on(page, demo, "/course/")
    if path:
        frame.goto(f"{demo.tool_url}{path}?ltik={ltik(frame.url)}")
    return Shown(frame, page, frame.url)


def _top(new_page: NewPage, url: str) -> Shown:
    page = new_page()
    page.goto(url)
    return Shown(page, page, url)


def devlms_home(demo: LiveDemo, new_page: NewPage) -> Shown:
    return _top(new_page, f"{demo.lms_url}/dev/lms/")


def devlms_activity(demo: LiveDemo, new_page: NewPage) -> Shown:
    page = new_page()
    launch_in_frame(page, demo, MATHILDE, "Mathilde Garnier")
    return Shown(page, page, activity_url(demo, MATHILDE), frames_tool=True)


def devlms_gradebook(demo: LiveDemo, new_page: NewPage) -> Shown:
    return _top(new_page, f"{demo.lms_url}/dev/lms/course/2/grades")


def course_home_instructor(demo: LiveDemo, new_page: NewPage) -> Shown:
    return _tool_page(demo, new_page, MATHILDE, "Mathilde Garnier")


def course_home_student(demo: LiveDemo, new_page: NewPage) -> Shown:
    return _tool_page(demo, new_page, INES, "Inès Moreau")


def course_home_english(demo: LiveDemo, new_page: NewPage) -> Shown:
    shown = _tool_page(demo, new_page, LEA, "Léa Fontaine", locale="en-GB")
    expect(shown.page.frame_locator("#contentframe").locator("html")).to_have_attribute(
        "lang", "en"
    )
    return shown


def participants(demo: LiveDemo, new_page: NewPage) -> Shown:
    demo.browser().launch(person=INES)  # a row with the assistant button
    return _tool_page(demo, new_page, MATHILDE, "Mathilde Garnier", "/course/members")


def not_yet(demo: LiveDemo, new_page: NewPage) -> Shown:
    """The devlms sends no deep-linking request: the page's generic branch is shown."""
    return _tool_page(demo, new_page, MATHILDE, "Mathilde Garnier", "/lti/not-yet")


def deep_linking_picker(demo: LiveDemo, new_page: NewPage) -> Shown:
    """Mathilde adds an activity in the LMS: the real deep-linking launch opens it."""
    page = new_page()
    page.goto(f"{demo.lms_url}/dev/lms/course/2/deep-link?as={MATHILDE}")
    page.wait_for_url(re.compile(re.escape(f"{demo.tool_url}/lti/deep-link") + r"\?"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Choisir un contenu Cartable"
    )
    expect(page.get_by_role("group")).to_be_visible()  # the targets' fieldset
    return Shown(page, page, page.url)


def cookies_blocked(demo: LiveDemo, new_page: NewPage) -> Shown:
    """A login started by another client: this browser has no state cookie."""
    driver = demo.browser()
    form = driver.login_form(MATHILDE)
    started = driver.submit(form)
    assert started.status_code == 303, started.text
    return _top(new_page, urljoin(form.action, started.headers["Location"]))


def session_missing(demo: LiveDemo, new_page: NewPage) -> Shown:
    """An LTI error page: the course opened without a launch."""
    return _top(new_page, f"{demo.tool_url}/course/")


def _staff(path: str) -> Callable[[LiveDemo, NewPage], Shown]:
    def reach(demo: LiveDemo, new_page: NewPage) -> Shown:
        return _tool_page(demo, new_page, MATHILDE, "Mathilde Garnier", path)

    reach.__name__ = "staff" + path.replace("/", "_").replace("-", "_")
    return reach


def _student(path: str) -> Callable[[LiveDemo, NewPage], Shown]:
    def reach(demo: LiveDemo, new_page: NewPage) -> Shown:
        return _tool_page(demo, new_page, INES, "Inès Moreau", path)

    reach.__name__ = "student" + path.replace("/", "_").replace("-", "_")
    return reach


PAGES = [
    devlms_home,
    devlms_activity,
    devlms_gradebook,
    course_home_instructor,
    course_home_student,
    course_home_english,
    participants,
    not_yet,
    deep_linking_picker,
    cookies_blocked,
    session_missing,
    # The features' main pages, on the demo course's data.
    _staff("/references/"),
    _staff("/references/new"),
    _staff("/references/add"),
    _staff("/references/1"),
    _staff("/references/sections"),
    _staff("/references/style"),
    _staff("/references/inbox"),
    _staff("/modules/"),
    _staff("/modules/1/revisions"),
    _student("/references/reading"),
    _student("/references/suggestions"),
    _student("/modules/"),
    _student("/modules/1"),
    _student("/mydata/"),
    _staff("/journal/"),
]


@pytest.mark.parametrize("reach", PAGES, ids=lambda f: f.__name__)
def test_page_is_accessible(
    reach: Callable[[LiveDemo, NewPage], Shown],
    same_site: LiveDemo,
    new_page: NewPage,
) -> None:
    """No serious or critical axe violation where the page is shown (the tool in
    the LMS frame); opened top-level, its first Tab stop is the skip link, which
    leads to main, and every Tab stop draws a focus outline."""
    shown = reach(same_site, new_page)
    violations = serious_violations(shown.target, iframes=not shown.frames_tool)
    assert not violations, "\n".join(violations)
    page = shown.page
    if shown.target is not page:  # a framed tool page: Tab through it on its own
        page = new_page()
        page.goto(shown.url)
    check_keyboard(page)


def test_english_launch_is_in_english(same_site: LiveDemo, new_page: NewPage) -> None:
    """Léa (locale en) gets ``lang="en"`` and English words: a screen reader must not
    read French with an English voice (WCAG 3.1.1)."""
    shown = course_home_english(same_site, new_page)
    skip = shown.page.frame_locator("#contentframe").locator("a.skip-link")
    assert skip.inner_text() != "Aller au contenu", (
        'lang="en" on French text: the English catalogue '
        "(lti_app/translations/en/LC_MESSAGES/messages.po) is untranslated or not "
        "compiled (pybabel compile -d lti_app/translations)"
    )
