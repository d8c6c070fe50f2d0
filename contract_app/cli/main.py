"""``contract-app``: thin commands over the core.

Each command lives in its own module with ``add_arguments(parser)`` and ``run(args) -> int``; modules are imported
only when their command runs, so ``contract-app --help`` stays fast. Exit codes: 0 ok, 1 a user error (one line on
stderr), 2 usage.
"""

from __future__ import annotations

import argparse
import importlib
import multiprocessing
import os
import sys
from collections.abc import Sequence

from contract_app.errors import ContractAppError
from contract_app.secrets import redact

COMMANDS: dict[str, tuple[str, str]] = {
    "outline": ("contract_app.cli.outline", "print a contract's section tree, definitions and cross-references"),
    "check": ("contract_app.cli.check", "list drafting problems: dangling references, undefined or unused terms"),
    "ingest": ("contract_app.cli.ingest", "parse, chunk and index contracts"),
    "search": ("contract_app.cli.search", "search a contract for the clauses that answer a question"),
    "ask": ("contract_app.cli.ask", "answer a question about a contract, with citations"),
    "summarize": ("contract_app.cli.summarize", "summarise a contract, every line cited"),
    "report": ("contract_app.cli.report", "export the 41-category clause report"),
    "matter": ("contract_app.cli.matter", "matters: sets of contracts searched and reviewed together"),
    "model": ("contract_app.cli.model", "show where the embedding model is, or download it once"),
    "gui": ("contract_app.cli.gui", "open the desktop app"),
}


def _build_parser(command: str | None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="contract-app", description="Understand a contract, clause by clause.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        sub_parser = sub.add_parser(name, help=help_text, description=help_text)
        if name == command:
            importlib.import_module(module_name).add_arguments(sub_parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    multiprocessing.freeze_support()  # a frozen app's store process starts here; a no-op otherwise
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:
        argv = ["gui"]
    elif argv[0] not in COMMANDS and not argv[0].startswith("-"):
        argv = ["gui", *argv]  # ``contract-app FILE.pdf`` opens the window
    command = argv[0] if argv and argv[0] in COMMANDS else None
    args = _build_parser(command).parse_args(argv)
    if args.command is None:
        _build_parser(None).print_help()
        return 2
    module = importlib.import_module(COMMANDS[args.command][0])
    try:
        return int(module.run(args) or 0)
    except ContractAppError as error:
        print(f"contract-app: {redact(str(error))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("contract-app: interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:  # a bug of ours: one sentence for the user; the traceback only on request
        if os.environ.get("CONTRACT_APP_DEBUG"):
            raise
        print(
            f"contract-app: an unexpected error stopped this command ({type(error).__name__}: {redact(str(error))}); "
            "run it again with CONTRACT_APP_DEBUG=1 to see the details.",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
