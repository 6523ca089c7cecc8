"""Macro look-ups inside citeproc-py, cached: its XPath per call is the hot spot.

citeproc-py finds a macro by running an XPath query on the style each time one
is called (thousands of times per entry); that search took about 40% of the
rendering time. The style trees are never changed once loaded (see
:mod:`styles`), so the first answer per style and macro name can be kept. The
patch is installed once, from :mod:`csl` only.
"""

from __future__ import annotations

import threading
from typing import Any

from citeproc import model

# id(root) -> (root, {macro name: element}); the root is kept so that its id is
# not reused while the entry exists. Bounded: styles are few and cached already.
_CACHE: dict[int, tuple[Any, dict[str, Any]]] = {}
_LIMIT = 256
_LOCK = threading.Lock()


def _get_macro(self: Any, name: str) -> Any:
    root = self.get_root()
    entry = _CACHE.get(id(root))
    if entry is None or entry[0] is not root:
        with _LOCK:
            if len(_CACHE) >= _LIMIT:
                _CACHE.clear()
            entry = _CACHE[id(root)] = (root, {})
    macros = entry[1]
    found = macros.get(name)
    if found is None:
        expression = f"cs:macro[@name='{name}'][1]"
        found = macros[name] = root.xpath_search(expression)[0]
    return found


def install() -> None:
    """Replace ``CitationStylesElement.get_macro`` by the cached version."""
    model.CitationStylesElement.get_macro = _get_macro
