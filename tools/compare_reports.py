"""Compare two report folders: every notebook's headline metrics and the words of its stakeholder report.

A restructure must not change a number or a sentence. Run the reports before and after
(``cxtools run --out A``, then ``--out B``, in each language) and compare:

    python tools/compare_reports.py A B

For each report it prints whether ``metrics.json`` (without the ``run`` block of timings and
the data fingerprint) is equal and whether the visible text of ``<nb>.html`` is equal, and the
first differing lines when not. Exit code 0 when everything is equal, 1 otherwise.
"""

from __future__ import annotations

import difflib
import json
import sys
from html.parser import HTMLParser
from pathlib import Path


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(" ".join(data.split()))


def visible_text(path: Path) -> list[str]:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.parts


def _metrics(path: Path) -> dict:
    document = json.loads(path.read_text(encoding="utf-8"))
    document.pop("run", None)
    return document


def compare(before: Path, after: Path) -> bool:
    same = True
    for folder in sorted(p for p in before.iterdir() if (p / "metrics.json").is_file()):
        other = after / folder.name
        if not (other / "metrics.json").is_file():
            print(f"{folder.name}: missing in {after}")
            same = False
            continue
        m_equal = _metrics(folder / "metrics.json") == _metrics(other / "metrics.json")
        html = folder / f"{folder.name}.html"
        t_before = visible_text(html) if html.is_file() else []
        t_after = visible_text(other / html.name) if (other / html.name).is_file() else []
        t_equal = t_before == t_after
        print(f"{folder.name}: metrics {'equal' if m_equal else 'DIFFER'}, report text {'equal' if t_equal else 'DIFFERS'}")
        if not m_equal:
            a, b = _metrics(folder / "metrics.json"), _metrics(other / "metrics.json")
            for line in list(difflib.unified_diff(json.dumps(a, indent=1, sort_keys=True).splitlines(),
                                                  json.dumps(b, indent=1, sort_keys=True).splitlines(),
                                                  lineterm="", n=0))[2:22]:
                print("   ", line)
        if not t_equal:
            for line in list(difflib.unified_diff(t_before, t_after, lineterm="", n=0))[2:22]:
                print("   ", line[:200])
        same = same and m_equal and t_equal
    return same


if __name__ == "__main__":
    sys.exit(0 if compare(Path(sys.argv[1]), Path(sys.argv[2])) else 1)
