"""Time of the personal-data scan on long fields: it must grow linearly (a 5 MB field well under a second).

Run: ``python benchmarks/privacy_scan.py``. Prints seconds per field size and shape, and the
ratio of the 5 MB time to the 500 kB time (about 10 for a linear scan, about 100 for a quadratic one).
"""

from __future__ import annotations

import time

from cxtools.data import privacy

SHAPES = {
    "letters": lambda n: "x" * n,
    "dotted": lambda n: "ab." * (n // 3),
    "many @": lambda n: ("x" * 50 + "@") * (n // 51),
    "digits": lambda n: "1" * n,
    "spaced digits": lambda n: "1 " * (n // 2),
    "one @ then letters": lambda n: "ivan@" + "b" * n,
}


def best_of(f, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    print(f"{'shape':<20}{'500 kB':>10}{'5 MB':>10}{'ratio':>8}")
    for name, make in SHAPES.items():
        small, large = make(500_000), make(5_000_000)
        t_small = best_of(lambda text=small: privacy.scan_for_personal_data(text))
        t_large = best_of(lambda text=large: privacy.scan_for_personal_data(text))
        print(f"{name:<20}{t_small:>10.3f}{t_large:>10.3f}{t_large / t_small:>8.1f}")


if __name__ == "__main__":
    main()
