"""The English catalog: complete for the current sources, faithful, and in use."""

from __future__ import annotations

import fnmatch
import io
import os
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask.testing import FlaskClient

import lti_app
from tests.support.launcher import Launcher, ltik_of

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = Path(lti_app.__file__).resolve().parent / "translations"
EN_PO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
EN_MO = EN_PO.with_suffix(".mo")
PRESENTATION = "https://purl.imsglobal.org/spec/lti/claim/launch_presentation"
PLACEHOLDER = re.compile(r"%\((\w+)\)")
# Like ``pybabel extract`` with ``--ignore-dirs '.* __pycache__'``: Babel's legacy
# default would also skip ``_*`` directories such as templates/_macros.
IGNORED_DIRS = (".*", "__pycache__")


def _keep_dir(path: str) -> bool:
    name = os.path.basename(path)
    return not any(fnmatch.fnmatch(name, pattern) for pattern in IGNORED_DIRS)


def fresh_extraction() -> Catalog:
    """What ``make messages`` extracts from the sources as they are now."""
    with (ROOT / "config" / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    catalog = Catalog()
    extracted = extract_from_dir(
        str(ROOT),
        method_map,
        options_map,
        keywords={**DEFAULT_KEYWORDS, "_l": None},
        directory_filter=_keep_dir,
    )
    for filename, lineno, message, _comments, context in extracted:
        catalog.add(message, None, [(filename, lineno)], context=context)
    return catalog


def english() -> Catalog:
    with EN_PO.open("rb") as source:
        return read_po(source, locale="en")


def _as_tuple(value: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def _where(message: Message) -> str:
    return ", ".join(f"{path}:{line}" for path, line in message.locations[:2])


def test_every_source_string_has_an_english_translation() -> None:
    catalog = english()
    missing = []
    for message in fresh_extraction():
        if not message.id:
            continue
        translated = catalog.get(message.id, context=message.context)
        strings = _as_tuple(translated.string) if translated else ()
        if (
            translated is None
            or translated.fuzzy
            or not strings
            or not all(strings)
            or len(strings) != len(_as_tuple(message.id))
        ):
            missing.append(f"{_where(message)}: {_as_tuple(message.id)[0]!r}")
    assert not missing, (
        f"{len(missing)} message(s) without an English translation; run "
        "`make messages`, translate them in lti_app/translations/en/LC_MESSAGES/"
        "messages.po, remove any fuzzy flag:\n" + "\n".join(missing)
    )


def test_the_catalog_has_no_fuzzy_entries() -> None:
    fuzzy = [m.id for m in english() if m.id and m.fuzzy]
    assert not fuzzy, f"fuzzy entries (left out of the .mo): {fuzzy}"


def test_translations_keep_the_placeholders() -> None:
    wrong = []
    for message in english():
        if not message.id:
            continue
        sources = _as_tuple(message.id)
        expected = sorted(PLACEHOLDER.findall(sources[-1]))
        for string in _as_tuple(message.string):
            if string and sorted(PLACEHOLDER.findall(string)) != expected:
                wrong.append(f"{sources[0]!r} -> {string!r}")
        assert not list(message.check()), (message.id, list(message.check()))
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


def test_the_compiled_catalog_is_the_current_one() -> None:
    """The session fixture compiled the .po: the app reads no stale .mo."""
    compiled = io.BytesIO()
    write_mo(compiled, english())
    assert EN_MO.read_bytes() == compiled.getvalue()


def _course_page(client: FlaskClient, launcher: Launcher, **claims: object) -> str:
    response = launcher.launch(**claims)
    assert response.status_code == 303, response.text
    page = client.get(f"/course/?ltik={ltik_of(response)}")
    assert page.status_code == 200, page.text
    return page.text


def test_an_english_launch_shows_english_pages(
    client: FlaskClient, launcher: Launcher
) -> None:
    page = _course_page(client, launcher, **{PRESENTATION: {"locale": "en"}})
    assert '<html lang="en">' in page
    assert "Signed in as Inès Moreau, student." in page
    assert "Skip to content" in page
    assert "Connecté·e" not in page
    assert "Aller au contenu" not in page


def test_a_launch_shows_french_pages_by_default(
    client: FlaskClient, launcher: Launcher
) -> None:
    page = _course_page(client, launcher, **{PRESENTATION: None})
    assert '<html lang="fr">' in page
    assert "Connecté·e en tant que Inès Moreau, étudiant·e." in page
    assert "Aller au contenu" in page
    assert "Signed in" not in page


@pytest.mark.parametrize(
    ("headers", "query", "lang", "title"),
    [
        ({"Accept-Language": "en-GB,en;q=0.9"}, "", "en", "Page not found"),
        ({"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}, "", "fr", "Page introuvable"),
        ({}, "", "fr", "Page introuvable"),
        ({"Accept-Language": "de-DE"}, "", "fr", "Page introuvable"),
        ({"Accept-Language": "fr"}, "?lang=en", "en", "Page not found"),
    ],
)
def test_an_error_page_before_any_launch_follows_the_browser(
    client: FlaskClient, headers: dict[str, str], query: str, lang: str, title: str
) -> None:
    response = client.get(f"/no-such-page{query}", headers=headers)
    assert response.status_code == 404
    assert f'<html lang="{lang}">' in response.text
    assert f"<h1>{title}</h1>" in response.text


def test_a_refused_launch_explains_itself_in_the_browser_language(
    client: FlaskClient,
) -> None:
    english_page = client.get("/course/", headers={"Accept-Language": "en"}).text
    assert "No launch in progress: open Cartable from your course." in english_page
    assert "LMS (Moodle)" in english_page
    french_page = client.get("/course/").text
    assert "Aucun lancement en cours" in french_page


def test_what_was_typed_is_given_back_in_english(client: FlaskClient) -> None:
    """templates/_macros is extracted too (Babel's legacy default skips ``_*``)."""
    response = client.post(
        "/course/members/1/assistant",
        data={"note": "mon texte"},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 400
    assert "What you had typed" in response.text
    assert "Nothing is lost" in response.text
