"""Two staff creating modules with the same title at the same moment (PostgreSQL)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from flask import Flask
from sqlalchemy import select

from lti_app.extensions import db
from lti_app.modules import service
from lti_app.modules.models import Module

RACERS = 6


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    """PostgreSQL: concurrent transactions, a real unique-constraint race."""
    return make_app("postgresql")


def test_same_title_at_once_gives_distinct_slugs(
    app: Flask, make_course: Callable[..., int]
) -> None:
    course = make_course()
    barrier = threading.Barrier(RACERS)

    def create(_: int) -> str:
        with app.app_context():
            barrier.wait()
            draft = service.Draft("Même titre", "Texte.")
            return service.create_module(course, None, draft).slug

    with ThreadPoolExecutor(RACERS) as pool:
        slugs = list(pool.map(create, range(RACERS)))
    assert sorted(slugs) == sorted(
        ["meme-titre"] + [f"meme-titre-{n}" for n in range(2, RACERS + 1)]
    )
    with app.app_context():
        stored = db.session.scalars(
            select(Module.slug).where(Module.course_id == course)
        )
        assert sorted(stored) == sorted(slugs)
