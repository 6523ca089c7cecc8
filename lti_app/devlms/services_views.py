"""The LMS's service endpoints (token, AGS, NRPS) and its gradebook page.

Server-to-server calls authenticated by the token endpoint's bearer tokens,
hence exempt from CSRF; the gradebook page only reads.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, abort, render_template, request

from lti_app.devlms import gradebook, roster, service, service_token
from lti_app.devlms.gradebook import Answer
from lti_app.devlms.models import DevCourse, DevTool
from lti_app.extensions import csrf, db

bp = Blueprint("devlms_services", __name__, url_prefix="/dev/lms")
AGS = gradebook.AGS
SCORE_TYPE = "application/vnd.ims.lis.v1.score+json"
NRPS_TYPE = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"
ITEM = "/services/<int:course_id>/lineitems/<int:item_id>/lineitem"


def _answer(answer: Answer, mimetype: str = "application/json") -> Response:
    if answer.body is None:
        response = Response("", status=answer.status, mimetype="text/plain")
    elif isinstance(answer.body, str):
        response = Response(answer.body, status=answer.status, mimetype="text/plain")
    else:
        body = json.dumps(answer.body)
        response = Response(body, status=answer.status, mimetype=mimetype)
    response.headers.update(answer.headers or {})
    return response


def _tool(scope: str) -> DevTool:
    """The tool whose bearer token grants ``scope``; 401 otherwise."""
    row = service_token.granted(request.headers.get("Authorization", ""), scope)
    if row is None:
        abort(_answer(Answer(401, {"error": "invalid_token"})))
    return service.get_tool(row.tool_id)


def _paging() -> tuple[int, int]:
    return request.args.get("limit", 0, type=int), request.args.get("from", 0, type=int)


@bp.post("/token")
@csrf.exempt  # server-to-server, authenticated by the signed client assertion
def token() -> Response:
    """The client-credentials grant (Moodle's ``token.php``)."""
    answer = service_token.issue(request.form)
    return _answer(Answer(answer.status, answer.body))


@bp.route("/services/<int:course_id>/lineitems", methods=["GET", "POST"])
@csrf.exempt
def lineitems(course_id: int) -> Response:
    """List (every item of the tool, paged) or create a line item."""
    if request.method == "POST":
        tool = _tool(AGS + "lineitem")
        created = gradebook.create_item(course_id, tool, request.get_json(silent=True))
        return _answer(created, "application/vnd.ims.lis.v2.lineitem+json")
    tool = _tool(AGS + "lineitem.readonly")
    listed = gradebook.list_items(course_id, tool, *_paging())
    return _answer(listed, "application/vnd.ims.lis.v2.lineitemcontainer+json")


def _with_item(scope: str, action: Callable[[Any], Answer], mimetype: str) -> Response:
    tool = _tool(scope)
    args = request.view_args or {}
    item = gradebook.find_item(args["course_id"], args["item_id"], tool.id)
    if item is None:
        abort(404)
    return _answer(action(item), mimetype)


@bp.get(ITEM)
def lineitem(course_id: int, item_id: int) -> Response:
    """One line item."""
    return _with_item(
        AGS + "lineitem.readonly",
        lambda item: Answer(200, gradebook.as_json(item)),
        "application/vnd.ims.lis.v2.lineitem+json",
    )


@bp.post(ITEM + "/scores")
@csrf.exempt
def scores(course_id: int, item_id: int) -> Response:
    """Post a score (Moodle's rules: 400, 409, clearing)."""
    if request.mimetype != SCORE_TYPE:
        return _answer(Answer(400, gradebook.INCORRECT))
    body = request.get_json(force=True, silent=True)
    return _with_item(
        AGS + "score", lambda item: gradebook.post_score(item, body), "text/plain"
    )


@bp.get(ITEM + "/results")
def results(course_id: int, item_id: int) -> Response:
    """The column's results, optionally for one ``user_id``."""
    user_id = request.args.get("user_id")
    return _with_item(
        AGS + "result.readonly",
        lambda item: gradebook.results(item, user_id),
        "application/vnd.ims.lis.v2.resultcontainer+json",
    )


@bp.get("/services/CourseSection/<int:course_id>/bindings/<int:tool_id>/memberships")
def memberships(course_id: int, tool_id: int) -> Response:
    """NRPS: the course's members, paged with ``limit`` and ``Link: rel="next"``."""
    tool = _tool(gradebook.NRPS_SCOPE)
    course = db.session.get(DevCourse, course_id)
    if course is None or tool.id != tool_id:
        abort(404)
    answer = roster.memberships(course, tool, *_paging(), request.args.get("role"))
    return _answer(answer, NRPS_TYPE)


@bp.get("/course/<int:course_id>/grades")
def grades(course_id: int) -> str:
    """The course gradebook: each student's grade in each column."""
    course = db.session.get(DevCourse, course_id)
    if course is None:
        abort(404)
    items, table = gradebook.grade_table(course_id)
    students = [a for a in service.list_people(course_id) if a.role == "student"]
    return render_template(
        "devlms/gradebook.html",
        course=course,
        items=items,
        grades=table,
        students=students,
    )
