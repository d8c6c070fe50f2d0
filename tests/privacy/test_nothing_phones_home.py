"""Nothing leaves the machine: the app's entry points switch off the libraries' own reporting before they load.

onnxruntime (1.29+ on Linux and macOS) writes a device id under ``~/.cache/Microsoft/DeveloperTools/.onnxruntime``
as it loads and looks up ``mobile.events.data.microsoft.com`` about 10 s later, so the traced run is held open past
that moment. Each run gets a fresh HOME and an environment without the switches, so only the app can set them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from contract_app.privacy import QUIET_ENVIRONMENT

REPO = Path(__file__).resolve().parents[2]
TELEMETRY_DELAY = 10.0  # seconds from onnxruntime's start to its first upload attempt (measured: 9.4 s)
HOLD = TELEMETRY_DELAY + 3.0

TRACED_SESSION = textwrap.dedent(
    """
    import sys, time
    started = time.monotonic()
    from dataclasses import replace
    from contract_app.cli.main import main
    from contract_app.retrieval import Retriever
    from contract_app.settings import load_settings
    sample, store, hold = sys.argv[1], sys.argv[2], float(sys.argv[3])
    assert main(["ingest", sample, "--store", store]) == 0
    assert main(["ask", sample, "What law governs this agreement?", "--store", store]) == 0
    window_like = Retriever(replace(load_settings(), store_dir=store), isolate_store=True)  # the store's child process
    (record,) = window_like.documents()
    assert window_like.search(record.doc_id, "governing law", top_k=1)
    window_like.close()
    time.sleep(max(0.0, hold - (time.monotonic() - started)))
    """
)

ADDRESS = re.compile(r"sa_family=(AF_INET6?|AF_UNIX)(.*?)\}")
PORT = re.compile(r"sin6?_port=htons\((\d+)\)")
IP = re.compile(r'inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)"')
NAME_SERVICE_SOCKETS = ("/var/run/nscd/socket", "/run/nscd/socket", "/run/systemd/resolve/io.systemd.Resolve")


def bare_environment(home: Path, model_dir: Path) -> dict[str, str]:
    """This process's environment (the test's isolated folders), minus the switches the app must set itself."""
    environment = {key: value for key, value in os.environ.items() if key not in QUIET_ENVIRONMENT}
    environment.pop("XDG_CACHE_HOME", None)
    environment.update(HOME=str(home), CONTRACT_APP_MODEL_DIR=str(model_dir))
    return environment


def outside_attempts(trace: str) -> list[str]:
    """Trace lines that reach past this machine: a connection or datagram to a non-loopback address, or any name
    lookup (to a DNS server, even on loopback, or to the name service cache)."""
    found = []
    for line in trace.splitlines():
        for family, rest in ADDRESS.findall(line):
            if family == "AF_UNIX":
                if any(socket in rest for socket in NAME_SERVICE_SOCKETS):
                    found.append(line)
                continue
            port = PORT.search(rest)
            address = next((a for pair in IP.findall(rest) for a in pair if a), "")
            loopback = address.startswith("127.") or address in ("::1", "::ffff:127.0.0.1")
            if not loopback or (port is not None and port.group(1) == "53"):
                found.append(line)
    return found


def telemetry_folders(home: Path) -> list[Path]:
    return [path for path in home.rglob("*") if path.name in (".onnxruntime", "Microsoft")]


def test_the_parser_flags_a_dns_query_and_an_outside_connection_but_not_loopback() -> None:
    trace = "\n".join(
        [
            '7 connect(8, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.255.255.53")}, 16) = 0',
            '7 connect(9, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr("13.69.239.72")}, 16) = -1',
            '7 connect(5, {sa_family=AF_INET, sin_port=htons(8000), sin_addr=inet_addr("127.0.0.1")}, 16) = 0',
            '7 connect(6, {sa_family=AF_INET6, sin6_port=htons(53), inet_pton(AF_INET6, "::1", &sin6_addr)}, 28) = 0',
            '7 connect(3, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 ENOENT',
            '7 connect(4, {sa_family=AF_UNIX, sun_path="/run/user/0/bus"}, 110) = 0',
        ]
    )
    assert [line.split("(")[1].split(",")[0] for line in outside_attempts(trace)] == ["8", "9", "6", "3"]


def test_loading_the_app_then_onnxruntime_leaves_no_telemetry_folder(tmp_path: Path, model_dir: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    subprocess.run(
        [sys.executable, "-c", "import contract_app, onnxruntime"],
        cwd=REPO,
        env=bare_environment(home, model_dir),
        check=True,
        timeout=120,
    )
    assert telemetry_folders(home) == []


@pytest.mark.skipif(shutil.which("strace") is None, reason="strace is not installed (CI installs it)")
def test_ingest_and_ask_look_up_no_host_and_connect_nowhere_outside(
    tmp_path: Path, model_dir: Path, sample_pdf: Path
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    trace_file = tmp_path / "trace.txt"
    command = [
        "strace",
        "-f",
        "--seccomp-bpf",
        "-qq",
        "-s",
        "128",
        "-e",
        "trace=connect,sendto,sendmsg",
        "-o",
        str(trace_file),
    ]
    run = subprocess.run(
        [*command, sys.executable, "-c", TRACED_SESSION, str(sample_pdf), str(tmp_path / "store"), str(HOLD)],
        cwd=REPO,
        env=bare_environment(home, model_dir),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert "Delaware" in run.stdout  # the answer was given
    assert outside_attempts(trace_file.read_text()) == []
    assert telemetry_folders(home) == []
