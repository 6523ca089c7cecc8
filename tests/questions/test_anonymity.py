"""Anonymity that holds: nothing a classmate receives depends on who asked.

The strongest check: two courses where everything is the same except which
student asked anonymously. Every page a third student opens (lists, search,
thread, FAQ, counts, JSON errors) must be byte for byte the same once launch
and CSRF tokens are set aside; any leak (a name, an id, an attribute, an
order) would make them differ.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask

from tests.conftest import register
from tests.questions.conftest import Browser, ask_as, normalised
from tests.support.launcher import Launcher
from tests.support.platform import INSTRUCTOR_ROLES, LEARNER_ROLES, LTI, Platform


def _people(app: Flask, platform: Platform) -> dict[str, Browser]:
    """Staff "3" and students "4", "5", "6", launched in that order."""
    launcher = Launcher(app.test_client(), platform)
    context = {"id": "2", "title": "Cours 2", "type": ["CourseSection"]}
    people = {}
    for sub in ("3", "4", "5", "6"):
        roles = INSTRUCTOR_ROLES if sub == "3" else LEARNER_ROLES
        ltik = launcher.launch_token(
            sub=sub,
            name=f"Personne {sub}",
            **{LTI + "roles": roles, LTI + "context": context},
        )
        people[sub] = Browser(app, app.test_client(use_cookies=False), ltik)
    return people


def _world(app: Flask, platform: Platform, asker: str, other: str) -> list[str]:
    """One course's story; the pages student "6" then sees."""
    people = _people(app, platform)
    qid = ask_as(
        people[asker],
        "Question délicate",
        "Sur le partenariat.",
        visibility="class",
        anonymous="y",
    )
    people[other].post(
        f"/questions/{qid}/comments", {"body": "Moi aussi, et :", "anonymous": "y"}
    )
    people[asker].post(f"/questions/{qid}/comments", {"body": "Précision."})
    people["3"].post(f"/questions/{qid}/answers", {"body": "Voici la réponse."})
    people[other].post(f"/questions/{qid}/vote", {"value": "1"})
    people["3"].post(
        f"/questions/{qid}/faq", {"title": "Partenariat", "body": "Sur le partenariat."}
    )
    viewer = people["6"]
    urls = [
        "/questions/",
        "/questions/class",
        "/questions/class?q=partenariat",
        "/questions/faq",
        "/questions/faq?q=partenariat",
        f"/questions/{qid}",
        "/questions/new",
        "/course/",
    ]
    pages = [viewer.get(url).text for url in urls]
    pages.append(
        viewer.get(f"/questions/{qid}", headers={"Accept": "application/json"}).text
    )
    return [normalised(page) for page in pages]


def test_pages_do_not_depend_on_who_asked(
    make_app: Callable[..., Flask], platform: Platform
) -> None:
    first, second = make_app(), make_app()
    for app in (first, second):
        register(app, platform)
    seen_first = _world(first, platform, asker="4", other="5")
    seen_second = _world(second, platform, asker="5", other="4")
    for one, two in zip(seen_first, seen_second, strict=True):
        assert one == two
    thread = seen_first[5]
    assert "Personne 4" not in thread
    assert "Personne 5" not in thread
    assert "Étudiant·e A" in thread
    assert "Étudiant·e B" in thread
    assert "Précision." in thread


def test_staff_always_see_who_asked(
    student: Browser, classmate: Browser, staff: Browser
) -> None:
    qid = ask_as(student, "Anonyme", visibility="class", anonymous="y")
    classmate.post(f"/questions/{qid}/comments", {"body": "b", "anonymous": "y"})
    thread = staff.get(f"/questions/{qid}").text
    assert "Personne 4 (anonyme pour la classe : Étudiant·e A)" in thread
    assert "Personne 5 (anonyme pour la classe : Étudiant·e B)" in thread
    assert "Personne 4" in staff.get("/questions/inbox").text
    assert "Personne 4" in staff.get("/questions/class").text


def test_the_asker_sees_their_own_in_mes_questions(
    student: Browser, classmate: Browser
) -> None:
    ask_as(student, "La mienne, anonyme", visibility="class", anonymous="y")
    assert "La mienne, anonyme" in student.get("/questions/").text
    assert "La mienne, anonyme" not in classmate.get("/questions/").text
    listing = classmate.get("/questions/class").text
    assert "La mienne, anonyme" in listing
    assert "Personne 4" not in listing


def test_named_class_questions_show_the_name(
    student: Browser, classmate: Browser
) -> None:
    qid = ask_as(student, "Signée", visibility="class")
    assert "Personne 4" in classmate.get(f"/questions/{qid}").text


def test_moi_aussi_shows_a_count_never_who(
    student: Browser, classmate: Browser, third: Browser, staff: Browser
) -> None:
    qid = ask_as(student, "Populaire", visibility="class")
    for browser in (classmate, third, classmate):
        assert browser.post(f"/questions/{qid}/vote", {"value": "1"}).status_code == 303
    for browser in (student, staff, third):
        page = browser.get(f"/questions/{qid}").text
        assert "2 personnes se posent aussi cette question." in page
        votes = page.split('id="votes"', 1)[1].split("</section>", 1)[0]
        assert "Personne 5" not in votes
        assert "Personne 6" not in votes
    assert "moi aussi : 2" in staff.get("/questions/inbox").text
    assert "Retirer mon" in third.get(f"/questions/{qid}").text
    assert "Retirer mon" not in student.get(f"/questions/{qid}").text


def test_moi_aussi_only_on_class_questions(student: Browser, staff: Browser) -> None:
    qid = ask_as(student, "Privée")
    assert student.post(f"/questions/{qid}/vote", {"value": "1"}).status_code == 400


def test_small_courses_are_warned(student: Browser) -> None:
    assert "L'anonymat y est faible" in student.get("/questions/new").text
