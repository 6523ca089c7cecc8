"""The generated benchmark corpus: deterministic, lossless, every trap reported."""

from __future__ import annotations

import importlib.util
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from bibliography import parse_bibtex, write_bibtex

_CORPUS = Path(__file__).parents[2] / "benchmarks" / "bib_corpus.py"


def _generator() -> Callable[..., bytes]:
    """Load benchmarks/bib_corpus.py by path (benchmarks is not a package)."""
    spec = importlib.util.spec_from_file_location("bib_corpus", _CORPUS)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    generate: Callable[..., bytes] = module.generate_bibtex
    return generate


def test_corpus_is_deterministic_lossless_and_reported() -> None:
    generate = _generator()
    data = generate(1000)
    assert data == generate(1000)
    assert data != generate(1000, seed=1)
    start = time.perf_counter()
    document = parse_bibtex(data)
    assert time.perf_counter() - start < 5
    assert write_bibtex(document) == data
    assert len(document.references) == 967
    assert Counter(problem.code for problem in document.problems) == {
        "duplicate-field": 33,
        "unbalanced-braces": 33,
        "unknown-type": 33,
        "duplicate-key": 10,
    }
    chapter = document.find("Key1")
    assert chapter is not None
    assert chapter.authors[0].literal == "ODAS"
    assert chapter.authors_et_al
    assert chapter.get("booktitle") == "Recueil"
