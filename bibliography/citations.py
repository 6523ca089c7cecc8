"""Pandoc-style citations in Markdown: ``[@key, p. 12]``, ``@key``, ``[-@key]``."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bibliography.csl import Cite, render_citations
from bibliography.model import Reference
from bibliography.styles import DEFAULT_LOCALE, DEFAULT_STYLE
from bibliography.suffixes import year_suffixes

_KEY = r"[\w](?:[\w:.#$%&+?~/-]*[\w])?"
_CODE = re.compile(r"```.*?(?:```|\Z)|~~~.*?(?:~~~|\Z)|`[^`\n]*`", re.DOTALL)
_BRACKET = re.compile(r"\[([^\[\]\n]*?@[^\[\]\n]*)\]")
_ITEM = re.compile(rf"\s*(-?)@({_KEY})\s*(?:,\s*(.*?))?\s*")
_NARRATIVE = re.compile(rf"(?<![\w@.+-])@({_KEY})(?:\s\[([^\[\]\n@]+)\])?")
_PLACEHOLDER = re.compile("\0([0-9]+)\0")
_TOKEN = re.compile(f"(?P<bracket>{_BRACKET.pattern})|{_NARRATIVE.pattern}")
_LABELS = {"p.": "page", "pp.": "page", "page": "page", "chap.": "chapter",
           "ch.": "chapter", "sect.": "section", "vol.": "volume",
           "§": "section"}  # fmt: skip
_MARKDOWN_ACTIVE = str.maketrans(
    {"*": "&#42;", "_": "&#95;", "`": "&#96;", "[": "&#91;"}
)


@dataclass(frozen=True)
class CitationResult:
    """Text with citations replaced, cited keys (first use order), unknown keys."""

    text: str
    cited: tuple[str, ...]
    unknown: tuple[str, ...]


def process_citations(
    markdown: str,
    references: Sequence[Reference],
    style: str = DEFAULT_STYLE,
    locale: str = DEFAULT_LOCALE,
) -> CitationResult:
    """Replace citations by HTML-safe spans linking to ``#ref-<key>``."""
    by_key = {ref.key.casefold(): ref for ref in references}
    state = _State(by_key, references, style, locale)
    # NUL marks where rendered citations go (CommonMark replaces NUL anyway).
    markdown = markdown.replace("\0", "\ufffd")
    parts = []
    position = 0
    for code in _CODE.finditer(markdown):
        parts.append(state.replace(markdown[position : code.start()]))
        parts.append(code[0])
        position = code.end()
    parts.append(state.replace(markdown[position:]))
    text = state.fill("".join(parts))
    return CitationResult(text, tuple(state.cited), tuple(state.unknown))


class _State:
    """Accumulates cited and unknown keys while replacing one text."""

    def __init__(
        self,
        by_key: dict[str, Reference],
        refs: Sequence[Reference],
        style: str,
        locale: str,
    ) -> None:
        self.by_key, self.refs, self.style, self.locale = by_key, refs, style, locale
        self.suffixes = year_suffixes(refs)
        self.cited: list[str] = []
        self.unknown: list[str] = []
        self.groups: list[list[Cite]] = []

    def replace(self, text: str) -> str:
        return _TOKEN.sub(self._token, text)

    def fill(self, text: str) -> str:
        """Render every bracketed group in one citeproc run and put them in place."""
        if not self.groups:
            return text
        rendered = render_citations(self.groups, self.refs, self.style, self.locale)
        return _PLACEHOLDER.sub(
            lambda m: rendered[int(m[1])].translate(_MARKDOWN_ACTIVE), text
        )

    def _token(self, match: re.Match[str]) -> str:
        if match["bracket"] is None:
            return self._narrative(_NARRATIVE.fullmatch(match[0]) or match)
        bracket = _BRACKET.fullmatch(match[0])
        assert bracket is not None  # noqa: S101 - same pattern, for mypy
        return self._bracket(bracket)

    def _known(self, key: str) -> Reference | None:
        reference = self.by_key.get(key.casefold())
        if reference is None:
            if key not in self.unknown:
                self.unknown.append(key)
        elif reference.key not in self.cited:
            self.cited.append(reference.key)
        return reference

    def _bracket(self, match: re.Match[str]) -> str:
        items = [_ITEM.fullmatch(part) for part in match[1].split(";")]
        if not all(items):
            return "[" + _NARRATIVE.sub(self._narrative, match[1]) + "]"
        cites: list[Cite] = []
        suppressed: list[str] = []
        unknown: list[str] = []
        keys: list[str] = []
        for item in items:
            assert item is not None  # noqa: S101 - checked by all() above, for mypy
            reference = self._known(item[2])
            if reference is None:
                unknown.append(_unknown(item[2]))
            elif item[1]:
                suppressed.append(self._year(reference, item[3] or ""))
                keys.append(reference.key)
            else:
                cites.append(_cite(reference.key, item[3] or ""))
                keys.append(reference.key)
        rendered = []
        if cites:
            rendered.append(f"\0{len(self.groups)}\0")
            self.groups.append(cites)
        if suppressed:
            rendered.append("(" + "; ".join(suppressed) + ")")
        return _span(" ".join(rendered), keys) + "".join(unknown)

    def _narrative(self, match: re.Match[str]) -> str:
        reference = self._known(match[1])
        if reference is None:
            return _unknown(match[1])
        names = _short_authors(reference, self.locale)
        inner = f"{names} ({self._year(reference, match[2] or '')})"
        return _span(html.escape(inner), [reference.key])

    def _year(self, reference: Reference, locator: str) -> str:
        year = (reference.get("year") or reference.get("date") or "s. d.")[:4]
        year += self.suffixes.get(reference.key, "")
        return f"{year}, {locator.strip()}" if locator.strip() else year


def _cite(key: str, locator: str) -> Cite:
    label, _, rest = locator.strip().partition(" ")
    if label.lower() in _LABELS and rest:
        return Cite(key, rest.strip(), _LABELS[label.lower()])
    return Cite(key, locator.strip()) if locator.strip() else Cite(key)


def _short_authors(reference: Reference, locale: str) -> str:
    persons = reference.authors or reference.editors
    names = [
        p.literal or " ".join(x for x in (p.particle, p.family) if x) for p in persons
    ]
    conjunction = " et " if locale.startswith("fr") else " & "
    if not names:
        return reference.get("title") or reference.key
    if len(names) > 2 or reference.authors_et_al:
        return f"{names[0]} et al."
    return conjunction.join(names)


def _span(inner: str, keys: list[str]) -> str:
    inner = inner.translate(_MARKDOWN_ACTIVE)
    if not keys:
        return inner
    data = html.escape(" ".join(keys), quote=True)
    href = html.escape(f"#ref-{keys[0]}", quote=True)
    link = f'<a href="{href}">{inner}</a>'
    return f'<span class="citation" data-cites="{data}">{link}</span>'


def _unknown(key: str) -> str:
    safe = html.escape(key, quote=True)
    return f'<span class="citation-unknown" data-cites="{safe}">@{safe}?</span>'
