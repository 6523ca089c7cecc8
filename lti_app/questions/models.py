"""Questions to the teaching team, their answers, comments, votes and read markers.

Every table carries ``course_id`` so that each query can filter by course. Authors
are memberships (a person in one course), never bare users: a question can only
be reached through the course it was asked in.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from lti_app.extensions import db
from lti_app.lti.clock import utcnow

CATEGORIES = ("cours", "bibliographie", "devoir", "autre")
VISIBILITIES = ("private", "class")
STATUSES = ("open", "answered", "resolved")


class Question(db.Model):  # type: ignore[name-defined,misc]
    """A question a course member asked, private to staff or shared with the class."""

    __tablename__ = "questions"
    __table_args__ = (
        Index("ix_questions_course_activity", "course_id", "last_activity_at"),
        Index("ix_questions_course_author", "course_id", "author_id"),
        # The class list and the FAQ, in their order: a page reads 50 index entries.
        Index(
            "ix_questions_course_class",
            "course_id",
            "visibility",
            "pinned",
            "last_activity_at",
        ),
        Index(
            "ix_questions_course_faq", "course_id", "faq", "pinned", "last_activity_at"
        ),
        CheckConstraint(
            "category IN ('cours', 'bibliographie', 'devoir', 'autre')",
            name="question_category",
        ),
        CheckConstraint(
            "visibility IN ('private', 'class')", name="question_visibility"
        ),
        CheckConstraint(
            "status IN ('open', 'answered', 'resolved')", name="question_status"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(
        ForeignKey("memberships.id", ondelete="CASCADE")
    )
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(20), default="cours")
    # What the question is about: ("module", id), ("reference", id), ("assignment", id).
    subject_kind: Mapped[str | None] = mapped_column(String(20), default=None)
    subject_id: Mapped[int | None] = mapped_column(default=None)
    visibility: Mapped[str] = mapped_column(String(10), default="private")
    # Hidden from classmates (class questions only); staff always see the author.
    anonymous: Mapped[bool] = mapped_column(default=False)
    # The asker agrees to be named if the question becomes a FAQ entry.
    named_consent: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(10), default="open")
    pinned: Mapped[bool] = mapped_column(default=False)
    # A FAQ entry shows the redacted title and body below to everyone but the asker.
    faq: Mapped[bool] = mapped_column(default=False)
    faq_title: Mapped[str | None] = mapped_column(String(200), default=None)
    faq_body: Mapped[str | None] = mapped_column(Text, default=None)
    # Accents and case folded: title and body (search_text), FAQ text (faq_search).
    search_text: Mapped[str] = mapped_column(Text, default="")
    faq_search: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_activity_at: Mapped[datetime] = mapped_column(default=utcnow)


class Answer(db.Model):  # type: ignore[name-defined,misc]
    """A staff answer; several may be accepted; each edit keeps the earlier text."""

    __tablename__ = "question_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("memberships.id", ondelete="SET NULL"), default=None
    )
    body: Mapped[str] = mapped_column(Text)
    accepted: Mapped[bool] = mapped_column(default=False)
    revision: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class AnswerRevision(db.Model):  # type: ignore[name-defined,misc]
    """The text an answer had before an edit, who wrote it and when."""

    __tablename__ = "question_answer_revisions"
    __table_args__ = (UniqueConstraint("answer_id", "revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    answer_id: Mapped[int] = mapped_column(
        ForeignKey("question_answers.id", ondelete="CASCADE"), index=True
    )
    revision: Mapped[int] = mapped_column()
    body: Mapped[str] = mapped_column(Text)
    editor_id: Mapped[int | None] = mapped_column(
        ForeignKey("memberships.id", ondelete="SET NULL"), default=None
    )
    edited_at: Mapped[datetime] = mapped_column()


class Comment(db.Model):  # type: ignore[name-defined,misc]
    """A follow-up in a thread, by the asker, a classmate or staff."""

    __tablename__ = "question_comments"
    # The threads a student follows: those they commented in.
    __table_args__ = (Index("ix_question_comments_author", "author_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(
        ForeignKey("memberships.id", ondelete="CASCADE")
    )
    body: Mapped[str] = mapped_column(Text)
    anonymous: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Pseudonym(db.Model):  # type: ignore[name-defined,misc]
    """The letter an anonymous poster keeps in one thread (A, B, ...), never reused."""

    __tablename__ = "question_pseudonyms"
    __table_args__ = (
        UniqueConstraint("question_id", "membership_id"),
        UniqueConstraint("question_id", "number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE")
    )
    membership_id: Mapped[int] = mapped_column(
        ForeignKey("memberships.id", ondelete="CASCADE")
    )
    number: Mapped[int] = mapped_column()


class Vote(db.Model):  # type: ignore[name-defined,misc]
    """ "Moi aussi": one per person and question; only the count is ever shown."""

    __tablename__ = "question_votes"
    __table_args__ = (UniqueConstraint("question_id", "membership_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE")
    )
    membership_id: Mapped[int] = mapped_column(
        ForeignKey("memberships.id", ondelete="CASCADE")
    )


class ReadMarker(db.Model):  # type: ignore[name-defined,misc]
    """When one person last read a thread: what came after is unread for them."""

    __tablename__ = "question_reads"
    __table_args__ = (
        UniqueConstraint("question_id", "membership_id"),
        Index("ix_question_reads_member", "membership_id", "course_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE")
    )
    membership_id: Mapped[int] = mapped_column(
        ForeignKey("memberships.id", ondelete="CASCADE")
    )
    read_at: Mapped[datetime] = mapped_column(default=utcnow)
