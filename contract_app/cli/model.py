"""``contract-app model [status | download]``: where the local embedding model is, or fetch it once.

Without the model, search still works on words alone; the model adds search by meaning. ``download`` fetches the
archive Chroma publishes for it, checks it against the pinned SHA-256 and installs it in the app's data folder.
"""

from __future__ import annotations

import argparse

from contract_app.cli.common import command_settings
from contract_app.cli.ingest import end_bar, progress_bar
from contract_app.retrieval.model_download import archive_size_label, download_model, how_to_get_model
from contract_app.retrieval.model_files import MODEL_NAME, find_model_dir


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "action", nargs="?", choices=("status", "download"), default="status", help="status (default) or download"
    )


def run(args: argparse.Namespace) -> int:
    settings = command_settings()
    found = find_model_dir(settings)
    if found is not None:
        print(f"The {MODEL_NAME} embedding model is installed in {found}.")
        return 0
    if args.action == "status":
        print(f"No {MODEL_NAME} embedding model on this computer: search matches words only.")
        print(how_to_get_model(settings))
        return 0
    if not settings.offline:  # offline, download_model refuses with the reason
        print(f"Downloading the {MODEL_NAME} embedding model ({archive_size_label()})…", flush=True)
    try:
        target = download_model(settings, progress=progress_bar("model"))
    finally:
        end_bar()
    print(f"Installed the {MODEL_NAME} embedding model in {target} (checksum verified).")
    return 0
