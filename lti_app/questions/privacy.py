"""Questions in a person's data export, and what their erasure keeps of them.

Threads come out labelled as the person's own pages label them (threads.py):
classmates who posted anonymously stay letters. Erasure deletes a thread only
its asker wrote in; a thread others answered stays with the course, its asker
and their follow-ups turned anonymous (a letter for the class, "Personne
effacée" for staff), as the README's policy says.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from lti_app.course.models import Membership
from lti_app.course.service import effective_role
from lti_app.extensions import db
from lti_app.lti.claims import STAFF_ROLES
from lti_app.privacy import (
    PartErasure,
    PartExport,
    Person,
    PrivacyPart,
    delete_where,
    iso_time,
)
from lti_app.questions import queries
from lti_app.questions.models import Answer, Comment, Question, ReadMarker, Vote
from lti_app.questions.preferences import NotificationPreference
from lti_app.questions.service import give_pseudonym
from lti_app.questions.threads import Names, Viewer, title_for


def _viewers(person: Person) -> dict[int, Viewer]:
    rows = db.session.scalars(
        select(Membership).where(Membership.id.in_(person.membership_ids))
    )
    return {m.id: Viewer(m.id, effective_role(m) in STAFF_ROLES) for m in rows}


def _thread(question: Question, viewer: Viewer) -> dict[str, Any]:
    """A thread as this person's page shows it (labels from threads.Names)."""
    answers = queries.list_answers(question)
    comments = queries.list_comments(question)
    members = {a.author_id for a in answers if a.author_id}
    names = Names(question, viewer, members | {c.author_id for c in comments})
    mine = question.author_id == viewer.membership_id
    return {
        "question_id": question.id,
        "course_id": question.course_id,
        "asked_by": names.asker(),
        "title": title_for(question, viewer),
        "body": question.body if mine else None,
        "category": question.category,
        "visibility": question.visibility,
        "anonymous_to_class": question.anonymous,
        "status": question.status,
        "in_faq": question.faq,
        "asked_at": iso_time(question.created_at),
        "answers": [
            {
                "by": names.poster(a.author_id or 0, False),
                "text": a.body,
                "accepted": a.accepted,
                "at": iso_time(a.created_at),
            }
            for a in answers
        ],
        "comments": [
            {
                "by": names.poster(c.author_id, c.anonymous),
                "text": c.body,
                "anonymous": c.anonymous,
                "at": iso_time(c.created_at),
            }
            for c in comments
        ],
    }


def _involved(membership_ids: tuple[int, ...]) -> list[Question]:
    """Threads the person asked, answered or commented in."""
    asked = select(Question.id).where(Question.author_id.in_(membership_ids))
    answered = select(Answer.question_id).where(Answer.author_id.in_(membership_ids))
    commented = select(Comment.question_id).where(Comment.author_id.in_(membership_ids))
    ids = asked.union(answered, commented)
    return list(
        db.session.scalars(
            select(Question).where(Question.id.in_(ids)).order_by(Question.id)
        )
    )


def export_questions(person: Person) -> PartExport:
    """Threads the person took part in, votes and read marks."""
    viewers = _viewers(person)
    member_in = dict(zip(person.course_ids, person.membership_ids, strict=True))
    threads = [
        _thread(q, viewers[member_in[q.course_id]])
        for q in _involved(person.membership_ids)
    ]
    votes = db.session.scalars(
        select(Vote.question_id).where(Vote.membership_id.in_(person.membership_ids))
    )
    reads = db.session.execute(
        select(ReadMarker.question_id, ReadMarker.read_at).where(
            ReadMarker.membership_id.in_(person.membership_ids)
        )
    )
    return PartExport(
        {
            "threads": threads,
            "me_too_on_questions": sorted(votes),
            "read_marks": [
                {"question_id": q, "read_at": iso_time(at)} for q, at in reads
            ],
        }
    )


def _others_posted(question: Question, mine: tuple[int, ...]) -> bool:
    answer = select(Answer.id).where(Answer.question_id == question.id)
    comment = select(Comment.id).where(
        Comment.question_id == question.id, Comment.author_id.not_in(mine)
    )
    return db.session.scalar(answer.union(comment).limit(1)) is not None


def erase_questions(person: Person) -> PartErasure:
    """Delete lone threads; keep answered ones anonymous; drop votes and marks."""
    mine = person.membership_ids
    result = PartErasure()
    removed = kept = 0
    for question in db.session.scalars(
        select(Question).where(Question.author_id.in_(mine))
    ).all():
        if _others_posted(question, mine):
            question.anonymous, question.named_consent = True, False
            give_pseudonym(question, question.author_id)
            kept += 1
        else:
            db.session.delete(question)
            removed += 1
    db.session.flush()
    comments = db.session.scalars(
        select(Comment).where(Comment.author_id.in_(mine))
    ).all()
    for comment in comments:
        comment.anonymous = True
        thread = db.session.get(Question, comment.question_id)
        if thread is not None:
            give_pseudonym(thread, comment.author_id)
    result.removed["threads"] = removed
    result.pseudonymised["threads"] = kept
    result.pseudonymised["comments"] = len(comments)
    for model in (Vote, ReadMarker, NotificationPreference):
        member = model.membership_id.in_(mine)
        result.removed[model.__tablename__] = delete_where(model, member)
    return result


PART = PrivacyPart(
    "questions", _l("Questions et réponses"), export_questions, erase_questions
)
