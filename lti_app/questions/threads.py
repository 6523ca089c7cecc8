"""Who a viewer may see behind each post: the one place where anonymity is decided.

Pages, search results and lists receive only the labels built here, never a
membership, a user or an author id: a template cannot leak what it never gets.
Staff always see the real name. A classmate sees an anonymous poster as
"Étudiant·e A", "Étudiant·e B"... (letters kept per thread, never across threads);
a FAQ entry names its asker only when they agreed to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _

from lti_app.markup import Sanitised
from lti_app.questions import queries
from lti_app.questions.models import Question
from lti_app.questions.rendering import render


@dataclass(frozen=True)
class Viewer:
    """Who looks: their membership in the course, and whether they are staff."""

    membership_id: int
    staff: bool


@dataclass(frozen=True)
class Post:
    """An answer or a follow-up as this viewer may see it."""

    id: int
    author: str
    by_staff: bool
    mine: bool
    html: Sanitised
    created_at: datetime
    accepted: bool = False
    revision: int = 1


def letter(number: int) -> str:
    """A, B, ..., Z, AA, AB...: the pseudonym letters of a thread."""
    text = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        text = chr(65 + rest) + text
    return text


def pseudonym(number: int) -> str:
    """The label of an anonymous poster in a thread."""
    return _("Étudiant·e %(letter)s", letter=letter(number))


def redacted_for(question: Question, viewer: Viewer) -> bool:
    """A FAQ entry is shown redacted to everyone but staff and its asker."""
    return (
        question.faq and not viewer.staff and question.author_id != viewer.membership_id
    )


def title_for(question: Question, viewer: Viewer) -> str:
    """The title this viewer reads."""
    if redacted_for(question, viewer):
        return question.faq_title or question.title
    return question.title


def body_for(question: Question, viewer: Viewer) -> Sanitised:
    """The rendered text this viewer reads."""
    if redacted_for(question, viewer):
        return render(question.faq_body or "")
    return render(question.body)


def _named_to_class(question: Question) -> bool:
    if question.visibility == "class":
        return not question.anonymous
    return question.faq and question.named_consent


def _asker(question: Question, viewer: Viewer, name: str, number: int) -> str:
    """The label of an asker whose real name is ``name`` and letter ``number``."""
    if question.author_id == viewer.membership_id:
        return _("Vous")
    if viewer.staff:
        return name
    if redacted_for(question, viewer) and not _named_to_class(question):
        return _("Un·e étudiant·e")
    return pseudonym(number) if question.anonymous else name


class Names:
    """Labels of one thread's posters for one viewer."""

    def __init__(self, question: Question, viewer: Viewer,
                 members: set[int]) -> None:  # fmt: skip
        self.question, self.viewer = question, viewer
        shared = question.visibility == "class"
        self.letters = queries.pseudonyms(question) if shared else {}
        self.people = queries.memberships(members | {question.author_id})

    def _real(self, membership_id: int | None) -> str:
        member = self.people.get(membership_id) if membership_id else None
        return member.user.display_name if member else _("Ancien membre")

    def asker(self) -> str:
        """The question's author, as this viewer may know them."""
        author = self.question.author_id
        name = self._with_letter(author) if self.viewer.staff else self._real(author)
        return _asker(self.question, self.viewer, name, self.letters.get(author, 0))

    def poster(self, membership_id: int, anonymous: bool) -> str:
        """The author of a follow-up."""
        if membership_id == self.viewer.membership_id:
            return _("Vous")
        if self.viewer.staff:
            return self._with_letter(membership_id)
        if anonymous or (
            membership_id == self.question.author_id and self.question.anonymous
        ):
            return pseudonym(self.letters.get(membership_id, 0))
        return self._real(membership_id)

    def _with_letter(self, membership_id: int) -> str:
        name = self._real(membership_id)
        if membership_id in self.letters:
            return _("%(name)s (anonyme pour la classe : %(alias)s)", name=name,
                     alias=pseudonym(self.letters[membership_id]))  # fmt: skip
        return name


def asker_labels(questions: list[Question], viewer: Viewer) -> dict[int, str]:
    """The asker of each question in a list, as this viewer may know them.

    An anonymous asker got the thread's first letter when asking, so a list
    needs no pseudonym lookup; names are loaded only for those shown by name.
    """
    named = {
        q.author_id
        for q in questions
        if viewer.staff or (_named_to_class(q) and not q.anonymous)
    }
    people = queries.memberships(named)
    labels: dict[int, str] = {}
    for question in questions:
        member = people.get(question.author_id)
        name = member.user.display_name if member else _("Un·e étudiant·e")
        if viewer.staff and question.anonymous:
            name += " · " + _("anonyme pour la classe")
        labels[question.id] = _asker(question, viewer, name, 0)
    return labels
