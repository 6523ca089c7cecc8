"""Rendering in the course's style, and style validation, through the package."""

from __future__ import annotations

from bibliography import LocaleError, Reference, Rendered, StyleError, render_reference
from bibliography import validate_style as check_style
from lti_app.references.errors import StyleInvalid

# Ids of the styles the style page offers by name (see style_choices.OFFERED).
OFFERED_STYLES = ("apa-fr-adapted", "apa", "iso690-author-date-fr-no-abstract",
                  "chicago-author-date-fr")  # fmt: skip
MAX_CSL_BYTES = 512 * 1024
# In every cache key of rendered text: bumped when the package renders
# differently, so older renderings are not served (2: subtitles joined to titles).
RENDERER_VERSION = "2"
_LOCALES = {"fr": "fr-FR", "en": "en-US"}


def csl_locale(language: str) -> str:
    """The CSL locale of the interface language."""
    return _LOCALES.get(language, "fr-FR")


def render_one(reference: Reference, style: str, language: str) -> Rendered | None:
    """The entry in the course style; None when the style cannot render it."""
    try:
        return render_reference(reference, style, csl_locale(language))
    except (StyleError, LocaleError):
        return None


def validate_style(style: str) -> str:
    """A style id or CSL text the renderer accepts, else :class:`StyleInvalid`."""
    try:
        return check_style(style, "fr-FR")
    except (StyleError, LocaleError) as error:
        raise StyleInvalid(error.message()) from error
