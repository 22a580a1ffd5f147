"""Figures of the survey analysis: Likert bars, NPS by group and by wave, cross-tabs, drivers.

Each plot takes the result of the function it shows (``plot_nps(nps(...))``), draws on
``ax`` (the current Axes when none is given) and returns it; ``lang`` sets the figure text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from cxtools.core.checks import UNSET, renamed
from cxtools.core.errors import CxParameterError
from cxtools.core.i18n import N_
from cxtools.core.util import axes_or_current as _axes
from cxtools.core.wording import format_number, format_percent
from cxtools.survey._common import _heading, _p_words, _result_of, words
from cxtools.survey.crosstab import Crosstab
from cxtools.survey.drivers import RelativeWeights
from cxtools.survey.nps import nps, nps_pairwise, nps_trend
from cxtools.survey.scales import likert_distribution

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_likert", "plot_nps", "plot_nps_trend", "plot_crosstab", "plot_drivers"]


#: What this module says to a reader (English message ids; translations in the catalogue).
_WORDS: dict[str, str] = {
    "all": N_("All respondents"),
    "nps_axis": N_("NPS (points, -100 to 100)"),
    "nps_title": N_("Net Promoter Score by {group} with {level} intervals"),
    "bracket": N_("{diff} points, {p} *"),
    "brackets": N_("\n* brackets: significant differences (Holm-adjusted)"),
    "no_brackets": N_("\nno significant differences"),
    "wave_axis": N_("Survey wave"),
    "trend_title": N_("Net Promoter Score by wave, shaded: {level} interval"),
    "ringed": N_("\n* ringed: significant change from the previous wave"),
    "no_ring": N_("\nno wave differs significantly from the one before"),
    "likert_axis": N_("Share of respondents (%), disagree to the left, agree to the right"),
    "residual": N_("Adjusted residual"),
    "crosstab_title": N_(
        "{item} by {by} (chi-square {p})\ncells: share of the column (%); red/blue beyond ±2: more/fewer "
        "answers than chance"
    ),
    "drivers_axis": N_("Share of explained variance (%)"),
    "drivers_title": N_("What drives {outcome}: {how}, R² = {r2}"),
    "exact": N_("share of R² (exact LMG)"),
    "johnson": N_("relative weights"),
}


def _words(lang: str, func: str) -> dict[str, str]:
    """The texts of this module in ``lang``."""
    return words(_WORDS, lang, func)


def _decimal_ticks(axis: Any, lang: str) -> None:
    """Tick labels with the report language's decimal mark (English keeps matplotlib's own labels)."""
    if lang != "en":
        from matplotlib.ticker import FuncFormatter

        axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}".replace("-", "\u2212").replace(".", ",")))


#: What each plot computed from raw survey answers before it took results: (function, its defaults).
_RAW_ANSWER_CALLS: dict[str, tuple[str, dict[str, Any]]] = {
    "plot_likert": ("likert_distribution", {"items": None, "weight": None, "scale": (1, 5)}),
    "plot_nps": ("nps", {"score": "nps", "by": "segment", "weight": None, "confidence": 0.95, "method": "wald"}),
    "plot_nps_trend": ("nps_trend", {"score": "nps", "wave": "wave", "by": None, "weight": None, "confidence": 0.95,
                                     "method": "wald"}),
}


def _plot_input(plot: str, result: Any, old: Mapping[str, Any], *, extra: Sequence[str] = ()) -> tuple[Any, dict]:
    """The result a plot draws, and the options it was computed with when the caller passed raw answers.

    The old call form (survey answers plus the options of the function the plot shows) works
    for one release with a FutureWarning; the plot draws the result of that function.
    """
    import warnings

    kind, defaults = _RAW_ANSWER_CALLS[plot]
    unknown = [k for k in old if k not in defaults and k not in ("ci", *extra)]
    if unknown:
        raise TypeError(f"{plot}() got an unexpected keyword argument {unknown[0]!r}")
    if _result_of(result, kind, plot):
        return result, {}
    warnings.warn(
        f"{plot}: passing survey answers is deprecated; pass the result of {kind}(...) instead "
        "(raw answers will stop working in the next release)",
        FutureWarning,
        stacklevel=3,
    )
    opts = {**defaults, **{k: v for k, v in old.items() if k in defaults}}
    if "confidence" in defaults:
        opts["confidence"] = renamed("ci", old.get("ci", UNSET), "confidence", opts["confidence"], func=plot)
    computers: dict[str, Callable[..., Any]] = {"likert_distribution": likert_distribution, "nps": nps,
                                                "nps_trend": nps_trend}
    compute = computers[kind]
    return compute(result, **opts), opts


def plot_likert(
    result: pd.DataFrame,
    *,
    labels: Mapping[int, str] | None = None,
    item_labels: Mapping[str, str] | None = None,
    ax: Axes | None = None,
    lang: str = "en",
    **old_call: Any,
) -> Axes:
    """Diverging stacked bars of Likert items, the neutral answer centred on zero.

    Disagreeing answers extend to the left, agreeing ones to the right; on an odd scale
    the middle answer is split half and half across zero (Robbins & Heiberger 2011).
    Items are sorted by their share of agreeing answers.

    Parameters
    ----------
    result : DataFrame
        From :func:`likert_distribution`. (Raw answers with ``items=``, ``weight=``,
        ``scale=`` still work for one release, with a FutureWarning.)
    labels : dict of {scale point: text}, optional
        Legend text for the answers, e.g. ``{1: "Strongly disagree", ...}``.
    item_labels : dict of {column: text}, optional
        Readable item names for the y axis.
    ax : matplotlib Axes, optional
    lang : {"en", "ru"}, default "en"
        Language of the axis label.

    Returns
    -------
    matplotlib Axes

    References
    ----------
    Robbins, N. B., & Heiberger, R. M. (2011). Plotting Likert and other rating scales.
    *Proceedings of the Survey Research Methods Section, ASA*, 1058-1066.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import pandas as pd
    >>> df = pd.DataFrame({"q1": [1, 2, 3, 4, 5, 5], "q2": [4, 4, 5, 3, 2, 1]})
    >>> ax = plot_likert(likert_distribution(df, items=["q1", "q2"]))
    >>> ax.get_xlabel()
    'Share of respondents (%), disagree to the left, agree to the right'
    >>> english = ax.get_xlabel()
    >>> plot_likert(likert_distribution(df, items=["q1", "q2"]), lang="ru").get_xlabel() != english
    True
    """
    import matplotlib.pyplot as plt

    w = _words(lang, "plot_likert")
    result, _ = _plot_input("plot_likert", result, old_call)
    lo, hi = result.attrs["scale"]
    levels = list(range(lo, hi + 1))
    k = len(levels)
    mid = (k - 1) / 2
    dist = result.assign(_agree=result[[lv for lv in levels if lv - lo > mid]].sum(axis=1)).sort_values("_agree")
    ax = _axes(ax)
    colours = plt.get_cmap("RdBu")(np.linspace(0.1, 0.9, k))
    if k % 2:
        colours[k // 2] = (0.8, 0.8, 0.8, 1.0)  # grey neutral: visible against the white background
    y = np.arange(len(dist))
    shares = 100 * dist[levels].to_numpy()
    # left edge: everything below the middle, plus half the middle answer on odd scales
    below = shares[:, : k // 2].sum(axis=1) + (shares[:, k // 2] / 2 if k % 2 else 0)
    left = -below
    for j, lv in enumerate(levels):
        ax.barh(y, shares[:, j], left=left, color=colours[j], edgecolor="white",
                label=(labels or {}).get(lv, str(lv)))
        left = left + shares[:, j]
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(y)
    ax.set_yticklabels([(item_labels or {}).get(i, i) for i in dist.index])
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{abs(v):.0f}"))
    ax.set_xlabel(w["likert_axis"])
    ax.legend(title=None, ncols=min(k, 7), loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False)
    return ax


def plot_nps(
    result: pd.DataFrame,
    *,
    pairwise: pd.DataFrame | None = None,
    ax: Axes | None = None,
    lang: str = "en",
    **old_call: Any,
) -> Axes:
    """Bar chart of the NPS per group with confidence-interval whiskers.

    With ``pairwise`` (the result of :func:`nps_pairwise` on the same groups), significant
    differences are drawn as brackets above the bars, labelled with the difference and
    the adjusted p-value.

    Parameters
    ----------
    result : DataFrame
        From :func:`nps` with ``by=`` one column. (Raw answers with the options of
        :func:`nps` still work for one release, with a FutureWarning.)
    pairwise : DataFrame, optional
        From :func:`nps_pairwise`: brackets over pairs of groups that differ significantly.
    ax : matplotlib Axes, optional
    lang : {"en", "ru"}, default "en"
        Language of the title, axis labels and brackets.

    Returns
    -------
    matplotlib Axes

    References
    ----------
    Rocks, B. (2016). Interval estimation for the "Net Promoter Score". *The American
    Statistician*, 70(4), 365-372 (intervals and two-sample tests).
    Holm, S. (1979). A simple sequentially rejective multiple test procedure.
    *Scandinavian Journal of Statistics*, 6(2), 65-70.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import pandas as pd
    >>> df = pd.DataFrame({"nps": [10, 9, 3, 8, 7, 3, 10, 6], "segment": list("AAAABBBB")})
    >>> plot_nps(nps(df, by="segment")).get_ylabel()
    'NPS (points, -100 to 100)'
    """
    w = _words(lang, "plot_nps")
    raw, (result, opts) = result, _plot_input("plot_nps", result, old_call, extra=("mark_differences",))
    if opts and pairwise is None and old_call.get("mark_differences") is not False and len(result) > 1:
        pairwise = nps_pairwise(raw, **opts)
    by_cols = result.attrs["by"]
    if len(by_cols) != 1:
        raise CxParameterError(f"plot_nps: expected the NPS by one column (nps(..., by='segment')), got by={by_cols}")
    group = by_cols[0]
    level = result.attrs["confidence"]
    ax = _axes(ax)
    x = np.arange(len(result))
    err = np.vstack([result["nps"] - result["ci_low"], result["ci_high"] - result["nps"]])
    ax.bar(x, result["nps"], color="#4C72B0", yerr=err, capsize=4)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(x)
    ax.set_xticklabels([f"{g}\n(n = {n})" for g, n in zip(result[group], result["n"])])
    ax.set_ylabel(w["nps_axis"])
    _decimal_ticks(ax.yaxis, lang)
    ax.set_xlabel(_heading(group, lang))
    title = w["nps_title"].format(group=str(group).replace("_", " "), level=format_percent(level, lang=lang))
    if pairwise is not None and len(result) > 1:
        sig = pairwise[pairwise["significant"]]
        position = {g: i for i, g in enumerate(result[group])}
        top = float(np.nanmax(np.r_[result["ci_high"].to_numpy(dtype=float), 0.0]))
        bottom = float(np.nanmin(np.r_[result["ci_low"].to_numpy(dtype=float), 0.0]))
        step = 0.09 * max(top - bottom, 10.0)
        level_y = top + step / 2
        # shorter brackets first, so that nested pairs stack without crossing
        order = sig.assign(_span=[abs(position[b] - position[a]) for a, b in zip(sig["group_a"], sig["group_b"])])
        for r in order.sort_values("_span", kind="stable").itertuples():
            xa, xb = sorted((position[r.group_a], position[r.group_b]))
            ax.plot([xa, xa, xb, xb], [level_y - step * 0.25, level_y, level_y, level_y - step * 0.25],
                    color="black", linewidth=0.8)
            ax.text((xa + xb) / 2, level_y, w["bracket"].format(diff=f"{abs(r.difference):.0f}",
                                                                p=_p_words(r.p_adjusted, lang)),
                    ha="center", va="bottom", fontsize=8)
            level_y += step
        ax.set_ylim(min(bottom - step / 2, ax.get_ylim()[0]), max(level_y + step / 2, ax.get_ylim()[1]))
        title += w["brackets" if len(sig) else "no_brackets"]
    ax.set_title(title)
    return ax


def plot_nps_trend(
    result: pd.DataFrame,
    *,
    mark_changes: bool = True,
    ax: Axes | None = None,
    lang: str = "en",
    **old_call: Any,
) -> Axes:
    """NPS per survey wave as a line with a shaded confidence band (one line per group).

    A wave whose NPS differs significantly from the previous wave (the z-test of
    :func:`nps_trend`, ``change_p_value < 1 - confidence``) gets an open ring and an asterisk.

    Parameters
    ----------
    result : DataFrame
        From :func:`nps_trend` (with ``by=`` at most one column). (Raw answers with the
        options of :func:`nps_trend` still work for one release, with a FutureWarning.)
    mark_changes : bool, default True
        Mark significant wave-to-wave changes.
    ax : matplotlib Axes, optional
    lang : {"en", "ru"}, default "en"
        Language of the title, axis labels and legend.

    Returns
    -------
    matplotlib Axes

    References
    ----------
    Rocks, B. (2016). Interval estimation for the "Net Promoter Score". *The American
    Statistician*, 70(4), 365-372.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import pandas as pd
    >>> df = pd.DataFrame({"nps": [10, 9, 3, 8, 7, 9, 10, 6], "wave": ["2025Q1"] * 4 + ["2025Q2"] * 4})
    >>> plot_nps_trend(nps_trend(df)).get_xlabel()
    'Survey wave'
    """
    w = _words(lang, "plot_nps_trend")
    result, _ = _plot_input("plot_nps_trend", result, old_call)
    wave_col, by_cols, level = result.attrs["wave"], result.attrs["by"], result.attrs["confidence"]
    if len(by_cols) > 1:
        raise CxParameterError(f"plot_nps_trend: expected a trend by at most one column, got by={by_cols}")
    group = by_cols[0] if by_cols else None
    ax = _axes(ax)
    waves = list(pd.unique(result[wave_col]))
    position = {wv: i for i, wv in enumerate(waves)}
    groups = [((), result)] if group is None else [((k,), g) for k, g in result.groupby(group, sort=True, observed=True)]
    n_marked = 0
    for key, g in groups:
        x = g[wave_col].map(position).to_numpy(dtype=float)
        line = ax.plot(x, g["nps"], marker="o", label=str(key[0]) if key else w["all"])[0]
        ax.fill_between(x, g["ci_low"], g["ci_high"], color=line.get_color(), alpha=0.2)
        if mark_changes:
            hit = (g["change_p_value"] < 1 - level).to_numpy(dtype=bool)
            n_marked += int(hit.sum())
            ax.scatter(x[hit], g["nps"].to_numpy(dtype=float)[hit], s=160, facecolors="none",
                       edgecolors=line.get_color(), linewidths=1.5, zorder=3)
            for xi, yi in zip(x[hit], g["nps"].to_numpy(dtype=float)[hit]):
                ax.annotate("*", (xi, yi), textcoords="offset points", xytext=(0, 8), ha="center",
                            fontsize=13, color=line.get_color())
    ax.set_xticks(range(len(waves)))
    ax.set_xticklabels([str(wv) for wv in waves])
    ax.set_xlabel(w["wave_axis"])
    ax.set_ylabel(w["nps_axis"])
    _decimal_ticks(ax.yaxis, lang)
    title = w["trend_title"].format(level=format_percent(level, lang=lang))
    if mark_changes:
        title += w["ringed" if n_marked else "no_ring"]
    ax.set_title(title)
    if group is not None:
        ax.legend(title=_heading(group, lang))
    return ax


def plot_crosstab(result: Crosstab, *, ax: Axes | None = None, lang: str = "en") -> Axes:
    """Heatmap of a cross-tab: column shares (%) in the cells, coloured by adjusted residual.

    Red cells hold more answers than independence would give, blue ones fewer; beyond
    about +/-2 (the darker shades) the difference is unlikely to be chance (Haberman 1973).

    Parameters
    ----------
    result : Crosstab
        From :func:`crosstab`.
    ax : matplotlib Axes, optional
    lang : {"en", "ru"}, default "en"
        Language of the title and the colour bar.

    Returns
    -------
    matplotlib Axes

    References
    ----------
    Haberman, S. J. (1973). The analysis of residuals in cross-classified tables.
    *Biometrics*, 29(1), 205-220.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import pandas as pd
    >>> from cxtools.survey import crosstab
    >>> df = pd.DataFrame({"answer": ["yes"] * 30 + ["no"] * 10 + ["yes"] * 12 + ["no"] * 28,
    ...                    "segment": ["A"] * 40 + ["B"] * 40})
    >>> plot_crosstab(crosstab(df, item="answer", by="segment")).get_xlabel()
    'Segment'
    """
    import seaborn as sns

    w = _words(lang, "plot_crosstab")
    if not isinstance(result, Crosstab):
        raise CxParameterError(f"plot_crosstab: expected the result of crosstab, got {type(result).__name__}")
    ax = _axes(ax)
    residuals = result.adjusted_residuals
    limit = max(3.0, float(np.nanmax(np.abs(residuals.to_numpy()))))
    shares = (100 * result.column_shares).round(1)
    annot = shares if lang == "en" else shares.apply(lambda col: [format_number(x, digits=1, lang=lang) for x in col])
    sns.heatmap(residuals, annot=annot.to_numpy(), fmt=".1f" if lang == "en" else "", cmap="RdBu_r",
                vmin=-limit, vmax=limit, center=0, linewidths=0.5, ax=ax,
                cbar_kws={"label": w["residual"]})
    if lang != "en":
        _decimal_ticks(ax.collections[0].colorbar.ax.yaxis, lang)  # type: ignore[union-attr]  # the heatmap draws one
    ax.tick_params(axis="y", rotation=0)
    ax.set_xlabel(_heading(result.by, lang))
    ax.set_ylabel(_heading(result.item, lang))
    ax.set_title(w["crosstab_title"].format(item=_heading(result.item, lang), by=result.by.replace("_", " "),
                                            p=_p_words(result.p_value, lang)), fontsize=10)
    return ax


def plot_drivers(result: RelativeWeights, *, labels: Mapping[str, str] | None = None,
                 ax: Axes | None = None, lang: str = "en") -> Axes:
    """Horizontal bars of each driver's share of the explained variance, with intervals.

    Parameters
    ----------
    result : RelativeWeights
        From :func:`relative_weights`.
    labels : dict of {column: text}, optional
        Readable driver (and outcome) names.
    ax : matplotlib Axes, optional
    lang : {"en", "ru"}, default "en"
        Language of the title and axis label.

    Returns
    -------
    matplotlib Axes

    References
    ----------
    Grömping, U. (2006). Relative importance for linear regression in R: the package
    relaimpo. *Journal of Statistical Software*, 17(1).
    Johnson, J. W. (2000). A heuristic method for estimating the relative weight of
    predictor variables in multiple regression. *Multivariate Behavioral Research*,
    35(1), 1-19.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import numpy as np, pandas as pd
    >>> from cxtools.survey import relative_weights
    >>> rng = np.random.default_rng(0)
    >>> df = pd.DataFrame(rng.normal(size=(200, 3)), columns=["a", "b", "c"])
    >>> df["y"] = df["a"] + rng.normal(size=200)
    >>> ax = plot_drivers(relative_weights(df, drivers=["a", "b", "c"], outcome="y", n_boot=50))
    >>> ax.get_xlabel()
    'Share of explained variance (%)'
    """
    w = _words(lang, "plot_drivers")
    if not isinstance(result, RelativeWeights):
        raise CxParameterError(f"plot_drivers: expected the result of relative_weights, got {type(result).__name__}")
    t = result.table.iloc[::-1]
    ax = _axes(ax)
    y = np.arange(len(t))
    xerr = None
    if t["share_ci_low"].notna().all():
        # a percentile bootstrap interval need not contain the estimate: no whisker on that side then
        xerr = np.clip(np.vstack([t["share"] - t["share_ci_low"], t["share_ci_high"] - t["share"]]), 0, None)
    ax.barh(y, t["share"], xerr=xerr, color="#55A868", capsize=3)
    ax.set_yticks(y)
    ax.set_yticklabels([(labels or {}).get(d, d) for d in t["driver"]])
    ax.set_xlabel(w["drivers_axis"])
    _decimal_ticks(ax.xaxis, lang)
    outcome = (labels or {}).get(result.outcome, result.outcome.replace("_", " "))
    ax.set_title(w["drivers_title"].format(outcome=outcome,
                                           how=w["exact" if result.method == "exact" else "johnson"],
                                           r2=format_number(result.r_squared, digits=2, lang=lang)))
    return ax
