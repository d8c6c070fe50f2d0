"""Desktop app responsiveness: (a) process start to window painted, (b) dropping a 100-page PDF to page 1 painted.

Each run is a fresh process (cold imports, empty store and settings in a temp folder). Beside each measurement, in
the same run, a floor: (a) a bare PySide6 window, (b) PyMuPDF rendering page 1 of the same file to an image with no
window. Medians of ``--runs`` runs, with the targets from the issue (1.5 s and 1 s).

Run: ``.venv/bin/python benchmarks/ui_startup.py [--runs 5]`` (needs a display or QT_QPA_PLATFORM=offscreen; without
either it uses offscreen).

``--stalls`` instead ingests a 50-page contract in a worker thread (as the window does) while a second thread checks
every 5 ms that it can still run Python, and prints each pause over 60 ms with the core call that held the
interpreter lock: what makes the window's heartbeat late (tests/ui/test_ui_responsive.py).
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET_START = 1.5
TARGET_FIRST_PAGE = 1.0

# Each child prints one float: seconds from its measured start to its measured end.
APP_START = """
import sys, time
from PySide6.QtCore import QEvent, QObject
sys.path.insert(0, {repo!r})
class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print(time.time() - {started!r}, flush=True)
            import os; os._exit(0)
        return False
from contract_app.ui.app import launch
app, window = launch()
window.installEventFilter(Painted(window))
app.exec()
"""

BARE_START = """
import sys, time
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow
class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print(time.time() - {started!r}, flush=True)
            import os; os._exit(0)
        return False
app = QApplication([])
window = QMainWindow(); window.resize(1440, 900); window.show()
window.installEventFilter(Painted(window))
app.exec()
"""

APP_DROP = """
import sys, time
sys.path.insert(0, {repo!r})
from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from contract_app.ui.app import launch
app, window = launch()
started = []
def painted():
    print(time.perf_counter() - started[0], flush=True)
    import os; os._exit(0)
window.viewer.first_page_painted.connect(painted)
def drop():
    mime = QMimeData(); mime.setUrls([QUrl.fromLocalFile({pdf!r})])
    event = QDropEvent(QPointF(700, 400), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    started.append(time.perf_counter())
    QApplication.sendEvent(window, QDragEnterEvent(event.position().toPoint(), event.possibleActions(), mime,
                                                   event.buttons(), event.modifiers()))
    QApplication.sendEvent(window, event)
QTimer.singleShot(1500, drop)  # the lawyer drops a file a moment after the window appears
app.exec()
"""

BARE_RENDER = """
import sys, time
sys.modules["pymupdf.layout"] = None  # as the app does: the optional layout add-on is not needed to render
started = time.perf_counter()
import pymupdf
with pymupdf.open({pdf!r}) as doc:
    pix = doc[0].get_pixmap(matrix=pymupdf.Matrix(1.2, 1.2), alpha=False)
print(time.perf_counter() - started, flush=True)
"""


def _child(code: str, home: Path, **values: object) -> float:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "" if env.get("DISPLAY") else "offscreen")
    if not env["QT_QPA_PLATFORM"]:
        del env["QT_QPA_PLATFORM"]
    env.update(
        CONTRACT_APP_DATA_DIR=str(home / "data"),
        CONTRACT_APP_CONFIG_DIR=str(home / "config"),
        PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring",
    )
    model = REPO.parent / "shared" / "models" / "all-MiniLM-L6-v2" / "onnx"
    if model.is_dir():
        env["CONTRACT_APP_MODEL_DIR"] = str(model)
    started = time.time()
    source = code.format(repo=str(REPO), started=started, **{k: str(v) for k, v in values.items()})
    output = subprocess.run(
        [sys.executable, "-c", source], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    lines = [line for line in output.stdout.splitlines() if line.strip()]
    if not lines:
        raise RuntimeError(f"benchmark child failed:\n{output.stderr[-2000:]}")
    return float(lines[-1])


def _long_pdf(folder: Path, pages: int = 100, name: str = "long_contract.pdf", marker: str = "") -> Path:
    """A generated contract; ``marker`` (in its metadata) makes its bytes, and so its identity, its own."""
    import pymupdf

    sys.path.insert(0, str(REPO / "tests"))
    path = folder / name
    try:
        from pdfgen import write_long_contract

        write_long_contract(path, pages=pages)
    except ImportError:  # the generator is not there: a plain PDF will do for rendering
        doc = pymupdf.open()
        for number in range(1, pages + 1):
            doc.new_page().insert_text((72, 100), f"Section {number}. " + "Clause text. " * 30, fontsize=11)
        doc.save(path)
    if marker:
        doc = pymupdf.open(path)
        doc.set_metadata({"title": marker})
        doc.saveIncr()
    return path


def _report(name: str, values: list[float], floor: list[float], target: float) -> None:
    median, floor_median = statistics.median(values), statistics.median(floor)
    verdict = "OK" if median <= target else "OVER TARGET"
    print(
        f"{name:<34} median {median * 1000:7.0f} ms  (runs: {', '.join(f'{v * 1000:.0f}' for v in values)})\n"
        f"{'  floor (same run)':<34} median {floor_median * 1000:7.0f} ms  ratio {median / floor_median:5.2f}x  "
        f"target {target * 1000:.0f} ms  {verdict}"
    )


def stalls(pause: float = 0.06, documents: int = 6) -> None:
    """Ingest a long contract on a worker thread and name the calls during which no other thread could run.

    The app first holds ``documents`` other contracts in memory and in its index (as after a morning's work), so
    full garbage collections and index writes have a realistic size. The ingest is then measured twice in one run:
    as the command line does it (Chroma in this process, the heap left to the collector: the baseline), and as the
    window does it (Chroma in a child process, ``StoreProcess``; ``_settle_heap`` after every operation).
    """
    sys.path.insert(0, str(REPO))
    from contract_app.retrieval import Retriever
    from contract_app.settings import Settings
    from contract_app.ui.runner import _settle_heap
    from contract_app.ui.session import Session

    with tempfile.TemporaryDirectory(prefix="ui-stalls-") as folder:
        root = Path(folder)
        model = REPO.parent / "shared" / "models" / "all-MiniLM-L6-v2" / "onnx"
        session = Session(Settings(store_dir=str(root / "window-store"), model_dir=str(model)))
        session.warm_up()  # as the window does at start-up: imports are not what we are looking for
        as_the_window = session.retriever()
        as_the_cli = Retriever(Settings(store_dir=str(root / "cli-store"), model_dir=str(model)))
        for number in range(documents):  # distinct bytes, so each is a document of its own
            held = _long_pdf(root, pages=40, name=f"held_{number}.pdf", marker=f"held {number}")
            as_the_window.ingest(held)
            as_the_cli.ingest(held)
        collections: list[tuple[int, float]] = []
        began: list[float] = []

        def on_collection(phase: str, info: dict[str, int]) -> None:
            if phase == "start":
                began[:] = [time.perf_counter()]
            elif began:
                collections.append((info["generation"], time.perf_counter() - began[0]))

        gc.callbacks.append(on_collection)
        for settled in (False, True):
            if settled:
                _settle_heap()
            collections.clear()
            ingesting = as_the_window if settled else as_the_cli
            pauses = _pauses_while(
                lambda n=settled, r=ingesting: r.ingest(_long_pdf(root, 50, f"long_{n}.pdf", f"v{n}")),
                pause,
            )
            full = [seconds for generation, seconds in collections if generation == 2]
            label = "as the window does it" if settled else "baseline: as the command line does it"
            print(
                f"{label:<40} pauses > {pause * 1000:.0f} ms: {len(pauses):2d}"
                f"  longest {max(pauses, default=0) * 1000:4.0f} ms"
                f"  full collections: {len(full)} (longest {max(full, default=0) * 1000:.0f} ms)"
                f"  tracked objects: {len(gc.get_objects())}"
            )
        gc.callbacks.remove(on_collection)
        session.close()


def _pauses_while(work: Callable[[], object], pause: float) -> list[float]:
    """Run ``work`` on a thread while another checks every 5 ms that it can still run Python; print each pause."""
    worker: list[int] = []
    done = threading.Event()
    pauses: list[float] = []

    def watch() -> None:
        last = time.perf_counter()
        while not done.is_set():
            time.sleep(0.005)
            now = time.perf_counter()
            frame = sys._current_frames().get(worker[0]) if worker else None
            if now - last > pause and frame is not None:
                stack = traceback.extract_stack(frame)[-3:]
                where = " <- ".join(f"{Path(f.filename).name}:{f.lineno} {f.line}" for f in reversed(stack))
                print(f"  paused {(now - last) * 1000:5.0f} ms in {where}")
                pauses.append(now - last)
            last = now

    def run() -> None:
        worker.append(threading.get_ident())
        try:
            work()
        finally:
            done.set()

    watcher = threading.Thread(target=watch)
    watcher.start()
    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    watcher.join()
    return pauses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--stalls", action="store_true", help="name the core calls that pause the window")
    args = parser.parse_args()
    if args.stalls:
        stalls()
        return
    with tempfile.TemporaryDirectory(prefix="ui-bench-") as folder:
        root = Path(folder)
        pdf = _long_pdf(root)
        start, bare_start, drop, bare_render = [], [], [], []
        for run in range(args.runs):
            home = root / f"run{run}"
            bare_start.append(_child(BARE_START, home))
            start.append(_child(APP_START, home))
            bare_render.append(_child(BARE_RENDER, home, pdf=pdf))
            drop.append(_child(APP_DROP, home, pdf=pdf))
        import pymupdf

        with pymupdf.open(pdf) as doc:
            pages = doc.page_count
    print(f"UI responsiveness, {args.runs} runs each, fresh process per run, {os.cpu_count()} CPUs")
    _report("(a) start -> window painted", start, bare_start, TARGET_START)
    _report(f"(b) drop {pages}-page PDF -> page 1", drop, bare_render, TARGET_FIRST_PAGE)


if __name__ == "__main__":
    main()
