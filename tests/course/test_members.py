"""Staff pages and the assistant role: who reaches them; grants apply at once."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.course.conftest import Person, csrf_for, csrf_of, membership_id
from tests.support.launcher import reason
from tests.support.platform import ADMIN_ROLES, LTI, MEMBERSHIP


def _grant(
    client: FlaskClient, ltik: str, member: int, grant: str, csrf: str | None
) -> int:
    data = {"ltik": ltik, "grant": grant}
    if csrf is not None:
        data["csrf_token"] = csrf
    return client.post(f"/course/members/{member}/assistant", data=data).status_code


@pytest.mark.parametrize(
    ("roles", "status"),
    [
        pytest.param([MEMBERSHIP + "Instructor"], 200, id="instructor"),
        pytest.param(ADMIN_ROLES, 200, id="moodle-admin"),
        pytest.param([MEMBERSHIP + "Learner"], 403, id="student"),
        pytest.param([], 403, id="guest-empty-roles"),
        pytest.param([MEMBERSHIP + "Mentor"], 403, id="guest-mentor"),
        pytest.param(
            ["http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator"],
            403,
            id="institution-admin-alone",
        ),
    ],
)
def test_members_page_is_for_staff(
    person: Person, client: FlaskClient, roles: list[str], status: int
) -> None:
    ltik = person("7", roles)
    assert client.get(f"/course/members?ltik={ltik}").status_code == status


@pytest.mark.parametrize(
    "roles", [[], [MEMBERSHIP + "Mentor"]], ids=["empty", "mentor"]
)
def test_unrecognised_roles_read_only_notice(
    person: Person, client: FlaskClient, roles: list[str]
) -> None:
    page = client.get(f"/course/?ltik={person('8', roles)}").text
    assert "lecture seule" in page
    assert "/course/members" not in page


def test_granted_assistant_reaches_staff_pages_at_once_and_loses_them_at_once(
    app: Flask, client: FlaskClient, instructor: str, student: str
) -> None:
    assert client.get(f"/course/members?ltik={student}").status_code == 403
    csrf = csrf_of(client.get(f"/course/members?ltik={instructor}").text)
    member = membership_id(app, "4")
    assert _grant(client, instructor, member, "1", csrf) == 303
    page = client.get(f"/course/members?ltik={student}")  # the same token, no relaunch
    assert page.status_code == 200
    assert "accordé dans Cartable" in page.text
    assert _grant(client, instructor, member, "0", csrf) == 303
    assert client.get(f"/course/members?ltik={student}").status_code == 403


def test_assistant_cannot_grant(
    app: Flask, client: FlaskClient, instructor: str, student: str, person: Person
) -> None:
    csrf = csrf_of(client.get(f"/course/members?ltik={instructor}").text)
    assert _grant(client, instructor, membership_id(app, "4"), "1", csrf) == 303
    other = person("9", [MEMBERSHIP + "Learner"])
    assert (
        _grant(client, student, membership_id(app, "9"), "1", csrf_for(app, student))
        == 403
    )
    assert client.get(f"/course/members?ltik={other}").status_code == 403


def test_grant_without_csrf_token_is_refused(
    app: Flask, client: FlaskClient, instructor: str, student: str
) -> None:
    member = membership_id(app, "4")
    response = client.post(
        f"/course/members/{member}/assistant", data={"ltik": instructor, "grant": "1"}
    )
    assert (response.status_code, reason(response)) == (400, "http-400")
    assert "formulaire a expiré" in response.text
    assert client.get(f"/course/members?ltik={student}").status_code == 403


def test_grant_with_another_launch_csrf_token_is_refused(
    app: Flask, client: FlaskClient, instructor: str, student: str
) -> None:
    member = membership_id(app, "4")
    assert _grant(client, instructor, member, "1", csrf_for(app, student)) == 400


def test_student_posting_a_grant_is_forbidden(
    app: Flask, client: FlaskClient, instructor: str, student: str
) -> None:
    member = membership_id(app, "4")
    assert _grant(client, student, member, "1", csrf_for(app, student)) == 403
    assert client.get(f"/course/members?ltik={student}").status_code == 403


def test_membership_of_another_course_is_not_found(
    app: Flask, client: FlaskClient, instructor: str, person: Person
) -> None:
    person("4", [MEMBERSHIP + "Learner"], context_id="99")
    foreign = membership_id(app, "4", context_id="99")
    csrf = csrf_for(app, instructor)
    assert _grant(client, instructor, foreign, "1", csrf) == 404


def test_instructor_cannot_be_granted(
    app: Flask, client: FlaskClient, instructor: str
) -> None:
    csrf = csrf_for(app, instructor)
    assert _grant(client, instructor, membership_id(app, "3"), "1", csrf) == 400


@pytest.mark.parametrize("grant", ["2", "", "yes"])
def test_grant_value_must_be_0_or_1(
    app: Flask, client: FlaskClient, instructor: str, student: str, grant: str
) -> None:
    csrf = csrf_for(app, instructor)
    assert _grant(client, instructor, membership_id(app, "4"), grant, csrf) == 400


def test_relaunch_keeps_a_grant(
    app: Flask, client: FlaskClient, instructor: str, student: str, person: Person
) -> None:
    """The LMS role is refreshed at each launch; the Cartable grant stays."""
    csrf = csrf_for(app, instructor)
    assert _grant(client, instructor, membership_id(app, "4"), "1", csrf) == 303
    again = person("4", [MEMBERSHIP + "Learner"], name="Inès Moreau")
    assert client.get(f"/course/members?ltik={again}").status_code == 200


def test_members_page_shows_roles(
    client: FlaskClient, instructor: str, student: str
) -> None:
    page = client.get(f"/course/members?ltik={instructor}").text
    assert "Claire Enseignante" in page
    assert "Inès Moreau" in page
    assert "Nommer Inès Moreau assistant·e" in page
    assert LTI not in page
