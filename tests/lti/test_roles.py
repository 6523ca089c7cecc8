"""Role normalisation: the course role decides, institution and system roles do not."""

from __future__ import annotations

import pytest

from lti_app.lti.claims import normalise_roles

M = "http://purl.imsglobal.org/vocab/lis/v2/membership"
INSTITUTION = "http://purl.imsglobal.org/vocab/lis/v2/institution/person#"
SYSTEM = "http://purl.imsglobal.org/vocab/lis/v2/system/person#"

ROLES: list[tuple[str, list[str], str, bool]] = [
    ("full-instructor", [M + "#Instructor"], "instructor", True),
    ("full-learner", [M + "#Learner"], "student", True),
    ("full-content-developer", [M + "#ContentDeveloper"], "instructor", True),
    ("full-context-administrator", [M + "#Administrator"], "instructor", True),
    ("short-instructor", ["Instructor"], "instructor", True),
    ("short-learner", ["Learner"], "student", True),
    ("short-teaching-assistant", ["TeachingAssistant"], "assistant", True),
    (
        "sub-role-teaching-assistant",
        [M + "/Instructor#TeachingAssistant"],
        "assistant",
        True,
    ),
    (
        "sub-role-ta-section",
        [M + "/Instructor#TeachingAssistantSection"],
        "assistant",
        True,
    ),
    ("sub-role-grader", [M + "/Instructor#Grader"], "assistant", True),
    (
        "sub-role-primary-instructor",
        [M + "/Instructor#PrimaryInstructor"],
        "instructor",
        True,
    ),
    (
        "sub-role-learner-instructor-stays-learner",
        [M + "/Learner#Instructor"],
        "student",
        True,
    ),
    ("sub-role-mentor-tutor", [M + "/Mentor#Tutor"], "guest", False),
    (
        "ta-with-principal-learner",
        [M + "#Learner", M + "/Instructor#TeachingAssistant"],
        "assistant",
        True,
    ),
    ("lti11-instructor", ["urn:lti:role:ims/lis/Instructor"], "instructor", True),
    ("lti11-learner", ["urn:lti:role:ims/lis/Learner"], "student", True),
    (
        "lti11-teaching-assistant",
        ["urn:lti:role:ims/lis/TeachingAssistant"],
        "assistant",
        True,
    ),
    (
        "lti11-learner-sub-instructor",
        ["urn:lti:role:ims/lis/Learner/Instructor"],
        "student",
        True,
    ),
    (
        "lti11-institution-admin",
        ["urn:lti:instrole:ims/lis/Administrator"],
        "guest",
        False,
    ),
    (
        "moodle-unenrolled-admin",
        [INSTITUTION + "Administrator", M + "#Instructor", SYSTEM + "Administrator"],
        "instructor",
        True,
    ),
    (
        "institution-administrator-alone",
        [INSTITUTION + "Administrator"],
        "guest",
        False,
    ),
    ("institution-instructor-alone", [INSTITUTION + "Instructor"], "guest", False),
    (
        "system-roles-alone",
        [SYSTEM + "Administrator", SYSTEM + "SysAdmin"],
        "guest",
        False,
    ),
    ("mentor", [M + "#Mentor"], "guest", False),
    ("unknown", ["http://example.test/roles#Wizard"], "guest", False),
    ("unknown-short", ["Wizard"], "guest", False),
    ("empty", [], "guest", False),
    (
        "instructor-wins-over-learner",
        [M + "#Learner", M + "#Instructor"],
        "instructor",
        True,
    ),
]


@pytest.mark.parametrize(
    ("roles", "role", "recognised"),
    [
        pytest.param(roles, role, recognised, id=name)
        for name, roles, role, recognised in ROLES
    ],
)
def test_normalise_roles(roles: list[str], role: str, recognised: bool) -> None:
    decision = normalise_roles(roles)
    assert (decision.role, decision.recognised) == (role, recognised)
