"""The reference form and the style picker in Chromium, inside the LMS frame.

A type change keeps what was typed, the key is made, the subtitle is in the
citation; the style page shows each style by name with its preview. axe finds no
serious or critical violation on either page at 360 and 1366 pixels.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Frame, Page, expect

from tests.browser.accessibility import assert_no_serious
from tests.browser.lms import MATHILDE, go_to, tool_frame
from tests.support.demo import LiveDemo

pytestmark = pytest.mark.browser
NewPage = Callable[..., Page]
WIDTHS = (360, 1366)
NB = "\u00a0"


def _axe_at_both_widths(frame: Frame) -> None:
    for width in WIDTHS:
        frame.page.set_viewport_size({"width": width, "height": 900})
        assert_no_serious(frame)
    frame.page.set_viewport_size({"width": 1366, "height": 900})


def test_type_change_keeps_values_and_subtitle_is_cited(
    same_site: LiveDemo, new_page: NewPage
) -> None:
    frame = tool_frame(new_page, same_site, MATHILDE, "Mathilde Garnier",
                       "/references/new")  # fmt: skip
    frame.get_by_label("Auteur·es").fill("Dubois, Vincent")
    frame.get_by_label("Titre", exact=True).fill("La vie au guichet")
    frame.get_by_label("Année").fill("2010")
    frame.get_by_label("Sous-titre").fill(
        "relation administrative et traitement de la misère"
    )
    frame.get_by_label("Éditeur (maison d’édition)").fill("Economica")
    frame.get_by_label("Type de référence").select_option(label="Chapitre d’ouvrage")
    frame.get_by_role("button", name="Changer de type").click()
    legend = frame.get_by_text(
        "Champs obligatoires pour le type « Chapitre d’ouvrage »"
    )
    expect(legend).to_be_visible()
    expect(frame.get_by_label("Auteur·es")).to_have_value("Dubois, Vincent")
    expect(frame.get_by_label("Sous-titre")).to_have_value(
        "relation administrative et traitement de la misère"
    )
    expect(frame.get_by_label("Éditeur (maison d’édition)")).to_have_value("Economica")
    _axe_at_both_widths(frame)
    frame.get_by_label("Type de référence").select_option(label="Livre")
    frame.get_by_role("button", name="Changer de type").click()
    expect(frame.get_by_label("Titre", exact=True)).to_have_value("La vie au guichet")
    frame.get_by_role("button", name="Enregistrer").click()
    expect(frame.locator(".flashes[role=status]")).to_contain_text(
        "Référence « dubois2010 » ajoutée."
    )
    expect(frame.locator(".csl-entry").first).to_contain_text(
        f"La vie au guichet{NB}: relation administrative et traitement de la misère"
    )


def test_style_picker_names_describes_and_previews(
    same_site: LiveDemo, new_page: NewPage
) -> None:
    frame = tool_frame(new_page, same_site, MATHILDE, "Mathilde Garnier",
                       "/references/style")  # fmt: skip
    french = frame.get_by_role("radio", name="APA 7e édition, adaptation française")
    expect(french).to_be_visible()
    expect(frame.get_by_role("radio", name="ISO 690, auteur-date")).to_be_visible()
    previews = frame.locator(".style-preview")
    expect(previews).to_have_count(4)
    expect(previews.first.locator("li")).to_have_count(3)
    expect(previews.first).not_to_contain_text("&")
    _axe_at_both_widths(frame)
    french.check()
    frame.get_by_role("button", name="Enregistrer le style").click()
    expect(frame.locator(".flashes[role=status]")).to_contain_text(
        f"Style de citation enregistré{NB}: APA 7e édition, adaptation française."
    )
    expect(
        frame.get_by_role("radio", name="APA 7e édition, adaptation française")
    ).to_be_checked()
    go_to(frame, same_site, "/references/")
    expect(frame.get_by_role("heading", level=1)).to_be_visible()
