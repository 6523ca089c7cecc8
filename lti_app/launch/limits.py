"""The launch's place in the fair share (see ``lti_app.rate_limits``)."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from lti_app.rate_limits import Bucket, exempt, register_bucket


def init_app(app: Flask) -> None:
    """The LMS's login and launch are never refused; renewals count apart."""
    exempt(app, "launch.login", "launch.launch")
    register_bucket(
        app, Bucket("sessions", _l("renouvellements de session"), ("launch.renew",))
    )
