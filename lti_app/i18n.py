"""Locale choice: the launch's locale, else the browser's, French by default."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import support
from flask import current_app, g, has_request_context, request
from flask_babel import get_locale
from wtforms.i18n import messages_path

LANGUAGES = ("fr", "en")


def select_locale() -> str:
    """Follow the LTI launch; before a launch, the ``lang`` parameter or the browser."""
    launch = g.get("launch")
    if launch is not None:
        return str(launch.locale)
    wanted = request.args.get("lang")
    if wanted in LANGUAGES:
        return wanted
    best = request.accept_languages.best_match(LANGUAGES)
    return best or str(current_app.config["CARTABLE_DEFAULT_LOCALE"])


def number(value: float | int) -> str:
    """A number as the reader writes it: 15,5 in French, 15.5 in English."""
    from flask_babel import format_decimal

    return str(format_decimal(value, format="#,##0.##"))


def local_time(utc: datetime, tz_name: str) -> str:
    """A stored (naive UTC) time in the course's time zone, in the reader's language."""
    from flask_babel import format_date, format_time

    try:
        zone = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    local = utc.replace(tzinfo=UTC).astimezone(zone)
    # rebase=False: Flask-Babel would otherwise convert back to its own zone (UTC).
    day = format_date(local, "medium", rebase=False)
    return f"{day} {format_time(local, 'HH:mm', rebase=False)}"


def role_label(role: str) -> str:
    """The role's name in the interface language."""
    from flask_babel import gettext as _

    labels = {
        "instructor": _("enseignant·e"),
        "assistant": _("assistant·e"),
        "student": _("étudiant·e"),
        "guest": _("invité·e (lecture seule)"),
    }
    return labels.get(role, role)


def anonymous_label(sub: str) -> str:
    """A neutral name for someone the platform did not name (Moodle privacy "never").

    Outside a request (CLI, worker) it is in the default language.
    """
    from flask_babel import force_locale
    from flask_babel import gettext as _

    if has_request_context():
        return _("Participant·e %(id)s", id=sub[:12])
    with force_locale(current_app.config["CARTABLE_DEFAULT_LOCALE"]):
        return _("Participant·e %(id)s", id=sub[:12])


def erased_label() -> str:
    """How pages name a person whose data was erased (RGPD)."""
    from flask_babel import force_locale
    from flask_babel import gettext as _

    if has_request_context():
        return _("Personne effacée")
    with force_locale(current_app.config["CARTABLE_DEFAULT_LOCALE"]):
        return _("Personne effacée")


@cache
def _wtforms_catalog(locale: str) -> support.Translations:
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class _LazyCatalog:
    """WTForms' catalog for the request's locale, looked up only if a message is."""

    def ugettext(self, string: str) -> str:
        return str(_wtforms_catalog(str(get_locale())).ugettext(string))

    def ungettext(self, singular: str, plural: str, n: int) -> str:
        catalog = _wtforms_catalog(str(get_locale()))
        return str(catalog.ungettext(singular, plural, n))


_LAZY_CATALOG = _LazyCatalog()


def share_wtforms_translations() -> None:
    """Give Flask-WTF its catalog from a per-process cache.

    Flask-WTF reads WTForms' message catalog from disk once per request that
    builds a form (about 0.25 ms); it first looks for ``request.wtforms_translations``,
    which this hook points at the cached catalogs (resolved only when used).
    """
    request.wtforms_translations = _LAZY_CATALOG  # type: ignore[attr-defined]
