"""Sub-command implementations of the ``pantau`` CLI; ``run(args)`` dispatches by name."""

from __future__ import annotations

import argparse
import importlib


def run(args: argparse.Namespace) -> int:
    module = importlib.import_module(f"pantau_cli.commands.{args.command}")
    result: int = module.main(args)
    return result
