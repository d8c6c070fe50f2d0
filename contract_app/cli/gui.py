"""``contract-app gui [FILE...]`` (and plain ``contract-app FILE``): open the desktop app."""

from __future__ import annotations

import argparse
import os
import sys

from contract_app.errors import ConfigurationError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", metavar="FILE", help="contract PDFs to open")


def _has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM") or sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run(args: argparse.Namespace) -> int:
    if not _has_display():
        raise ConfigurationError(
            "No display found: start the desktop app in a graphical session, or use the outline, ask and report "
            "commands."
        )
    from contract_app.ui.app import run_app

    return run_app(args.files)


def main() -> int:
    """The ``contract-app-gui`` launcher (a gui-script: no console window on Windows); arguments are files."""
    from contract_app.cli.main import main as cli_main

    return cli_main(["gui", *sys.argv[1:]])
