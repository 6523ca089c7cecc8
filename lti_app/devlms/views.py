"""The development LMS's pages and endpoints (blueprint ``devlms``, /dev/lms).

It talks to the tool only as Moodle does: auto-submitted forms in the browser,
signed id_tokens, and its own JWKS URL. The tool may live on another origin.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, abort, jsonify, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from lti_app.devlms import auth, deep_linking, keys, service
from lti_app.devlms.forms import LocaleForm, PrivacyForm
from lti_app.devlms.models import (
    EDITING_TEACHER,
    NON_EDITING_TEACHER,
    STUDENT,
    WINDOW,
    DevActivity,
    DevTool,
)
from lti_app.extensions import csrf

bp = Blueprint(
    "devlms",
    __name__,
    url_prefix="/dev/lms",
    static_folder="static",
    static_url_path="/static",
)
ROLE_LABELS = {
    EDITING_TEACHER: _l("Enseignant·e"),
    NON_EDITING_TEACHER: _l("Enseignant·e non éditeur·rice"),
    STUDENT: _l("Étudiant·e"),
    None: _l("Administrateur·rice du site (non inscrit·e)"),
}
_CSP = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'"
# The frame that answers lti.put_data / lti.get_data, named in lti_storage_target.
STORAGE_FRAME = "lti_storage_frame"


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


def _tool_origins(tool: DevTool) -> list[str]:
    urls = [tool.login_url, tool.target_link_uri, *tool.redirect_uris]
    return sorted({f"{p.scheme}://{p.netloc}" for p in map(urlsplit, urls)})


@bp.errorhandler(keys.NotSetUpError)
def not_set_up(_: keys.NotSetUpError) -> tuple[str, int]:
    """Before ``flask demo setup``, say what to run."""
    return render_template("devlms/not_set_up.html"), 503


@bp.get("/")
def home() -> str:
    """The courses, their activities, and whom to launch as."""
    keys.get_site()
    courses = [(c, service.list_people(c.id)) for c in service.list_courses()]
    return render_template("devlms/home.html", courses=courses, role_labels=ROLE_LABELS)


def _load(course_id: int, activity_id: int) -> tuple[DevActivity, service.Access]:
    activity = service.find_activity(course_id, activity_id)
    person_id = request.args.get("as", type=int)
    if activity is None or person_id is None:
        abort(404)
    access = service.find_access(course_id, person_id)
    if access is None:
        abort(403)  # not enrolled: Moodle would not show the course
    return activity, access


def _launch_url(
    item: DevActivity, access: service.Access, target: str, storage: bool = False
) -> str:
    query: dict[str, Any] = {"target": target, "as": access.person.id}
    if storage:
        query["storage"] = 1
    return url_for(
        "devlms.launch", course_id=item.course_id, activity_id=item.id, **query
    )


@bp.get("/course/<int:course_id>/activity/<int:activity_id>")
def activity(course_id: int, activity_id: int) -> Response:
    """Moodle's ``view.php``: the tool in ``#contentframe``, or a window link.

    With ``storage=1`` the page also offers LTI platform storage, as Canvas does:
    it answers ``lti.capabilities`` and holds the frame that keeps the tool's data.
    """
    item, access = _load(course_id, activity_id)
    storage = request.args.get("storage") == "1"
    page = render_template(
        "devlms/activity.html",
        activity=item,
        access=access,
        role_labels=ROLE_LABELS,
        embedded=item.launch_container != WINDOW,
        frame_url=_launch_url(item, access, "iframe", storage),
        window_url=_launch_url(item, access, WINDOW, storage),
        storage=storage,
        storage_frame=STORAGE_FRAME,
        tool_origins=_tool_origins(item.tool),
        locale_form=LocaleForm(locale=access.person.locale, meta={"csrf": False}),
    )
    response = Response(page, mimetype="text/html")
    # The tool lives on its own origin: the frame must be allowed to show it.
    response.headers["Content-Security-Policy"] = (
        f"{_CSP}; frame-src 'self' {' '.join(_tool_origins(item.tool))}"
    )
    return response


@bp.post("/course/<int:course_id>/activity/<int:activity_id>/locale")
@csrf.exempt  # no session on this page: cookies ignore ports, the tool's would go
def locale(course_id: int, activity_id: int) -> Response:
    """Choose French or English, then launch again in that language."""
    item, access = _load(course_id, activity_id)
    form = LocaleForm(meta={"csrf": False})
    if not form.validate_on_submit():
        abort(400)
    service.set_locale(access.person, form.locale.data)
    back: dict[str, Any] = {"as": access.person.id}
    return redirect(
        url_for(
            "devlms.activity", course_id=item.course_id, activity_id=item.id, **back
        ),
        303,
    )


@bp.get("/course/<int:course_id>/activity/<int:activity_id>/launch")
def launch(course_id: int, activity_id: int) -> Response:
    """Moodle's ``launch.php``: remember the launch, auto-POST the login initiation."""
    item, access = _load(course_id, activity_id)
    target = request.args.get("target")
    if target not in {"iframe", WINDOW}:
        target = WINDOW if item.launch_container == WINDOW else "iframe"
    hint = service.begin_launch(item, access.person, target)
    fields = service.login_fields(item, access.person, hint)
    if request.args.get("storage") == "1":
        fields["lti_storage_target"] = STORAGE_FRAME
    page = render_template(
        "devlms/post_form.html",
        action=item.tool.login_url,
        fields=fields,
        form_id="ltiInitiateLoginForm",
    )
    return _no_store(Response(page, mimetype="text/html"))


@bp.get("/storage-frame")
def storage_frame() -> Response:
    """The platform storage frame: keeps each tool origin's keys for this page."""
    page = render_template(
        "devlms/storage_frame.html",
        tool_origins=_tool_origins(service.get_tool()),
        frame_name=STORAGE_FRAME,
    )
    return _no_store(Response(page, mimetype="text/html"))


@bp.get("/auth")
def authorization() -> Response:
    """The OIDC authorization endpoint (Moodle's ``auth.php``)."""
    outcome = auth.authorize(request.args.to_dict())
    if isinstance(outcome, auth.Refused):
        page = render_template("devlms/invalid_request.html")
        return _no_store(Response(page, status=400, mimetype="text/html"))
    page = render_template(
        "devlms/post_form.html",
        action=outcome.action,
        fields=outcome.fields,
        form_id="ltiAuthForm",
    )
    return _no_store(Response(page, mimetype="text/html"))


@bp.get("/jwks")
def jwks() -> Response:
    """The LMS's public keys (Moodle's ``certs.php``)."""
    return jsonify(keys.public_jwks())


@bp.get("/return")
def return_page() -> str:
    """Moodle's ``return.php``: the tool sends the person back to the course."""
    return render_template(
        "devlms/return.html",
        course_id=request.args.get("course", type=int),
        message=request.args.get("lti_msg"),
        error=request.args.get("lti_errormsg"),
    )


@bp.route("/tool", methods=["GET", "POST"])
def tool_settings() -> Response | str:
    """The tool registration as the LMS stores it; privacy flags can change."""
    info = service.platform_info()
    tool = service.get_tool()
    form = PrivacyForm(obj=tool)
    if form.validate_on_submit():
        service.set_privacy(bool(form.send_name.data), bool(form.send_email.data))
        return redirect(url_for("devlms.tool_settings", saved=1), 303)
    return render_template(
        "devlms/tool.html",
        info=info,
        tool=tool,
        form=form,
        saved=request.args.get("saved") == "1",
    )


@bp.get("/course/<int:course_id>/deep-link")
def deep_link(course_id: int) -> Response:
    """Moodle's ``contentitem.php``: a teacher asks the tool for content to add."""
    person_id = request.args.get("as", type=int)
    access = service.find_access(course_id, person_id) if person_id else None
    if access is None:
        abort(404)
    if access.role != EDITING_TEACHER and not access.person.site_admin:
        abort(403)  # Moodle: only those who may add activities
    pending = deep_linking.begin(course_id, access.person, service.get_tool())
    page = render_template(
        "devlms/post_form.html",
        action=pending.tool.login_url,
        fields=deep_linking.login_fields(pending),
        form_id="ltiInitiateLoginForm",
    )
    return _no_store(Response(page, mimetype="text/html"))


@bp.post("/course/<int:course_id>/deep-link/return")
@csrf.exempt  # a cross-site POST from the tool, authenticated by its signed JWT
def deep_link_return(course_id: int) -> Response:
    """Moodle's ``contentitem_return.php``: create the activities the tool chose."""
    tool = service.get_tool(request.args.get("id", type=int) or 0)
    try:
        outcome = deep_linking.accept_return(
            request.form.get("JWT", ""), course_id, tool
        )
    except deep_linking.ReturnRefusedError as refused:
        page = render_template("devlms/deep_link_refused.html", reason=str(refused))
        return _no_store(Response(page, status=400, mimetype="text/html"))
    page = render_template("devlms/deep_link_done.html", outcome=outcome)
    return _no_store(Response(page, mimetype="text/html"))
