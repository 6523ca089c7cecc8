"""Where a submission review launch opens: a page the submissions feature names.

Moodle's "view submission" in the gradebook sends ``LtiSubmissionReviewRequest``
with ``for_user`` (the learner) and the AGS ``lineitem``. The launch package knows
no submission: the feature that does registers a :class:`ReviewTarget` when the
app is assembled, and gets the launch context (``for_user``, ``services``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, current_app

from lti_app.lti.context import LaunchContext

_KEY = "cartable_review_target"


@dataclass(frozen=True)
class ReviewTarget:
    """An endpoint and the URL values for one review launch (None: nothing to show)."""

    endpoint: str
    values: Callable[[LaunchContext], dict[str, str] | None]


def register_review_target(app: Flask, target: ReviewTarget) -> None:
    """Say which page opens submission reviews; one feature owns them."""
    known = app.extensions.get(_KEY)
    if known is not None and known != target:
        raise ValueError("a submission review target is already registered")
    app.extensions[_KEY] = target


def review_landing(context: LaunchContext) -> tuple[str, dict[str, str]] | None:
    """The page of this review launch, or None when no feature handles reviews."""
    target: ReviewTarget | None = current_app.extensions.get(_KEY)
    if target is None:
        return None
    values = target.values(context)
    return None if values is None else (target.endpoint, values)
