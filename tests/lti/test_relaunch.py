"""A relaunch with the same facts writes no row; changed facts are recorded."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import event

from lti_app.course.models import User
from lti_app.extensions import db
from tests.support.launcher import Launcher


def _writes(app: Flask, action: object) -> list[str]:
    statements: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        if (
            statement.lstrip()
            .upper()
            .startswith(
                (
                    "INSERT INTO USERS",
                    "UPDATE USERS",
                    "INSERT INTO MEMBERSHIPS",
                    "UPDATE MEMBERSHIPS",
                )
            )
        ):
            statements.append(statement)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", record)
        try:
            action()  # type: ignore[operator]
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
    return statements


def test_same_facts_again_write_no_user_or_membership_row(
    app: Flask, launcher: Launcher
) -> None:
    assert launcher.launch().status_code == 303
    assert _writes(app, lambda: launcher.launch()) == []


def test_changed_facts_are_recorded_at_once(app: Flask, launcher: Launcher) -> None:
    assert launcher.launch().status_code == 303
    renamed = launcher.launch(name="Inès Moreau-Lambert")
    assert renamed.status_code == 303
    with app.app_context():
        user = db.session.query(User).filter_by(sub="4").one()
        assert user.name == "Inès Moreau-Lambert"
