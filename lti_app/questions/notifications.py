"""The notifications page (e-mail on or off) and where e-mails send people back to.

Every question page learns, once per launch and process, the LMS page of the
course from the launch's return URL (:mod:`lti_app.questions.links`).
"""

from __future__ import annotations

from collections import OrderedDict

from flask import current_app, flash, g, redirect
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField

from lti_app.access import current_launch, launch_required, lti_url
from lti_app.mail import configured as mail_configured
from lti_app.questions import links, preferences
from lti_app.questions.blueprint import View, bp, page

_SEEN_LAUNCHES: OrderedDict[str, None] = OrderedDict()
_SEEN_MAX = 10_000


class NotificationsForm(FlaskForm):
    """One switch: e-mail about questions, for this person in this course."""

    email = BooleanField(_l("Recevoir un e-mail pour les questions que je suis"))


@bp.before_request
def _learn_course_link() -> None:
    """Remember the LMS page behind this launch, once per launch in this process."""
    context = g.get("launch")
    if context is None or context.launch_id in _SEEN_LAUNCHES:
        return
    links.remember_link(context.course_id, context.return_url)
    _SEEN_LAUNCHES[context.launch_id] = None
    if len(_SEEN_LAUNCHES) > _SEEN_MAX:
        _SEEN_LAUNCHES.popitem(last=False)


@bp.route("/notifications", methods=["GET", "POST"])
@launch_required
def notifications() -> View:
    """Turn e-mail on or off; staff also read whether e-mail can leave at all."""
    context = current_launch()
    form = NotificationsForm()
    if form.validate_on_submit():
        on = bool(form.email.data)
        preferences.set_email(context.course_id, context.membership_id, on)
        flash(_("E-mails activés.") if on else _("E-mails désactivés."), "success")
        return redirect(lti_url("questions.notifications"), 303)
    if not form.is_submitted():
        form.email.data = preferences.wants_email(context.membership_id)
    return page(
        "notifications.html",
        422 if form.errors else 200,
        form=form,
        context=context,
        configured=mail_configured(),
        sender=current_app.config["CARTABLE_MAIL_SENDER"],
        link=links.find_link(context.course_id),
    )
