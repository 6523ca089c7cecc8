"""The e-mail receipt of a submitted version, queued in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _

from lti_app import mail
from lti_app.submissions import deadlines
from lti_app.submissions.models import Assignment, SubmissionVersion


@dataclass(frozen=True)
class Recipient:
    """Who gets the receipt, in which language; the course's time zone for dates."""

    email: str | None
    locale: str
    tz_name: str
    course_title: str


def receipt_text(assignment: Assignment, version: SubmissionVersion,
                 recipient: Recipient) -> tuple[str, str]:  # fmt: skip
    """Subject and body: each file's name, size and SHA-256, and the time."""
    when = deadlines.show(version.created_at, recipient.tz_name)
    lines = [
        _("Cartable a bien reçu votre dépôt pour « %(title)s » (%(course)s).",
          title=assignment.title, course=recipient.course_title),
        _("Version %(n)d, reçue le %(when)s.", n=version.number, when=when),
        "",
    ]  # fmt: skip
    for item in version.files:
        lines.append(
            _("%(name)s : %(size)d octets", name=item.filename, size=item.size)
        )
        lines.append(f"  SHA-256 {item.sha256}")
    if version.late:
        lines += [
            "",
            _("Ce dépôt a été fait après la date de remise : il est en retard."),
        ]
    if version.submitted_at is None:
        lines += [
            "",
            _("Ce dépôt est un brouillon : cliquez sur « Remettre » pour le rendre."),
        ]
    subject = _("Accusé de réception : %(title)s", title=assignment.title)
    return subject, "\n".join(lines) + "\n"


def queue_receipt(assignment: Assignment, version: SubmissionVersion,
                  recipient: Recipient) -> None:  # fmt: skip
    """Add the receipt to the outbox (committed with the version) when mail is on."""
    if not recipient.email or not mail.configured():
        return
    with force_locale(recipient.locale):
        subject, text = receipt_text(assignment, version, recipient)
    mail.enqueue_mail(recipient.email, subject, text,
                      dedupe_key=f"submission-receipt:{version.id}",
                      course_id=assignment.course_id)  # fmt: skip
