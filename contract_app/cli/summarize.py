"""``contract-app summarize FILE``: a brief of the contract, every line cited, to stdout or a file."""

from __future__ import annotations

import argparse

from contract_app.cli.report import add_output_arguments, produce


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_output_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from contract_app.reports import summarize

    return produce(args, summarize)
