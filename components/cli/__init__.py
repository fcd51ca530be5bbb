"""The ``corridor`` command: ``validate``, ``export``, ``ingest`` and the builders of data files."""

from components.cli.commands import main

__all__ = ["main"]
