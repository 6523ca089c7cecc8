"""A few fictional questions in the demo course: private, shared, anonymous, in the FAQ.

The people are the development LMS's fictional ones, given by the caller as
``(sub, role)``; their tool-side memberships are created as a first launch
would, so that their later launches find the same rows. No name is stored: the
tool knows a name only when the LMS sends it (its privacy settings decide).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from lti_app import subjects
from lti_app.course.models import Course, Membership, User
from lti_app.extensions import db
from lti_app.lti.models import Platform
from lti_app.questions import service
from lti_app.questions.models import Question
from lti_app.questions.service import QuestionDraft


@dataclass(frozen=True)
class DemoPerson:
    """One fictional person of the demo course."""

    sub: str
    role: str  # "instructor" or "student"


def _member(course: Course, issuer: str, person: DemoPerson) -> int:
    user = db.session.scalar(
        select(User).where(User.issuer == issuer, User.sub == person.sub)
    )
    if user is None:
        user = User(issuer=issuer, sub=person.sub)
        db.session.add(user)
        db.session.flush()
    member = db.session.scalar(
        select(Membership).where(
            Membership.user_id == user.id, Membership.course_id == course.id
        )
    )
    if member is None:
        member = Membership(user_id=user.id, course_id=course.id, lti_role=person.role)
        db.session.add(member)
        db.session.flush()
    return int(member.id)


def _first_module(course_id: int) -> tuple[str | None, int | None]:
    modules = subjects.list_subjects(course_id, "module", staff=True)
    return ("module", modules[0][0]) if modules else (None, None)


def seed_demo_questions(course_id: int, people: list[DemoPerson]) -> int:
    """Ask and answer the demo questions once; return how many were added."""
    course = db.session.get(Course, course_id)
    if course is None or db.session.scalar(
        select(func.count(Question.id)).where(Question.course_id == course_id)
    ):
        return 0
    issuer = db.session.get(Platform, course.platform_id).issuer  # type: ignore[union-attr]
    ids = [_member(course, issuer, person) for person in people]
    db.session.commit()
    staff = [m for m, p in zip(ids, people, strict=True) if p.role == "instructor"]
    students = [m for m, p in zip(ids, people, strict=True) if p.role != "instructor"]
    if not staff or len(students) < 3:
        return 0
    questions = _seed(course_id, staff[0], students)
    # The demo's threads are past activity everyone has already read.
    for question in questions:
        for member in ids:
            service.mark_read(question, member)
    return len(questions)


def _seed(course_id: int, teacher: int, students: list[int]) -> list[Question]:
    ines, yanis, lea = students[:3]
    kind, module_id = _first_module(course_id)
    first = service.create_question(course_id, ines, QuestionDraft(
        "Déconcentration et décentralisation : quelle différence ?",
        "Dans le module, les deux mots reviennent souvent. Est-ce que la "
        "**déconcentration** est une forme de décentralisation ?",
        category="cours", subject_kind=kind, subject_id=module_id,
    ))  # fmt: skip
    answer = service.post_answer(first, teacher, (
        "Non. La *déconcentration* confie des décisions à des agents de l'État "
        "placés sur le territoire (le préfet, les services déconcentrés) : "
        "c'est toujours l'État qui décide. La *décentralisation* transfère des "
        "compétences à des collectivités élues (le département, chef de file "
        "de l'action sociale), qui s'administrent librement."
    ))  # fmt: skip
    service.set_accepted(answer, True)
    service.publish_faq(
        first,
        "Déconcentration ou décentralisation ?",
        "Quelle différence entre déconcentration et décentralisation ?",
    )
    service.set_pinned(first, True)
    second = service.create_question(course_id, yanis, QuestionDraft(
        "Longueur attendue pour l'analyse de situation de partenariat",
        "Combien de pages pour le devoir « Travailler sur une situation de "
        "partenariat » ? Faut-il une bibliographie ?",
        category="devoir", visibility="class", anonymous=True,
    ))  # fmt: skip
    service.post_comment(second, lea, "Je me pose la même question pour les annexes.",
                         anonymous=True)  # fmt: skip
    service.set_vote(second, lea, True)
    service.set_vote(second, ines, True)
    service.post_answer(second, teacher, (
        "Entre 8 et 10 pages, annexes non comprises, avec une bibliographie "
        "aux normes du cours (voir la liste de lecture)."
    ))  # fmt: skip
    third = service.create_question(course_id, lea, QuestionDraft(
        "Un texte en français sur les street-level bureaucrats ?",
        "Existe-t-il une lecture en français sur la « bureaucratie de guichet » ?",
        category="bibliographie", visibility="class",
    ))  # fmt: skip
    fourth = service.create_question(course_id, ines, QuestionDraft(
        "Absence au séminaire de jeudi",
        "Je serai absente jeudi pour un rendez-vous médical. Comment rattraper ?",
        category="autre",
    ))  # fmt: skip
    return [first, second, third, fourth]
