"""Make ``doorstroom`` importable for the rules tests without Django or an installed package.

Why: the rules engine is pure Python and its tests must run in seconds with
``pytest tests/rules -p no:django``, also on a fresh checkout where the project has not been
installed into the virtualenv yet.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"

if importlib.util.find_spec("doorstroom") is None:  # pragma: no cover - depends on the venv
    sys.path.insert(0, str(SRC))
