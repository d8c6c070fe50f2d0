"""What every command that uses the index shares: its settings, ``--store``, and one way to open the retriever.

``--store DIR`` means the same everywhere: use the local index in DIR, for this command only. It replaces the
configured index folder and also a configured Chroma server (``CONTRACT_APP_CHROMA_URL``): asking for a folder and
then writing to a server elsewhere would surprise anyone, and send contract text where the option did not say.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from contract_app.settings import Settings, load_settings

if TYPE_CHECKING:
    from contract_app.retrieval import Retriever

STORE_HELP = "use the local index in this folder (instead of the configured folder or Chroma server)"


def add_store_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", type=Path, metavar="DIR", help=STORE_HELP)


def command_settings(store: str | Path | None = None) -> Settings:
    """The settings file and environment (a bad value stops the command with a sentence), then ``--store``."""
    settings = load_settings()
    if store:
        settings = replace(settings, store_dir=str(store), chroma_url="")
    return settings


def open_retriever(settings: Settings) -> Retriever:
    """The retriever a command works with. Its notices (no model, no key) are printed by the command once its input
    has been read (``print_notices``): a file that cannot be read is then reported alone."""
    from contract_app.retrieval import Retriever

    return Retriever(settings)


def print_notices(notices: Iterable[str], shown: set[str] | None = None) -> None:
    """Each notice once on stderr; ``shown`` remembers the ones already printed across calls."""
    shown = set() if shown is None else shown
    for notice in notices:
        if notice not in shown:
            shown.add(notice)
            print(f"contract-app: {notice}", file=sys.stderr)
