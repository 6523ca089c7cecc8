"""Read side of questions: lookups scoped by course, lists, counts and unread marks.

Student lists search the text they are shown: a FAQ entry's redacted text, never
the original words of someone else's question.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import joinedload

from bibliography import fold
from lti_app.course.models import Membership
from lti_app.extensions import db
from lti_app.lti.claims import GUEST, STUDENT
from lti_app.questions.models import (
    Answer,
    AnswerRevision,
    Comment,
    Pseudonym,
    Question,
    ReadMarker,
    Vote,
)

PAGE_SIZE = 50
_EPOCH = datetime(1970, 1, 1)


@dataclass(frozen=True)
class Filters:
    """The inbox's filters; empty values filter nothing."""

    category: str = ""
    module_id: int | None = None
    status: str = ""
    visibility: str = ""
    text: str = ""
    page: int = 1


@dataclass(frozen=True)
class Counts:
    """How many answers, comments and "moi aussi" a question has."""

    answers: dict[int, int] = field(default_factory=dict)
    comments: dict[int, int] = field(default_factory=dict)
    votes: dict[int, int] = field(default_factory=dict)


def find_question(course_id: int, question_id: int) -> Question | None:
    """A question of this course, whoever asked it (callers authorise)."""
    return db.session.scalar(
        select(Question).where(
            Question.id == question_id, Question.course_id == course_id
        )
    )


def find_answer(question: Question, answer_id: int) -> Answer | None:
    """An answer of a question already loaded for its course."""
    return db.session.scalar(
        select(Answer).where(
            Answer.id == answer_id,
            Answer.question_id == question.id,
            Answer.course_id == question.course_id,
        )
    )


def _page(query: Select[Any], page: int) -> list[Question]:
    offset = (max(page, 1) - 1) * PAGE_SIZE
    return list(db.session.scalars(query.limit(PAGE_SIZE).offset(offset)))


def list_inbox(course_id: int, filters: Filters) -> tuple[list[Question], int]:
    """Staff: unanswered first, then by last activity; one page and the total."""
    query = select(Question).where(Question.course_id == course_id)
    if filters.category:
        query = query.where(Question.category == filters.category)
    if filters.module_id is not None:
        query = query.where(
            Question.subject_kind == "module", Question.subject_id == filters.module_id
        )
    if filters.status:
        query = query.where(Question.status == filters.status)
    if filters.visibility:
        query = query.where(Question.visibility == filters.visibility)
    if filters.text.strip():
        query = query.where(Question.search_text.contains(fold(filters.text.strip())))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    order = case((Question.status == "open", 0), else_=1)
    query = query.order_by(order, Question.last_activity_at.desc(), Question.id.desc())
    return _page(query, filters.page), total


def _public_text() -> Any:
    """What a classmate can search: the FAQ text of a FAQ entry, else the question."""
    return case(
        (Question.faq.is_(True), Question.faq_search), else_=Question.search_text
    )


def list_class(
    course_id: int, text: str = "", page: int = 1, *, faq: bool = False
) -> tuple[list[Question], int]:
    """Class questions (or FAQ entries): pinned first, then by last activity."""
    shown = Question.faq.is_(True) if faq else Question.visibility == "class"
    query = select(Question).where(Question.course_id == course_id, shown)
    if text.strip():
        query = query.where(_public_text().contains(fold(text.strip())))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    query = query.order_by(
        Question.pinned.desc(), Question.last_activity_at.desc(), Question.id.desc()
    )
    return _page(query, page), total


def list_mine(course_id: int, membership_id: int) -> list[Question]:
    """The questions this person asked, newest activity first."""
    return list(
        db.session.scalars(
            select(Question)
            .where(Question.course_id == course_id, Question.author_id == membership_id)
            .order_by(Question.last_activity_at.desc(), Question.id.desc())
        )
    )


def _grouped(column: Any, ids: Sequence[int]) -> dict[int, int]:
    rows = db.session.execute(
        select(column, func.count()).where(column.in_(ids)).group_by(column)
    )
    return {int(key): int(count) for key, count in rows}


def counts(ids: Sequence[int]) -> Counts:
    """Answers, comments and votes of these questions, three queries in all."""
    if not ids:
        return Counts()
    return Counts(
        answers=_grouped(Answer.question_id, ids),
        comments=_grouped(Comment.question_id, ids),
        votes=_grouped(Vote.question_id, ids),
    )


def _unread_clause(membership_id: int) -> Any:
    marker = (
        select(ReadMarker.read_at)
        .where(
            ReadMarker.question_id == Question.id,
            ReadMarker.membership_id == membership_id,
        )
        .scalar_subquery()
    )
    return Question.last_activity_at > func.coalesce(marker, _EPOCH)


def _followed(membership_id: int) -> Any:
    """A student follows the threads they asked or commented in."""
    # An uncorrelated IN: one index search, not one EXISTS per question.
    commented = select(Comment.question_id).where(Comment.author_id == membership_id)
    return or_(Question.author_id == membership_id, Question.id.in_(commented))


def unread_ids(
    course_id: int, membership_id: int, ids: Sequence[int], *, staff: bool
) -> set[int]:
    """Which of these questions have news for this person."""
    if not ids:
        return set()
    query = select(Question.id).where(
        Question.course_id == course_id,
        Question.id.in_(ids),
        _unread_clause(membership_id),
    )
    if not staff:
        query = query.where(_followed(membership_id))
    return set(db.session.scalars(query))


def unread_count(course_id: int, membership_id: int, *, staff: bool) -> int:
    """Threads with news: every question for staff, followed ones for students."""
    where = [Question.course_id == course_id]
    if not staff:  # the cheap test first: a student follows few threads
        where.append(_followed(membership_id))
    where.append(_unread_clause(membership_id))
    return db.session.scalar(select(func.count(Question.id)).where(and_(*where))) or 0


def is_unread(question: Question, membership_id: int) -> bool:
    """The thread changed since this person last read it."""
    read_at = db.session.scalar(
        select(ReadMarker.read_at).where(
            ReadMarker.question_id == question.id,
            ReadMarker.membership_id == membership_id,
        )
    )
    return read_at is None or read_at < question.last_activity_at


def list_answers(question: Question) -> list[Answer]:
    """The answers, oldest first."""
    return list(
        db.session.scalars(
            select(Answer)
            .where(Answer.question_id == question.id)
            .order_by(Answer.created_at, Answer.id)
        )
    )


def list_comments(question: Question) -> list[Comment]:
    """The follow-ups, oldest first."""
    return list(
        db.session.scalars(
            select(Comment)
            .where(Comment.question_id == question.id)
            .order_by(Comment.created_at, Comment.id)
        )
    )


def list_answer_revisions(answer: Answer) -> list[AnswerRevision]:
    """Earlier texts of an answer, newest first."""
    return list(
        db.session.scalars(
            select(AnswerRevision)
            .where(AnswerRevision.answer_id == answer.id)
            .order_by(AnswerRevision.revision.desc())
        )
    )


def pseudonyms(question: Question) -> dict[int, int]:
    """membership id -> letter number of the thread's anonymous posters."""
    rows = db.session.execute(
        select(Pseudonym.membership_id, Pseudonym.number).where(
            Pseudonym.question_id == question.id
        )
    )
    return {int(member): int(number) for member, number in rows}


def vote_state(question: Question, membership_id: int) -> tuple[int, bool]:
    """How many said "moi aussi", and whether this person did."""
    rows = list(
        db.session.scalars(
            select(Vote.membership_id).where(Vote.question_id == question.id)
        )
    )
    return len(rows), membership_id in rows


def memberships(ids: set[int]) -> dict[int, Membership]:
    """Memberships (with their user) by id, for names staff may see."""
    if not ids:
        return {}
    rows = db.session.scalars(
        select(Membership)
        .options(joinedload(Membership.user))
        .where(Membership.id.in_(ids))
    )
    return {row.id: row for row in rows}


def student_count(course_id: int) -> int:
    """Students of the course (anonymity among fewer than 10 is weak)."""
    return (
        db.session.scalar(
            select(func.count(Membership.id)).where(
                Membership.course_id == course_id,
                Membership.lti_role.in_((STUDENT, GUEST)),
                Membership.granted_assistant.is_(False),
            )
        )
        or 0
    )
