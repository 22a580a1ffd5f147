"""One look for the figures of cxtools: the palette, the colours of the factor types, one rc context.

Every plotting module draws inside :func:`context` (or decorates its functions with
:func:`styled`) and takes its colours from here, so that a hygiene factor is the same red
in every figure of every report.

Examples
--------
>>> FACTOR_COLOURS["hygiene"], FACTOR_COLOURS["motivator"]
('tab:red', 'tab:green')
>>> RC["legend.fontsize"]
8
"""

from __future__ import annotations

import contextlib
import functools
from typing import Any, Callable, Iterator, TypeVar

__all__ = ["PALETTE", "HYGIENE", "MOTIVATOR", "PERFORMANCE", "UNCLEAR", "WRONG_SIGN", "FACTOR_COLOURS",
           "NEUTRAL", "REGION_ALPHA", "RC", "context", "styled"]

#: The qualitative palette, in the order series take it (matplotlib's tab10).
PALETTE: tuple[str, ...] = ("tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple", "tab:brown",
                            "tab:pink", "tab:grey", "tab:olive", "tab:cyan")

#: Hygiene factors (they cost when poor) and bad stories.
HYGIENE = "tab:red"
#: Motivators (they add when good) and good stories.
MOTIVATOR = "tab:green"
#: Performance factors (they work both ways).
PERFORMANCE = "tab:grey"
#: No clear effect.
UNCLEAR = "tab:blue"
#: An effect with the sign the model rules out.
WRONG_SIGN = "black"
#: Reference lines, crosshairs and quadrant names.
NEUTRAL = "grey"

#: Factor type -> colour (the codes of :data:`cxtools.factors.FACTOR_TYPES`).
FACTOR_COLOURS: dict[str, str] = {"hygiene": HYGIENE, "performance": PERFORMANCE, "motivator": MOTIVATOR,
                                  "unclear": UNCLEAR}

#: Opacity of a shaded region behind the points (the hygiene and motivator halves, the positive zone).
REGION_ALPHA = 0.06

#: The rc settings every figure is drawn with.
RC: dict[str, Any] = {
    "axes.titlesize": "large",
    "axes.labelsize": "medium",
    "legend.fontsize": 8,
    "axes.prop_cycle": None,  # filled in below from PALETTE (matplotlib builds the cycler)
}


@contextlib.contextmanager
def context() -> Iterator[None]:
    """Draw with the house rc settings (:data:`RC`); matplotlib's own outside the block."""
    import matplotlib as mpl
    from cycler import cycler

    rc = {**RC, "axes.prop_cycle": cycler(color=list(PALETTE))}
    with mpl.rc_context(rc):  # type: ignore[arg-type]  # rc names, checked by matplotlib
        yield


F = TypeVar("F", bound=Callable[..., Any])


def styled(func: F) -> F:
    """Run a plotting function inside :func:`context`."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with context():
            return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
