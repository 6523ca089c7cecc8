"""E-mails about questions, written in each recipient's language and queued.

Called from :mod:`lti_app.questions.notify` inside the transaction of the
question, answer or comment: the outbox rows commit with it or not at all.
Nothing is queued when e-mail is not configured or for people who opted out.
An e-mail to a student names people exactly as that student's pages would
(:mod:`lti_app.questions.threads`): an anonymous poster stays anonymous.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from lti_app.course.models import Course, Membership, User
from lti_app.extensions import db
from lti_app.lti.claims import INSTRUCTOR
from lti_app.mail import configured, enqueue_mail
from lti_app.markup import Sanitised
from lti_app.questions import links, preferences
from lti_app.questions.models import Answer, Comment, Question
from lti_app.questions.rendering import render
from lti_app.questions.threads import Names, Viewer, title_for

LANGUAGES = ("fr", "en")


@dataclass(frozen=True)
class Recipient:
    """Someone to write to, with what the anonymity rules need to know."""

    membership_id: int
    name: str
    email: str
    language: str
    staff: bool


@dataclass(frozen=True)
class Notice:
    """What one e-mail says, its words already in the recipient's language."""

    subject: str
    lead: str
    title: str
    author: str
    text: str
    html: Sanitised
    reason: str


def language_of(raw: str | None) -> str:
    """The recipient's language from their last launch, else the default one."""
    language = (raw or "").replace("_", "-").split("-")[0].lower()
    if language in LANGUAGES:
        return language
    return str(current_app.config["CARTABLE_DEFAULT_LOCALE"])


def _recipients(course_id: int, where: object, exclude: int | None) -> list[Recipient]:
    rows = db.session.execute(
        select(Membership.id, Membership.lti_role, User)
        .join(User, User.id == Membership.user_id)
        .where(Membership.course_id == course_id, where)  # type: ignore[arg-type]
        .order_by(Membership.id)
    ).all()
    found = [
        Recipient(
            member_id,
            user.display_name,
            user.email,
            language_of(user.locale),
            role == INSTRUCTOR,
        )
        for member_id, role, user in rows
        if user.email and member_id != exclude
    ]
    off = preferences.opted_out(r.membership_id for r in found)
    return [r for r in found if r.membership_id not in off]


def instructors(course_id: int, exclude: int | None = None) -> list[Recipient]:
    """The course's instructors who may be written to."""
    return _recipients(course_id, Membership.lti_role == INSTRUCTOR, exclude)


def people(course_id: int, ids: Iterable[int], exclude: int | None) -> list[Recipient]:
    """These members of the course who may be written to."""
    return _recipients(course_id, Membership.id.in_(set(ids)), exclude)


def followers(question: Question) -> set[int]:
    """The asker and everyone who commented: those whose threads show it unread."""
    commenters = db.session.scalars(
        select(Comment.author_id).where(Comment.question_id == question.id).distinct()
    )
    return {question.author_id, *commenters}


def _send(question: Question, recipient: Recipient, notice: Notice, key: str) -> None:
    course = db.session.get(Course, question.course_id)
    values = {
        "notice": notice,
        "recipient": recipient,
        "course_title": course.display_title if course else "",
        "link": links.find_link(question.course_id),
        "language": recipient.language,
    }
    enqueue_mail(
        recipient.email,
        notice.subject,
        render_template("questions/email/notice.txt", **values),
        html=render_template("questions/email/notice.html", **values),
        dedupe_key=f"questions:{key}:{recipient.membership_id}",
        course_id=question.course_id,
    )


def _title(question: Question, recipient: Recipient) -> str:
    return title_for(question, Viewer(recipient.membership_id, recipient.staff))


def _poster(question: Question, recipient: Recipient, member: int | None,
            anonymous: bool = False) -> str:  # fmt: skip
    """The author of an answer or comment as this recipient's own pages show them."""
    viewer = Viewer(recipient.membership_id, recipient.staff)
    if member is None:
        return _("Ancien membre")
    return Names(question, viewer, {member}).poster(member, anonymous)


def _asker(question: Question, recipient: Recipient) -> str:
    viewer = Viewer(recipient.membership_id, recipient.staff)
    return Names(question, viewer, set()).asker()


def question_created(question: Question) -> None:
    """Tell the instructors about a new question (queued, not committed)."""
    if not configured():
        return
    for recipient in instructors(question.course_id, exclude=question.author_id):
        with force_locale(recipient.language):
            title = _title(question, recipient)
            notice = Notice(
                subject=_("Nouvelle question : %(title)s", title=title),
                lead=_("Une nouvelle question a été posée dans votre cours."),
                title=title,
                author=_asker(question, recipient),
                text=question.body,
                html=render(question.body),
                reason=_("Vous recevez ce message car vous enseignez dans ce cours."),
            )
            _send(question, recipient, notice, f"question:{question.id}")


def answer_posted(question: Question, answer: Answer) -> None:
    """Tell the asker, and those following the thread, about an answer."""
    if not configured():
        return
    for recipient in people(question.course_id, followers(question), answer.author_id):
        with force_locale(recipient.language):
            title = _title(question, recipient)
            notice = Notice(
                subject=_("Réponse à la question : %(title)s", title=title),
                lead=_(
                    "L'équipe pédagogique a répondu à une question que vous suivez."
                ),
                title=title,
                author=_poster(question, recipient, answer.author_id),
                text=answer.body,
                html=render(answer.body),
                reason=_follower_reason(question, recipient),
            )
            _send(question, recipient, notice, f"answer:{answer.id}")


def comment_posted(question: Question, comment: Comment) -> None:
    """Tell the thread's followers; staff too when the asker follows up."""
    if not configured():
        return
    targets = people(question.course_id, followers(question), comment.author_id)
    if comment.author_id == question.author_id:
        known = {r.membership_id for r in targets}
        staff = instructors(question.course_id, exclude=comment.author_id)
        targets += [r for r in staff if r.membership_id not in known]
    for recipient in targets:
        with force_locale(recipient.language):
            title = _title(question, recipient)
            notice = Notice(
                subject=_("Nouveau message sur la question : %(title)s", title=title),
                lead=_("Un nouveau message a été ajouté à une question."),
                title=title,
                author=_poster(
                    question, recipient, comment.author_id, comment.anonymous
                ),
                text=comment.body,
                html=render(comment.body),
                reason=_follower_reason(question, recipient),
            )
            _send(question, recipient, notice, f"comment:{comment.id}")


def _follower_reason(question: Question, recipient: Recipient) -> str:
    if recipient.membership_id == question.author_id:
        return _("Vous recevez ce message car vous avez posé cette question.")
    if recipient.staff:
        return _("Vous recevez ce message car vous enseignez dans ce cours.")
    return _("Vous recevez ce message car vous participez à cette discussion.")
