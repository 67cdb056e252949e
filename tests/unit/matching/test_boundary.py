"""matching/ is a library: importing it never pulls in the web application."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
FORBIDDEN = ("flask", "flask_sqlalchemy", "sqlalchemy", "app")


def imported_after(code: str) -> list[str]:
    """Top-level names of the modules loaded by running ``code`` in a fresh interpreter."""
    report = "import json, sys\nprint(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    script = f"{code}\n{report}"
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.splitlines()[-1])


def test_every_matching_module_imports_without_the_web_application():
    code = (
        "import importlib, pkgutil, matching\n"
        "for module in pkgutil.walk_packages(matching.__path__, 'matching.'):\n"
        "    importlib.import_module(module.name)\n"
        "import matching.scoring, matching.index, matching.weights, matching.components\n"
        "matching.CandidateIndex, matching.score, matching.rank_profiles"
    )
    loaded = imported_after(code)
    assert "matching" in loaded and "scipy" in loaded
    assert not [name for name in loaded if name in FORBIDDEN]


def test_importing_matching_alone_stays_light():
    loaded = imported_after("import matching\nmatching.resolve_weights('staff')")
    assert not {"numpy", "scipy", "sklearn", *FORBIDDEN} & set(loaded)
