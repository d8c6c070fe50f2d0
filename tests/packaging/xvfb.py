"""A virtual X display for a real desktop window: start it, see whether a window is up, take a screenshot.

Xvfb keeps its screen in an XWD file (``-fbdir``), so a screenshot needs no X tool beyond Xvfb and xwininfo: the
file is read with numpy and written as PNG with PyMuPDF. Shared by the bundle smoke test and
``benchmarks/desktop_startup.py``.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

SCREEN = (1440, 900)
WINDOW_LINE = re.compile(r'^\s*(0x[0-9a-f]+) "(?P<title>[^"]*)"', re.MULTILINE)


class Xvfb:
    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="xvfb-")
        read, write = os.pipe()
        self._process = subprocess.Popen(
            [
                "Xvfb",
                "-displayfd",
                str(write),
                "-screen",
                "0",
                f"{SCREEN[0]}x{SCREEN[1]}x24",
                "-fbdir",
                self._folder.name,
                "-nolisten",
                "tcp",
            ],
            pass_fds=(write,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(write)
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number:
            self.close()
            raise RuntimeError("Xvfb did not start")
        self.display = f":{number}"

    def close(self) -> None:
        self._process.terminate()
        self._process.wait(10)
        self._folder.cleanup()

    def __enter__(self) -> Xvfb:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _xwininfo(self, *args: str) -> str:
        done = subprocess.run(
            ["xwininfo", "-display", self.display, *args], capture_output=True, text=True, check=False
        )
        return done.stdout

    def visible_windows(self) -> list[str]:
        """Titles of the top-level windows that are mapped and viewable."""
        titles = []
        for match in WINDOW_LINE.finditer(self._xwininfo("-root", "-children")):
            if "Map State: IsViewable" in self._xwininfo("-id", match.group(1)):
                titles.append(match.group("title"))
        return titles

    def wait_for_window(self, title_part: str, timeout: float, poll: float = 0.02) -> float:
        """Seconds until a viewable window whose title holds ``title_part`` appears; raises TimeoutError."""
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            if any(title_part in title for title in self.visible_windows()):
                return time.perf_counter() - started
            time.sleep(poll)
        raise TimeoutError(f"no window titled {title_part!r} within {timeout:.0f} s: {self.visible_windows()}")

    def screenshot(self, target: Path) -> Path:
        """The whole screen as a PNG."""
        import pymupdf

        data = (Path(self._folder.name) / "Xvfb_screen0").read_bytes()
        header = np.frombuffer(data[:100], dtype=">u4")
        header_size, width, height, bytes_per_line, ncolors = (int(header[i]) for i in (0, 4, 5, 12, 19))
        start = header_size + 12 * ncolors
        pixels = np.frombuffer(data[start : start + bytes_per_line * height], dtype=np.uint8)
        rgb = pixels.reshape(height, bytes_per_line // 4, 4)[:, :width, 2::-1]  # BGRX in memory -> RGB
        pixmap = pymupdf.Pixmap(pymupdf.csRGB, width, height, np.ascontiguousarray(rgb).tobytes(), 0)
        pixmap.save(str(target))
        return target
