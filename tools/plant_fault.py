"""Plant one fault in the package, run the tests that should catch it, and put the code back.

A test earns its place when it fails on a changed constant or term. Before trusting the
tests of a new routine, plant the faults a careless edit would make and check that each one
turns a test red:

    python tools/plant_fault.py cxtools/survey/nps.py "score >= 9" "score >= 8" -- tests/survey
    python tools/plant_fault.py cxtools/ltv/models.py "r * np.log(alpha)" "r * np.log(alpha + 1)" -- tests/ltv

The first argument is the file, then the exact text to replace (it must occur exactly once,
or give ``--occurrence N``), then its replacement, then ``--`` and the pytest arguments.
The file is restored afterwards, also on Ctrl-C. Exit code 0 means the fault was caught
(some test failed), 1 that every test passed (a gap: write the missing test), 2 a usage error
or tests that could not run (pytest's exit codes 2-5 are not taken for a caught fault).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--" not in argv:
        print("usage: plant_fault.py FILE OLD NEW [--occurrence N] -- PYTEST_ARGS...", file=sys.stderr)
        return 2
    cut = argv.index("--")
    parser = argparse.ArgumentParser(prog="plant_fault.py")
    parser.add_argument("file", type=Path)
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--occurrence", type=int, default=None, help="which occurrence to change (1-based)")
    args = parser.parse_args(argv[:cut])
    pytest_args = argv[cut + 1:]
    original = args.file.read_text(encoding="utf-8")
    count = original.count(args.old)
    if count == 0 or (count > 1 and args.occurrence is None) or (args.occurrence or 1) > count:
        print(f"{args.file}: {args.old!r} occurs {count} time(s); give text that occurs once or --occurrence N",
              file=sys.stderr)
        return 2
    k = (args.occurrence or 1) - 1
    start = -1
    for _ in range(k + 1):
        start = original.index(args.old, start + 1)
    mutated = original[:start] + args.new + original[start + len(args.old):]
    try:
        args.file.write_text(mutated, encoding="utf-8")
        result = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *pytest_args])
    finally:
        args.file.write_text(original, encoding="utf-8")
    if result.returncode == 0:
        print(f"NOT CAUGHT: {args.file}: {args.old!r} -> {args.new!r} leaves every selected test green")
        return 1
    if result.returncode != 1:  # 2-5: interrupted, internal or usage error, no tests collected
        print(f"the tests did not run (pytest exit code {result.returncode}); nothing was learnt", file=sys.stderr)
        return 2
    print(f"caught: {args.file}: {args.old!r} -> {args.new!r} makes a test fail")
    return 0


if __name__ == "__main__":
    sys.exit(main())
