"""The development LMS's "register a tool by URL" pages and endpoints (/dev/lms)."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from flask import Blueprint, jsonify, render_template, request
from werkzeug.wrappers import Response

from lti_app.devlms import keys, registration
from lti_app.devlms.forms import RegisterToolForm
from lti_app.extensions import csrf

bp = Blueprint("devlms_registration", __name__, url_prefix="/dev/lms")
_CSP = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'"


@bp.get("/openid-configuration")
def openid_configuration() -> Response:
    """Moodle's ``openid-configuration.php``."""
    return jsonify(registration.openid_configuration(keys.get_site()))


@bp.post("/register")
@csrf.exempt  # server-to-server, authenticated by the registration token
def register() -> tuple[Response, int]:
    """Moodle's ``openid-registration.php``."""
    auth = request.headers.get("Authorization", "")
    token = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else ""
    body = request.get_json(silent=True) if request.is_json else None
    try:
        answer = registration.register_tool(token, body)
    except registration.RegistrationRefusedError as refused:
        return jsonify(error=refused.error), refused.status
    return jsonify(answer), 200


def _start_url(tool_url: str) -> str:
    """The tool's URL with what Moodle appends: configuration URL and token."""
    query = urlencode(
        {
            "openid_configuration": registration.configuration_url(keys.get_site()),
            "registration_token": registration.issue_token(),
        }
    )
    return f"{tool_url}{'&' if '?' in tool_url else '?'}{query}"


@bp.route("/register-tool", methods=["GET", "POST"])
def register_tool() -> Response:
    """Paste the tool's registration URL; the tool opens in a frame, then closes."""
    form = RegisterToolForm()
    frame_url = _start_url(form.tool_url.data) if form.validate_on_submit() else None
    parts = urlsplit(frame_url or "")
    tool_origin = f"{parts.scheme}://{parts.netloc}" if frame_url else ""
    page = render_template(
        "devlms/register_tool.html",
        form=form,
        frame_url=frame_url,
        tool_origin=tool_origin,
        closed=request.args.get("closed") == "1",
        tools=registration.list_tools(),
    )
    response = Response(page, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    if frame_url:
        response.headers["Content-Security-Policy"] = (
            f"{_CSP}; frame-src 'self' {tool_origin}"
        )
    return response
