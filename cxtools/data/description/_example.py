"""A complete, commented ``cxtools.yaml``: every key the description knows.

The text is kept as it is shipped, in ``example.yaml`` next to this module (its column
names include a Russian export's headers, which are data).
"""

from pathlib import Path

EXAMPLE = (Path(__file__).resolve().parent / "example.yaml").read_text(encoding="utf-8")
