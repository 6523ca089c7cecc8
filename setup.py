"""Build hook: a wheel carries the compiled translations and the templates.

Everything else is declared in pyproject.toml. The ``.mo`` files are build
products (never committed): without this hook an install by ``pip`` would ship
only the ``.po`` sources and serve French to English users. The templates live
at the checkout's root; an installed package finds them inside itself.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


def compile_catalogs(source: Path, target: Path) -> list[Path]:
    """Write ``target/<lang>/LC_MESSAGES/<domain>.mo`` for each ``.po`` under source."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted(source.glob("*/LC_MESSAGES/*.po")):
        mo = target / po.relative_to(source).with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as reader:
            catalog = read_po(reader)
        with mo.open("wb") as writer:
            write_mo(writer, catalog)
        written.append(mo)
    return written


class BuildWithCatalogs(build_py):
    """``build_py`` plus the compiled catalogs and the templates, in the package."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads the checkout (make compiles)
            return
        package = Path(self.build_lib) / "lti_app"
        # Compiled after the copy: a stale .mo left in the checkout is overwritten.
        compile_catalogs(HERE / "lti_app" / "translations", package / "translations")
        shutil.copytree(HERE / "templates", package / "templates", dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithCatalogs})
