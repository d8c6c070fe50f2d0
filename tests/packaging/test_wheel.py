"""The wheel works on its own: built from this tree, installed into a fresh virtual environment outside the
repository, its ``contract-app report`` writes the same clause report as the source tree does.

Slow (a fresh environment installs every dependency, from pip's cache when it can): run by ``make wheel-test``, not
by the default suite.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import venv
import zipfile
from pathlib import Path

import pytest

from contract_app.cli.main import main

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "packaging"))

from build_bundle import folder_size  # noqa: E402

pytestmark = pytest.mark.packaging

SHIPPED = {"contract_app/resources/cuad_categories.json", "contract_app/resources/samples/sample_contract.pdf"}


def _run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)  # type: ignore[call-overload]
    assert done.returncode == 0, f"{command[:3]} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def _system_path() -> str:
    return os.pathsep.join(p for p in os.environ.get("PATH", "").split(os.pathsep) if ".venv" not in p)


def _pip_env() -> dict[str, str]:
    """This user's pip set-up (its configuration, indexes and cache are reused), without the development venv."""
    skip = {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME"}
    return {**{k: v for k, v in os.environ.items() if k not in skip}, "PATH": _system_path()}


def _clean_env(home: Path) -> dict[str, str]:
    """No venv, no source tree, no development settings: what a fresh machine's shell has."""
    return {
        "PATH": _system_path(),
        "LANG": "C.UTF-8",
        "HOME": str(home),
        "CONTRACT_APP_OFFLINE": "1",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
    }


def _without_time(markdown: str) -> str:
    return re.sub(r"\*\*Generated:\*\* [^\n]*", "**Generated:** -", markdown)


def test_the_wheel_installed_outside_the_repository_writes_the_clause_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = time.perf_counter()
    wheels = tmp_path / "wheels"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheels), str(REPO)])
    (wheel,) = wheels.glob("contract_app-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert names >= SHIPPED
    packages = {str(path.relative_to(REPO)) for path in (REPO / "contract_app").rglob("__init__.py")}
    assert names >= packages  # pyproject's package list misses none
    built = time.perf_counter()

    home = tmp_path / "home"
    home.mkdir()
    env = _clean_env(home)
    target = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(target)
    pip = [str(target / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-compile", str(wheel)]
    _run(pip, env=_pip_env(), cwd=tmp_path)
    installed = time.perf_counter()
    assert (target / "bin" / "contract-app-gui").is_file()  # the window's launcher (gui-scripts)

    where = _run(
        [
            str(target / "bin" / "python"),
            "-c",
            "import contract_app.resources as r; print(r.resource_path(r.SAMPLE_CONTRACT))",
        ],
        env=env,
        cwd=tmp_path,
    ).stdout.strip()
    sample = Path(where)
    assert sample.is_file() and sample.is_relative_to(target)
    output = tmp_path / "report.md"
    command = [str(target / "bin" / "contract-app"), "report", str(sample), "--format", "md", "-o", str(output)]
    _run(command, env=env, cwd=tmp_path)
    reported = time.perf_counter()

    monkeypatch.setenv("CONTRACT_APP_OFFLINE", "1")  # the same report from the source tree, same settings
    monkeypatch.delenv("CONTRACT_APP_MODEL_DIR", raising=False)
    expected = tmp_path / "expected.md"
    assert main(["report", str(REPO / "resources" / "samples" / "sample_contract.pdf"), "-o", str(expected)]) == 0
    text = output.read_text(encoding="utf-8")
    assert "| Governing Law | Delaware | § 9.2, p. 6 |" in text
    assert _without_time(text) == _without_time(expected.read_text(encoding="utf-8"))
    size = folder_size(target)
    print(
        f"\nwheel: built {built - started:.0f} s, fresh venv + install {installed - built:.0f} s "
        f"({size / 1e6:.0f} MB installed), report {reported - installed:.0f} s"
    )
