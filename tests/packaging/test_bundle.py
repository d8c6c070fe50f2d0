"""The desktop bundle on its own: copied to a temporary folder and run with a clean environment (no source tree, no
virtual environment, an empty home), it opens its window on the sample under Xvfb and indexes it through the store's
child process, then outlines, answers offline with the model it carries, and exports a report; nothing is fetched
and onnxruntime's telemetry stays off.

Needs ``make bundle`` first; ``make bundle-test`` does both (not part of the default suite).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from privacy.test_nothing_phones_home import HOLD, outside_attempts, telemetry_folders
from xvfb import Xvfb

REPO = Path(__file__).resolve().parents[2]
BUNDLE = REPO / "dist" / "contract-app"
SCREENSHOTS = REPO / "build" / "bundle-smoke"
SAMPLE_IN_BUNDLE = Path("_internal/contract_app/resources/samples/sample_contract.pdf")
pytestmark = pytest.mark.packaging

COUNT_DOCUMENTS = """
import json, sys
import chromadb
from chromadb.config import Settings
client = chromadb.PersistentClient(path=sys.argv[1], settings=Settings(anonymized_telemetry=False))
records = [m for c in client.list_collections() if c.name.startswith("documents-")
           for m in client.get_collection(c.name).get(include=["metadatas"])["metadatas"]]
print(json.dumps(records))
"""


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (BUNDLE / "contract-app").is_file():
        pytest.fail("no bundle in dist/contract-app: run `make bundle` first (make bundle-test does both)")
    copy = tmp_path_factory.mktemp("installed") / "contract-app"
    shutil.copytree(BUNDLE, copy, symlinks=True)
    return copy


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("home")


@pytest.fixture(scope="module")
def sample(bundle: Path, home: Path) -> Path:
    target = home / "Documents" / "sample_contract.pdf"
    target.parent.mkdir()
    shutil.copy(bundle / SAMPLE_IN_BUNDLE, target)
    return target


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    return {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8", **extra}


def run_bundle(bundle: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [str(bundle / "contract-app"), *args]
    done = subprocess.run(command, env=clean_env(home), cwd=home, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{args[0]} failed: {done.stderr[-3000:]}"
    return done


def stored_documents(home: Path) -> list[dict[str, object]]:
    store = home / ".local" / "share" / "contract-app" / "store"
    if not (store / "chroma.sqlite3").is_file():
        return []
    done = subprocess.run([sys.executable, "-c", COUNT_DOCUMENTS, str(store)], capture_output=True, text=True)
    return json.loads(done.stdout) if done.returncode == 0 else []


def bundle_processes(bundle: Path) -> dict[int, tuple[int, str, list[str]]]:
    """Running processes of this bundle's executable: pid -> (parent pid, what it runs, the environment it started
    with). What it runs: "app", "store" (multiprocessing's spawned child) or "resource tracker" (multiprocessing's)."""
    found = {}
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and Path(os.readlink(entry / "exe")).is_relative_to(bundle):
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                arguments = (entry / "cmdline").read_bytes().decode(errors="replace")
                kind = "store" if "--multiprocessing-fork" in arguments else "app"
                kind = "resource tracker" if "multiprocessing.resource_tracker" in arguments else kind
                environ = (entry / "environ").read_bytes().decode(errors="replace").split("\0")
                found[int(entry.name)] = (parent, kind, environ)
        except OSError:
            continue
    return found


def close_app(bundle: Path) -> None:
    """Stop the app as a window manager's close would end it (its own process only: its children must follow)."""
    processes = bundle_processes(bundle)
    for pid, (parent, _kind, _environ) in processes.items():
        if parent not in processes:
            os.kill(pid, signal.SIGTERM)


def test_the_window_opens_the_sample_and_indexes_it_through_its_store_process(
    bundle: Path, home: Path, sample: Path, tmp_path: Path
) -> None:
    """Traced (when strace is there) for the whole run, well past onnxruntime's first upload attempt."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    trace = tmp_path / "trace.txt"
    strace = ["strace", "-f", "--seccomp-bpf", "-qq", "-e", "trace=connect,sendto,sendmsg", "-o", str(trace)]
    with Xvfb() as screen:
        started = time.perf_counter()
        window = subprocess.Popen(
            [*(strace if shutil.which("strace") else []), str(bundle / "contract-app"), str(sample)],
            env=clean_env(home, DISPLAY=screen.display),
            cwd=home,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            shown = screen.wait_for_window("Contract App", timeout=120)
            screen.screenshot(SCREENSHOTS / "window-opened.png")
            deadline = time.perf_counter() + 300
            while not (records := stored_documents(home)) and time.perf_counter() < deadline:
                assert window.poll() is None, window.communicate()[0][-3000:]
                time.sleep(3)
            indexed = time.perf_counter() - started
            time.sleep(max(2.0, HOLD - indexed))  # the outline fills in; onnxruntime would have called home by now
            screen.screenshot(SCREENSHOTS / "window-indexed.png")
            processes = bundle_processes(bundle)
            titles = screen.visible_windows()
        finally:
            close_app(bundle)
            output = window.communicate(timeout=60)[0]
    print(f"\nbundle window: shown {shown:.1f} s, sample indexed {indexed:.1f} s after start")
    assert titles == ["sample_contract.pdf — Contract App"], output[-3000:]
    assert [record["file_name"] for record in records] == ["sample_contract.pdf"]
    assert records[0]["embedding_model"] != "lexical"  # indexed with the model the bundle carries
    # one app: its store process and multiprocessing's resource tracker run the same executable (freeze_support)
    assert sorted(kind for _parent, kind, _environ in processes.values()) == ["app", "resource tracker", "store"]
    for _parent, kind, environ in processes.values():  # the app set it (it started without); its children inherit it
        assert ("ORT_DISABLE_TELEMETRY=1" in environ) == (kind != "app")
    deadline = time.perf_counter() + 20
    while bundle_processes(bundle) and time.perf_counter() < deadline:
        time.sleep(0.5)
    assert bundle_processes(bundle) == {}  # the store process ended with the window
    assert telemetry_folders(home) == []
    if trace.exists():
        assert outside_attempts(trace.read_text()) == []


def test_outline_answer_and_report_from_the_bundle(bundle: Path, home: Path, sample: Path) -> None:
    outline = run_bundle(bundle, home, "outline", str(sample))
    assert "Cross-references:" in outline.stdout and "9.2" in outline.stdout
    answer = run_bundle(bundle, home, "ask", str(sample), "What law governs this agreement?")
    assert "Delaware" in answer.stdout and "Citations:" in answer.stdout
    assert "No embedding model" not in answer.stderr  # the bundle carries its model
    report = home / "report.md"
    run_bundle(bundle, home, "report", str(sample), "--format", "md", "-o", str(report))
    assert "| Governing Law | Delaware | § 9.2, p. 6 |" in report.read_text(encoding="utf-8")
    assert not (home / ".cache" / "Microsoft").exists()  # onnxruntime's telemetry never started
    assert not (home / ".cache" / "chroma").exists()  # nothing was downloaded
