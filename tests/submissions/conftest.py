"""Drop-off fixtures: people in a course, assignments, uploads over the test client."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import TestResponse, encode_multipart

from lti_app.extensions import db
from lti_app.lti.clock import utcnow
from lti_app.submissions.models import Assignment
from tests.references.conftest import (  # noqa: F401 - shared fixtures
    Browser,
    Person,
    course_id_of,
    person,
    staff,
    student,
)
from tests.support.platform import INSTRUCTOR_ROLES

MakeAssignment = Callable[..., int]


@pytest.fixture
def make_assignment(app: Flask, person: Person) -> MakeAssignment:  # noqa: F811
    """``make_assignment(**fields)``: an assignment of course "2"; returns its id."""
    person("3", INSTRUCTOR_ROLES)  # the course exists once someone launched

    def create(context_id: str = "2", **fields: Any) -> int:
        fields.setdefault("title", "Travailler sur une situation de partenariat")
        fields.setdefault("slug", f"devoir-{utcnow().timestamp()}")
        fields.setdefault("due_at", utcnow() + timedelta(days=7))
        with app.app_context():
            assignment = Assignment(course_id=course_id_of(app, context_id), **fields)
            db.session.add(assignment)
            db.session.commit()
            return assignment.id

    return create


def upload_request(browser: Browser, assignment_id: int, *files: tuple[str, bytes],
                   script: bool = False, csrf: bool = True) -> dict[str, Any]:  # fmt: skip
    """The arguments of a post of ``files`` as the drop-off form (``script``: its
    XHR) sends them, ready to be sent at once or from several threads."""
    data: dict[str, Any] = {}
    headers = {}
    token = browser.csrf() if csrf else "nope"
    if script:
        headers = {"Accept": "application/json", "X-CSRFToken": token,
                   "Authorization": f"Bearer {browser.ltik}"}  # fmt: skip
        url = f"/submissions/{assignment_id}/upload"
    else:
        data["csrf_token"] = token
        url = f"/submissions/{assignment_id}/upload?ltik={browser.ltik}"
    fields = MultiDict(data)
    for name, content in files:
        fields.add("files", FileStorage(io.BytesIO(content), name, "files",
                                        "application/octet-stream"))  # fmt: skip
    # Encoded here: the test client would spool a large body to an unclosed file.
    boundary, body = encode_multipart(fields)
    return {"path": url, "data": body, "headers": headers,
            "content_type": f"multipart/form-data; boundary={boundary}"}  # fmt: skip


def upload(browser: Browser, assignment_id: int, *files: tuple[str, bytes],
           script: bool = False, csrf: bool = True) -> TestResponse:  # fmt: skip
    """Post files as the drop-off form does (``script``: as its XHR does)."""
    request = upload_request(browser, assignment_id, *files, script=script, csrf=csrf)
    return browser.client.post(**request)


def shift(when: datetime, **delta: float) -> datetime:
    """A naive UTC time moved by a timedelta."""
    return when + timedelta(**delta)
