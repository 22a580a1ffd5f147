"""Hygiene factors and motivators: what drives satisfaction and dissatisfaction.

Herzberg's two-factor theory (Herzberg, Mausner & Snyderman 1959), carried over
to customers: satisfaction and dissatisfaction are not two ends of one scale but
two dimensions with different sources. *Hygiene factors* (price, quality,
availability) cause dissatisfaction when they fall short but add little when
excellent; *motivators* (a good deal, brand attachment, comfort, trust) create
satisfaction when present. In Kano's vocabulary hygiene factors are *basic*
(must-be, M) attributes, motivators are *excitement* (attractive, A) attributes,
and attributes that work both ways are *performance* (one-dimensional, O)
attributes.

Methods
-------
- :func:`penalty_reward` -- penalty-reward contrast analysis (Brandt 1987) with the
  classification into basic / performance / excitement;
- :func:`impact_asymmetry` -- the impact-asymmetry index (Mikulić & Prebežac 2008)
  with bootstrap intervals;
- :func:`kano_categories` -- Kano questionnaire evaluation (Kano et al. 1984;
  Berger et al. 1993) with Fong's (1996) test and Better/Worse coefficients;
- :func:`importance_performance` -- importance-performance analysis
  (Martilla & James 1977) with stated or derived importance;
- :func:`positive_zone` -- is every factor in its positive zone? An action list;
- :func:`critical_incidents` -- Herzberg's critical-incident method: which
  categories dominate positive or negative stories.
- :func:`findings` -- the findings of a study in plain words, written from the
  results above (what notebook 02 shows and publishes).

The Kano answer wording (English and Russian labels, codes 1-5) lives here too, next to
the Kano table: :func:`normalise_kano_answers`.

Rating columns default to every column whose name starts with ``rating_``; the
label shown for an attribute is the column name without that prefix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from cxtools.core.checks import (
    check_alpha,
    check_choice,
    check_confidence,
    check_whole_number,
    numeric_column,
    require_columns,
    require_frame,
    require_rows,
    rows_preview,
)
from cxtools.core.results import Findings, Result
from cxtools.core.stats import holm as _holm
from cxtools.core.stats import mean_interval, normal_quantile
from cxtools.core.util import axes_or_current
from cxtools.core.errors import (
    CxDataError,
    CxDataWarning,
    CxEmptyDataError,
    CxParameterError,
    CxSchemaError,
)
from cxtools.core.wording import format_interval, format_number, format_p_value, format_percent, join_names

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "RATING_PREFIX",
    "KANO_TABLE",
    "KANO_CATEGORY_NAMES",
    "PenaltyRewardResult",
    "ImpactAsymmetryResult",
    "KanoResult",
    "FongTest",
    "ImportancePerformanceResult",
    "PositiveZoneResult",
    "CriticalIncidentsResult",
    "rating_columns",
    "penalty_reward",
    "impact_asymmetry",
    "kano_categories",
    "kano_category",
    "normalise_kano_answers",
    "fong_test",
    "importance_performance",
    "positive_zone",
    "critical_incidents",
    "plot_penalty_reward",
    "plot_kano",
    "plot_importance_performance",
    "plot_positive_zone",
    "plot_critical_incidents",
    "findings",
    "key_findings",
    "scale_boxes",
    "attribute_scale",
    "localise_table",
]

#: Prefix of performance-rating columns; the attribute label is the rest of the name.
RATING_PREFIX = "rating_"

#: What each classification means in Herzberg's terms.
FACTOR_TYPES = {
    "basic": "hygiene",
    "performance": "performance",
    "excitement": "motivator",
    "no clear effect": "unclear",
    "contradicts the model": "unclear",
}

#: Category and factor type in one phrase, for tables a stakeholder reads.
_TYPE_TEXT = {
    "basic": "basic (hygiene factor)",
    "performance": "performance factor",
    "excitement": "excitement (motivator)",
    "no clear effect": "no clear effect",
    "contradicts the model": "not classified: a significant effect has the wrong sign",
}

#: Penalty-reward categories in the order results list them.
_PRCA_CATEGORIES = ("basic", "performance", "excitement", "no clear effect", "contradicts the model")

# --------------------------------------------------------------------------- helpers


def _label(column: str, prefix: str = RATING_PREFIX) -> str:
    return column[len(prefix):] if column.startswith(prefix) and len(column) > len(prefix) else column


def _display(label: Any) -> str:
    """An attribute label as a reader sees it: ``"good_deal"`` -> ``"good deal"``."""
    return str(label).replace("_", " ")


def _interval(low: pd.Series, high: pd.Series, digits: int = 2) -> list[str]:
    return [format_interval(a, b, digits=digits) for a, b in zip(low, high)]


def _p_text(p: pd.Series) -> list[str]:
    return [format_p_value(v) for v in p]


def _frame(data: Any, where: str) -> pd.DataFrame:
    require_frame(data, func=where)
    require_rows(data, func=where)
    return data


def _rating_columns(data: pd.DataFrame, attributes: Sequence[str] | None, where: str) -> list[str]:
    if attributes is None or len(attributes) == 0:
        cols = [c for c in data.columns if isinstance(c, str) and c.startswith(RATING_PREFIX)]
        if not cols:
            raise CxSchemaError(
                f"{where}: no attribute columns given and no column starts with {RATING_PREFIX!r}; "
                f"columns are {list(data.columns)[:12]}"
            )
        return cols
    if isinstance(attributes, str):
        attributes = [attributes]
    cols = []
    for a in attributes:
        if a in data.columns:
            cols.append(a)
        elif RATING_PREFIX + str(a) in data.columns:
            cols.append(RATING_PREFIX + str(a))
        else:
            raise CxSchemaError(
                f"{where}: attribute column {a!r} (or {RATING_PREFIX + str(a)!r}) is not in the table; "
                f"columns are {list(data.columns)[:12]}"
            )
    if len(set(cols)) != len(cols):
        raise CxParameterError(f"{where}: attributes {list(attributes)} name the same column twice")
    return cols


def _numeric(
    data: pd.DataFrame, columns: Iterable[str], where: str, *, low: float | None = None, high: float | None = None
) -> pd.DataFrame:
    """``data[columns]`` as float: no missing values, numbers (or text that reads as numbers) in range."""
    columns = list(columns)
    require_columns(data, columns, func=where)
    return pd.DataFrame(
        {c: numeric_column(data, c, func=where, low=low, high=high, allow_missing=False, coerce_text=True)
         for c in columns},
        index=data.index,
    )


def _boxes(value: Any, name: str) -> tuple[float, ...]:
    try:
        out = tuple(float(v) for v in (value if np.iterable(value) else [value]))
    except (TypeError, ValueError):
        raise CxParameterError(f"{name} must be a rating value or a list of them, got {value!r}") from None
    if not out:
        raise CxParameterError(f"{name} must name at least one rating value")
    return out


def _names_by(table: pd.DataFrame, column: str, values: Iterable[str], *, names: str = "attribute"
              ) -> dict[str, list[str]]:
    """``{value: [names of the rows whose column holds value]}`` for each of ``values``, in their order."""
    return {v: table.loc[table[column] == v, names].tolist() for v in values}


def _put_estimates(table: pd.DataFrame, name: str, estimates: Sequence[tuple[float, float, float]]) -> None:
    """Columns ``name``, ``name_ci_low`` and ``name_ci_high`` of ``table`` from (estimate, low, high) triples."""
    for i, suffix in enumerate(("", "_ci_low", "_ci_high")):
        table[name + suffix] = [e[i] for e in estimates]


def _z(confidence: float, where: str) -> float:
    return normal_quantile(check_confidence(confidence, func=where))


def _fmt_list(items: Sequence[str]) -> str:
    """Attributes inside a repr: ``a, b`` or ``none``."""
    return ", ".join(items) if items else "none"


class _TableResult(Result):
    """A result whose numbers are one ``table`` attribute: ``to_frame()`` returns a copy of it."""

    __slots__ = ()

    def to_frame(self) -> pd.DataFrame:
        """The per-attribute (or per-category) table (a copy)."""
        return self.table.copy()


def rating_columns(data: pd.DataFrame, attributes: Sequence[str] | None = None) -> list[str]:
    """The rating columns an analysis will use.

    Parameters
    ----------
    data : DataFrame
    attributes : list of str, optional
        Column names (``"rating_price"``) or attribute labels (``"price"``); empty or
        ``None`` means every column whose name starts with ``rating_``.

    Returns
    -------
    list of str
        Column names, in the order given (or the table's order).

    References
    ----------
    The ``rating_`` naming convention is the sample-data schema's
    (``data/samples/README.md``); no statistics are involved.

    Raises
    ------
    CxSchemaError
        A named attribute has no column, or there are no ``rating_*`` columns.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame(columns=["respondent_id", "rating_price", "rating_trust", "overall_satisfaction"])
    >>> rating_columns(df), rating_columns(df, ["trust"])
    (['rating_price', 'rating_trust'], ['rating_trust'])
    """
    require_frame(data, func="rating_columns")
    return _rating_columns(data, attributes, "rating_columns")


# ------------------------------------------------------------ penalty-reward contrasts


def _dummies(
    ratings: pd.DataFrame, low: tuple[float, ...], high: tuple[float, ...], where: str
) -> tuple[pd.DataFrame, list[str]]:
    if set(low) & set(high):
        raise CxParameterError(f"{where}: low={low} and high={high} overlap; a rating cannot be both")
    design = {}
    labels = []
    for c in ratings.columns:
        lab = _label(c)
        labels.append(lab)
        values = ratings[c].to_numpy()
        is_low = np.isin(values, low)
        is_high = np.isin(values, high)
        for kind, mask in (("low", is_low), ("high", is_high)):
            if not mask.any():
                raise CxDataError(
                    f"{where}: nobody rated {c!r} in the {kind} box {low if kind == 'low' else high}; "
                    "choose other cut-offs or leave this attribute out"
                )
        if (is_low | is_high).all():
            raise CxDataError(
                f"{where}: every rating of {c!r} falls in the low or high box, so there is no middle "
                f"group to compare against; narrow low={low} / high={high}"
            )
        design[f"{lab}_low"] = is_low.astype(float)
        design[f"{lab}_high"] = is_high.astype(float)
    return pd.DataFrame(design, index=ratings.index), labels


def _vif(design: pd.DataFrame) -> pd.Series:
    """Variance inflation factors ``1 / (1 - R²_j)`` of the columns of ``design``.

    With an intercept in the model, ``R²_j`` of regressing column j on the others is
    read off the inverse correlation matrix: ``VIF_j = (R^{-1})_jj`` (e.g. Belsley,
    Kuh & Welsch 1980, sec. 3.3); a singular matrix falls back to the auxiliary
    regressions, where perfectly collinear columns get ``inf``.
    """
    x = design.to_numpy(dtype=float)
    corr = np.corrcoef(x, rowvar=False)
    if np.linalg.cond(corr) < 1e10:
        return pd.Series(np.diag(np.linalg.inv(corr)), index=design.columns)
    out = []
    xc = x - x.mean(axis=0)
    for j in range(x.shape[1]):
        others = np.delete(xc, j, axis=1)
        fitted = others @ np.linalg.lstsq(others, xc[:, j], rcond=None)[0]
        r2 = 1 - ((xc[:, j] - fitted) ** 2).sum() / (xc[:, j] ** 2).sum()
        out.append(np.inf if r2 >= 1 - 1e-10 else 1 / (1 - r2))
    return pd.Series(out, index=design.columns)


@dataclass(frozen=True, repr=False)
class PenaltyRewardResult(_TableResult):
    """Penalty-reward contrast analysis: one row per attribute.

    Attributes
    ----------
    table : DataFrame
        ``attribute``, ``n_low``, ``n_high``, ``penalty`` (points of overall
        satisfaction lost when the attribute is rated in the low box, against the
        middle group; positive = a loss), ``penalty_ci_low``, ``penalty_ci_high``,
        ``penalty_p``, ``reward`` (points gained when rated in the high box),
        ``reward_ci_low``, ``reward_ci_high``, ``reward_p``, ``asymmetry_p`` (test of
        penalty = reward), ``asymmetry_p_adjusted`` (Holm), ``vif_low``, ``vif_high``,
        ``category`` (basic / performance / excitement / no clear effect / contradicts
        the model), ``factor`` (hygiene / performance / motivator / unclear) and
        ``flag`` (why an attribute was not classified; empty otherwise).
    n : int
        Respondents in the regression.
    r_squared : float
        R² of the regression.
    overall : str
        The overall-satisfaction column.
    low, high : tuple of float
        The ratings counted as low and as high.
    alpha : float
        Significance level of the tests (the intervals are ``1 - alpha``).
    model : statsmodels results
        The fitted regression.
    """

    table: pd.DataFrame
    n: int
    r_squared: float
    overall: str
    low: tuple[float, ...]
    high: tuple[float, ...]
    alpha: float
    model: Any = field(default=None, compare=False)

    def report_table(self, *, lang: str = "en") -> pd.DataFrame:
        """The results as a stakeholder reads them: plain column names, intervals as text,
        p-values as ``"< 0.001"`` rather than ``0.00``.

        ``lang="ru"`` gives the headers and the categorical cells in Russian
        (:func:`localise_table`); attribute names and numbers stay as they are.

        Examples
        --------
        >>> import numpy as np, pandas as pd
        >>> rng = np.random.default_rng(1)
        >>> df = pd.DataFrame({"rating_price": rng.integers(1, 6, 600)})
        >>> df["overall_satisfaction"] = 6 - 2.0 * (df.rating_price <= 2) + rng.normal(0, 1, 600)
        >>> penalty_reward(df).report_table().iloc[0]["Type"]
        'basic (hygiene factor)'
        """
        t = self.table
        level = f"{1 - self.alpha:.0%}"
        table = pd.DataFrame(
            {
                "Attribute": [_display(a) for a in t["attribute"]],
                "Rated poorly (n)": t["n_low"],
                "Rated well (n)": t["n_high"],
                "Penalty (points lost)": t["penalty"].round(2),
                f"Penalty {level} CI": _interval(t["penalty_ci_low"], t["penalty_ci_high"]),
                "Reward (points gained)": t["reward"].round(2),
                f"Reward {level} CI": _interval(t["reward_ci_low"], t["reward_ci_high"]),
                "Penalty differs from reward: p (Holm)": _p_text(t["asymmetry_p_adjusted"]),
                "Largest VIF": t[["vif_low", "vif_high"]].max(axis=1).round(1),
                "Type": [_TYPE_TEXT[c] for c in t["category"]],
            }
        )
        return localise_table(table, lang=lang)

    def by_category(self) -> dict[str, list[str]]:
        """Attributes grouped by category (``"contradicts the model"`` holds the flagged ones)."""
        return _names_by(self.table, "category", _PRCA_CATEGORIES)

    def describe(self) -> str:
        """One sentence: which attributes are hygiene factors and which motivators.

        Examples
        --------
        >>> import numpy as np, pandas as pd
        >>> rng = np.random.default_rng(1)
        >>> df = pd.DataFrame({"rating_price": rng.integers(1, 6, 600),
        ...                    "rating_brand": rng.integers(1, 6, 600)})
        >>> df["overall_satisfaction"] = (6 - 2.0 * (df.rating_price <= 2)
        ...     + 2.0 * (df.rating_brand >= 4) + rng.normal(0, 1, 600))
        >>> penalty_reward(df).describe()
        'Of 2 attributes (600 respondents, R² 0.64), hygiene factors: price; motivators: brand; performance factors: none.'
        """
        g = self.by_category()
        text = (
            f"Of {len(self.table)} attributes ({format_number(self.n)} respondents, "
            f"R² {format_number(self.r_squared, digits=2)}), hygiene factors: {join_names(g['basic'], empty='none')}; "
            f"motivators: {join_names(g['excitement'], empty='none')}; "
            f"performance factors: {join_names(g['performance'], empty='none')}"
        )
        if g["contradicts the model"]:
            text += (f"; not classified because a significant effect has the wrong sign: "
                     f"{join_names(g['contradicts the model'])}")
        return text + "."

    def __repr__(self) -> str:
        g = self.by_category()
        return (
            f"PenaltyRewardResult(n={self.n}, R²={self.r_squared:.3f}, low={self.low}, high={self.high}, "
            f"basic=[{_fmt_list(g['basic'])}], performance=[{_fmt_list(g['performance'])}], "
            f"excitement=[{_fmt_list(g['excitement'])}], no clear effect=[{_fmt_list(g['no clear effect'])}]"
            + (f", contradicts the model=[{_fmt_list(g['contradicts the model'])}]"
               if g["contradicts the model"] else "") + ")"
        )


def penalty_reward(
    data: pd.DataFrame,
    *,
    attributes: Sequence[str] | None = None,
    overall: str = "overall_satisfaction",
    low: Sequence[float] = (1, 2),
    high: Sequence[float] = (4, 5),
    alpha: float = 0.05,
    max_vif: float = 5.0,
) -> PenaltyRewardResult:
    """Penalty-reward contrast analysis: does an attribute cost, add, or both?

    For every attribute two dummy variables are built: *low* (rating in ``low``,
    by default the bottom two boxes) and *high* (rating in ``high``, the top two
    boxes); the middle ratings are the reference group. One OLS regression of
    overall satisfaction on all dummies gives, per attribute,

    - the **penalty** ``= -b_low``: how many points overall satisfaction drops when
      the attribute is rated low rather than in the middle;
    - the **reward** ``= b_high``: how many points it rises when rated high.

    Classification rule (stated here so that it can be checked):

    1. the asymmetry ``penalty - reward`` is tested with the Wald *t* test of
       ``b_low + b_high = 0``; its p-values are Holm-adjusted across attributes,
       so on data without any asymmetry the chance that *any* attribute is called
       basic or excitement is at most ``alpha``;
    2. if the adjusted asymmetry p-value is below ``alpha`` and the larger of the
       two effects is itself significant (p < ``alpha``), the attribute is
       **basic** (hygiene) when penalty > reward and **excitement** (motivator)
       when reward > penalty;
    3. otherwise, if penalty or reward is significant, it is **performance**;
    4. otherwise **no clear effect**.

    Before these steps, an attribute whose penalty or reward is significant with the
    sign the model rules out -- a significantly *negative* penalty (rated poorly,
    satisfaction rises) or a significantly negative reward, by one-sided tests
    Holm-adjusted over all attributes and both effects -- is not classified at all:
    its category is **contradicts the model**, its ``flag`` says which effect, and a
    :class:`~cxtools.core.errors.CxDataWarning` names it. Such a result usually means a
    reversed scale, a coding error or a suppressor effect among correlated ratings;
    calling it a performance factor would hide that.

    Variance inflation factors of the dummies are reported; a
    :class:`~cxtools.core.errors.CxDataWarning` is issued when any exceeds ``max_vif``.

    Parameters
    ----------
    data : DataFrame
        One row per respondent.
    attributes : list of str, optional
        Rating columns (``"rating_price"`` or just ``"price"``). Default: every
        column starting with ``rating_``.
    overall : str, default "overall_satisfaction"
        Column with overall satisfaction.
    low, high : sequence of rating values, default (1, 2) and (4, 5)
        Ratings that count as low and as high performance.
    alpha : float, default 0.05
        Significance level for the tests, confidence intervals are ``1 - alpha``.
    max_vif : float, default 5.0
        Warn when a dummy's variance inflation factor exceeds this.

    Returns
    -------
    PenaltyRewardResult

    Notes
    -----
    Error rate measured in the tests: on data where every attribute acts linearly
    (no asymmetry), 5 of 100 simulated surveys of 600 respondents had any
    attribute called basic or excitement, as the Holm rule promises. When ratings
    are skewed, the low box sits closer to (or further from) the middle than the
    high box, so even a linear attribute shows a small penalty-reward difference;
    with large samples this becomes significant (6 of 60 surveys at 1,200
    respondents). Check the penalty and reward sizes, not only the labels.

    Raises
    ------
    CxSchemaError
        A named column is missing.
    CxDataError
        Missing or non-numeric ratings (rows named), or a box nobody answered.
    CxParameterError
        Overlapping boxes, alpha outside (0, 1).

    References
    ----------
    Brandt, D. R. (1987). A procedure for identifying value-enhancing service
    components using customer satisfaction survey data. In Surprenant (ed.),
    *Add Value to Your Service*, AMA, 61-65.
    Matzler, K. & Sauerwein, E. (2002). The factor structure of customer
    satisfaction: an empirical test of the importance grid and the
    penalty-reward-contrast analysis. *International Journal of Service Industry
    Management* 13(4), 314-332.
    Holm, S. (1979). A simple sequentially rejective multiple test procedure.
    *Scandinavian Journal of Statistics* 6, 65-70.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(1)
    >>> df = pd.DataFrame({"rating_price": rng.integers(1, 6, 600),
    ...                    "rating_brand": rng.integers(1, 6, 600)})
    >>> df["overall_satisfaction"] = (6 - 2.0 * (df.rating_price <= 2)
    ...     + 2.0 * (df.rating_brand >= 4) + rng.normal(0, 1, 600))
    >>> res = penalty_reward(df)
    >>> res.by_category()["basic"], res.by_category()["excitement"]
    (['price'], ['brand'])
    """
    where = "penalty_reward"
    data = _frame(data, where)
    check_alpha(alpha, func=where)
    low, high = _boxes(low, "low"), _boxes(high, "high")
    cols = _rating_columns(data, attributes, where)
    if overall in cols:
        raise CxParameterError(f"{where}: overall={overall!r} is also listed as an attribute")
    ratings = _numeric(data, cols, where)
    y = _numeric(data, [overall], where)[overall]
    design, labels = _dummies(ratings, low, high, where)
    if len(data) <= design.shape[1] + 1:
        raise CxEmptyDataError(
            f"{where}: {len(data)} rows for {design.shape[1] + 1} coefficients; need more respondents"
        )

    import statsmodels.api as sm

    x = sm.add_constant(design, has_constant="add")
    model = sm.OLS(y, x).fit()
    ci = model.conf_int(alpha=alpha)
    vif = _vif(design)
    rows = []
    for lab in labels:
        lo, hi = f"{lab}_low", f"{lab}_high"
        contrast = np.zeros(len(x.columns))
        contrast[list(x.columns).index(lo)] = 1.0
        contrast[list(x.columns).index(hi)] = 1.0
        asym = model.t_test(contrast)
        rows.append(
            {
                "attribute": lab,
                "n_low": int(design[lo].sum()),
                "n_high": int(design[hi].sum()),
                "penalty": -model.params[lo],
                "penalty_ci_low": -ci.loc[lo, 1],
                "penalty_ci_high": -ci.loc[lo, 0],
                "penalty_p": model.pvalues[lo],
                "reward": model.params[hi],
                "reward_ci_low": ci.loc[hi, 0],
                "reward_ci_high": ci.loc[hi, 1],
                "reward_p": model.pvalues[hi],
                "asymmetry_p": float(np.asarray(asym.pvalue).ravel()[0]),
                "vif_low": vif[lo],
                "vif_high": vif[hi],
            }
        )
    table = pd.DataFrame(rows)
    table["asymmetry_p_adjusted"] = _holm(table["asymmetry_p"].to_numpy())
    table["flag"] = _prca_flags(table, alpha)
    table["category"] = [_prca_category(r, alpha) for r in table.itertuples()]
    table["factor"] = table["category"].map(FACTOR_TYPES)
    order = ["attribute", "n_low", "n_high", "penalty", "penalty_ci_low", "penalty_ci_high", "penalty_p",
             "reward", "reward_ci_low", "reward_ci_high", "reward_p", "asymmetry_p", "asymmetry_p_adjusted",
             "vif_low", "vif_high", "category", "factor", "flag"]
    table = table[order]
    import warnings

    flagged = table.loc[table["flag"] != ""]
    if len(flagged):
        warnings.warn(
            f"{where}: not classified, because a significant effect has the sign the model rules out: "
            + "; ".join(f"{r.attribute} ({r.flag})" for r in flagged.itertuples())
            + "; check for a reversed scale or a coding error",
            CxDataWarning,
            stacklevel=2,
        )
    high_vif = table.loc[(table["vif_low"] > max_vif) | (table["vif_high"] > max_vif), "attribute"].tolist()
    if high_vif:
        warnings.warn(
            f"{where}: variance inflation factor above {max_vif:g} for {high_vif}; these ratings move "
            "together, so their penalties and rewards are imprecise -- consider combining them",
            CxDataWarning,
            stacklevel=2,
        )
    return PenaltyRewardResult(
        table=table, n=int(model.nobs), r_squared=float(model.rsquared), overall=overall,
        low=low, high=high, alpha=alpha, model=model,
    )


def _prca_flags(table: pd.DataFrame, alpha: float) -> list[str]:
    """Why the signs rule each attribute out of the classification ("" when they do not).

    One-sided tests of a negative penalty and of a negative reward, Holm-adjusted over all
    attributes and both effects, so that on data that follow the model the chance of any
    flag is at most ``alpha``.
    """
    one_sided = np.concatenate([
        np.where(table["penalty"] < 0, table["penalty_p"] / 2, 1 - table["penalty_p"] / 2),
        np.where(table["reward"] < 0, table["reward_p"] / 2, 1 - table["reward_p"] / 2),
    ])
    adjusted = _holm(one_sided)
    k = len(table)
    flags = []
    for i, r in enumerate(table.itertuples()):
        problems = []
        if adjusted[i] < alpha:
            problems.append(f"penalty {r.penalty:+.2f}: rated poorly, satisfaction rises")
        if adjusted[k + i] < alpha:
            problems.append(f"reward {r.reward:+.2f}: rated well, satisfaction falls")
        flags.append("; ".join(problems))
    return flags


def _prca_category(r: Any, alpha: float) -> str:
    if r.flag:
        return "contradicts the model"
    if r.asymmetry_p_adjusted < alpha:
        if r.penalty > r.reward and r.penalty_p < alpha:
            return "basic"
        if r.reward > r.penalty and r.reward_p < alpha:
            return "excitement"
    if r.penalty_p < alpha or r.reward_p < alpha:
        return "performance"
    return "no clear effect"


# ------------------------------------------------------------------ impact asymmetry


@dataclass(frozen=True, repr=False)
class ImpactAsymmetryResult(_TableResult):
    """Impact-asymmetry analysis: one row per attribute.

    Attributes
    ----------
    table : DataFrame
        ``attribute``, ``penalty``, ``reward``, ``impact_range`` (penalty + reward,
        Mikulić & Prebežac's RIOCS), ``satisfaction_potential`` (SGP),
        ``dissatisfaction_potential`` (DGP), ``impact_asymmetry`` (SGP - DGP, from -1 =
        pure dissatisfier to +1 = pure satisfier), ``ci_low``, ``ci_high`` (bootstrap
        percentile interval) and ``category`` (dissatisfier / hybrid / satisfier).
    n : int
        Respondents.
    n_boot : int
        Bootstrap resamples.
    confidence : float
        Level of the intervals.
    seed : int
        Seed of the bootstrap.
    """

    table: pd.DataFrame
    n: int
    n_boot: int
    confidence: float
    seed: int

    def report_table(self, *, lang: str = "en") -> pd.DataFrame:
        """Penalty, reward and the impact-asymmetry index with its bootstrap interval, in words.

        ``lang="ru"`` gives the headers and the categorical cells in Russian
        (:func:`localise_table`); attribute names and numbers stay as they are.

        Examples
        --------
        >>> import numpy as np, pandas as pd
        >>> rng = np.random.default_rng(1)
        >>> df = pd.DataFrame({"rating_price": rng.integers(1, 6, 400)})
        >>> df["overall_satisfaction"] = 6 - 2.0 * (df.rating_price <= 2) + rng.normal(0, 1, 400)
        >>> impact_asymmetry(df, n_boot=200).report_table()["Reading"].tolist()
        ['dissatisfier (hygiene factor)']
        """
        t = self.table
        words = {"dissatisfier": "dissatisfier (hygiene factor)", "satisfier": "satisfier (motivator)",
                 "hybrid": "hybrid (performance factor)"}
        table = pd.DataFrame(
            {
                "Attribute": [_display(a) for a in t["attribute"]],
                "Penalty (points lost)": t["penalty"].round(2),
                "Reward (points gained)": t["reward"].round(2),
                "Impact asymmetry (-1 to +1)": t["impact_asymmetry"].round(2),
                f"{self.confidence:.0%} bootstrap interval": _interval(t["ci_low"], t["ci_high"]),
                "Reading": [words.get(c, c) for c in t["category"]],
            }
        )
        return localise_table(table, lang=lang)

    def __repr__(self) -> str:
        parts = [
            f"{r.attribute}={r.impact_asymmetry:+.2f} [{r.ci_low:+.2f}, {r.ci_high:+.2f}]"
            for r in self.table.itertuples()
        ]
        return f"ImpactAsymmetryResult(n={self.n}, n_boot={self.n_boot}, {', '.join(parts)})"

    def factor_types(self) -> dict[str, str]:
        """Attribute -> hygiene / performance / motivator, read from the index's interval."""
        conv = {"dissatisfier": "hygiene", "satisfier": "motivator", "hybrid": "performance"}
        return {a: conv[c] for a, c in zip(self.table["attribute"], self.table["category"])}

    def describe(self) -> str:
        """One sentence: which attributes are dissatisfiers and which satisfiers."""
        g = {c: join_names(a, empty="none")
             for c, a in _names_by(self.table, "category", ("dissatisfier", "satisfier", "hybrid")).items()}
        return (
            f"By the impact-asymmetry index ({format_number(self.n)} respondents, {format_percent(self.confidence)} "
            f"bootstrap intervals), dissatisfiers: {g['dissatisfier']}; satisfiers: {g['satisfier']}; "
            f"hybrids: {g['hybrid']}."
        )


def _ia_from_coefs(b_low: np.ndarray, b_high: np.ndarray) -> np.ndarray:
    penalty, reward = np.abs(b_low), np.abs(b_high)
    rng_ = penalty + reward
    with np.errstate(invalid="ignore", divide="ignore"):
        return (reward - penalty) / rng_


def impact_asymmetry(
    data: pd.DataFrame,
    *,
    attributes: Sequence[str] | None = None,
    overall: str = "overall_satisfaction",
    low: Sequence[float] = (1, 2),
    high: Sequence[float] = (4, 5),
    n_boot: int = 1000,
    confidence: float = 0.95,
    seed: int = 0,
) -> ImpactAsymmetryResult:
    """Impact-asymmetry index with bootstrap intervals.

    From the penalty-reward regression (see :func:`penalty_reward`), with
    penalty ``P = |b_low|`` and reward ``R = |b_high|``:

    - range of impact on overall satisfaction ``RIOCS = P + R``;
    - satisfaction-generating potential ``SGP = R / RIOCS``;
    - dissatisfaction-generating potential ``DGP = P / RIOCS``;
    - impact asymmetry ``IA = SGP - DGP``, between -1 (only costs when poor: a
      pure dissatisfier, hygiene) and +1 (only adds when good: a pure satisfier,
      motivator); 0 is a perfect hybrid.

    The interval is the bootstrap percentile interval over ``n_boot`` resamples
    of respondents (seeded). Category: **dissatisfier** when the whole interval
    is below 0, **satisfier** when it is above 0, **hybrid** otherwise.

    Parameters
    ----------
    data : DataFrame
        One row per respondent.
    attributes, overall, low, high
        As in :func:`penalty_reward`.
    n_boot : int, default 1000
        Bootstrap resamples.
    confidence : float, default 0.95
        Coverage of the interval.
    seed : int, default 0
        Seed of the bootstrap's random generator.

    Returns
    -------
    ImpactAsymmetryResult

    References
    ----------
    Mikulić, J. & Prebežac, D. (2008). Prioritizing improvement of service
    attributes using impact range-performance analysis and impact-asymmetry
    analysis. *Managing Service Quality* 18(6), 559-576.
    Efron, B. & Tibshirani, R. (1993). *An Introduction to the Bootstrap*, ch. 13
    (percentile interval).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(2)
    >>> df = pd.DataFrame({"rating_price": rng.integers(1, 6, 500)})
    >>> df["overall_satisfaction"] = 6 - 2.0 * (df.rating_price <= 2) + rng.normal(0, 1, 500)
    >>> res = impact_asymmetry(df, n_boot=200, seed=3)
    >>> res.table.loc[0, "category"], bool(res.table.loc[0, "impact_asymmetry"] < -0.8)
    ('dissatisfier', True)
    """
    where = "impact_asymmetry"
    data = _frame(data, where)
    check_whole_number(n_boot, func=where, name="n_boot", minimum=10)
    _z(confidence, where)
    low, high = _boxes(low, "low"), _boxes(high, "high")
    cols = _rating_columns(data, attributes, where)
    ratings = _numeric(data, cols, where)
    y = _numeric(data, [overall], where)[overall].to_numpy()
    design, labels = _dummies(ratings, low, high, where)
    x = np.column_stack([np.ones(len(design)), design.to_numpy()])
    if len(y) <= x.shape[1]:
        raise CxEmptyDataError(f"{where}: {len(y)} rows for {x.shape[1]} coefficients; need more respondents")
    coef = np.linalg.lstsq(x, y, rcond=None)[0][1:]
    b_low, b_high = coef[0::2], coef[1::2]
    ia = _ia_from_coefs(b_low, b_high)

    rng = np.random.default_rng(seed)
    n = len(y)
    boot = np.empty((n_boot, len(labels)))
    for b in range(n_boot):
        # resampling rows = weighting each row by how often it was drawn; solving the
        # weighted normal equations is much faster than refitting on the copied rows
        w = np.bincount(rng.integers(0, n, n), minlength=n).astype(float)
        xw = x * w[:, None]
        try:
            cb = np.linalg.solve(xw.T @ x, xw.T @ y)[1:]
        except np.linalg.LinAlgError:  # a box empty in this resample
            cb = np.linalg.lstsq(x * np.sqrt(w)[:, None], y * np.sqrt(w), rcond=None)[0][1:]
        boot[b] = _ia_from_coefs(cb[0::2], cb[1::2])
    tail = (1 - confidence) / 2
    ci_low = np.nanquantile(boot, tail, axis=0)
    ci_high = np.nanquantile(boot, 1 - tail, axis=0)
    penalty, reward = np.abs(b_low), np.abs(b_high)
    table = pd.DataFrame(
        {
            "attribute": labels,
            "penalty": penalty,
            "reward": reward,
            "impact_range": penalty + reward,
            "satisfaction_potential": reward / (penalty + reward),
            "dissatisfaction_potential": penalty / (penalty + reward),
            "impact_asymmetry": ia,
            "ci_low": ci_low,
            "ci_high": ci_high,
        }
    )
    table["category"] = np.where(
        table["ci_high"] < 0, "dissatisfier", np.where(table["ci_low"] > 0, "satisfier", "hybrid")
    )
    return ImpactAsymmetryResult(table=table, n=n, n_boot=int(n_boot), confidence=confidence, seed=seed)


# ---------------------------------------------------------------------------- Kano

_KANO_ANSWERS = ("like", "expect", "neutral", "tolerate", "dislike")

#: How questionnaires word the five Kano answers (lower case, after :func:`_kano_key`):
#: English and Russian labels and the codes 1-5, each mapped to its canonical answer.
_KANO_LABELS: dict[str, str] = {
    # canonical codes and English questionnaire labels (Kano et al. 1984; Berger et al. 1993)
    "like": "like", "i like it": "like", "i like it that way": "like",
    "expect": "expect", "i expect it": "expect", "must be": "expect", "must-be": "expect",
    "it must be that way": "expect", "it must be": "expect",
    "neutral": "neutral", "i am neutral": "neutral", "i'm neutral": "neutral",
    "i don't care": "neutral", "i do not care": "neutral",
    "tolerate": "tolerate", "i can tolerate it": "tolerate", "i can live with it": "tolerate",
    "i can live with it that way": "tolerate",
    "dislike": "dislike", "i dislike it": "dislike", "i dislike it that way": "dislike",
    # common Russian labels
    "мне нравится": "like", "нравится": "like",
    "так и должно быть": "expect", "я этого ожидаю": "expect", "это обязательно": "expect",
    "мне все равно": "neutral", "нейтрально": "neutral", "мне безразлично": "neutral",
    "могу смириться": "tolerate", "могу с этим мириться": "tolerate",
    "могу с этим смириться": "tolerate", "я могу с этим мириться": "tolerate",
    "мне не нравится": "dislike", "не нравится": "dislike",
    # numeric codes
    "1": "like", "2": "expect", "3": "neutral", "4": "tolerate", "5": "dislike",
}


def _kano_key(value: Any) -> str:
    """Lower-case, fold ё to е, unify apostrophes, collapse spaces, drop end punctuation."""
    import re
    import unicodedata

    text = unicodedata.normalize("NFKC", str(value)).strip().lower()
    text = text.replace("ё", "е").replace("\u2019", "'").replace("`", "'")
    text = re.sub(r"\s+", " ", text).strip(" .!;:")
    if re.fullmatch(r"[1-5]\.0+", text):  # codes read as floats (3.0)
        text = text[0]
    return text


def _kano_code(value: Any) -> str | None:
    """Canonical answer for one questionnaire answer, or None when it is not recognised."""
    return _KANO_LABELS.get(_kano_key(value))


def normalise_kano_answers(values: pd.Series) -> pd.Series:
    """Map Kano questionnaire answers to the canonical codes.

    The functional and dysfunctional questions of a Kano questionnaire are answered on
    the same five-point list. Exports label the answers differently (English or
    Russian wording, numeric codes); this maps all of them to ``"like"``,
    ``"expect"``, ``"neutral"``, ``"tolerate"``, ``"dislike"``.

    Accepted, case- and space-insensitive:

    - English labels: *I like it*, *I expect it* (also *It must be that way*),
      *I am neutral*, *I can tolerate it* (also *I can live with it*), *I dislike it*;
    - Russian labels: *Мне нравится*; *Так и должно быть* / *Я этого ожидаю* /
      *Это обязательно*; *Мне всё равно* / *Нейтрально*; *Могу смириться* /
      *Могу с этим мириться*; *Мне не нравится*;
    - codes 1-5 (numbers or text): 1 = like, 2 = expect, 3 = neutral, 4 = tolerate,
      5 = dislike;
    - the canonical codes themselves.

    Parameters
    ----------
    values : Series
        Raw answers. Missing values stay missing.

    Returns
    -------
    Series
        Canonical codes (text), same index and name as ``values``.

    Raises
    ------
    CxDataError
        If any answer is not recognised; the message lists the unknown answers, how
        often each occurs and the first rows where they occur.

    References
    ----------
    Kano, N., Seraku, N., Takahashi, F. & Tsuji, S. (1984). Attractive quality and
    must-be quality. *Journal of the Japanese Society for Quality Control*, 14(2), 39-48.
    Berger, C. et al. (1993). Kano's methods for understanding customer-defined
    quality. *Center for Quality Management Journal*, 2(4), 3-36 (answer wording, p. 6).

    Examples
    --------
    >>> import pandas as pd
    >>> normalise_kano_answers(pd.Series(["I like it", "мне всё равно", 5, " i CAN live with it "])).tolist()
    ['like', 'neutral', 'dislike', 'tolerate']
    """
    if not isinstance(values, pd.Series):
        values = pd.Series(values)
    present = values[values.notna()]
    # each distinct answer is looked up once: questionnaires repeat a handful of labels
    lookup = {v: _kano_code(v) for v in pd.unique(present.to_numpy(dtype=object))}
    codes = present.map(lookup)
    unknown: dict[str, list] = {}
    for label, value in present[codes.isna()].items():
        unknown.setdefault(str(value), []).append(label)
    if unknown:
        parts = [
            f"{answer!r} ({len(rows)}x, rows {', '.join(map(str, rows[:5]))}{', ...' if len(rows) > 5 else ''})"
            for answer, rows in list(unknown.items())[:10]
        ]
        more = f" and {len(unknown) - 10} more" if len(unknown) > 10 else ""
        name = f"column {values.name!r}: " if values.name is not None else ""
        raise CxDataError(
            f"{name}{len(unknown)} unrecognised Kano answer(s): {'; '.join(parts)}{more}. "
            "Expected one of: I like it, I expect it, I am neutral, I can tolerate it, "
            "I dislike it (or the Russian labels, or codes 1-5)."
        )
    return codes.reindex(values.index).astype("str").rename(values.name)


#: Kano evaluation table (Berger et al. 1993, Table 2): rows = answer to the functional
#: question, columns = answer to the dysfunctional question.
KANO_TABLE = pd.DataFrame(
    [
        ["Q", "A", "A", "A", "O"],
        ["R", "I", "I", "I", "M"],
        ["R", "I", "I", "I", "M"],
        ["R", "I", "I", "I", "M"],
        ["R", "R", "R", "R", "Q"],
    ],
    index=pd.Index(_KANO_ANSWERS, name="functional"),
    columns=pd.Index(_KANO_ANSWERS, name="dysfunctional"),
)

#: Plain-language names of the Kano categories.
KANO_CATEGORY_NAMES = {
    "A": "attractive (excitement, motivator)",
    "O": "one-dimensional (performance)",
    "M": "must-be (basic, hygiene)",
    "I": "indifferent",
    "R": "reverse",
    "Q": "questionable",
}
_KANO_FACTOR = {"A": "motivator", "O": "performance", "M": "hygiene", "I": "unclear", "R": "unclear", "Q": "unclear"}
_KANO_CATS = ("A", "O", "M", "I", "R", "Q")


def kano_category(functional: str, dysfunctional: str) -> str:
    """Kano category (A, O, M, I, R or Q) of one pair of canonical answers.

    Answers are the canonical labels ``like``, ``expect``, ``neutral``,
    ``tolerate``, ``dislike`` (use :func:`normalise_kano_answers` to
    get them from questionnaire text or codes).

    Parameters
    ----------
    functional : str
        Answer to "how do you feel if the attribute is well provided?".
    dysfunctional : str
        Answer to "how do you feel if it is poorly provided?".

    Returns
    -------
    str
        One letter: A (attractive), O (one-dimensional), M (must-be), I (indifferent),
        R (reverse) or Q (questionable).

    Raises
    ------
    CxDataError
        An answer is not one of the five canonical labels.

    References
    ----------
    Berger, C. et al. (1993). Kano's methods for understanding
    customer-defined quality. *Center for Quality Management Journal* 2(4), 3-36,
    Table 2 (the Kano evaluation table).

    Examples
    --------
    >>> kano_category("like", "dislike"), kano_category("expect", "dislike"), kano_category("like", "neutral")
    ('O', 'M', 'A')
    """
    try:
        return str(KANO_TABLE.loc[functional, dysfunctional])
    except KeyError:
        raise CxDataError(
            f"kano_category: answers must be one of {list(_KANO_ANSWERS)}, got "
            f"functional={functional!r}, dysfunctional={dysfunctional!r}"
        ) from None


@dataclass(frozen=True)
class FongTest(Result):
    """Result of Fong's test of the two most frequent Kano categories.

    Attributes
    ----------
    first, second : str
        The most frequent category and the runner-up.
    count_first, count_second : int
        Their counts.
    n : int
        Answers for the attribute.
    critical_difference : float
        Fong's Q.
    significant : bool
        Whether ``count_first - count_second`` exceeds Q.
    """

    first: str
    second: str
    count_first: int
    count_second: int
    n: int
    critical_difference: float
    significant: bool

    def to_frame(self) -> pd.DataFrame:
        """One-row table."""
        return pd.DataFrame([self.__dict__])

    def report_table(self, *, lang: str = "en") -> pd.DataFrame:
        """The test with plain headers."""
        table = pd.DataFrame({
            "Leading category": [f"{self.first} ({self.count_first})"],
            "Runner-up": [f"{self.second} ({self.count_second})"],
            "Answers": [self.n],
            "Critical difference": [round(self.critical_difference, 2)],
            "Clearly ahead": ["yes" if self.significant else "no"],
        })
        return localise_table(table, lang=lang)

    def describe(self) -> str:
        """One sentence: is the leading category clearly ahead?"""
        verdict = "clearly ahead of" if self.significant else "not clearly ahead of"
        return (f"{self.first} ({self.count_first} of {self.n}) is {verdict} {self.second} ({self.count_second}): "
                f"the difference must exceed {format_number(self.critical_difference, digits=1)}.")


def fong_test(count_first: int, count_second: int, n: int, *, first: str = "1st", second: str = "2nd",
              alpha: float = 0.10) -> FongTest:
    """Fong's test: is the most frequent Kano category really ahead of the runner-up?

    The difference ``|a - b|`` of the two largest category counts is significant
    when it exceeds ``Q = z * sqrt((a + b) * (2n - a - b) / (2n))`` with ``n`` the
    number of answers and ``z`` the two-sided normal quantile for ``alpha``
    (``alpha = 0.10`` gives Fong's 1.65).

    Parameters
    ----------
    count_first, count_second : int
        Counts of the most frequent and the second most frequent category.
    n : int
        Number of answers for the attribute.
    first, second : str
        Names of the two categories (for the result's display).
    alpha : float, default 0.10
        Significance level (Fong used 0.10).

    Returns
    -------
    FongTest
        ``difference``, ``critical_difference`` and ``significant``.

    References
    ----------
    Fong, D. (1996). Using the self-stated importance questionnaire to interpret
    Kano's model. *Center for Quality Management Journal* 5(3), 21-24.

    Examples
    --------
    >>> t = fong_test(60, 30, 100)
    >>> round(t.critical_difference, 2), t.significant
    (11.57, True)
    """
    check_alpha(alpha, func="fong_test")
    a, b, n = int(count_first), int(count_second), int(n)
    if n <= 0 or a < 0 or b < 0 or a + b > n:
        raise CxParameterError(f"fong_test: need 0 <= a, b and a + b <= n > 0, got a={a}, b={b}, n={n}")
    z = float(stats.norm.isf(alpha / 2))
    q = z * np.sqrt((a + b) * (2 * n - a - b) / (2 * n))
    return FongTest(first, second, a, b, n, float(q), bool(abs(a - b) > q))


@dataclass(frozen=True, repr=False)
class KanoResult(_TableResult):
    """Kano evaluation: one row per attribute.

    Attributes
    ----------
    table : DataFrame
        ``attribute``, ``n``, counts ``A O M I R Q``, shares ``share_A`` ...
        ``share_Q``, ``dominant``, ``runner_up``, ``fong_q`` (critical difference),
        ``fong_significant``, ``category`` (the dominant category when Fong's test says
        it is ahead, otherwise ``"A/O"``-style mixed), ``factor`` (hygiene / performance
        / motivator / unclear), ``better`` and ``worse`` (Berger's coefficients;
        ``worse`` is negative by convention).
    answers : DataFrame
        The per-answer categories.
    alpha : float
        Level of Fong's test.
    """

    table: pd.DataFrame
    answers: pd.DataFrame = field(compare=False)
    alpha: float = 0.10

    def report_table(self, *, lang: str = "en") -> pd.DataFrame:
        """Category shares (%), the winning category and Better/Worse, with plain column names.

        ``lang="ru"`` gives the headers and the categorical cells in Russian
        (:func:`localise_table`); attribute names and numbers stay as they are.

        Examples
        --------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"attribute": ["price"] * 4, "functional": ["expect"] * 4,
        ...                    "dysfunctional": ["dislike"] * 4})
        >>> kano_categories(df).report_table()[["Attribute", "Must-be (%)", "Category"]]
          Attribute  Must-be (%)           Category
        0     price        100.0  must-be (hygiene)
        """
        t = self.table
        names = {"A": "attractive (motivator)", "O": "one-dimensional (performance)", "M": "must-be (hygiene)",
                 "I": "indifferent", "R": "reverse", "Q": "questionable"}
        table = pd.DataFrame(
            {
                "Attribute": [_display(a) for a in t["attribute"]],
                "Answers": t["n"],
                "Attractive (%)": (100 * t["share_A"]).round(1),
                "One-dimensional (%)": (100 * t["share_O"]).round(1),
                "Must-be (%)": (100 * t["share_M"]).round(1),
                "Indifferent (%)": (100 * t["share_I"]).round(1),
                "Category": [names.get(c, f"mixed ({c})") for c in t["category"]],
                "Clearly ahead of runner-up (Fong)": np.where(t["fong_significant"], "yes", "no"),
                "Better": t["better"].round(2),
                "Worse": t["worse"].round(2),
            }
        )
        return localise_table(table, lang=lang)

    def __repr__(self) -> str:
        parts = [f"{r.attribute}={r.category} (better {r.better:.2f}, worse {r.worse:.2f})"
                 for r in self.table.itertuples()]
        return f"KanoResult(n_answers={len(self.answers)}, {', '.join(parts)})"

    def by_factor(self) -> dict[str, list[str]]:
        """Attributes grouped by factor type (hygiene, performance, motivator, unclear)."""
        return _names_by(self.table, "factor", ("hygiene", "performance", "motivator", "unclear"))

    def describe(self) -> str:
        """One sentence: must-be, attractive and one-dimensional attributes."""
        g = self.by_factor()
        return (
            f"By the Kano questionnaire ({format_number(int(self.table['n'].max()))} answers per attribute at most), "
            f"must-be (hygiene): {join_names(g['hygiene'], empty='none')}; attractive (motivators): "
            f"{join_names(g['motivator'], empty='none')}; one-dimensional: {join_names(g['performance'], empty='none')}; "
            f"unclear: {join_names(g['unclear'], empty='none')}."
        )


def kano_categories(
    data: pd.DataFrame,
    *,
    attribute: str = "attribute",
    functional: str = "functional",
    dysfunctional: str = "dysfunctional",
    alpha: float = 0.10,
) -> KanoResult:
    """Evaluate a Kano questionnaire: category shares, dominant category, Better/Worse.

    Every pair of answers (functional = "if the attribute is well provided",
    dysfunctional = "if it is poorly provided") is mapped through the Kano
    evaluation table :data:`KANO_TABLE` to A (attractive), O (one-dimensional),
    M (must-be), I (indifferent), R (reverse) or Q (questionable). Per attribute:

    - category counts and shares;
    - the dominant category and the runner-up, with Fong's (1996) test of
      whether the dominant one is significantly ahead (:func:`fong_test`);
    - Better ``= (A + O) / (A + O + M + I)`` and Worse
      ``= -(O + M) / (A + O + M + I)`` (Berger et al. 1993).

    Answers may be English or Russian questionnaire labels or codes 1-5; they are
    normalised with :func:`normalise_kano_answers`.

    Parameters
    ----------
    data : DataFrame
        Long format: one row per respondent x attribute.
    attribute, functional, dysfunctional : str
        Column names.
    alpha : float, default 0.10
        Level of Fong's test (0.10 reproduces Fong's constant 1.65).

    Returns
    -------
    KanoResult

    Raises
    ------
    CxDataError
        Answers that are missing or not recognisable (rows named).

    References
    ----------
    Kano, N., Seraku, N., Takahashi, F. & Tsuji, S. (1984). Attractive quality and
    must-be quality. *Journal of the Japanese Society for Quality Control* 14(2), 39-48.
    Berger, C. et al. (1993). Kano's methods for understanding customer-defined
    quality. *Center for Quality Management Journal* 2(4), 3-36.
    Fong, D. (1996). Using the self-stated importance questionnaire to interpret
    Kano's model. *Center for Quality Management Journal* 5(3), 21-24.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"attribute": ["price"] * 4,
    ...                    "functional": ["expect", "expect", "neutral", "like"],
    ...                    "dysfunctional": ["dislike", "dislike", "dislike", "dislike"]})
    >>> res = kano_categories(df)
    >>> r = res.table.iloc[0]
    >>> r["dominant"], int(r["M"]), int(r["O"]), float(r["better"]), float(r["worse"])
    ('M', 3, 1, 0.25, -1.0)
    """
    where = "kano_categories"
    data = _frame(data, where)
    check_alpha(alpha, func=where)
    require_columns(data, [attribute, functional, dysfunctional], func=where)
    answers = pd.DataFrame({"attribute": data[attribute]}, index=data.index)
    bad_attr = data[attribute].isna().to_numpy()
    if bad_attr.any():
        raise CxDataError(f"{where}: column {attribute!r} is empty at rows {rows_preview(data.index[bad_attr])}")
    for col, name in ((functional, "functional"), (dysfunctional, "dysfunctional")):
        raw = data[col]
        try:
            norm = normalise_kano_answers(raw)
        except CxDataError as exc:
            raise CxDataError(f"{where}: {exc}") from exc
        norm = pd.Series(norm, index=data.index)
        bad = (norm.isna() | ~norm.isin(_KANO_ANSWERS)).to_numpy()
        if bad.any():
            raise CxDataError(
                f"{where}: column {col!r} has answers that are not Kano answers at rows "
                f"{rows_preview(data.index[bad])}: {list(raw[bad].head(3))}; expected one of {list(_KANO_ANSWERS)} "
                "(English or Russian labels, or codes 1-5)"
            )
        answers[name] = norm.astype(str)
    lookup = {(f, d): KANO_TABLE.loc[f, d] for f in _KANO_ANSWERS for d in _KANO_ANSWERS}
    answers["category"] = [lookup[(f, d)] for f, d in zip(answers["functional"], answers["dysfunctional"])]

    counts = (
        pd.crosstab(answers["attribute"], answers["category"])
        .reindex(columns=list(_KANO_CATS), fill_value=0)
        .astype(int)
    )
    counts = counts.reindex(pd.unique(answers["attribute"]))
    rows = []
    for att, c in counts.iterrows():
        n = int(c.sum())
        # stable order: ties broken by the A, O, M, I, R, Q order
        ranked = sorted(_KANO_CATS, key=lambda k: (-c[k], _KANO_CATS.index(k)))
        first, second = ranked[0], ranked[1]
        ft = fong_test(c[first], c[second], n, first=first, second=second, alpha=alpha)
        aomi = c["A"] + c["O"] + c["M"] + c["I"]
        row = {"attribute": att, "n": n}
        row.update({k: int(c[k]) for k in _KANO_CATS})
        row.update({f"share_{k}": c[k] / n for k in _KANO_CATS})
        row.update(
            {
                "dominant": first,
                "runner_up": second,
                "fong_q": ft.critical_difference,
                "fong_significant": ft.significant,
                "category": first if ft.significant else f"{first}/{second}",
                "factor": _KANO_FACTOR[first] if ft.significant else "unclear",
                "better": (c["A"] + c["O"]) / aomi if aomi else np.nan,
                "worse": -(c["O"] + c["M"]) / aomi if aomi else np.nan,
            }
        )
        rows.append(row)
    table = pd.DataFrame(rows)
    return KanoResult(table=table, answers=answers, alpha=alpha)


# ------------------------------------------------------------- importance-performance


_QUADRANTS = {
    (True, False): "Concentrate here",
    (True, True): "Keep up the good work",
    (False, False): "Low priority",
    (False, True): "Possible overkill",
}


@dataclass(frozen=True, repr=False)
class ImportancePerformanceResult(_TableResult):
    """Importance-performance analysis: one row per attribute.

    Attributes
    ----------
    table : DataFrame
        ``attribute``, ``performance`` (mean rating) with ``performance_ci_low/high``,
        ``importance`` with ``importance_ci_low/high``, ``quadrant``, ``gap`` with
        ``gap_ci_low/high`` (see :func:`importance_performance`).
    importance_kind : str
        ``"stated"`` or the kind of derived importance.
    performance_crosshair, importance_crosshair : float
        Where the grid is split.
    gap_meaning : str
        What ``gap`` measures.
    scale : (float, float)
        The rating scale.
    n : int
        Respondents.
    confidence : float
        Level of the intervals.
    """

    table: pd.DataFrame
    importance_kind: str
    performance_crosshair: float
    importance_crosshair: float
    gap_meaning: str
    scale: tuple[float, float]
    n: int
    confidence: float = 0.95

    def report_table(self, *, lang: str = "en") -> pd.DataFrame:
        """Performance, importance, quadrant and gap with intervals, in plain column names.

        ``lang="ru"`` gives the headers and the categorical cells in Russian
        (:func:`localise_table`); attribute names and numbers stay as they are.

        Examples
        --------
        >>> import numpy as np, pandas as pd
        >>> rng = np.random.default_rng(4)
        >>> df = pd.DataFrame({"rating_price": rng.integers(1, 6, 100), "rating_brand": rng.integers(1, 6, 100)})
        >>> df["overall_satisfaction"] = df.rating_price + rng.normal(0, 1, 100)
        >>> list(importance_performance(df).report_table().columns)[:3]
        ['Attribute', 'Performance (average 1-5)', 'Performance 95% CI']
        """
        t = self.table
        lo, hi = self.scale
        level = f"{self.confidence:.0%}"
        if self.importance_kind == "stated":
            imp = f"Importance (stated, average {lo:g}-{hi:g})"
        elif "correlation" in self.importance_kind:
            imp = "Importance (correlation with overall)"
        else:
            imp = "Importance (share of explained variance)"
        table = pd.DataFrame(
            {
                "Attribute": [_display(a) for a in t["attribute"]],
                f"Performance (average {lo:g}-{hi:g})": t["performance"].round(2),
                f"Performance {level} CI": _interval(t["performance_ci_low"], t["performance_ci_high"]),
                imp: t["importance"].round(2),
                f"Importance {level} CI": _interval(t["importance_ci_low"], t["importance_ci_high"]),
                "Quadrant": t["quadrant"],
                "Gap": t["gap"].round(2),
                f"Gap {level} CI": _interval(t["gap_ci_low"], t["gap_ci_high"]),
            }
        )
        return localise_table(table, lang=lang)

    def __repr__(self) -> str:
        g = _names_by(self.table, "quadrant", _QUADRANTS.values())
        return (
            f"ImportancePerformanceResult(n={self.n}, importance={self.importance_kind!r}, "
            + ", ".join(f"{q}=[{_fmt_list(v)}]" for q, v in g.items())
            + ")"
        )

    def describe(self) -> str:
        """One sentence: what lands in "Concentrate here"."""
        t = self.table
        return (
            f"With {self.importance_kind} importance ({format_number(self.n)} respondents), concentrate on "
            f"{join_names(t.loc[t.quadrant == 'Concentrate here', 'attribute'], empty='nothing')}; possible overkill: "
            f"{join_names(t.loc[t.quadrant == 'Possible overkill', 'attribute'], empty='none')}."
        )


def importance_performance(
    data: pd.DataFrame,
    *,
    attributes: Sequence[str] | None = None,
    overall: str | None = "overall_satisfaction",
    importance: str = "derived",
    derived_method: str = "correlation",
    importance_prefix: str = "importance_",
    crosshairs: str = "means",
    scale: tuple[float, float] = (1, 5),
    confidence: float = 0.95,
    n_boot: int = 500,
    seed: int = 0,
) -> ImportancePerformanceResult:
    """Importance-performance analysis: where to concentrate, where we may overdo it.

    Performance is the mean rating of each attribute (t interval). Importance is

    - ``"stated"``: the mean of the ``importance_<attribute>`` column (t interval);
    - ``"derived"`` with ``derived_method="correlation"``: Pearson correlation of the
      rating with ``overall`` (Fisher-z interval);
    - ``"derived"`` with ``derived_method="relative_weights"``: each attribute's share of
      the explained variance (:func:`cxtools.survey.relative_weights`: the exact LMG
      decomposition for up to 12 attributes, Johnson's (2000) weights beyond; bootstrap
      percentile interval).

    Crosshairs split the grid into Martilla & James' quadrants: "Concentrate
    here" (important, low performance), "Keep up the good work", "Low
    priority", "Possible overkill". ``crosshairs="means"`` puts them at the
    mean over attributes; ``"midpoint"`` at the scale midpoint (for derived
    importance, which has no scale, the importance crosshair is then still the mean).

    The **gap** is, for stated importance, performance minus importance per
    respondent (negative = the attribute delivers less than customers say it
    matters; paired t interval); for derived importance, performance minus the
    performance crosshair (t interval).

    Parameters
    ----------
    data : DataFrame
        One row per respondent.
    attributes : list of str, optional
        Rating columns; default every ``rating_*`` column.
    overall : str, optional
        Overall satisfaction column, needed for derived importance.
    importance : {"derived", "stated"}
    derived_method : {"correlation", "relative_weights"}
    importance_prefix : str, default "importance_"
        Stated importance of ``rating_price`` is read from ``importance_price``.
    crosshairs : {"means", "midpoint"}
    scale : (float, float), default (1, 5)
        Rating scale; ratings (and stated importances) outside it are an error.
    confidence : float, default 0.95
    n_boot, seed : int
        Bootstrap resamples and seed (relative weights only).

    Returns
    -------
    ImportancePerformanceResult

    References
    ----------
    Martilla, J. A. & James, J. C. (1977). Importance-performance analysis.
    *Journal of Marketing* 41(1), 77-79.
    Johnson, J. W. (2000). A heuristic method for estimating the relative weight
    of predictor variables in multiple regression. *Multivariate Behavioral
    Research* 35(1), 1-19.
    Fisher, R. A. (1921). On the "probable error" of a coefficient of correlation
    deduced from a small sample. *Metron* 1, 3-32.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(4)
    >>> df = pd.DataFrame({"rating_price": rng.integers(1, 4, 300),
    ...                    "rating_brand": rng.integers(3, 6, 300)})
    >>> df["overall_satisfaction"] = 2 * df.rating_price + rng.normal(0, 1, 300)
    >>> importance_performance(df).table[["attribute", "quadrant"]].values.tolist()
    [['price', 'Concentrate here'], ['brand', 'Possible overkill']]
    """
    where = "importance_performance"
    data = _frame(data, where)
    z = _z(confidence, where)
    check_choice("importance", importance, ["derived", "stated"], func=where)
    check_choice("derived_method", derived_method, ["correlation", "relative_weights"], func=where)
    check_choice("crosshairs", crosshairs, ["means", "midpoint"], func=where)
    lo_s, hi_s = float(scale[0]), float(scale[1])
    if not lo_s < hi_s:
        raise CxParameterError(f"{where}: scale must be (lowest, highest), got {scale!r}")
    cols = _rating_columns(data, attributes, where)
    labels = [_label(c) for c in cols]
    ratings = _numeric(data, cols, where, low=lo_s, high=hi_s)
    n = len(ratings)

    perf = [mean_interval(ratings[c].to_numpy(), confidence=confidence) for c in cols]
    table = pd.DataFrame({"attribute": labels})
    _put_estimates(table, "performance", perf)
    stated = None
    if importance == "stated":
        imp_cols = [importance_prefix + lab for lab in labels]
        stated = _numeric(data, imp_cols, where, low=lo_s, high=hi_s)
        imp = [mean_interval(stated[c].to_numpy(), confidence=confidence) for c in imp_cols]
        kind = "stated"
    else:
        if overall is None:
            raise CxParameterError(f"{where}: derived importance needs the overall satisfaction column (overall=...)")
        y = _numeric(data, [overall], where)[overall]
        if y.std() == 0:
            raise CxDataError(f"{where}: {overall!r} has the same value in every row; nothing to derive from")
        if derived_method == "correlation":
            imp = []
            for c in cols:
                if ratings[c].std() == 0:
                    raise CxDataError(f"{where}: every respondent gave {c!r} the same rating; no correlation")
                r = float(np.corrcoef(ratings[c], y)[0, 1])
                half = z / np.sqrt(n - 3) if n > 3 else np.nan
                imp.append((r, float(np.tanh(np.arctanh(r) - half)), float(np.tanh(np.arctanh(r) + half))))
            kind = "derived (correlation with overall)"
        else:
            from cxtools.survey import relative_weights

            rw = relative_weights(
                ratings.assign(__overall__=y), drivers=cols, outcome="__overall__",
                n_boot=n_boot, confidence=confidence, seed=seed,
            ).table.set_index("driver").loc[cols]
            imp = list(zip(rw["raw_weight"], rw["ci_low"], rw["ci_high"]))
            kind = "derived (relative weights)"
    _put_estimates(table, "importance", imp)

    midpoint = (lo_s + hi_s) / 2
    p_cross = midpoint if crosshairs == "midpoint" else float(table["performance"].mean())
    i_cross = midpoint if (crosshairs == "midpoint" and importance == "stated") else float(table["importance"].mean())
    table["quadrant"] = [
        _QUADRANTS[(bool(i >= i_cross), bool(p >= p_cross))] for i, p in zip(table["importance"], table["performance"])
    ]
    if stated is not None:
        gaps = [mean_interval((ratings[c] - stated[importance_prefix + lab]).to_numpy(), confidence=confidence)
                for c, lab in zip(cols, labels)]
        gap_meaning = "performance minus stated importance (paired, per respondent)"
    else:
        gaps = [mean_interval(ratings[c].to_numpy() - p_cross, confidence=confidence) for c in cols]
        gap_meaning = "performance minus the performance crosshair"
    _put_estimates(table, "gap", gaps)
    return ImportancePerformanceResult(
        table=table, importance_kind=kind, performance_crosshair=p_cross, importance_crosshair=i_cross,
        gap_meaning=gap_meaning, scale=(lo_s, hi_s), n=n, confidence=confidence,
    )


# --------------------------------------------------------------------- positive zone

_PRIORITY = {"hygiene": 1, "motivator": 2, "performance": 3, "unclear": 4}


def _factor_types(classification: Any, labels: Sequence[str]) -> dict[str, str]:
    if isinstance(classification, (PenaltyRewardResult, KanoResult)):
        t = classification.table
        mapping = dict(zip(t["attribute"], t["factor"]))
    elif isinstance(classification, ImpactAsymmetryResult):
        t = classification.table
        conv = {"dissatisfier": "hygiene", "satisfier": "motivator", "hybrid": "performance"}
        mapping = {a: conv[c] for a, c in zip(t["attribute"], t["category"])}
    elif isinstance(classification, Mapping):
        conv = {"basic": "hygiene", "must-be": "hygiene", "m": "hygiene", "hygiene": "hygiene",
                "excitement": "motivator", "attractive": "motivator", "a": "motivator", "motivator": "motivator",
                "performance": "performance", "one-dimensional": "performance", "o": "performance",
                "unclear": "unclear", "no clear effect": "unclear", "i": "unclear", "indifferent": "unclear"}
        mapping = {}
        for k, v in classification.items():
            key = str(v).strip().lower()
            if key not in conv:
                raise CxParameterError(
                    f"positive_zone: factor type {v!r} for {k!r} not understood; use hygiene/basic, "
                    "performance or motivator/excitement"
                )
            mapping[_label(str(k))] = conv[key]
    else:
        raise CxParameterError(
            "positive_zone: classification must be a PenaltyRewardResult, KanoResult, ImpactAsymmetryResult "
            f"or a mapping attribute -> factor type, got {type(classification).__name__}"
        )
    missing = [lab for lab in labels if lab not in mapping]
    if missing:
        raise CxParameterError(f"positive_zone: no factor type for attribute(s) {missing}")
    return {lab: mapping[lab] for lab in labels}


#: Words of the positive-zone action list (:meth:`PositiveZoneResult.action_plan`) per report language.
_ACTION_TEXT = {
    "en": {
        "heads": {
            1: ("Fix first -- hygiene factors below the positive zone",
                "They drive dissatisfaction, and no motivator makes up for them."),
            2: ("Build next -- motivators below the positive zone",
                "This is where satisfaction is created once the hygiene factors are in order."),
            3: ("Improve steadily -- performance factors below the positive zone",
                "Every step up adds satisfaction and every step down costs it."),
            4: ("Watch -- below the positive zone, with no clear effect on satisfaction in these data",
                "Check again with the next wave."),
        },
        "item": "{name} (average {mean} of {top}, {share} rate it low",
        "borderline": ", within sampling error of the threshold",
        "all_in": "Every attribute is in its positive zone (average at least {threshold}).",
        "inside": "\nAlready in the positive zone (average at least {threshold}): {names}. Keep them there; hygiene "
                  "factors add little beyond the zone, so do not over-invest in them.",
        "none_inside": "\nNo attribute is in the positive zone yet (average at least {threshold}).",
    },
    "ru": {
        "heads": {
            1: ("Исправить в первую очередь: гигиенические факторы ниже положительной зоны",
                "Они вызывают недовольство, и никакой мотиватор его не возместит."),
            2: ("Развивать затем: мотиваторы ниже положительной зоны",
                "Именно они создают удовлетворённость, когда гигиенические факторы в порядке."),
            3: ("Улучшать постепенно: факторы результата ниже положительной зоны",
                "Каждый шаг вверх добавляет удовлетворённость, каждый шаг вниз её отнимает."),
            4: ("Наблюдать: ниже положительной зоны, но без явного влияния на удовлетворённость в этих данных",
                "Проверьте снова со следующей волной опроса."),
        },
        "item": "{name} (средняя {mean} из {top}, низкую оценку ставят {share}",
        "borderline": ", в пределах выборочной ошибки от порога",
        "all_in": "Все атрибуты в положительной зоне (средняя оценка не ниже {threshold}).",
        "inside": "\nУже в положительной зоне (средняя оценка не ниже {threshold}): {names}. Удерживайте их там; "
                  "сверх зоны гигиенические факторы почти ничего не добавляют, поэтому не вкладывайте в них лишнего.",
        "none_inside": "\nНи один атрибут пока не в положительной зоне (средняя оценка не ниже {threshold}).",
    },
}


@dataclass(frozen=True, repr=False)
class PositiveZoneResult(_TableResult):
    """Positive-zone check: one row per attribute, ordered by action priority.

    Attributes
    ----------
    table : DataFrame
        ``attribute``, ``factor``, ``performance`` with ``ci_low``/``ci_high``,
        ``share_low`` (share of respondents in the low box), ``threshold``, ``in_zone``,
        ``clearly_below`` (whole interval below the threshold), ``priority`` (1 =
        hygiene below the zone, 2 = motivator below, 3 = performance factor below, 4 =
        unclear below, ``NA`` in the zone) and ``action`` (a plain-language sentence).
    threshold : float
        Lowest mean rating that counts as the positive zone.
    scale : (float, float)
        The rating scale.
    confidence : float
        Level of the intervals.
    """

    table: pd.DataFrame
    threshold: float
    scale: tuple[float, float]
    confidence: float = 0.95

    def report_table(self, *, lang: str = "en") -> pd.DataFrame:
        """Average rating against the threshold, in plain column names, most urgent first.

        ``lang="ru"`` gives the headers and the categorical cells in Russian
        (:func:`localise_table`); attribute names and numbers stay as they are.

        Examples
        --------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"rating_price": [2, 3, 3, 2], "rating_trust": [5, 4, 4, 5]})
        >>> res = positive_zone(df, classification={"price": "hygiene", "trust": "motivator"})
        >>> res.report_table()[["Attribute", "In the positive zone", "Priority"]]
          Attribute In the positive zone        Priority
        0     price                   no  1 (fix first)
        1     trust                  yes               -
        """
        t = self.table
        lo, hi = self.scale
        words = {1: "1 (fix first)", 2: "2 (build next)", 3: "3 (improve steadily)", 4: "4 (watch)"}
        table = pd.DataFrame(
            {
                "Attribute": [_display(a) for a in t["attribute"]],
                "Factor type": t["factor"],
                f"Average rating ({lo:g}-{hi:g})": t["performance"].round(2),
                f"{self.confidence:.0%} CI": _interval(t["ci_low"], t["ci_high"]),
                "Rate it low (%)": (100 * t["share_low"]).round(0),
                "In the positive zone": np.where(t["in_zone"], "yes",
                                                 np.where(t["clearly_below"], "no", "no (borderline)")),
                "Priority": [words[int(p)] if not pd.isna(p) else "-" for p in t["priority"]],
            }
        )
        return localise_table(table, lang=lang)

    def action_plan(self, *, lang: str = "en") -> str:
        """The action list as short Markdown, grouped by priority, written from the results.

        One heading line per priority group (hygiene factors first, then motivators,
        performance factors, unclear ones) naming each attribute with its average rating
        and share of low ratings, then the attributes already in the zone. ``lang="ru"``
        writes it in Russian (attribute names stay as in the data).

        Examples
        --------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"rating_price": [2, 3, 3, 2], "rating_good_deal": [3, 3, 2, 3],
        ...                    "rating_trust": [5, 4, 4, 5]})
        >>> res = positive_zone(df, classification={"price": "hygiene", "good_deal": "motivator",
        ...                                         "trust": "motivator"})
        >>> print(res.action_plan())  # doctest: +NORMALIZE_WHITESPACE
        1. **Fix first -- hygiene factors below the positive zone:** price (average 2.50 of 5,
        50% rate it low). They drive dissatisfaction, and no motivator makes up for them.
        2. **Build next -- motivators below the positive zone:** good deal (average 2.75 of 5,
        25% rate it low, within sampling error of the threshold). This is where satisfaction is created once the hygiene factors are in order.
        <BLANKLINE>
        Already in the positive zone (average at least 3.5): trust. Keep them there; hygiene
        factors add little beyond the zone, so do not over-invest in them.
        """
        check_choice("lang", lang, list(_ACTION_TEXT), func="PositiveZoneResult.action_plan")
        w = _ACTION_TEXT[lang]
        t = self.table
        top = _short_number(self.scale[1], lang)
        threshold = _short_number(self.threshold, lang)
        lines = []
        below = t[~t["in_zone"]]
        for number, prio in enumerate(sorted(below["priority"].dropna().unique()), start=1):
            grp = below[below["priority"] == prio]
            items = "; ".join(
                w["item"].format(name=_display(r.attribute), top=top,
                                 mean=f"{r.performance:.2f}" if lang == "en" else format_number(r.performance, digits=2,
                                                                                              lang=lang),
                                 share=f"{r.share_low:.0%}" if lang == "en" else format_percent(r.share_low, lang=lang))
                + ("" if r.clearly_below else w["borderline"]) + ")"
                for r in grp.itertuples()
            )
            head, why = w["heads"][int(prio)]
            lines.append(f"{number}. **{head}:** {items}. {why}")
        inside = [_display(a) for a in t.loc[t["in_zone"], "attribute"]]
        if not lines:
            lines.append(w["all_in"].format(threshold=threshold))
        if inside:
            lines.append(w["inside"].format(threshold=threshold, names=", ".join(inside)))
        else:
            lines.append(w["none_inside"].format(threshold=threshold))
        return "\n".join(lines)

    def actions(self) -> list[str]:
        """Plain-language action list, most urgent first (empty when all are in the zone)."""
        return self.table.loc[~self.table["in_zone"], "action"].tolist()

    def __repr__(self) -> str:
        below = self.table.loc[~self.table["in_zone"], "attribute"].tolist()
        inside = self.table.loc[self.table["in_zone"], "attribute"].tolist()
        return (f"PositiveZoneResult(threshold={self.threshold:g}, below=[{_fmt_list(below)}], "
                f"in zone=[{_fmt_list(inside)}])")

    def describe(self) -> str:
        """One sentence: which factors are below their positive zone, most urgent first."""
        t = self.table
        below = t.loc[~t["in_zone"]]
        if not len(below):
            return f"Every attribute is in its positive zone (average at least {format_number(self.threshold, digits=1)})."
        return (
            f"{len(below)} of {len(t)} attributes are below the positive zone (average under "
            f"{format_number(self.threshold, digits=1)}): hygiene factors "
            f"{join_names(below.loc[below.factor == 'hygiene', 'attribute'], empty='none')}; motivators "
            f"{join_names(below.loc[below.factor == 'motivator', 'attribute'], empty='none')}; first to act on: "
            f"{_display(below['attribute'].iloc[0])}."
        )


def positive_zone(
    data: pd.DataFrame,
    *,
    classification: Any,
    attributes: Sequence[str] | None = None,
    threshold: float = 3.5,
    low: Sequence[float] = (1, 2),
    scale: tuple[float, float] = (1, 5),
    confidence: float = 0.95,
) -> PositiveZoneResult:
    """Is every factor in its positive zone? Flag hygiene gaps first, then motivators.

    Herzberg's point carried over to customers: both kinds of factor must sit in
    their positive zone. A hygiene factor below the zone costs customers no
    matter how good the motivators are (the best warmth does not sell at three
    times the price); a motivator below the zone leaves satisfaction on the
    table (the best price and quality do not sell without trust). An attribute
    is *in the zone* when its mean rating is at least ``threshold``.

    Priority of the attributes below the zone: 1 hygiene (basic) factors, 2
    motivators (excitement), 3 performance factors, 4 attributes with no clear
    effect; within a priority, the lowest mean rating comes first.

    Parameters
    ----------
    data : DataFrame
        One row per respondent.
    classification : PenaltyRewardResult, KanoResult, ImpactAsymmetryResult or mapping
        Which attributes are hygiene factors / performance / motivators; a mapping
        is ``{"price": "hygiene", "brand": "motivator", ...}`` (Kano letters and
        ``basic``/``excitement`` are understood too).
    attributes : list of str, optional
        Rating columns; default every ``rating_*`` column.
    threshold : float, default 3.5
        Lowest mean rating that counts as the positive zone.
    low : sequence, default (1, 2)
        Ratings counted in ``share_low`` (customers let down by the attribute).
    scale : (float, float), default (1, 5)
    confidence : float, default 0.95
        Coverage of the t interval of the mean.

    Returns
    -------
    PositiveZoneResult

    References
    ----------
    Herzberg, F., Mausner, B. & Snyderman, B. B. (1959). *The Motivation to Work*.
    Wiley (hygiene factors must be adequate before motivators can work).
    Matzler, K., Bailom, F., Hinterhuber, H. H., Renzl, B. & Pichler, J. (2004).
    The asymmetric relationship between attribute-level performance and overall
    customer satisfaction. *Industrial Marketing Management* 33(4), 271-277.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"rating_price": [2, 3, 3, 2], "rating_brand": [3, 3, 2, 3],
    ...                    "rating_trust": [5, 4, 4, 5]})
    >>> res = positive_zone(df, classification={"price": "hygiene", "brand": "motivator",
    ...                                         "trust": "motivator"})
    >>> res.table[["attribute", "priority"]].values.tolist()
    [['price', 1], ['brand', 2], ['trust', <NA>]]
    """
    where = "positive_zone"
    data = _frame(data, where)
    _z(confidence, where)
    lo_s, hi_s = float(scale[0]), float(scale[1])
    if not lo_s <= threshold <= hi_s:
        raise CxParameterError(f"{where}: threshold {threshold!r} is outside the rating scale {scale!r}")
    low = _boxes(low, "low")
    cols = _rating_columns(data, attributes, where)
    labels = [_label(c) for c in cols]
    ratings = _numeric(data, cols, where, low=lo_s, high=hi_s)
    types = _factor_types(classification, labels)
    rows = []
    for c, lab in zip(cols, labels):
        m, lo, hi = mean_interval(ratings[c].to_numpy(), confidence=confidence)
        in_zone = bool(m >= threshold)
        ftype = types[lab]
        rows.append(
            {
                "attribute": lab,
                "factor": ftype,
                "performance": m,
                "ci_low": lo,
                "ci_high": hi,
                "share_low": float(ratings[c].isin(low).mean()),
                "threshold": float(threshold),
                "in_zone": in_zone,
                "clearly_below": bool(hi < threshold),
                "priority": pd.NA if in_zone else _PRIORITY[ftype],
                "action": _zone_action(lab, ftype, m, threshold, hi_s, in_zone, float(ratings[c].isin(low).mean()),
                                       clearly_below=bool(hi < threshold)),
            }
        )
    table = pd.DataFrame(rows)
    table["priority"] = table["priority"].astype("Int64")
    table = (
        table.assign(_sort=table["priority"].fillna(99))
        .sort_values(["_sort", "performance"], kind="stable")
        .drop(columns="_sort")
        .reset_index(drop=True)
    )
    return PositiveZoneResult(table=table, threshold=float(threshold), scale=(lo_s, hi_s), confidence=confidence)


def _zone_action(lab: str, ftype: str, m: float, threshold: float, top: float, in_zone: bool, share_low: float,
                 *, clearly_below: bool = True) -> str:
    where = f"{_display(lab)} ({ftype}, average {m:.2f} of {top:g}, {share_low:.0%} rate it low)"
    if in_zone:
        return f"{where}: in the positive zone (threshold {threshold:g}); keep it there."
    # an average whose interval still reaches the threshold may be in the zone after all
    how = "below" if clearly_below else "just below (within sampling error of)"
    if ftype == "hygiene":
        return (f"Fix first -- {where}: a hygiene factor {how} the positive zone (threshold {threshold:g}). "
                "It drives dissatisfaction and no motivator can make up for it; bring it up to the zone.")
    if ftype == "motivator":
        return (f"Build next -- {where}: a motivator {how} the positive zone (threshold {threshold:g}). "
                "It is where satisfaction is created; raising it wins customers once the hygiene factors are in order.")
    if ftype == "performance":
        return (f"Improve steadily -- {where}: a performance factor {how} the positive zone "
                f"(threshold {threshold:g}); every step up adds satisfaction and every step down costs it.")
    return (f"Watch -- {where}: {how} the positive zone (threshold {threshold:g}) but with no clear effect "
            "on satisfaction in these data.")


# ------------------------------------------------------------------ critical incidents


@dataclass(frozen=True, repr=False)
class CriticalIncidentsResult(_TableResult):
    """Critical-incident analysis: one row per category.

    Attributes
    ----------
    table : DataFrame
        ``category``, ``n_positive``, ``n_negative``, ``share_of_positive``,
        ``share_of_negative``, ``difference`` (positive minus negative share), ``z``,
        ``p_value``, ``p_adjusted`` (Holm), ``over_represented`` (``"positive"``,
        ``"negative"`` or ``"neither"``) and ``reading`` (motivator / hygiene factor /
        no clear side).
    n_positive, n_negative : int
        Good and bad stories.
    alpha : float
        Significance level of the Holm-adjusted tests.
    """

    table: pd.DataFrame
    n_positive: int
    n_negative: int
    alpha: float

    def report_table(self, *, lang: str = "en") -> pd.DataFrame:
        """Counts, shares (%) and the Holm-adjusted test per category, in plain column names.

        ``lang="ru"`` gives the headers and the categorical cells in Russian
        (:func:`localise_table`); attribute names and numbers stay as they are.

        Examples
        --------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"valence": ["negative"] * 60 + ["positive"] * 60,
        ...                    "category": ["price"] * 45 + ["trust"] * 15 + ["price"] * 10 + ["trust"] * 50})
        >>> critical_incidents(df).report_table()[["Category", "p (Holm)"]]
          Category p (Holm)
        0    price  < 0.001
        1    trust  < 0.001
        """
        t = self.table
        table = pd.DataFrame(
            {
                "Category": [_display(c) for c in t["category"]],
                "Good stories (n)": t["n_positive"],
                "Bad stories (n)": t["n_negative"],
                "Share of good stories (%)": (100 * t["share_of_positive"]).round(1),
                "Share of bad stories (%)": (100 * t["share_of_negative"]).round(1),
                "p (Holm)": _p_text(t["p_adjusted"]),
                "Reading": t["reading"],
            }
        )
        return localise_table(table, lang=lang)

    def __repr__(self) -> str:
        t = self.table
        pos = t.loc[t["over_represented"] == "positive", "category"].tolist()
        neg = t.loc[t["over_represented"] == "negative", "category"].tolist()
        return (f"CriticalIncidentsResult(n_positive={self.n_positive}, n_negative={self.n_negative}, "
                f"mostly positive=[{_fmt_list(pos)}], mostly negative=[{_fmt_list(neg)}])")

    def by_side(self) -> dict[str, list[str]]:
        """Categories over-represented among ``"negative"`` and ``"positive"`` stories, and ``"neither"``."""
        return _names_by(self.table, "over_represented", ("negative", "positive", "neither"), names="category")

    def describe(self) -> str:
        """One sentence: what the bad and the good stories are mostly about."""
        g = self.by_side()
        return (
            f"Of {format_number(self.n_positive)} good and {format_number(self.n_negative)} bad stories, the bad ones are "
            f"mostly about {join_names(g['negative'], empty='nothing in particular')} (hygiene factors) and the good "
            f"ones about {join_names(g['positive'], empty='nothing in particular')} (motivators); no clear side: "
            f"{join_names(g['neither'], empty='none')}."
        )


def critical_incidents(
    data: pd.DataFrame,
    *,
    valence: str = "valence",
    category: str = "category",
    positive: str = "positive",
    negative: str = "negative",
    alpha: float = 0.05,
) -> CriticalIncidentsResult:
    """Herzberg's critical-incident method: which categories make the good and the bad stories?

    Each incident is a story a customer told about an exceptionally good
    (positive) or bad (negative) experience, coded into a category. Herzberg
    found that the sources of good stories (motivators) differ from those of
    bad stories (hygiene factors). Per category, the share it takes of all
    positive incidents is compared with the share it takes of all negative
    incidents by the pooled two-proportion z test; p-values are Holm-adjusted
    across categories. A category is over-represented on one side when the
    adjusted p-value is below ``alpha``.

    Parameters
    ----------
    data : DataFrame
        One row per incident.
    valence : str, default "valence"
        Column telling whether the incident was positive or negative.
    category : str, default "category"
        Column with the coded category.
    positive, negative : str
        The two values of ``valence`` (compared case-insensitively, spaces trimmed).
    alpha : float, default 0.05

    Returns
    -------
    CriticalIncidentsResult

    Raises
    ------
    CxDataError
        Unknown valence values, empty categories (rows named), or only one side.

    References
    ----------
    Herzberg, F., Mausner, B. & Snyderman, B. B. (1959). *The Motivation to Work*.
    Wiley, ch. 7.
    Flanagan, J. C. (1954). The critical incident technique. *Psychological
    Bulletin* 51(4), 327-358.
    Agresti, A. (2013). *Categorical Data Analysis*, 3rd ed., Wiley, sec. 3.1
    (two-proportion z test).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"valence": ["negative"] * 60 + ["positive"] * 60,
    ...                    "category": ["price"] * 45 + ["trust"] * 15 + ["price"] * 10 + ["trust"] * 50})
    >>> critical_incidents(df).table[["category", "over_represented"]].values.tolist()
    [['price', 'negative'], ['trust', 'positive']]
    """
    where = "critical_incidents"
    data = _frame(data, where)
    check_alpha(alpha, func=where)
    require_columns(data, [valence, category], func=where)
    val = data[valence].astype("string").str.strip().str.lower()
    pos, neg = str(positive).strip().lower(), str(negative).strip().lower()
    bad = ~(val.isin([pos, neg]).fillna(False)).to_numpy(dtype=bool)
    if bad.any():
        raise CxDataError(
            f"{where}: column {valence!r} must be {positive!r} or {negative!r}; rows {rows_preview(data.index[bad])} "
            f"hold {list(data[valence][bad].head(3))}"
        )
    cat = data[category]
    bad = (cat.isna() | (cat.astype("string").str.strip() == "")).to_numpy(dtype=bool)
    if bad.any():
        raise CxDataError(f"{where}: column {category!r} is empty at rows {rows_preview(data.index[bad])}")
    counts = pd.crosstab(cat.astype(str), val.astype(str)).reindex(columns=[pos, neg], fill_value=0)
    n_pos, n_neg = int(counts[pos].sum()), int(counts[neg].sum())
    if n_pos == 0 or n_neg == 0:
        side = positive if n_pos == 0 else negative
        raise CxDataError(f"{where}: there are no {side!r} incidents; both sides are needed for the comparison")
    if len(counts) < 2:
        raise CxDataError(f"{where}: only one category ({list(counts.index)}); nothing to compare")
    a, b = counts[pos].to_numpy(float), counts[neg].to_numpy(float)
    p1, p2 = a / n_pos, b / n_neg
    pooled = (a + b) / (n_pos + n_neg)
    se = np.sqrt(pooled * (1 - pooled) * (1 / n_pos + 1 / n_neg))
    zval = (p1 - p2) / se
    pval = 2 * stats.norm.sf(np.abs(zval))
    padj = _holm(pval)
    over = np.where(padj < alpha, np.where(zval > 0, "positive", "negative"), "neither")
    reading = pd.Series(over).map(
        {"positive": "motivator (source of satisfaction)", "negative": "hygiene factor (source of dissatisfaction)",
         "neither": "no clear side"}
    )
    table = pd.DataFrame(
        {
            "category": counts.index.astype(str),
            "n_positive": a.astype(int),
            "n_negative": b.astype(int),
            "share_of_positive": p1,
            "share_of_negative": p2,
            "difference": p1 - p2,
            "z": zval,
            "p_value": pval,
            "p_adjusted": padj,
            "over_represented": over,
            "reading": reading.to_numpy(),
        }
    )
    return CriticalIncidentsResult(table=table, n_positive=n_pos, n_negative=n_neg, alpha=alpha)


# ----------------------------------------------------------------------------- findings


#: Words of :func:`findings` per report language.
_FINDINGS_TEXT = {
    "en": {
        "none": "none",
        "survey": "**Finding (survey ratings, {n} respondents).** "
                  "Hygiene factors -- poor ratings cost satisfaction, good ratings add little: **{basic}**. "
                  "Motivators -- good ratings add satisfaction, poor ones cost little: **{excitement}**. "
                  "Working both ways (performance factors): {performance}. No clear effect: {unclear}. ",
        "wrong_sign": "Not classified, because a significant effect has the wrong sign (check the scale's direction): "
                      "{names}. ",
        "r2": "Together the ratings explain {r2} of the differences in overall satisfaction; the largest VIF is {vif} "
              "({problem} entanglement problem).",
        "problem": {False: "no", True: "some"},
        "ia": " The impact-asymmetry index agrees for {agree} of {total} attributes.",
        "kano": "**Finding (Kano questionnaire, {n} respondents per attribute).** Must-be (hygiene): **{hygiene}**; "
                "attractive (motivators): **{motivator}**; one-dimensional: {performance}; unclear: {unclear}. "
                "The questionnaire and the survey regression agree on {agree} of {total} attributes",
        "differ": "{name} is {survey} in the survey but {kano} in Kano",
        "factor": {},
        "incidents": "**Finding (critical incidents, {n_positive} good and {n_negative} bad stories).** Bad stories "
                     "are mostly about **{negative}** (hygiene factors); good stories mostly about **{positive}** "
                     "(motivators). No clear side: {neither}.",
        "actions": "**Action list**",
    },
    "ru": {
        "none": "нет",
        "survey": "**Вывод (оценки опроса, респондентов: {n}).** "
                  "Гигиенические факторы (низкая оценка отнимает удовлетворённость, высокая почти ничего не "
                  "добавляет): **{basic}**. Мотиваторы (высокая оценка добавляет удовлетворённость, низкая почти "
                  "ничего не отнимает): **{excitement}**. Действуют в обе стороны (факторы результата): {performance}. "
                  "Без явного эффекта: {unclear}. ",
        "wrong_sign": "Не классифицированы, потому что значимый эффект имеет обратный знак (проверьте направление "
                      "шкалы): {names}. ",
        "r2": "Вместе оценки объясняют {r2} различий в общей удовлетворённости; наибольший коэффициент инфляции "
              "дисперсии {vif} ({problem}).",
        "problem": {False: "взаимозависимость оценок не мешает", True: "оценки отчасти взаимозависимы"},
        "ia": " Индекс асимметрии влияния согласуется с этим для {agree} из {total} атрибутов.",
        "kano": "**Вывод (анкета Кано, до {n} респондентов на атрибут).** Обязательные (гигиенические): "
                "**{hygiene}**; привлекательные (мотиваторы): **{motivator}**; одномерные: {performance}; "
                "не ясно: {unclear}. Анкета и регрессия по опросу согласуются для {agree} из {total} атрибутов",
        "differ": "{name}: в опросе {survey}, по Кано {kano}",
        "factor": {"hygiene": "гигиенический фактор", "motivator": "мотиватор", "performance": "фактор результата",
                   "unclear": "эффект не ясен"},
        "incidents": "**Вывод (критические случаи: хороших историй {n_positive}, плохих {n_negative}).** Плохие "
                     "истории чаще всего о **{negative}** (гигиенические факторы), хорошие о **{positive}** "
                     "(мотиваторы). Без явной стороны: {neither}.",
        "actions": "**Список действий**",
    },
}


def _kano_agreement(prca: PenaltyRewardResult, kano: KanoResult) -> pd.DataFrame:
    """The attributes both the survey and the Kano questionnaire classify: ``attribute``,
    ``factor_survey`` and ``factor_kano``."""
    return prca.table[["attribute", "factor"]].merge(kano.table[["attribute", "factor"]], on="attribute",
                                                      suffixes=("_survey", "_kano"), how="inner")


def findings(
    penalty_reward: PenaltyRewardResult,
    *,
    impact_asymmetry: ImpactAsymmetryResult | None = None,
    kano: KanoResult | None = None,
    critical_incidents: CriticalIncidentsResult | None = None,
    positive_zone: PositiveZoneResult | None = None,
    max_vif: float = 5.0,
    lang: str = "en",
) -> Findings:
    """The findings of a hygiene-factor study in plain words, written from its results.

    Sections (present only for the results given): ``"survey"`` (penalty-reward
    classification, R², entanglement and agreement with the impact-asymmetry index),
    ``"kano"`` (Kano categories and agreement with the survey), ``"incidents"`` (what
    the good and bad stories are about) and ``"actions"`` (the positive-zone action
    list). ``metrics`` holds the headline numbers a report publishes.

    Parameters
    ----------
    penalty_reward : PenaltyRewardResult
    impact_asymmetry, kano, critical_incidents, positive_zone : results, optional
    max_vif : float, default 5.0
        Largest variance inflation factor still called "no entanglement problem".
    lang : {"en", "ru"}, default "en"
        Language of the sections (attribute names stay as in the data; ``metrics`` do
        not depend on it).

    Returns
    -------
    Findings

    References
    ----------
    Herzberg, F., Mausner, B. & Snyderman, B. B. (1959). *The Motivation to Work*. Wiley
    (the two-factor reading of the results).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(1)
    >>> df = pd.DataFrame({"rating_price": rng.integers(1, 6, 600), "rating_brand": rng.integers(1, 6, 600)})
    >>> df["overall_satisfaction"] = (6 - 2.0 * (df.rating_price <= 2)
    ...     + 2.0 * (df.rating_brand >= 4) + rng.normal(0, 1, 600))
    >>> f = findings(penalty_reward(df))
    >>> f.metrics["hygiene_factors"], f.metrics["motivators"]
    (['price'], ['brand'])
    >>> f["survey"][:80]
    '**Finding (survey ratings, 600 respondents).** Hygiene factors -- poor ratings c'
    """
    prca = penalty_reward
    if not isinstance(prca, PenaltyRewardResult):
        raise CxParameterError(f"findings: expected the result of penalty_reward, got {type(prca).__name__}")
    check_choice("lang", lang, list(_FINDINGS_TEXT), func="findings")
    w = _FINDINGS_TEXT[lang]

    def names(items: Iterable[Any]) -> str:
        return join_names(items, lang=lang, empty=w["none"])

    groups = prca.by_category()
    vif_max = float(prca.table[["vif_low", "vif_high"]].max().max())
    text = w["survey"].format(n=format_number(prca.n, lang=lang), basic=names(groups["basic"]),
                              excitement=names(groups["excitement"]), performance=names(groups["performance"]),
                              unclear=names(groups["no clear effect"]))
    if groups["contradicts the model"]:
        text += w["wrong_sign"].format(names=join_names(groups["contradicts the model"], lang=lang))
    text += w["r2"].format(r2=format_percent(prca.r_squared, lang=lang),
                           vif=format_number(vif_max, digits=1, lang=lang),
                           problem=w["problem"][not vif_max < max_vif])
    if impact_asymmetry is not None:
        ia = impact_asymmetry.factor_types()
        survey_types = dict(zip(prca.table["attribute"], prca.table["factor"]))
        agree = sum(ia.get(a) == f for a, f in survey_types.items())
        text += w["ia"].format(agree=agree, total=len(survey_types))
    sections = {"survey": text}
    metrics: dict[str, Any] = {
        "respondents_in_regression": int(prca.n),
        "r_squared_overall_satisfaction": round(float(prca.r_squared), 3),
        "hygiene_factors": groups["basic"],
        "motivators": groups["excitement"],
        "performance_factors": groups["performance"],
    }
    if groups["contradicts the model"]:
        metrics["not_classified_wrong_sign"] = groups["contradicts the model"]
    if kano is not None:
        both = _kano_agreement(prca, kano)
        differ = both.loc[both["factor_survey"] != both["factor_kano"]]
        n_agree = len(both) - len(differ)
        k = kano.by_factor()
        text = w["kano"].format(n=format_number(int(kano.table["n"].max()), lang=lang), hygiene=names(k["hygiene"]),
                                motivator=names(k["motivator"]), performance=names(k["performance"]),
                                unclear=names(k["unclear"]), agree=n_agree, total=len(both))
        if len(differ):
            text += ": " + "; ".join(w["differ"].format(name=_display(r.attribute),
                                                         survey=w["factor"].get(r.factor_survey, r.factor_survey),
                                                         kano=w["factor"].get(r.factor_kano, r.factor_kano))
                                     for r in differ.itertuples()) + "."
        else:
            text += "."
        sections["kano"] = text
        metrics["kano_agrees_with_survey"] = f"{n_agree} of {len(both)}"
    if critical_incidents is not None:
        sides = critical_incidents.by_side()
        sections["incidents"] = w["incidents"].format(
            n_positive=format_number(critical_incidents.n_positive, lang=lang),
            n_negative=format_number(critical_incidents.n_negative, lang=lang),
            negative=names(sides["negative"]), positive=names(sides["positive"]), neither=names(sides["neither"]))
        metrics["incidents_mostly_negative"] = sides["negative"]
        metrics["incidents_mostly_positive"] = sides["positive"]
    if positive_zone is not None:
        z = positive_zone.table
        below = z.loc[~z["in_zone"]]
        sections["actions"] = w["actions"] + "\n\n" + positive_zone.action_plan(lang=lang)
        metrics.update({
            "positive_zone_threshold": positive_zone.threshold,
            "hygiene_below_zone": below.loc[below["factor"] == "hygiene", "attribute"].tolist(),
            "motivators_below_zone": below.loc[below["factor"] == "motivator", "attribute"].tolist(),
            "first_action": below["attribute"].iloc[0] if len(below) else None,
        })
    return Findings(sections=sections, metrics=metrics)


# -------------------------------------------------------------------------- plots

#: Words of the figures (titles, axis labels, legends, annotations), each in English and in Russian
#: side by side, so that a translation is read and kept next to its original.
_FIGURE_TEXT: dict[str, dict[str, Any]] = {
    # legend of the penalty-reward map, one name per category of _PRCA_CATEGORIES (in its order)
    "prca_category": {
        "en": dict(zip(_PRCA_CATEGORIES, ("basic: hygiene factor", "performance factor", "excitement: motivator",
                                          "no clear effect", "not classified: wrong sign"))),
        "ru": dict(zip(_PRCA_CATEGORIES, ("базовый: гигиенический фактор", "фактор результата",
                                          "восхищающий: мотиватор", "эффект не ясен",
                                          "не классифицирован: обратный знак"))),
    },
    "prca_hygiene_region": {"en": "hygiene region:\ncosts more than it adds",
                            "ru": "зона гигиенических факторов:\nотнимает больше, чем добавляет"},
    "prca_motivator_region": {"en": "motivator region:\nadds more than it costs",
                              "ru": "зона мотиваторов:\nдобавляет больше, чем отнимает"},
    "prca_x": {"en": "Penalty: drop in overall satisfaction when rated low (points)",
               "ru": "Штраф: падение общей удовлетворённости при низкой оценке (баллы)"},
    "prca_y": {"en": "Reward: rise in overall satisfaction when rated high (points)",
               "ru": "Награда: рост общей удовлетворённости при высокой оценке (баллы)"},
    "prca_title": {"en": "What costs and what adds satisfaction (penalty-reward contrast)",
                   "ru": "Что отнимает и что добавляет удовлетворённость (штрафы и награды)"},
    # Kano quadrants: top left, top right, bottom right, bottom left
    "kano_quadrants": {
        "en": ("attractive (motivator)", "one-dimensional (performance)", "must-be (hygiene)", "indifferent"),
        "ru": ("привлекательный (мотиватор)", "одномерный (результат)", "обязательный (гигиенический)", "безразличный"),
    },
    "kano_x": {"en": "|Worse|: dissatisfaction when missing (share of customers)",
               "ru": "|Индекс неудовлетворённости|: недовольство при отсутствии (доля клиентов)"},
    "kano_y": {"en": "Better: satisfaction when provided (share of customers)",
               "ru": "Индекс удовлетворённости: удовлетворённость при наличии (доля клиентов)"},
    "kano_title": {"en": "Kano: satisfaction vs dissatisfaction potential",
                   "ru": "Кано: потенциал удовлетворённости и недовольства"},
    # importance-performance quadrants: top left, top right, bottom left, bottom right
    "ipa_quadrants": {"en": ("Concentrate here", "Keep up the good work", "Low priority", "Possible overkill"),
                      "ru": ("Сосредоточиться здесь", "Так держать", "Низкий приоритет", "Возможно, избыточно")},
    "ipa_x": {"en": "Performance: average rating ({scale})", "ru": "Исполнение: средняя оценка ({scale})"},
    "ipa_y_stated": {"en": "Importance: average stated importance ({scale})",
                     "ru": "Важность: средняя заявленная важность ({scale})"},
    "ipa_y_correlation": {"en": "Importance: correlation with overall satisfaction",
                          "ru": "Важность: корреляция с общей удовлетворённостью"},
    "ipa_y_weights": {"en": "Importance: relative weight (share of explained variance)",
                      "ru": "Важность: относительный вес (доля объяснённой дисперсии)"},
    "ipa_title": {"en": "Importance-performance grid", "ru": "Матрица важности и исполнения"},
    "factor": {
        "en": {"hygiene": "hygiene", "performance": "performance", "motivator": "motivator", "unclear": "unclear"},
        "ru": {"hygiene": "гигиенический", "performance": "результат", "motivator": "мотиватор", "unclear": "не ясно"},
    },
    "zone_from": {"en": " positive zone (from {threshold})", "ru": " положительная зона (от {threshold})"},
    "zone_x": {"en": "Average rating ({scale})", "ru": "Средняя оценка ({scale})"},
    "zone_title": {"en": "Is every factor in its positive zone?", "ru": "Все ли факторы в положительной зоне?"},
    "ci_negative": {"en": "negative incidents (n={n})", "ru": "плохие истории (всего {n})"},
    "ci_positive": {"en": "positive incidents (n={n})", "ru": "хорошие истории (всего {n})"},
    "ci_x": {"en": "Share of incidents (%)", "ru": "Доля историй (%)"},
    "ci_title": {"en": "What the good and the bad stories are about (* = significant difference)",
                 "ru": "О чём хорошие и плохие истории (* = значимая разница)"},
}

#: The figure words per report language: ``_PLOT_WORDS[lang][key]``.
_PLOT_WORDS = {lang: {key: text[lang] for key, text in _FIGURE_TEXT.items()} for lang in ("en", "ru")}


def _plot_words(lang: str, func: str) -> dict[str, Any]:
    """The figure words of ``lang`` (checked: ``"en"`` or ``"ru"``)."""
    check_choice("lang", lang, list(_PLOT_WORDS), func=func)
    return _PLOT_WORDS[lang]


def _short_number(x: float, lang: str) -> str:
    """A number on a figure, ``3.5`` (English) or ``3,5`` (Russian)."""
    text = f"{x:g}"
    return text.replace(".", ",") if lang == "ru" else text


def _localise_ticks(ax: Axes, lang: str) -> None:
    """Decimal commas on the numeric axes of a Russian figure (English figures are left alone)."""
    if lang != "ru":
        return
    from matplotlib.ticker import FuncFormatter, ScalarFormatter

    for axis in (ax.xaxis, ax.yaxis):
        if isinstance(axis.get_major_formatter(), ScalarFormatter):
            axis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:g}".replace(".", ",")))


def _label_points(ax, xs, ys, labels) -> None:
    """Annotate points, nudging labels up or down so that neighbours do not overlap.

    Call after the axis limits are set: positions are compared as fractions of the axes.
    """
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    fig_w, fig_h = ax.figure.get_size_inches() * 72 * np.array(ax.get_position().size)
    placed: list[tuple[float, float, float, float]] = []
    pts = sorted(zip(xs, ys, labels), key=lambda p: (-p[1], p[0]))
    for x, y, lab in pts:
        fx, fy = (x - x0) / (x1 - x0), (y - y0) / (y1 - y0)
        w, h = (6.0 * len(_display(lab)) + 6) / fig_w, 12.0 / fig_h
        for dy in (4, -14, 16, -26, 28, -38, 40, -50):
            bx, by = fx + 5 / fig_w, fy + dy / fig_h
            if not any(bx < px + pw and px < bx + w and by < py + ph and py < by + h for px, py, pw, ph in placed):
                break
        placed.append((bx, by, w, h))
        ax.annotate(_display(lab), (x, y), textcoords="offset points", xytext=(5, dy), fontsize=9,
                    arrowprops=None if abs(dy) < 10 else {"arrowstyle": "-", "color": "grey", "lw": 0.5})


def plot_penalty_reward(result: PenaltyRewardResult, *, ax: Axes | None = None, lang: str = "en") -> Axes:
    """Penalty vs reward map with the hygiene and motivator regions.

    x = penalty (points of overall satisfaction lost when rated low), y = reward
    (points gained when rated high), with confidence intervals. Below the
    diagonal, attributes cost more when poor than they add when good (hygiene,
    basic); above it they add more than they cost (motivators, excitement).

    Parameters
    ----------
    result : PenaltyRewardResult
        From :func:`penalty_reward`.
    ax : matplotlib Axes, optional
        Where to draw; default the current Axes.
    lang : {"en", "ru"}, default "en"
        Language of the title, axis labels, legend and annotations (attribute names
        stay as in the data).

    Returns
    -------
    matplotlib Axes

    References
    ----------
    Matzler, K. & Sauerwein, E. (2002). The factor structure of customer satisfaction.
    *International Journal of Service Industry Management* 13(4), 314-332 (the
    penalty/reward map, Fig. 3).

    Examples
    --------
    >>> import numpy as np, pandas as pd, matplotlib
    >>> matplotlib.use("Agg")
    >>> rng = np.random.default_rng(1)
    >>> df = pd.DataFrame({"rating_price": rng.integers(1, 6, 300)})
    >>> df["overall_satisfaction"] = 6 - 2.0 * (df.rating_price <= 2) + rng.normal(0, 1, 300)
    >>> plot_penalty_reward(penalty_reward(df)).get_xlabel()
    'Penalty: drop in overall satisfaction when rated low (points)'
    """
    w = _plot_words(lang, "plot_penalty_reward")
    ax = axes_or_current(ax)
    t = result.table
    colours = {"basic": "tab:red", "performance": "tab:grey", "excitement": "tab:green", "no clear effect": "tab:blue",
               "contradicts the model": "black"}
    hi = float(np.nanmax(np.r_[t["penalty_ci_high"], t["reward_ci_high"], 0.1])) * 1.1
    lo = min(0.0, float(np.nanmin(np.r_[t["penalty_ci_low"], t["reward_ci_low"]])) * 1.1)
    ax.fill_between([lo, hi], [lo, lo], [lo, hi], color="tab:red", alpha=0.06, lw=0)
    ax.fill_between([lo, hi], [lo, hi], [hi, hi], color="tab:green", alpha=0.06, lw=0)
    ax.plot([lo, hi], [lo, hi], color="grey", lw=1, ls="--")
    ax.text(hi - (hi - lo) * 0.03, lo + (hi - lo) * 0.5, w["prca_hygiene_region"], ha="right",
            va="center", color="tab:red", fontsize=9)
    ax.text(lo + (hi - lo) * 0.03, hi - (hi - lo) * 0.03, w["prca_motivator_region"], ha="left",
            va="top", color="tab:green", fontsize=9)
    names = w["prca_category"]
    for cat, grp in t.groupby("category", sort=False):
        ax.errorbar(
            grp["penalty"], grp["reward"],
            xerr=[grp["penalty"] - grp["penalty_ci_low"], grp["penalty_ci_high"] - grp["penalty"]],
            yerr=[grp["reward"] - grp["reward_ci_low"], grp["reward_ci_high"] - grp["reward"]],
            fmt="o", color=colours.get(cat, "black"), label=names.get(cat, cat), capsize=2,
        )
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    _label_points(ax, t["penalty"], t["reward"], t["attribute"])
    ax.set_xlabel(w["prca_x"])
    ax.set_ylabel(w["prca_y"])
    ax.set_title(w["prca_title"])
    ax.legend(loc="upper right", fontsize=8)
    _localise_ticks(ax, lang)
    return ax


def plot_kano(result: KanoResult, *, ax: Axes | None = None, lang: str = "en") -> Axes:
    """Kano satisfaction-dissatisfaction plot (Better vs |Worse|).

    x = |Worse| (how much dissatisfaction the attribute's absence causes), y =
    Better (how much satisfaction its presence creates); lines at 0.5 split the
    plot into must-be (bottom right), one-dimensional (top right), attractive
    (top left) and indifferent (bottom left).

    Parameters
    ----------
    result : KanoResult
        From :func:`kano_categories`.
    ax : matplotlib Axes, optional
        Where to draw; default the current Axes.
    lang : {"en", "ru"}, default "en"
        Language of the title, axis labels, legend and annotations (attribute names
        stay as in the data).

    Returns
    -------
    matplotlib Axes

    References
    ----------
    Berger, C. et al. (1993). Kano's methods for understanding customer-defined quality.
    *Center for Quality Management Journal* 2(4), 3-36 (the customer satisfaction
    coefficient plot).

    Examples
    --------
    >>> import pandas as pd, matplotlib
    >>> matplotlib.use("Agg")
    >>> df = pd.DataFrame({"attribute": ["price", "price", "brand", "brand"],
    ...                    "functional": ["expect", "expect", "like", "like"],
    ...                    "dysfunctional": ["dislike", "dislike", "neutral", "neutral"]})
    >>> plot_kano(kano_categories(df)).get_ylabel()
    'Better: satisfaction when provided (share of customers)'
    """
    w = _plot_words(lang, "plot_kano")
    ax = axes_or_current(ax)
    t = result.table
    ax.axhline(0.5, color="grey", lw=1, ls="--")
    ax.axvline(0.5, color="grey", lw=1, ls="--")
    for (x, y), txt in zip(((0.25, 0.97), (0.75, 0.97), (0.75, 0.03), (0.25, 0.03)), w["kano_quadrants"]):
        ax.text(x, y, txt, ha="center", va="top" if y > 0.5 else "bottom", color="grey", fontsize=9,
                transform=ax.transAxes)
    ax.scatter(-t["worse"], t["better"], color="tab:blue", zorder=3)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    _label_points(ax, -t["worse"], t["better"], t["attribute"])
    ax.set_xlabel(w["kano_x"])
    ax.set_ylabel(w["kano_y"])
    ax.set_title(w["kano_title"])
    _localise_ticks(ax, lang)
    return ax


def plot_importance_performance(
    result: ImportancePerformanceResult, *, ax: Axes | None = None, lang: str = "en"
) -> Axes:
    """Importance-performance grid with crosshairs and quadrant labels.

    Parameters
    ----------
    result : ImportancePerformanceResult
        From :func:`importance_performance`.
    ax : matplotlib Axes, optional
        Where to draw; default the current Axes.
    lang : {"en", "ru"}, default "en"
        Language of the title, axis labels, legend and annotations (attribute names
        stay as in the data).

    Returns
    -------
    matplotlib Axes

    References
    ----------
    Martilla, J. A. & James, J. C. (1977). Importance-performance analysis. *Journal of
    Marketing* 41(1), 77-79 (the four quadrants, Fig. 1).

    Examples
    --------
    >>> import numpy as np, pandas as pd, matplotlib
    >>> matplotlib.use("Agg")
    >>> rng = np.random.default_rng(4)
    >>> df = pd.DataFrame({"rating_price": rng.integers(1, 6, 100), "rating_brand": rng.integers(1, 6, 100)})
    >>> df["overall_satisfaction"] = df.rating_price + rng.normal(0, 1, 100)
    >>> plot_importance_performance(importance_performance(df)).get_xlabel()
    'Performance: average rating (1-5)'
    """
    w = _plot_words(lang, "plot_importance_performance")
    ax = axes_or_current(ax)
    t = result.table
    ax.errorbar(
        t["performance"], t["importance"],
        xerr=[t["performance"] - t["performance_ci_low"], t["performance_ci_high"] - t["performance"]],
        yerr=[t["importance"] - t["importance_ci_low"], t["importance_ci_high"] - t["importance"]],
        fmt="o", color="tab:blue", capsize=2,
    )
    _label_points(ax, t["performance"], t["importance"], t["attribute"])
    ax.axvline(result.performance_crosshair, color="grey", lw=1, ls="--")
    ax.axhline(result.importance_crosshair, color="grey", lw=1, ls="--")
    for (x, y), q in zip(((0.02, 0.98), (0.98, 0.98), (0.02, 0.02), (0.98, 0.02)), w["ipa_quadrants"]):
        ax.text(x, y, q, transform=ax.transAxes, ha="left" if x < 0.5 else "right",
                va="top" if y > 0.5 else "bottom", color="grey", fontsize=9)
    scale = "-".join(_short_number(v, lang) for v in result.scale)
    ax.set_xlabel(w["ipa_x"].format(scale=scale))
    if result.importance_kind == "stated":
        ax.set_ylabel(w["ipa_y_stated"].format(scale=scale))
    elif "correlation" in result.importance_kind:
        ax.set_ylabel(w["ipa_y_correlation"])
    else:
        ax.set_ylabel(w["ipa_y_weights"])
    ax.set_title(w["ipa_title"])
    _localise_ticks(ax, lang)
    return ax


def plot_positive_zone(result: PositiveZoneResult, *, ax: Axes | None = None, lang: str = "en") -> Axes:
    """Average rating per attribute against the positive-zone threshold.

    Parameters
    ----------
    result : PositiveZoneResult
        From :func:`positive_zone`.
    ax : matplotlib Axes, optional
        Where to draw; default the current Axes.
    lang : {"en", "ru"}, default "en"
        Language of the title, axis labels, legend and annotations (attribute names
        stay as in the data).

    Returns
    -------
    matplotlib Axes

    References
    ----------
    Herzberg, F., Mausner, B. & Snyderman, B. B. (1959). *The Motivation to Work*. Wiley.

    Examples
    --------
    >>> import pandas as pd, matplotlib
    >>> matplotlib.use("Agg")
    >>> df = pd.DataFrame({"rating_price": [2, 3, 3, 2], "rating_trust": [5, 4, 4, 5]})
    >>> res = positive_zone(df, classification={"price": "hygiene", "trust": "motivator"})
    >>> plot_positive_zone(res).get_xlabel()
    'Average rating (1-5)'
    """
    w = _plot_words(lang, "plot_positive_zone")
    ax = axes_or_current(ax)
    t = result.table.iloc[::-1]
    colours = {"hygiene": "tab:red", "performance": "tab:grey", "motivator": "tab:green", "unclear": "tab:blue"}
    y = np.arange(len(t))
    ax.barh(y, t["performance"] - result.scale[0], left=result.scale[0],
            color=[colours[f] for f in t["factor"]], alpha=0.75,
            xerr=[t["performance"] - t["ci_low"], t["ci_high"] - t["performance"]], capsize=2)
    ax.set_yticks(y, [f"{_display(a)} ({w['factor'].get(f, f)})" for a, f in zip(t["attribute"], t["factor"])])
    ax.axvline(result.threshold, color="black", ls="--", lw=1)
    ax.axvspan(result.threshold, result.scale[1], color="tab:green", alpha=0.07, lw=0)
    ax.text(result.threshold, len(t) - 0.4, w["zone_from"].format(threshold=_short_number(result.threshold, lang)),
            fontsize=9, va="bottom")
    ax.set_xlim(result.scale[0], result.scale[1])
    ax.set_ylim(-0.6, len(t) + 0.2)
    ax.set_xlabel(w["zone_x"].format(scale="-".join(_short_number(v, lang) for v in result.scale)))
    ax.set_title(w["zone_title"])
    _localise_ticks(ax, lang)
    return ax


def plot_critical_incidents(result: CriticalIncidentsResult, *, ax: Axes | None = None, lang: str = "en") -> Axes:
    """Share of positive and of negative incidents per category, side by side.

    Categories over-represented among negative stories (hygiene factors) and among
    positive stories (motivators) are marked with an asterisk.

    Parameters
    ----------
    result : CriticalIncidentsResult
        From :func:`critical_incidents`.
    ax : matplotlib Axes, optional
        Where to draw; default the current Axes.
    lang : {"en", "ru"}, default "en"
        Language of the title, axis labels, legend and annotations (attribute names
        stay as in the data).

    Returns
    -------
    matplotlib Axes

    References
    ----------
    Flanagan, J. C. (1954). The critical incident technique. *Psychological Bulletin*
    51(4), 327-358.

    Examples
    --------
    >>> import pandas as pd, matplotlib
    >>> matplotlib.use("Agg")
    >>> df = pd.DataFrame({"valence": ["negative"] * 60 + ["positive"] * 60,
    ...                    "category": ["price"] * 45 + ["trust"] * 15 + ["price"] * 10 + ["trust"] * 50})
    >>> plot_critical_incidents(critical_incidents(df)).get_xlabel()
    'Share of incidents (%)'
    """
    w = _plot_words(lang, "plot_critical_incidents")
    ax = axes_or_current(ax)
    import seaborn as sns

    t = result.table.sort_values("difference").reset_index(drop=True)
    neg = w["ci_negative"].format(n=result.n_negative if lang == "en" else format_number(result.n_negative, lang=lang))
    pos = w["ci_positive"].format(n=result.n_positive if lang == "en" else format_number(result.n_positive, lang=lang))
    long = pd.concat([
        pd.DataFrame({"category": t["category"], "share": 100 * t["share_of_negative"], "side": neg}),
        pd.DataFrame({"category": t["category"], "share": 100 * t["share_of_positive"], "side": pos}),
    ])
    sns.barplot(data=long, y="category", x="share", hue="side", order=list(t["category"]), hue_order=[neg, pos],
                palette={neg: "tab:red", pos: "tab:green"}, orient="h", errorbar=None, ax=ax)
    mark = np.where(t["over_represented"] != "neither", " *", "")
    ax.set_yticks(np.arange(len(t)), [f"{_display(c)}{m}" for c, m in zip(t["category"], mark)])
    ax.set_ylabel("")
    ax.set_xlabel(w["ci_x"])
    ax.set_title(w["ci_title"])
    ax.legend(title=None, loc="best", fontsize=8)
    _localise_ticks(ax, lang)
    return ax


# ------------------------------------------------------------- scales and key findings


def scale_boxes(
    scale: tuple[float, float], *, low_share: float = 0.25, high_share: float = 0.25
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The low and high boxes of a rating scale, relative to its range.

    An answer ``v`` on the scale ``(lowest, highest)`` sits at the position
    ``(v - lowest) / (highest - lowest)`` between 0 and 1. It is in the **low box**
    when its position is at most ``low_share`` and in the **high box** when it is at
    least ``1 - high_share``; the answers in between are the middle (reference)
    group of the penalty-reward regression. With the default quarters this gives
    the usual bottom-two and top-two boxes of a 1-5 scale, 1-2 and 6-7 on 1-7,
    1-3 and 8-10 on 1-10 and 0-2 and 8-10 on 0-10, so that one setting serves a
    survey on any scale and nothing has to be squeezed onto 1-5 first.

    Parameters
    ----------
    scale : (int, int)
        Lowest and highest answer.
    low_share, high_share : float, default 0.25
        Part of the scale's range that counts as low and as high (each in (0, 0.5)).

    Returns
    -------
    (tuple of int, tuple of int)
        The answers in the low box and in the high box.

    Raises
    ------
    CxParameterError
        A share outside (0, 0.5), a scale that is not (lowest < highest), or boxes
        that leave an empty box or no middle answer.

    References
    ----------
    Brandt, D. R. (1987). A procedure for identifying value-enhancing service
    components using customer satisfaction survey data. In *Add Value to Your
    Service*, AMA, 61-65 (low and high performance as the bottom and top of the
    scale, the middle as reference group).

    Examples
    --------
    >>> scale_boxes((1, 5))
    ((1, 2), (4, 5))
    >>> scale_boxes((1, 7))
    ((1, 2), (6, 7))
    >>> scale_boxes((1, 10))
    ((1, 2, 3), (8, 9, 10))
    >>> scale_boxes((0, 10), low_share=0.3)
    ((0, 1, 2, 3), (8, 9, 10))
    """
    where = "scale_boxes"
    try:
        lo, hi = int(scale[0]), int(scale[1])
    except (TypeError, ValueError, IndexError):
        raise CxParameterError(f"{where}: scale must be (lowest, highest), got {scale!r}") from None
    if not lo < hi:
        raise CxParameterError(f"{where}: scale must be (lowest, highest) with lowest < highest, got {scale!r}")
    for name, share in (("low_share", low_share), ("high_share", high_share)):
        if not 0 < float(share) < 0.5:
            raise CxParameterError(f"{where}: {name} must be between 0 and 0.5 (a part of the scale's range), "
                                   f"got {share!r}")
    eps = 1e-9
    values = range(lo, hi + 1)
    low = tuple(v for v in values if (v - lo) / (hi - lo) <= float(low_share) + eps)
    high = tuple(v for v in values if (v - lo) / (hi - lo) >= 1 - float(high_share) - eps)
    if not low or not high:
        raise CxParameterError(f"{where}: on the scale {lo}-{hi}, low_share={low_share} / high_share={high_share} "
                               "leave the low or the high box empty; choose larger shares")
    if len(low) + len(high) >= len(values):
        raise CxParameterError(f"{where}: on the scale {lo}-{hi}, low_share={low_share} / high_share={high_share} "
                               "leave no middle answer to compare against; choose smaller shares")
    return low, high


def attribute_scale(
    data: pd.DataFrame, attributes: Sequence[str], *, scales: Mapping[str, tuple[float, float]] | None = None
) -> tuple[int, int]:
    """The one answer scale the attribute ratings share.

    The scale of each attribute comes from ``scales`` (item name, or a ``prefix*``
    pattern; e.g. :attr:`cxtools.data.description.SurveyRoles.scales`). Attributes with no
    declared scale share the range of the answers observed in all of them (whole numbers).

    Parameters
    ----------
    data : DataFrame
    attributes : list of str
        Rating columns.
    scales : mapping, optional

    Returns
    -------
    (int, int)

    Raises
    ------
    CxDataError
        The attributes are on different scales (the penalty-reward regression needs
        one definition of the low and high box), naming each column's scale.

    References
    ----------
    No statistics: the scale is read from the data description (``cxtools.yaml``).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"Q1": [1, 10, 4], "Q2": [2, 9, 7]})
    >>> attribute_scale(df, ["Q1", "Q2"], scales={"Q*": (1, 10)})
    (1, 10)
    >>> attribute_scale(df, ["Q1", "Q2"])
    (1, 10)
    """
    from cxtools.data.description._description import scale_for

    where = "attribute_scale"
    data = _frame(data, where)
    cols = list(attributes)
    require_columns(data, cols, func=where)
    found: dict[str, tuple[int, int]] = {}
    undeclared = [c for c in cols if scale_for(c, dict(scales or {})) is None]
    if undeclared:
        values = pd.concat([pd.to_numeric(data[c], errors="coerce") for c in undeclared]).dropna()
        if values.empty:
            raise CxDataError(f"{where}: columns {undeclared} have no numeric answers and no declared scale")
        observed = (int(np.floor(values.min())), int(np.ceil(values.max())))
    for c in cols:
        declared = scale_for(c, dict(scales or {}))
        found[c] = observed if declared is None else (int(declared[0]), int(declared[1]))
    distinct = sorted(set(found.values()))
    if len(distinct) > 1:
        detail = "; ".join(f"{c}: {lo}-{hi}" for c, (lo, hi) in found.items())
        raise CxDataError(f"{where}: the attributes are on different scales ({detail}); analyse the items of one "
                          "scale together (parameter attributes)")
    return distinct[0]


_KEY_FINDINGS_TEXT = {
    "en": {
        "heading": "## Key findings",
        "hygiene": "**Hygiene factors: {names}.** A poor rating of {top} costs {value} points of overall satisfaction "
                   "({level} interval {ci}); a good one adds little.",
        "no_hygiene": "**No hygiene factor stands out**: no attribute costs clearly more when rated poorly than it adds "
                      "when rated well.",
        "motivator": "**Motivators: {names}.** A good rating of {top} adds {value} points ({level} interval {ci}); "
                     "a poor one costs little.",
        "no_motivator": "**No motivator stands out**: no attribute adds clearly more when rated well than it costs when "
                        "rated poorly.",
        "wrong_low": "respondents who rate {name} poorly are *more* satisfied overall, by {value} points ({level} "
                     "interval {ci})",
        "wrong_high": "respondents who rate {name} well are *less* satisfied overall, by {value} points ({level} "
                      "interval {ci})",
        "wrong": "**{name} contradicts the model and is not classified:** {what}. Check that the question was not "
                 "asked the other way round and that its answers are coded correctly before acting on it.",
        "r2": "The attribute ratings explain {r2} of the differences in overall satisfaction ({n} respondents with "
              "every rating).",
        "first": "**Fix first: {name}** ({factor}), average rating {mean} on {scale} ({level} interval {ci}) against a "
                 "positive zone from {threshold}; {share} of respondents rate it in the low box. {below} of {total} "
                 "attributes are below the zone.",
        "all_in": "Every attribute is in its positive zone (average at least {threshold} on {scale}).",
        "kano": "The Kano questionnaire puts {agree} of {total} attributes in the same class as the survey ratings do.",
        "incidents": "Customers' bad stories are mostly about {negative}, their good stories about {positive} "
                     "({n_negative} bad, {n_positive} good stories).",
        "nothing": "nothing in particular",
        "factor": {"hygiene": "hygiene factor", "motivator": "motivator", "performance": "performance factor",
                   "unclear": "no clear effect"},
    },
    "ru": {
        "heading": "## Главные выводы",
        "hygiene": "**Гигиенические факторы: {names}.** Низкая оценка атрибута {top} снижает общую удовлетворённость "
                   "на {value} балла ({level}-й интервал {ci}); высокая почти ничего не добавляет.",
        "no_hygiene": "**Явных гигиенических факторов нет**: ни один атрибут при низкой оценке не отнимает заметно "
                      "больше, чем добавляет при высокой.",
        "motivator": "**Мотиваторы: {names}.** Высокая оценка атрибута {top} добавляет {value} балла ({level}-й "
                     "интервал {ci}); низкая почти ничего не отнимает.",
        "no_motivator": "**Явных мотиваторов нет**: ни один атрибут при высокой оценке не добавляет заметно больше, "
                        "чем отнимает при низкой.",
        "wrong_low": "те, кто оценил атрибут {name} низко, в целом *более* удовлетворены, на {value} балла ({level}-й "
                     "интервал {ci})",
        "wrong_high": "те, кто оценил атрибут {name} высоко, в целом *менее* удовлетворены, на {value} балла "
                      "({level}-й интервал {ci})",
        "wrong": "**{name} противоречит модели и не классифицирован:** {what}. Прежде чем действовать, проверьте, не "
                 "был ли вопрос задан в обратную сторону и верно ли закодированы ответы.",
        "r2": "Оценки атрибутов объясняют {r2} различий в общей удовлетворённости ({n} респондентов со всеми "
              "оценками).",
        "first": "**Исправить в первую очередь: {name}** ({factor}), средняя оценка {mean} по шкале {scale} ({level}-й "
                 "интервал {ci}) при пороге положительной зоны {threshold}; {share} респондентов ставят низкую "
                 "оценку. Ниже зоны {below} из {total} атрибутов.",
        "all_in": "Все атрибуты в положительной зоне (средняя оценка не ниже {threshold} по шкале {scale}).",
        "kano": "Анкета Кано относит {agree} из {total} атрибутов к тому же типу, что и оценки опроса.",
        "incidents": "Плохие истории клиентов чаще всего о {negative}, хорошие о {positive} ({n_negative} плохих, "
                     "{n_positive} хороших историй).",
        "nothing": "разном",
        "factor": {"hygiene": "гигиенический фактор", "motivator": "мотиватор", "performance": "фактор результата",
                   "unclear": "эффект не ясен"},
    },
}


def key_findings(
    penalty_reward: PenaltyRewardResult,
    *,
    positive_zone: PositiveZoneResult | None = None,
    kano: KanoResult | None = None,
    critical_incidents: CriticalIncidentsResult | None = None,
    lang: str = "en",
) -> str:
    """The "Key findings" of a hygiene-factor study: three to six sentences with their uncertainty.

    Written from the results only: the hygiene factors with the largest penalty and
    its interval, the motivators with the largest reward, the attributes whose effect
    has the sign the model rules out (said plainly, never classified), how much of
    overall satisfaction the ratings explain, the first action of the positive-zone
    list with its average rating and interval, and -- only when a Kano questionnaire
    or critical incidents are given *and* share attributes with the survey -- whether
    they agree.

    Parameters
    ----------
    penalty_reward : PenaltyRewardResult
    positive_zone, kano, critical_incidents : results, optional
    lang : {"en", "ru"}, default "en"
        Language of the sentences (attribute names stay as in the data).

    Returns
    -------
    str
        Markdown: a ``## Key findings`` heading and a bulleted list.

    References
    ----------
    Brandt, D. R. (1987), see :func:`penalty_reward`; Herzberg, F., Mausner, B. &
    Snyderman, B. B. (1959). *The Motivation to Work*. Wiley.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(1)
    >>> df = pd.DataFrame({"rating_price": rng.integers(1, 6, 600), "rating_brand": rng.integers(1, 6, 600)})
    >>> df["overall_satisfaction"] = (6 - 2.0 * (df.rating_price <= 2)
    ...     + 2.0 * (df.rating_brand >= 4) + rng.normal(0, 1, 600))
    >>> print(key_findings(penalty_reward(df)).splitlines()[2])
    - **Hygiene factors: price.** A poor rating of price costs 2.13 points of overall satisfaction (95% interval 1.90 to 2.37); a good one adds little.
    """
    prca = penalty_reward
    if not isinstance(prca, PenaltyRewardResult):
        raise CxParameterError(f"key_findings: expected the result of penalty_reward, got {type(prca).__name__}")
    check_choice("lang", lang, list(_KEY_FINDINGS_TEXT), func="key_findings")
    w = _KEY_FINDINGS_TEXT[lang]

    def num(x: float) -> str:
        return format_number(x, digits=2, lang=lang)

    def ci(lo: float, hi: float) -> str:
        return format_interval(lo, hi, digits=2, lang=lang)

    def names(items) -> str:
        return join_names([_display(a) for a in items], lang=lang)

    t = prca.table
    level = format_percent(1 - prca.alpha, lang=lang).replace("\u00a0", "").replace(" ", "") if lang == "ru" else \
        format_percent(1 - prca.alpha)
    groups = prca.by_category()
    lines = []
    for category, effect, found, missing in (("basic", "penalty", "hygiene", "no_hygiene"),
                                             ("excitement", "reward", "motivator", "no_motivator")):
        if not groups[category]:
            lines.append(w[missing])
            continue
        top = t.loc[t["category"] == category].sort_values(effect, ascending=False).iloc[0]
        lines.append(w[found].format(names=names(groups[category]), top=_display(top["attribute"]),
                                     value=num(top[effect]), level=level,
                                     ci=ci(top[f"{effect}_ci_low"], top[f"{effect}_ci_high"])))
    for r in t.loc[t["category"] == "contradicts the model"].itertuples():
        if r.penalty < 0:
            what = w["wrong_low"].format(name=_display(r.attribute), value=num(-r.penalty), level=level,
                                         ci=ci(-r.penalty_ci_high, -r.penalty_ci_low))
        else:
            what = w["wrong_high"].format(name=_display(r.attribute), value=num(-r.reward), level=level,
                                          ci=ci(-r.reward_ci_high, -r.reward_ci_low))
        lines.append(w["wrong"].format(name=_display(r.attribute), what=what))
    lines.append(w["r2"].format(r2=format_percent(prca.r_squared, lang=lang), n=format_number(prca.n, lang=lang)))
    if positive_zone is not None:
        z = positive_zone.table
        below = z.loc[~z["in_zone"]]
        lo_s, hi_s = positive_zone.scale
        scale_text = f"{lo_s:g}-{hi_s:g}"
        if len(below):
            r = below.iloc[0]
            lines.append(w["first"].format(
                name=_display(r["attribute"]), factor=w["factor"].get(r["factor"], r["factor"]),
                mean=num(r["performance"]), scale=scale_text,
                level=format_percent(positive_zone.confidence, lang=lang) if lang == "en" else level,
                ci=ci(r["ci_low"], r["ci_high"]), threshold=num(positive_zone.threshold),
                share=format_percent(r["share_low"], lang=lang), below=len(below), total=len(z)))
        else:
            lines.append(w["all_in"].format(threshold=num(positive_zone.threshold), scale=scale_text))
    if kano is not None and len(lines) < 6:
        both = _kano_agreement(prca, kano)
        if len(both):
            agree = int((both["factor_survey"] == both["factor_kano"]).sum())
            lines.append(w["kano"].format(agree=agree, total=len(both)))
    if critical_incidents is not None and len(lines) < 6:
        sides = critical_incidents.by_side()
        if sides["negative"] or sides["positive"]:
            lines.append(w["incidents"].format(
                negative=join_names(sides["negative"], lang=lang, empty=w["nothing"]),
                positive=join_names(sides["positive"], lang=lang, empty=w["nothing"]),
                n_negative=format_number(critical_incidents.n_negative, lang=lang),
                n_positive=format_number(critical_incidents.n_positive, lang=lang)))
    return w["heading"] + "\n\n" + "\n".join(f"- {line}" for line in lines[:6])


#: Russian words of the report tables (headers and the categorical cells), for :func:`localise_table`.
_TABLE_RU = {
    "Attribute": "Атрибут", "Rated poorly (n)": "Низкая оценка (чел.)", "Rated well (n)": "Высокая оценка (чел.)",
    "Penalty (points lost)": "Штраф (потеря баллов)", "Reward (points gained)": "Награда (прирост баллов)",
    "Penalty differs from reward: p (Holm)": "Штраф отличается от награды: p (Холм)",
    "Largest VIF": "Наибольший коэффициент инфляции дисперсии", "Type": "Тип",
    "Answers": "Ответов", "Attractive (%)": "Привлекательный (%)", "One-dimensional (%)": "Одномерный (%)",
    "Must-be (%)": "Обязательный (%)", "Indifferent (%)": "Безразличный (%)", "Category": "Категория",
    "Clearly ahead of runner-up (Fong)": "Явно впереди второй категории (тест Фонга)",
    "Better": "Индекс удовлетворённости", "Worse": "Индекс неудовлетворённости",
    "Good stories (n)": "Хороших историй", "Bad stories (n)": "Плохих историй",
    "Share of good stories (%)": "Доля среди хороших историй (%)",
    "Share of bad stories (%)": "Доля среди плохих историй (%)", "p (Holm)": "p (Холм)", "Reading": "Прочтение",
    "Importance (share of explained variance)": "Важность (доля объяснённой дисперсии)",
    "Importance (correlation with overall)": "Важность (корреляция с общей оценкой)",
    "Importance (stated)": "Важность (заявленная)", "Quadrant": "Квадрант", "Gap": "Разрыв",
    "Factor type": "Тип фактора", "Rate it low (%)": "Низкая оценка (%)",
    "In the positive zone": "В положительной зоне", "Priority": "Приоритет",
    # cells
    "basic (hygiene factor)": "базовый (гигиенический фактор)", "excitement (motivator)": "восхищающий (мотиватор)",
    "performance factor": "фактор результата", "no clear effect": "эффект не ясен",
    "not classified: a significant effect has the wrong sign": "не классифицирован: значимый эффект имеет обратный знак",
    "attractive (motivator)": "привлекательный (мотиватор)", "must-be (hygiene)": "обязательный (гигиенический)",
    "one-dimensional (performance)": "одномерный (результат)", "indifferent": "безразличный",
    "reverse": "обратный", "questionable": "сомнительный", "unclear": "не ясно",
    "hygiene factor (source of dissatisfaction)": "гигиенический фактор (источник недовольства)",
    "motivator (source of satisfaction)": "мотиватор (источник удовлетворённости)", "no clear side": "без явной стороны",
    "Concentrate here": "Сосредоточиться здесь", "Keep up the good work": "Так держать", "Low priority": "Низкий приоритет",
    "Possible overkill": "Возможно, избыточно", "hygiene": "гигиенический", "motivator": "мотиватор",
    "performance": "результат", "yes": "да", "no": "нет", "no (borderline)": "нет (на границе)",
    "Impact asymmetry (-1 to +1)": "Асимметрия влияния (от -1 до +1)",
    "dissatisfier (hygiene factor)": "источник недовольства (гигиенический фактор)",
    "satisfier (motivator)": "источник удовлетворённости (мотиватор)",
    "hybrid (performance factor)": "гибрид (фактор результата)",
    "Leading category": "Ведущая категория", "Runner-up": "Вторая категория",
    "Critical difference": "Критическая разница", "Clearly ahead": "Явно впереди",
    "1 (fix first)": "1 (исправить первым)", "2 (build next)": "2 (развивать затем)",
    "3 (improve steadily)": "3 (улучшать постепенно)", "4 (watch)": "4 (наблюдать)",
}

_TABLE_RU_PATTERNS = (
    (r"^Penalty (\d+%) CI$", "Штраф: интервал {0}"), (r"^Reward (\d+%) CI$", "Награда: интервал {0}"),
    (r"^Performance \(average (.+)\)$", "Исполнение (средняя, {0})"), (r"^Performance (\d+%) CI$", "Исполнение: интервал {0}"),
    (r"^Importance (\d+%) CI$", "Важность: интервал {0}"), (r"^Gap (\d+%) CI$", "Разрыв: интервал {0}"),
    (r"^Average rating \((.+)\)$", "Средняя оценка ({0})"),
    (r"^Importance \(stated, average (.+)\)$", "Важность (заявленная, средняя, {0})"), (r"^(\d+%) CI$", "Интервал {0}"),
    (r"^(\d+%) bootstrap interval$", "Бутстреп-интервал {0}"),
)

#: Categorical cells that carry a value inside the words, for :func:`localise_table`.
_CELL_RU_PATTERNS = ((r"^mixed \((.+)\)$", "смешанный ({0})"),)


def localise_table(table: pd.DataFrame, *, lang: str = "en") -> pd.DataFrame:
    """A ``report_table()`` of this module with its headers and categorical cells in ``lang``.

    Attribute names (the data's own) are left as they are; in Russian, numbers become
    text the Russian way (decimal comma, thousands separated by a space; whole-number
    columns without decimals, the others with two) and intervals read "от ... до ...".
    ``lang="en"`` returns the table unchanged.

    Parameters
    ----------
    table : DataFrame
        The ``report_table()`` of a result of this module.
    lang : {"en", "ru"}

    Returns
    -------
    DataFrame

    References
    ----------
    No statistics: wording only (the Russian terms follow the Kano and Herzberg literature in Russian,
    e.g. "гигиенические факторы" and "мотиваторы").

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"Attribute": ["price"], "Penalty 95% CI": ["0.9 to 1.2"], "Type": ["basic (hygiene factor)"],
    ...                   "Rated poorly (n)": [1234], "Largest VIF": [1.4]})
    >>> localise_table(t, lang="ru").columns.tolist()[:3]
    ['Атрибут', 'Штраф: интервал 95%', 'Тип']
    >>> localise_table(t, lang="ru").iloc[0].tolist()
    ['price', 'от 0,9 до 1,2', 'базовый (гигиенический фактор)', '1\xa0234', '1,40']
    """
    import re

    check_choice("lang", lang, ["en", "ru"], func="localise_table")
    if lang == "en":
        return table
    out = table.copy()

    def words(name: Any, patterns: Sequence[tuple[str, str]]) -> Any:
        if not isinstance(name, str):
            return name
        if name in _TABLE_RU:
            return _TABLE_RU[name]
        for pattern, text in patterns:
            m = re.match(pattern, name)
            if m:
                return text.format(*m.groups())
        return name

    def cell(v: Any) -> Any:
        v = words(v, _CELL_RU_PATTERNS)
        if not isinstance(v, str):
            return v
        v = re.sub(r"^(\S+) to (\S+)$", r"от \1 до \2", v).replace(" to ", " до ")
        return re.sub(r"(?<=\d)\.(?=\d)", ",", v)  # decimal comma

    for col in out.columns:
        if col == "Attribute" or col == "Category" and "Good stories (n)" in out.columns:
            continue  # the data's own names
        if pd.api.types.is_bool_dtype(out[col]):
            continue
        if pd.api.types.is_numeric_dtype(out[col]):
            digits = 0 if pd.api.types.is_integer_dtype(out[col]) else 2
            out[col] = [format_number(v, digits=digits, lang=lang) for v in out[col]]
        elif out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = [cell(v) for v in out[col]]
    return out.rename(columns=lambda name: words(name, _TABLE_RU_PATTERNS))
