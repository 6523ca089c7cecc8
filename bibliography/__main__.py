"""Entry point of ``python -m bibliography``."""

from __future__ import annotations

import sys

from bibliography.cli import main

sys.exit(main())
