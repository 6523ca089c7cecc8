"""Mes données: the person sees what Cartable holds about them and downloads it.

Reached from the course menu (a course launch) or by the platform's data
privacy launch (a ticket naming the person, with no course).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass

from flask import (
    Blueprint,
    Response,
    abort,
    g,
    make_response,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import force_locale, get_locale

from lti_app import audit
from lti_app.access import current_launch, launch_required, lti_url
from lti_app.lti.errors import LtiError
from lti_app.mydata.archive import summary, write_archive
from lti_app.privacy import Person, Ticket, find_person, person_of, read_ticket

bp = Blueprint("mydata", __name__, url_prefix="/mydata")
SPOOL_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class Asked:
    """Whose data this page shows, and where its download link goes."""

    person: Person | None
    download_url: str
    ticket: Ticket | None = None


def _download(person: Person, locale: str) -> Response:
    """The archive, built in a spooled file (memory first, disk past 8 MB)."""
    out = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - send_file closes it
    try:
        write_archive(person, locale, out)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    response = send_file(out, mimetype="application/zip", as_attachment=True,
                         download_name="cartable-mes-donnees.zip")  # fmt: skip
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _from_ticket() -> Asked:
    token = request.args.get("ticket", "")
    ticket = read_ticket(token)
    if ticket is None:
        raise LtiError("session-expired")
    # Not the course session this browser may also hold: neither its menu nor
    # its language apply to a page about this person.
    g.launch = None
    url = url_for("mydata.privacy_download", ticket=token, lang=ticket.locale)
    return Asked(find_person(ticket.issuer, ticket.sub), url, ticket)


def _locale(asked: Asked) -> str:
    return asked.ticket.locale if asked.ticket else str(get_locale() or "fr")


def _page(asked: Asked) -> str:
    with force_locale(_locale(asked)):
        parts = summary(asked.person) if asked.person is not None else []
        return render_template("mydata/page.html", asked=asked, parts=parts)


@bp.get("/")
@launch_required
def page() -> str:
    """The person's own data, from the course menu."""
    context = current_launch()
    asked = Asked(person_of(context.user_id), lti_url("mydata.download"))
    return _page(asked)


@bp.get("/archive.zip")
@launch_required
def download() -> Response:
    """Their archive; the export is recorded (ids only) in the audit trail."""
    context = current_launch()
    person = person_of(context.user_id)
    response = _download(person, context.locale)
    audit.record("privacy.exported", actor_role=context.role,
                 actor_id=context.user_id, course_id=context.course_id,
                 platform_id=context.platform_id,
                 subject_user_id=person.user_id)  # fmt: skip
    return response


@bp.get("/privacy")
def privacy_page() -> Response:
    """The page a data privacy launch opens (no course, no launch session)."""
    response = make_response(_page(_from_ticket()))
    response.headers["Cache-Control"] = "no-store"  # as every launch's pages
    return response


@bp.get("/privacy/archive.zip")
def privacy_download() -> Response:
    """The archive of the person a data privacy launch named."""
    asked = _from_ticket()
    if asked.person is None:
        abort(404)  # Cartable holds nothing about them: the page says so
    response = _download(asked.person, _locale(asked))
    admin = asked.ticket is not None and asked.ticket.acting_admin
    role = audit.LMS_ADMIN if admin else audit.SELF
    audit.record("privacy.exported", actor_role=role,
                 subject_user_id=asked.person.user_id)  # fmt: skip
    return response
