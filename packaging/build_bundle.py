"""Build the desktop bundle (``make bundle``): PyInstaller, with the embedding model inside.

The model is taken from this machine at build time (``CONTRACT_APP_MODEL_DIR``, else the copy
``contract-app model download`` installed, else Chroma's cache) and is never committed. The bundle lands in
``dist/contract-app/``; the script prints its size and how long the build took.

    .venv/bin/python packaging/build_bundle.py [--dist DIR] [--work DIR]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


def bundle_model() -> Path:
    from contract_app.retrieval.model_files import chroma_cache_dir, downloaded_model_dir, find_model_dir
    from contract_app.settings import load_settings

    settings = load_settings()
    folder = find_model_dir(settings)
    if folder is None:
        sys.exit(
            "No embedding model to put in the bundle: set CONTRACT_APP_MODEL_DIR to a folder holding model.onnx and "
            f"tokenizer.json, or run `contract-app model download` (it installs into {downloaded_model_dir()}; "
            f"Chroma's cache {chroma_cache_dir()} works too)."
        )
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dist", type=Path, default=REPO / "dist", help="where the bundle goes (default dist/)")
    parser.add_argument("--work", type=Path, default=REPO / "build" / "pyinstaller", help="PyInstaller's work folder")
    args = parser.parse_args()
    model = bundle_model()
    print(f"Bundling the embedding model from {model}", flush=True)
    started = time.perf_counter()
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(args.dist),
        "--workpath",
        str(args.work),
        str(REPO / "packaging" / "contract-app.spec"),
    ]
    done = subprocess.run(command, env={**os.environ, "CONTRACT_APP_BUNDLE_MODEL": str(model)}, cwd=REPO)
    if done.returncode != 0:
        return done.returncode
    bundle = args.dist / "contract-app"
    print(
        f"Built {bundle} in {time.perf_counter() - started:.0f} s: {folder_size(bundle) / 1e6:.0f} MB "
        f"(of which the embedding model {folder_size(model) / 1e6:.0f} MB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
