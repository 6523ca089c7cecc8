"""Error hierarchy and problem reports of the bibliography package."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from bibliography.messages import DEFAULT_LANGUAGE, render_message

ParamValue = str | int


class BibliographyError(Exception):
    """Base of every error the package raises on purpose."""

    code: ClassVar[str] = "bibliography-error"

    def __init__(self, **params: ParamValue) -> None:
        self.params: dict[str, ParamValue] = dict(params)
        super().__init__(self.message("en"))

    def message(self, language: str = DEFAULT_LANGUAGE) -> str:
        """Return the message in ``language`` (``fr`` or ``en``)."""
        return render_message(self.code, self.params, language)


class ParseError(BibliographyError):
    """The input cannot be read at all."""

    code = "parse-error"


class EncodingError(ParseError):
    """The bytes are neither UTF-8 nor a plausible Latin-1 text."""

    code = "encoding"


class InputTooLarge(ParseError):  # noqa: N818 - the name the product spec uses
    """The input exceeds a configured size limit."""

    code = "input-too-large"


class TooManyEntries(InputTooLarge):
    """The input holds more blocks than a configured limit."""

    code = "too-many-entries"


class ExpansionTooLarge(ParseError):  # noqa: N818 - says what happened
    """An entry or ``@string`` grows past its budget as macros are expanded."""

    code = "expansion-too-large"


class ExpansionBudgetSpent(ParseError):  # noqa: N818 - says what happened
    """Macros and crossrefs have added all the characters a file may gain."""

    code = "expansion-budget"


class TooManyLines(ParseError):  # noqa: N818 - says what happened
    """A line-based input (RIS) holds more lines than a configured limit."""

    code = "too-many-lines"


class TimeBudgetExceeded(ParseError):  # noqa: N818 - says what happened
    """Reading took more CPU time than its budget (see ``budgets``)."""

    code = "time-budget"


class JsonTooDeep(ParseError):  # noqa: N818 - says what happened
    """JSON nested deeper than a configured limit."""

    code = "json-too-deep"


class JsonTooManyValues(ParseError):  # noqa: N818 - says what happened
    """JSON holding more values than a configured limit."""

    code = "json-too-many-values"


class JsonNumberTooLong(ParseError):  # noqa: N818 - says what happened
    """A JSON number with more digits than a configured limit."""

    code = "json-number-too-long"


class StyleError(BibliographyError):
    """A CSL style cannot be found or parsed."""

    code = "style"


class LocaleError(BibliographyError):
    """A CSL locale is not available."""

    code = "locale"


class FormatError(BibliographyError):
    """The input format cannot be recognised or is not supported."""

    code = "format"


#: Problems that leave an entry unread: its block is kept as written, but it has
#: no meaning to import, store or suggest.
UNUSABLE_CODES = frozenset(
    {"syntax", "unbalanced-braces", "missing-key", "entry-too-large",
     "expansion-too-large"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the input, located by line and key."""

    code: str
    line: int | None = None
    key: str | None = None
    params: Mapping[str, ParamValue] = field(default_factory=dict, compare=False)

    def message(self, language: str = DEFAULT_LANGUAGE) -> str:
        """Return the message in ``language``."""
        return render_message(
            self.code, {**self.params, "key": self.key or "?"}, language
        )

    def as_dict(self, language: str = DEFAULT_LANGUAGE) -> dict[str, object]:
        """Return the JSON form used by the CLI."""
        return {
            "code": self.code,
            "line": self.line,
            "key": self.key,
            "message": self.message(language),
        }
