"""LTI endpoints: OIDC login, the launch itself, our JWKS, session renewal."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from lti_app.access import current_launch, lti_url, staff_required
from lti_app.course.copies import find_pending_copy
from lti_app.extensions import csrf
from lti_app.launch import platform_storage
from lti_app.launch.cookies import clear_tool_cookie, set_tool_cookie
from lti_app.launch.forms import PickerForm
from lti_app.launch.review import review_landing
from lti_app.launch.service import deep_link_items, start_session
from lti_app.launch.targets import CUSTOM_KEY, find_target, list_targets
from lti_app.lti import claims as c
from lti_app.lti.context import LaunchContext, privacy_request_of
from lti_app.lti.deep_linking import settings_of, signed_response
from lti_app.lti.errors import LtiError
from lti_app.lti.keys import public_jwks
from lti_app.lti.login import begin_login, find_pending, pending_auth_url
from lti_app.lti.session import COOKIE, issue_token, read_token
from lti_app.lti.validation import Limits, ValidLaunch, validate_launch
from lti_app.metrics.counters import LAUNCHES
from lti_app.privacy import Ticket, issue_ticket
from lti_app.sites import http_cross_site
from lti_app.tool_urls import public_url

bp = Blueprint("launch", __name__, url_prefix="/lti")
log = logging.getLogger(__name__)
LOGIN_PARAMS = (
    "iss",
    "login_hint",
    "target_link_uri",
    "lti_message_hint",
    "client_id",
    "lti_deployment_id",
    "lti_storage_target",
)


def _tool_hosts() -> set[str]:
    base = current_app.config["CARTABLE_PUBLIC_URL"]
    hosts = {urlsplit(base).netloc.lower()} if base else {request.host.lower()}
    return hosts | {
        h.lower() for h in current_app.config["CARTABLE_EXTRA_TARGET_HOSTS"]
    }


def _state_ttl() -> int:
    return int(current_app.config["CARTABLE_STATE_SECONDS"])


@bp.route("/login", methods=["GET", "POST"])
@csrf.exempt
def login() -> Response:
    """OIDC initiation: remember state and nonce, then check the cookie stuck.

    With platform storage the page stores them in the platform first; the state
    cookie is set all the same, for the fallback when the platform does not answer.
    """
    source = request.form if request.method == "POST" else request.args
    params = {name: source.get(name, "") for name in LOGIN_PARAMS}
    pending = begin_login(
        params, public_url("launch.launch"), _tool_hosts(), _state_ttl()
    )
    onward = url_for("launch.login_continue", state=pending.state)
    if pending.storage_target:
        response = platform_storage.login_page(pending, onward)
    else:
        response = redirect(onward, 303)
    set_tool_cookie(response, f"lti_state_{pending.state}", pending.state, _state_ttl())
    return response


@bp.get("/login/continue")
def login_continue() -> Response | str:
    """Go to the platform if the state cookie came back, else offer a new window."""
    state = request.args.get("state", "")
    auth_url = pending_auth_url(state)
    if request.cookies.get(f"lti_state_{state}") == state:
        return redirect(auth_url, 303)
    if http_cross_site(request.host_url, auth_url):
        raise LtiError("http-cross-site")  # a new window would fail the same way
    log.info("lti login: state cookie not kept, offering a new window")
    window_url = url_for("launch.login_window", state=state)
    return render_template("launch/cookies_blocked.html", window_url=window_url)


@bp.get("/login/window")
def login_window() -> Response:
    """In a top-level window, set the state cookie first-party and carry on."""
    state = request.args.get("state", "")
    pending_auth_url(state)
    response = redirect(url_for("launch.login_continue", state=state), 303)
    set_tool_cookie(response, f"lti_state_{state}", state, _state_ttl())
    return response


@bp.post("/launch")
@csrf.exempt
def launch() -> Response:
    """Validate the id_token, record the launch, then 303 to the page."""
    config = current_app.config
    limits = Limits(
        leeway=int(config["CARTABLE_JWT_LEEWAY"]),
        max_age=int(config["CARTABLE_JWT_MAX_AGE"]),
        nonce_ttl=int(config["CARTABLE_JWT_MAX_AGE"])
        + int(config["CARTABLE_JWT_LEEWAY"]),
    )
    record = platform_storage.pending_storage_launch(request.form, request.cookies)
    if record is not None:
        return platform_storage.launch_page(request.form, record)
    clear = f"lti_state_{request.form.get('state', '')}"
    valid = _validate(limits, clear)
    LAUNCHES.inc()
    if valid.claims[c.MESSAGE_TYPE] in c.DATA_PRIVACY_TYPES:
        # No course: the person's data page, across every course of the platform.
        response = redirect(_privacy_page(valid.claims), 303)
        clear_tool_cookie(response, clear)
        return response
    context = start_session(valid)
    log.info(
        "lti launch ok launch=%s platform=%s course=%s role=%s",
        context.launch_id[:8],
        context.platform_id,
        context.course_id,
        context.role,
    )
    token = issue_token(context.launch_id)
    endpoint, values = _landing(context)
    response = redirect(url_for(endpoint, ltik=token, **values), 303)
    set_tool_cookie(response, COOKIE, token, int(config["CARTABLE_SESSION_SECONDS"]))
    clear_tool_cookie(response, clear)
    return response


def _validate(limits: Limits, cookie: str) -> ValidLaunch:
    """Validate the launch; a cookie lost to plain http across sites says so."""
    pending = None
    if not request.is_secure and cookie not in request.cookies:
        pending = find_pending(request.form.get("state", ""))  # before it is consumed
    try:
        return validate_launch(request.form, request.cookies, limits)
    except LtiError as error:
        if (
            error.code == "state-cookie-missing"
            and pending is not None
            and http_cross_site(request.host_url, pending["auth_url"])
        ):
            raise LtiError("http-cross-site") from error
        raise


def _privacy_page(claims: dict[str, Any]) -> str:
    """Where a data privacy launch goes: "Mes données", through a short-lived ticket."""
    asked = privacy_request_of(claims, current_app.config["CARTABLE_DEFAULT_LOCALE"])
    token = issue_ticket(
        Ticket(asked.issuer, asked.for_sub, asked.locale, asked.acting_admin)
    )
    log.info("lti data privacy launch admin=%s", asked.acting_admin)
    return url_for("mydata.privacy_page", ticket=token, lang=asked.locale)


def _landing(context: LaunchContext) -> tuple[str, dict[str, str]]:
    """Where a launch goes: its deep-linked target, the picker, or the course."""
    if context.message_type == c.DEEP_LINKING:
        return "launch.deep_link", {}
    if context.message_type == c.SUBMISSION_REVIEW:
        return review_landing(context) or ("launch.not_yet", {})
    if context.message_type != c.RESOURCE_LINK:
        return "launch.not_yet", {}
    if find_pending_copy(context.course_id) is not None:
        return ("course.copy_offer" if context.is_staff else "course.not_ready"), {}
    name = context.custom.get(CUSTOM_KEY)
    if not name:
        return "course.home", {}
    target = find_target(str(name), context)
    if target is None:
        return "launch.target_gone", {}
    return target.endpoint, target.values


@bp.get("/target-gone")
def target_gone() -> Response:
    """A link names a page Cartable no longer offers: say so on the course home."""
    current_launch()
    flash(
        _("Le contenu lié à cette activité n'existe plus : voici l'accueil du cours.")
    )
    return redirect(lti_url("course.home"), 303)


@bp.get("/deep-link")
@staff_required
def deep_link() -> str:
    """The picker: what this course can place in the platform."""
    context = current_launch()
    return render_template(
        "launch/deep_link.html",
        settings=settings_of(context),
        targets=list_targets(context),
        form=PickerForm(),
    )


@bp.post("/deep-link")
@staff_required
def deep_link_submit() -> str:
    """Sign the chosen items (none: cancel) and post them back to the platform."""
    context = current_launch()
    if not PickerForm().validate_on_submit():
        abort(400)
    names = [] if "cancel" in request.form else request.form.getlist("target")
    items = deep_link_items(
        names, public_url("launch.launch"), settings_of(context), context
    )
    return_url, token = signed_response(context, items)
    log.info(
        "lti deep linking response launch=%s items=%d",
        context.launch_id[:8],
        len(items),
    )
    return render_template(
        "launch/deep_link_return.html", action=return_url, token=token, items=items
    )


@bp.get("/not-yet")
def not_yet() -> str:
    """Message types whose features have not landed yet get a clear page."""
    return render_template(
        "launch/not_yet.html", message_type=current_launch().message_type
    )


@bp.get("/jwks")
def jwks() -> Response:
    """The tool's public keys, for platforms to verify what we sign."""
    response = jsonify(public_jwks())
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.post("/session/renew")
@csrf.exempt
def renew() -> Response:
    """Give a page in use a fresh token; only an Authorization header is accepted."""
    token = read_token()
    if not request.headers.get("Authorization") or token.status != "valid":
        raise LtiError("session-expired")
    return jsonify(token=issue_token(current_launch().launch_id))
