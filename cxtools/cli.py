"""Command-line interface: ``cxtools run | list | sample-data``."""

from __future__ import annotations


def main(argv: list[str] | None = None) -> int:  # pragma: no cover - replaced by the runner work
    raise SystemExit("cxtools: command line not built yet")
