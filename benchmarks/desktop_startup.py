"""The desktop bundle beside the source install: window start-up (process start to the window visible on an Xvfb
display) and size on disk, measured in one run.

Each start is a fresh process with an empty home (no settings, no index); the two installs alternate, after one
discarded warm-up start each (disk cache). The source install is this checkout's ``.venv`` (``contract-app gui``,
with the model named in CONTRACT_APP_MODEL_DIR as ``make`` does); its size is the virtual environment's, which also
holds the development tools (``make wheel-test`` prints the size of a fresh environment holding only the app).

    .venv/bin/python benchmarks/desktop_startup.py [--runs 5] [--bundle dist/contract-app]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "tests" / "packaging"), str(REPO / "packaging")]

from build_bundle import folder_size  # noqa: E402
from xvfb import Xvfb  # noqa: E402

SHARED_MODEL = REPO.parent / "shared" / "models" / "all-MiniLM-L6-v2" / "onnx"


def start_once(command: list[str], screen: Xvfb, extra_env: dict[str, str]) -> float:
    with tempfile.TemporaryDirectory(prefix="startup-home-") as home:
        env = {"PATH": "/usr/bin:/bin", "HOME": home, "LANG": "C.UTF-8", "DISPLAY": screen.display, **extra_env}
        process = subprocess.Popen(command, env=env, cwd=home, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            return screen.wait_for_window("Contract App", timeout=120)
        finally:
            process.terminate()
            process.wait(30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bundle", type=Path, default=REPO / "dist" / "contract-app")
    args = parser.parse_args()
    if not (args.bundle / "contract-app").is_file():
        sys.exit(f"No bundle in {args.bundle}: run `make bundle` first.")
    model = os.environ.get("CONTRACT_APP_MODEL_DIR") or (str(SHARED_MODEL) if SHARED_MODEL.is_dir() else "")
    installs = {
        "bundle": ([str(args.bundle / "contract-app")], {}),
        "source install": ([str(REPO / ".venv" / "bin" / "contract-app"), "gui"], {"CONTRACT_APP_MODEL_DIR": model}),
    }
    times: dict[str, list[float]] = {name: [] for name in installs}
    with Xvfb() as screen:
        for command, env in installs.values():
            start_once(command, screen, env)  # warm-up, discarded
        for _ in range(args.runs):
            for name, (command, env) in installs.items():
                times[name].append(start_once(command, screen, env))
    sizes = {"bundle": folder_size(args.bundle), "source install": folder_size(REPO / ".venv")}
    base = statistics.median(times["source install"])
    print(f"window visible after start, median of {args.runs} (min-max); size on disk")
    for name in installs:
        median = statistics.median(times[name])
        print(
            f"  {name:15s} {median:5.2f} s ({min(times[name]):.2f}-{max(times[name]):.2f})  x{median / base:.2f}  "
            f"{sizes[name] / 1e6:6.0f} MB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
