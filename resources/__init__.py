"""Files the app ships with (installed as the package ``contract_app.resources``, see ``pyproject.toml``).

The folder stays at the top of the repository, where the developers' guide and the benchmarks find it; setuptools
maps it into the package, so a wheel and the desktop bundle carry it and the code reads it through
``importlib.resources`` rather than a path relative to the source tree.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

CATEGORIES = "cuad_categories.json"
SAMPLE_CONTRACT = "samples/sample_contract.pdf"
SHIPPED_MODEL = "models/all-MiniLM-L6-v2/onnx"  # present in the desktop bundle only (never committed)


def resource_path(name: str) -> Path:
    """The shipped file ``name`` on disk: every way the app is installed (source, wheel, bundle) keeps it unzipped."""
    return Path(str(files(__name__).joinpath(*name.split("/"))))
