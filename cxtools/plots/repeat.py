"""Plots for the repeat-buying models of :mod:`cxtools.ltv.models` (figures of :mod:`cxtools.ltv`).

Every function is ``plot_x(result, *, ax=None, ..., lang="en") -> Axes``: it takes the result
it draws (the table of :func:`~cxtools.ltv.tracking.holdout_by_frequency`, a
:class:`~cxtools.ltv.matrices.RepeatMatrix`, a :class:`~cxtools.ltv.tracking.TrackingResult`),
draws on ``ax`` (default the current Axes), returns the Axes and never calls ``plt.show()``.
Titles, axes, legends and colour-bar labels are in English (``lang="en"``) or Russian
(``lang="ru"``). The old call with a fitted model (``plot_calibration_holdout(model, summary)``,
``plot_probability_alive_matrix(model, T=...)``) still works for one release, with a
FutureWarning.
"""

from __future__ import annotations

import warnings
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from cxtools.core import vocabulary
from cxtools.core.errors import CxParameterError
from cxtools.core.i18n import check_lang, gettext, pgettext
from cxtools.core.util import axes_or_current
from cxtools.core.wording import format_number
from cxtools.ltv.matrices import RepeatMatrix, frequency_recency_matrix, probability_alive_matrix
from cxtools.ltv.models import BetaGeoModel, ParetoNBDModel
from cxtools.ltv.tracking import TrackingResult, holdout_by_frequency
from cxtools.plots.ltv import _units

__all__ = ["plot_calibration_holdout", "plot_frequency_recency_matrix", "plot_probability_alive_matrix",
           "plot_repeat_tracking", "plot_holdout_by_frequency"]

def _words(lang: str, func: str) -> dict[str, Any]:
    """The labels of these figures in ``lang``; an unknown language is refused, naming the choices."""
    check_lang(lang, func)
    return {
        "units": _units(lang),
        "unit_one": {"day": pgettext("one time unit, as in 'per week'", "day", lang),
                     "week": pgettext("one time unit, as in 'per week'", "week", lang),
                     "month": pgettext("one time unit, as in 'per week'", "month", lang),
                     "quarter": pgettext("one time unit, as in 'per week'", "quarter", lang),
                     "year": pgettext("one time unit, as in 'per week'", "year", lang)},
        "no_unit": gettext("time units", lang),
        "no_unit_one": pgettext("one time unit, as in 'per week'", "period", lang),
        "actual": pgettext("legend entry", "Actual", lang),
        "expected": gettext("Expected ({model})", lang),
        "by_frequency_x": gettext("Repeat purchases in the calibration period", lang),
        # the holdout's length: "in the 39-week holdout"
        "holdout_unit": {"day": pgettext("a holdout's length, as in 'the 39-week holdout'", "day", lang),
                         "week": pgettext("a holdout's length, as in 'the 39-week holdout'", "week", lang),
                         "month": pgettext("a holdout's length, as in 'the 39-week holdout'", "month", lang),
                         "quarter": pgettext("a holdout's length, as in 'the 39-week holdout'", "quarter", lang),
                         "year": pgettext("a holdout's length, as in 'the 39-week holdout'", "year", lang)},
        "by_frequency_y": gettext("Transactions per customer in the {dur}-{holdout_unit} holdout", lang),
        "by_frequency_y_plain": gettext("Transactions per customer in the holdout", lang),
        "by_frequency_title": gettext("Holdout transactions by calibration frequency: actual vs expected", lang),
        "matrix_x": gettext("Repeat purchases so far (frequency)", lang),
        "matrix_y": gettext("Customer age at last purchase ({unit}, recency)", lang),
        "expected_purchases_title": gettext("Expected purchases in the next {t} {unit}", lang),
        "expected_purchases_bar": pgettext("colour bar", "Expected purchases", lang),
        "probability_alive_title": gettext("Probability the customer is still active (age {T} {unit})", lang),
        "probability_alive_bar": pgettext("colour bar", "Probability still active", lang),
        # the x axis numbers the periods: "Week since the first customer's first purchase" (the Russian
        # label reads "Time since the first customer's first purchase (weeks)", the unit in brackets)
        "period_name": {"day": pgettext("axis: the period counted", "Day", lang),
                        "week": pgettext("axis: the period counted", "Week", lang),
                        "month": pgettext("axis: the period counted", "Month", lang),
                        "quarter": pgettext("axis: the period counted", "Quarter", lang),
                        "year": pgettext("axis: the period counted", "Year", lang)},
        "no_period_name": pgettext("axis: the period counted", "Period", lang),
        "tracking_x": gettext("{period} since the first customer's first purchase", lang),
        "tracking_y_cumulative": gettext("Cumulative repeat transactions", lang),
        "tracking_y": gettext("Repeat transactions per {unit_one}", lang),
        "tracking_title": gettext("Repeat transactions of {n} customers: actual vs model", lang),
        "calibration_end": gettext("end of calibration", lang),
    }


def _unit(words: dict[str, Any], time_unit: Any) -> tuple[str, str]:
    """The time unit in words: plural (for amounts) and one period (for "per week")."""
    unit = _known_unit(time_unit)
    return words["units"].get(unit, words["no_unit"]), words["unit_one"].get(unit, words["no_unit_one"])


def _known_unit(time_unit: Any) -> str | None:
    """``time_unit`` in the one vocabulary, or None (an unknown unit, e.g. BG/BB's "period")."""
    with warnings.catch_warnings():  # a result stored with an old spelling ("W") is read, not re-warned
        warnings.simplefilter("ignore", FutureWarning)
        try:
            return vocabulary.time_unit(time_unit)
        except CxParameterError:
            return None


def _short_number(x: float, lang: str) -> str:
    """A horizon or an age for a title: whole numbers as they are, others to one decimal ("94.4", "94,4")."""
    return format_number(float(x), digits=0 if float(x).is_integer() else 1, lang=lang)


def _old_model_call(func: str, new: str) -> None:
    warnings.warn(f"{func}: pass the result of {new} instead of a fitted model (e.g. {func}({new}(model, ...))); "
                  "a model will stop working in the next release", FutureWarning, stacklevel=3)


def _check_by_frequency(table: Any, func: str) -> pd.DataFrame:
    if not isinstance(table, pd.DataFrame) or not {"actual", "expected"} <= set(table.columns):
        raise CxParameterError(f"{func}: expected the DataFrame of cxtools.ltv.holdout_by_frequency(), got "
                               f"{type(table).__name__}")
    return table


def _draw_by_frequency(table: pd.DataFrame, ax: Any, lang: str, func: str) -> plt.Axes:
    """Actual (solid) and expected (dashed) holdout transactions per customer, one point per group."""
    words = _words(lang, func)
    ax = axes_or_current(ax)
    pos = np.arange(len(table))
    model = table.attrs.get("model", "model")
    ax.plot(pos, table["actual"].to_numpy(), marker="o", color="black", label=words["actual"])
    ax.plot(pos, table["expected"].to_numpy(), marker="s", linestyle="--", label=words["expected"].format(model=model))
    ax.set_xticks(pos, [str(i) for i in table.index])
    ax.set_xlabel(words["by_frequency_x"])
    dur, time_unit = table.attrs.get("duration_holdout"), table.attrs.get("time_unit", "")
    if dur and _known_unit(time_unit) is not None:
        ax.set_ylabel(words["by_frequency_y"].format(dur=f"{dur:.0f}",
                                                     holdout_unit=words["holdout_unit"][_known_unit(time_unit)]))
    else:
        ax.set_ylabel(words["by_frequency_y_plain"])
    ax.set_title(words["by_frequency_title"])
    ax.legend()
    return ax


def plot_calibration_holdout(result: pd.DataFrame, *args: Any, ax: plt.Axes | None = None, lang: str = "en",
                             max_frequency: int = 7, calibration_summary: pd.DataFrame | None = None) -> plt.Axes:
    """Actual vs expected purchases in the holdout period, by calibration frequency.

    The same figure as :func:`plot_holdout_by_frequency`: it takes the table of
    :func:`~cxtools.ltv.tracking.holdout_by_frequency`. The old call with a fitted model and
    the calibration summary (``plot_calibration_holdout(model, summary, max_frequency=7)``)
    still works for one release, with a FutureWarning.

    Parameters
    ----------
    result : DataFrame
        Output of :func:`~cxtools.ltv.tracking.holdout_by_frequency`.
    ax : matplotlib Axes, optional
    lang : {"en", "ru"}, default "en"
        Language of the labels.
    max_frequency, calibration_summary
        Only with the old call (a model as ``result``): passed to ``holdout_by_frequency``.

    Returns
    -------
    matplotlib Axes

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy way.
    Marketing Science 24(2), 275-284: Figure 4 is this comparison for CDNOW.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> from cxtools.ltv.rfm import calibration_holdout_summary
    >>> from cxtools.ltv.tracking import holdout_by_frequency
    >>> cal = calibration_holdout_summary(
    ...     pd.read_csv("data/cdnow/cdnow_sample_transactions.csv", dtype={"customer_id": str}),
    ...     timestamp="date", calibration_end="1997-09-30", observation_end="1998-06-30")
    >>> table = holdout_by_frequency(BetaGeoModel().fit(cal), cal, max_frequency=5)
    >>> plot_calibration_holdout(table).get_xlabel()
    'Repeat purchases in the calibration period'
    >>> from cxtools.core.i18n import gettext
    >>> plot_calibration_holdout(table, lang="ru").get_xlabel() == gettext(
    ...     "Repeat purchases in the calibration period", "ru")
    True
    """
    if isinstance(result, (BetaGeoModel, ParetoNBDModel)):
        if len(args) > 1 or (args and calibration_summary is not None):
            raise TypeError("plot_calibration_holdout() takes the model and the calibration summary once")
        summary = args[0] if args else calibration_summary
        if summary is None:
            raise CxParameterError("plot_calibration_holdout: with a model, give the calibration summary too")
        _old_model_call("plot_calibration_holdout", "holdout_by_frequency")
        result = holdout_by_frequency(result, summary, max_frequency=max_frequency)
    elif args or calibration_summary is not None:
        raise CxParameterError("plot_calibration_holdout: the table of holdout_by_frequency() is drawn as it is; "
                               "give no calibration summary with it")
    return _draw_by_frequency(_check_by_frequency(result, "plot_calibration_holdout"), ax, lang,
                              "plot_calibration_holdout")


def _matrix_result(result: Any, quantity: str, func: str, build: Any, options: dict[str, Any]) -> RepeatMatrix:
    """The matrix to draw: ``result`` itself, or (old call, with a FutureWarning) built from a model."""
    if isinstance(result, (BetaGeoModel, ParetoNBDModel)):
        _old_model_call(func, build.__name__)
        return build(result, **{k: v for k, v in options.items() if v is not None})
    if not isinstance(result, RepeatMatrix) or result.quantity != quantity:
        raise CxParameterError(f"{func}: expected the RepeatMatrix of cxtools.ltv.matrices.{build.__name__}(), got "
                               f"{getattr(result, 'quantity', type(result).__name__)}")
    given = [k for k, v in options.items() if v is not None]
    if given:
        raise CxParameterError(f"{func}: {', '.join(given)} belong(s) to {build.__name__}(); the matrix is drawn "
                               "as it was computed")
    return result


def _draw_matrix(matrix: RepeatMatrix, ax: Any, lang: str, func: str) -> plt.Axes:
    words = _words(lang, func)
    unit, _ = _unit(words, matrix.time_unit)
    ax = axes_or_current(ax)
    mesh = ax.pcolormesh(matrix.frequency, matrix.recency, matrix.values, shading="nearest", cmap="viridis")
    ax.figure.colorbar(mesh, ax=ax, label=words[f"{matrix.quantity}_bar"])
    ax.set_xlabel(words["matrix_x"])
    ax.set_ylabel(words["matrix_y"].format(unit=unit))
    ax.set_title(words[f"{matrix.quantity}_title"].format(
        t=_short_number(matrix.t, lang) if matrix.t is not None else "", T=_short_number(matrix.T, lang), unit=unit))
    return ax


def plot_frequency_recency_matrix(
    result: RepeatMatrix,
    *,
    ax: plt.Axes | None = None,
    lang: str = "en",
    t: float | None = None,
    T: float | None = None,
    max_frequency: int | None = None,
    max_recency: float | None = None,
) -> plt.Axes:
    """Heat map of the expected purchases in the next ``t`` time units for every frequency and recency.

    Parameters
    ----------
    result : RepeatMatrix
        From :func:`~cxtools.ltv.matrices.frequency_recency_matrix`.
    ax : matplotlib Axes, optional
    lang : {"en", "ru"}, default "en"
        Language of the labels.
    t, T, max_frequency, max_recency
        Only with the old call (a fitted model as ``result``, FutureWarning): passed to
        :func:`~cxtools.ltv.matrices.frequency_recency_matrix`.

    Returns
    -------
    matplotlib Axes

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). RFM and CLV: Using iso-value curves for
    customer base analysis. JMR 42(4), 415-430: Figure 3 is this heat map for CDNOW.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> cdnow = pd.read_csv("data/cdnow/cdnow_summary.csv", index_col="customer_id")
    >>> ax = plot_frequency_recency_matrix(frequency_recency_matrix(BetaGeoModel().fit(cdnow), t=39, T=38.86))
    >>> ax.get_title()
    'Expected purchases in the next 39 weeks'
    """
    matrix = _matrix_result(result, "expected_purchases", "plot_frequency_recency_matrix", frequency_recency_matrix,
                            {"t": t, "T": T, "max_frequency": max_frequency, "max_recency": max_recency})
    return _draw_matrix(matrix, ax, lang, "plot_frequency_recency_matrix")


def plot_probability_alive_matrix(
    result: RepeatMatrix,
    *,
    ax: plt.Axes | None = None,
    lang: str = "en",
    T: float | None = None,
    max_frequency: int | None = None,
    max_recency: float | None = None,
) -> plt.Axes:
    """Heat map of the probability that a customer is still active, for every frequency and recency.

    Parameters
    ----------
    result : RepeatMatrix
        From :func:`~cxtools.ltv.matrices.probability_alive_matrix`.
    ax : matplotlib Axes, optional
    lang : {"en", "ru"}, default "en"
        Language of the labels.
    T, max_frequency, max_recency
        Only with the old call (a fitted model as ``result``, FutureWarning): passed to
        :func:`~cxtools.ltv.matrices.probability_alive_matrix`.

    Returns
    -------
    matplotlib Axes

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy way.
    Marketing Science 24(2), 275-284: P(alive) is their eq. (11).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> cdnow = pd.read_csv("data/cdnow/cdnow_summary.csv", index_col="customer_id")
    >>> ax = plot_probability_alive_matrix(probability_alive_matrix(BetaGeoModel().fit(cdnow), T=38.86))
    >>> ax.get_title()
    'Probability the customer is still active (age 38.9 weeks)'
    """
    matrix = _matrix_result(result, "probability_alive", "plot_probability_alive_matrix", probability_alive_matrix,
                            {"T": T, "max_frequency": max_frequency, "max_recency": max_recency})
    return _draw_matrix(matrix, ax, lang, "plot_probability_alive_matrix")


def plot_repeat_tracking(
    result: Any,
    *,
    cumulative: bool = False,
    show_actual: bool = True,
    ax: plt.Axes | None = None,
    lang: str = "en",
) -> plt.Axes:
    """Repeat transactions per period, actual vs expected, with the calibration end marked.

    Parameters
    ----------
    result : TrackingResult
        Output of :func:`~cxtools.ltv.tracking.repeat_tracking`.
    cumulative : bool
        Cumulative totals instead of transactions per period.
    show_actual : bool
        Draw the actual line (set False to add a second model's expectation to
        an Axes that already shows it).
    ax : matplotlib Axes, optional
    lang : {"en", "ru"}, default "en"
        Language of the labels.

    Returns
    -------
    matplotlib Axes

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers"
    the easy way. Marketing Science 24(2), 275-284, Figures 2 and 3.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> from cxtools.ltv.rfm import calibration_holdout_summary
    >>> from cxtools.ltv.tracking import repeat_tracking
    >>> log = pd.read_csv("data/cdnow/cdnow_sample_transactions.csv", dtype={"customer_id": str})
    >>> cal = calibration_holdout_summary(log, timestamp="date", calibration_end="1997-09-30",
    ...                                   observation_end="1998-06-30")
    >>> track = repeat_tracking(log, BetaGeoModel().fit(cal), timestamp="date",
    ...                         calibration_end="1997-09-30", observation_end="1998-06-30")
    >>> ax = plot_repeat_tracking(track, cumulative=True)
    >>> ax.get_ylabel()
    'Cumulative repeat transactions'
    >>> from cxtools.core.i18n import gettext
    >>> plot_repeat_tracking(track, cumulative=True, lang="ru").get_ylabel() == gettext(
    ...     "Cumulative repeat transactions", "ru")
    True
    """
    if not isinstance(result, TrackingResult):
        raise CxParameterError("result must be the TrackingResult of cxtools.ltv.repeat_tracking()")
    words = _words(lang, "plot_repeat_tracking")
    unit, unit_one = _unit(words, result.time_unit)
    f = result.frame
    ax = axes_or_current(ax)
    col = "_cumulative" if cumulative else ""
    if show_actual:
        ax.plot(f["period"], f[f"actual{col}"], color="black", label=words["actual"])
    ax.plot(f["period"], f[f"expected{col}"], linestyle="--", label=words["expected"].format(model=result.model))
    ax.axvline(result.calibration_periods + 0.5, color="grey", linestyle=":", linewidth=1)
    ax.annotate(words["calibration_end"], xy=(result.calibration_periods + 0.5, 0.98),
                xycoords=("data", "axes fraction"), ha="right", va="top", fontsize="small", color="grey", rotation=90)
    period = words["period_name"].get(_known_unit(result.time_unit), words["no_period_name"])
    ax.set_xlabel(words["tracking_x"].format(period=period))
    ax.set_ylabel(words["tracking_y_cumulative"] if cumulative else words["tracking_y"].format(unit_one=unit_one))
    ax.set_title(words["tracking_title"].format(n=format_number(result.n_customers, lang=lang)))
    ax.legend()
    return ax


def plot_holdout_by_frequency(table: pd.DataFrame, *, ax: plt.Axes | None = None, lang: str = "en") -> plt.Axes:
    """Mean holdout transactions per customer, actual vs expected, by calibration repeat purchases.

    Parameters
    ----------
    table : DataFrame
        Output of :func:`~cxtools.ltv.tracking.holdout_by_frequency`.
    ax : matplotlib Axes, optional
    lang : {"en", "ru"}, default "en"
        Language of the labels.

    Returns
    -------
    matplotlib Axes

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers"
    the easy way. Marketing Science 24(2), 275-284, Figure 4.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> from cxtools.ltv.rfm import calibration_holdout_summary
    >>> from cxtools.ltv.tracking import holdout_by_frequency
    >>> log = pd.read_csv("data/cdnow/cdnow_sample_transactions.csv", dtype={"customer_id": str})
    >>> cal = calibration_holdout_summary(log, timestamp="date", calibration_end="1997-09-30",
    ...                                   observation_end="1998-06-30")
    >>> ax = plot_holdout_by_frequency(holdout_by_frequency(BetaGeoModel().fit(cal), cal))
    >>> [t.get_text() for t in ax.get_xticklabels()][-1]
    '7+'
    """
    return _draw_by_frequency(_check_by_frequency(table, "plot_holdout_by_frequency"), ax, lang,
                              "plot_holdout_by_frequency")
