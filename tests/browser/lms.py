"""Driving the development LMS's activity page and the tool framed in it."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Frame, FrameLocator, Page, expect

from tests.support.demo import LiveDemo

ADMIN, MATHILDE, INES, YANIS, LEA, PAUL = 2, 3, 4, 5, 6, 7
COURSE_TITLE = "Master Politiques sociales — M1"
FRAME = "#contentframe"


def activity_url(demo: LiveDemo, person: int, activity: int = 1) -> str:
    """Moodle's ``view.php`` for this person."""
    return f"{demo.lms_url}/dev/lms/course/2/activity/{activity}?as={person}"


def open_activity(page: Page, demo: LiveDemo, person: int) -> FrameLocator:
    """Open the activity page; the frame's login starts on its own."""
    page.goto(activity_url(demo, person))
    return page.frame_locator(FRAME)


def expect_course_home(root: Page | FrameLocator, name: str) -> None:
    """The course home, with the person's name in the header."""
    expect(root.get_by_role("heading", level=1, name=COURSE_TITLE)).to_be_visible()
    expect(root.locator("header .who")).to_contain_text(name)


def launch_in_frame(page: Page, demo: LiveDemo, person: int, name: str) -> FrameLocator:
    """A whole launch in ``#contentframe``, ending on the course home."""
    frame = open_activity(page, demo, person)
    expect_course_home(frame, name)
    return frame


def content_frame(page: Page) -> Frame:
    """The frame object behind ``#contentframe`` (for its URL and ``goto``)."""
    frame = page.locator(FRAME).element_handle().content_frame()
    assert frame is not None, "the activity page has no content frame"
    return frame


def frame_on(page: Page, demo: LiveDemo, path: str) -> Frame:
    """The content frame once it shows ``path`` on the tool's origin."""
    frame = content_frame(page)
    frame.wait_for_url(re.compile(re.escape(demo.tool_url + path) + r"(\?|$)"))
    return frame


def ltik(url: str) -> str:
    """The launch token carried by a tool URL."""
    return parse_qs(urlsplit(url).query)["ltik"][0]


def go_to_participants(root: Page | FrameLocator) -> None:
    """Keyboard only: focus the header's Participants link and press Enter."""
    link = root.get_by_role("navigation").get_by_role(
        "link", name="Participants", exact=True
    )
    link.focus()
    link.press("Enter")
    expect(root.get_by_role("heading", level=1, name="Participants")).to_be_visible()
    expect(link).to_have_attribute("aria-current", "page")


def grant_assistant(root: Page | FrameLocator, name: str) -> None:
    """Press the assistant button for ``name`` and read the confirmation."""
    root.get_by_role("button", name=f"Nommer {name} assistant·e").click()
    expect(root.get_by_role("status")).to_have_text(f"Rôle mis à jour pour {name}.")
    row = root.get_by_role("row").filter(has_text=name)
    expect(row).to_contain_text("assistant·e (accordé dans Cartable)")
    expect(
        row.get_by_role("button", name=f"Retirer le rôle d'assistant·e à {name}")
    ).to_be_visible()


def go_to(frame: Frame, demo: LiveDemo, path: str) -> None:
    """Open a tool page in the frame, carrying the frame's launch token."""
    frame.goto(f"{demo.tool_url}{path}?ltik={ltik(frame.url)}")


def tool_frame(new_page: Callable[..., Page], demo: LiveDemo, person: int, name: str,
               path: str | None = None) -> Frame:  # fmt: skip
    """A new page, a whole launch in its frame, then ``path`` when given."""
    page = new_page()
    launch_in_frame(page, demo, person, name)
    frame = frame_on(page, demo, "/course/")
    if path:
        go_to(frame, demo, path)
    return frame
