"""``python -m cxtools`` is the same as the ``cxtools`` command."""

from cxtools.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
