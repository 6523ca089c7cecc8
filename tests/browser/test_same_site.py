"""Launches in Moodle's iframe when the LMS and the tool share a site (plain http)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.lms import (
    INES,
    MATHILDE,
    activity_url,
    content_frame,
    frame_on,
    go_to_participants,
    grant_assistant,
    launch_in_frame,
    ltik,
)
from tests.support.demo import LiveDemo

pytestmark = pytest.mark.browser


def test_instructor_grants_assistant_inside_the_frame(
    same_site: LiveDemo, new_page: Callable[..., Page]
) -> None:
    """Mathilde's launch, keyboard navigation and a CSRF-protected grant all happen
    in ``#contentframe`` while the LMS page stays on top."""
    launch_in_frame(new_page(), same_site, INES, "Inès Moreau")  # she is now known
    page = new_page()
    frame = launch_in_frame(page, same_site, MATHILDE, "Mathilde Garnier")
    frame_on(page, same_site, "/course/")

    go_to_participants(frame)
    frame_on(page, same_site, "/course/members")
    grant_assistant(frame, "Inès Moreau")

    frame_on(page, same_site, "/course/members")
    assert page.url == activity_url(same_site, MATHILDE)  # never left the LMS page


def test_student_sees_no_participants_and_is_refused_them(
    same_site: LiveDemo, new_page: Callable[..., Page]
) -> None:
    """Inès has no Participants link, and typing its address in the frame is a 403."""
    page = new_page()
    frame = launch_in_frame(page, same_site, INES, "Inès Moreau")
    navigation = frame.get_by_role("navigation")
    expect(navigation.get_by_role("link", name="Accueil du cours")).to_have_count(1)
    expect(frame.get_by_role("link", name="Participants")).to_have_count(0)

    inner = frame_on(page, same_site, "/course/")
    token = ltik(inner.url)
    response = inner.goto(f"{same_site.tool_url}/course/members?ltik={token}")
    assert response is not None
    assert response.status == 403
    expect(frame.get_by_role("heading", level=1, name="Accès refusé")).to_be_visible()
    expect(frame.get_by_role("heading", name="Participants")).to_have_count(0)
    assert content_frame(page).url.startswith(same_site.tool_url + "/course/members")
