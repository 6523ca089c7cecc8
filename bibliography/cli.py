"""``python -m bibliography``: check, format, convert, render."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from bibliography.convert import FORMATS, read_references, write_references
from bibliography.csl import render_bibliography
from bibliography.errors import BibliographyError, Problem
from bibliography.messages import render_message
from bibliography.page import render_page
from bibliography.styles import DEFAULT_LOCALE, DEFAULT_STYLE


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser (usage errors exit with status 2)."""
    parser = argparse.ArgumentParser(prog="python -m bibliography")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="report problems")
    check.add_argument("file")
    check.add_argument("--json", action="store_true")
    fmt = commands.add_parser("format", help="print the bibliography")
    fmt.add_argument("file")
    fmt.add_argument("--html", action="store_true")
    convert = commands.add_parser("convert", help="convert between formats")
    convert.add_argument("file")
    convert.add_argument("--to", choices=FORMATS, required=True)
    render = commands.add_parser("render", help="Markdown with citations to HTML")
    render.add_argument("file")
    render.add_argument("--bib", required=True)
    for command in (fmt, render):
        command.add_argument("--style", default=DEFAULT_STYLE)
        command.add_argument("--locale", default=DEFAULT_LOCALE)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return 0 clean, 1 problems found, 2 usage or read error."""
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except OSError as error:
        print(f"{error.filename or args.file}: {error.strerror}", file=sys.stderr)
    except UnicodeDecodeError:
        print(f"{args.file}: {render_message('encoding-invalid', {})}", file=sys.stderr)
    except BibliographyError as error:
        print(f"{args.file}: {error.message()}", file=sys.stderr)
    return 2


def _run(args: argparse.Namespace) -> int:
    bib_path = Path(args.bib if args.command == "render" else args.file)
    imported = read_references(bib_path.read_bytes(), bib_path.name)
    problems = list(imported.problems)
    if args.command == "format":
        entries = render_bibliography(imported.references, args.style, args.locale)
        print("\n\n".join(e.html if args.html else e.text for e in entries))
    elif args.command == "convert":
        sys.stdout.write(write_references(imported.references, args.to))
    elif args.command == "render":
        markdown = Path(args.file).read_text(encoding="utf-8")
        page, unknown = render_page(
            markdown, imported.references, args.style, args.locale
        )
        print(page)
        problems.extend(Problem("unknown-citation", None, key) for key in unknown)
    _report(args, len(imported.references), problems, bib_path)
    return 1 if problems else 0


def _report(
    args: argparse.Namespace, count: int, problems: list[Problem], path: Path
) -> None:
    """JSON on stdout for ``check --json``, else one line per problem on stderr."""
    if args.command == "check" and args.json:
        found = [problem.as_dict() for problem in problems]
        print(json.dumps({"entries": count, "problems": found}, ensure_ascii=False))
        return
    for problem in problems:
        where = f"{path}:{problem.line}" if problem.line else str(path)
        print(f"{where}: [{problem.code}] {problem.message()}", file=sys.stderr)
