"""Nothing leaves the machine unless the user turned a cloud backend on: the libraries' own reporting is switched off.

onnxruntime's POSIX builds (1.29 and later) keep a device id and an event cache under
``~/.cache/Microsoft/DeveloperTools/.onnxruntime`` and upload them to ``mobile.events.data.microsoft.com`` about 10 s
after the library loads. Only the environment variable, set before onnxruntime is imported, stops all of it: under
strace, ``onnxruntime.disable_telemetry_events()`` called right after the import still wrote the device id and
looked the host up. Chroma reads ``ANONYMIZED_TELEMETRY`` (its clients are also opened with telemetry off), the
Hugging Face libraries ``HF_HUB_DISABLE_TELEMETRY``, and ``DO_NOT_TRACK`` is the convention others follow.

``contract_app/__init__.py`` applies this, so every entry point (the command line, the window, the store's child
process, benchmarks and tests) has it before any of its modules can load onnxruntime; child processes inherit it.
"""

from __future__ import annotations

import os
import sys

QUIET_ENVIRONMENT = {
    "ORT_DISABLE_TELEMETRY": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "DO_NOT_TRACK": "1",
}


def keep_everything_local() -> None:
    """Set the switches; when onnxruntime was loaded before us (a host program), stop what can still be stopped."""
    os.environ.update(QUIET_ENVIRONMENT)
    onnxruntime = sys.modules.get("onnxruntime")
    if onnxruntime is not None and hasattr(onnxruntime, "disable_telemetry_events"):
        onnxruntime.disable_telemetry_events()
