"""The lifetime-value plots show the numbers of the results they are given.

Each test reads back what was drawn -- line coordinates, bar lengths, heat-map cells --
and compares it with the result object, so a plot that drew the wrong column, dropped a
group or shifted a curve fails.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import re  # noqa: E402

from cxtools.core.errors import CxParameterError  # noqa: E402
from cxtools.plots import ltv as ltv_plots  # noqa: E402
from cxtools.plots import repeat as repeat_plots  # noqa: E402
from cxtools.ltv.matrices import RepeatMatrix, frequency_recency_matrix, probability_alive_matrix  # noqa: E402
from cxtools.ltv.models import BetaGeoModel, ParetoNBDModel, holdout_comparison  # noqa: E402
from cxtools.plots.ltv import (  # noqa: E402
    plot_cohort_heatmap,
    plot_sbg_projection,
    plot_segment_ltv,
    plot_survival,
)
from cxtools.plots.repeat import (  # noqa: E402
    plot_calibration_holdout,
    plot_frequency_recency_matrix,
    plot_holdout_by_frequency,
    plot_probability_alive_matrix,
    plot_repeat_tracking,
)
from cxtools.ltv.rfm import calibration_holdout_summary  # noqa: E402
from cxtools.ltv.sbg import ShiftedBetaGeometricModel  # noqa: E402
from cxtools.ltv.simple import segment_ltv  # noqa: E402
from cxtools.ltv.survival import cohort_retention, kaplan_meier  # noqa: E402
from cxtools.ltv.tracking import holdout_by_frequency, repeat_tracking  # noqa: E402

CDNOW = Path(__file__).resolve().parents[2] / "data" / "cdnow"
REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241]  # Fader & Hardie (2007), "regular" customers


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def km():
    df = pd.DataFrame({"months": [3, 5, 5, 8, 10, 12, 2, 4, 6, 6, 9, 15, 20],
                       "ended": [1, 1, 0, 1, 0, 1, 1, 1, 1, 0, 1, 0, 1],
                       "plan": ["a"] * 6 + ["b"] * 7})
    return kaplan_meier(df, duration="months", event="ended", by="plan", horizon=10)


def test_plot_survival_draws_each_groups_curve_and_band(km):
    fig, ax = plt.subplots()
    assert plot_survival(km, ax=ax) is ax
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["a", "b"]
    for line, label in zip(lines, ["a", "b"]):
        g = km.table[km.table["group"] == label]
        x, y = line.get_xdata(), line.get_ydata()
        last = km.summary.loc[label, "last_time"]
        np.testing.assert_allclose(x, np.r_[0.0, g["time"], last])
        np.testing.assert_allclose(y, np.r_[1.0, g["survival"], g["survival"].iloc[-1]])
    bands = [c for c in ax.collections]
    assert len(bands) == 2
    for band, label in zip(bands, ["a", "b"]):
        g = km.table[km.table["group"] == label]
        ys = np.round(np.concatenate([p.vertices[:, 1] for p in band.get_paths()]), 12)
        assert set(np.round(g["lower"], 12)) <= set(ys) and set(np.round(g["upper"], 12)) <= set(ys)
    plt.figure()
    ax2 = plot_survival(km, band=False)
    assert not ax2.collections and "95%" not in ax2.get_title()


def test_plot_survival_old_positional_ax_and_ci_still_work(km):
    fig, ax = plt.subplots()
    with pytest.warns(FutureWarning, match="pass ax by keyword"):
        assert plot_survival(km, ax) is ax
    fig, ax = plt.subplots()
    with pytest.warns(FutureWarning, match="'ci' is now called 'band'"):
        plot_survival(km, ax=ax, ci=False)
    assert not ax.collections
    with pytest.raises(CxParameterError, match="KaplanMeierResult"):
        plot_survival(km.summary)


def test_plot_cohort_heatmap_cells_are_the_tables_shares():
    subs = pd.DataFrame({"start_date": ["2026-01-05", "2026-01-20", "2026-02-03", "2026-02-10", "2026-05-10"],
                         "end_date": ["2026-03-01", None, "2026-02-20", None, None]})
    table = cohort_retention(subs, as_of="2026-06-30", periods=3)
    fig, ax = plt.subplots()
    assert plot_cohort_heatmap(table, ax=ax) is ax
    mesh = ax.collections[0]
    cells = np.ma.filled(mesh.get_array().astype(float), np.nan).reshape(len(table), 4)
    np.testing.assert_array_equal(np.isnan(cells), table[[0, 1, 2, 3]].isna().to_numpy())
    np.testing.assert_allclose(cells[~np.isnan(cells)], table[[0, 1, 2, 3]].to_numpy()[~np.isnan(cells)])
    shown = [t.get_text() for t in ax.texts]
    assert shown == [f"{v:.0%}" for v in table[[0, 1, 2, 3]].to_numpy().ravel() if np.isfinite(v)]
    assert [t.get_text() for t in ax.get_yticklabels()] == list(table.index)
    with pytest.warns(FutureWarning):
        plot_cohort_heatmap(table, plt.subplots()[1])


def test_plot_sbg_projection_draws_the_models_survival_and_the_actual_shares():
    model = ShiftedBetaGeometricModel(time_unit="year").fit(REGULAR)
    actual = np.array(REGULAR) / 1000
    fig, ax = plt.subplots()
    plot_sbg_projection(model, actual=actual, ax=ax, periods=12, calibration_periods=7)
    projected, observed = ax.get_lines()[:2]
    np.testing.assert_allclose(projected.get_xdata(), np.arange(13))
    np.testing.assert_allclose(projected.get_ydata(), model.survival(np.arange(13)))
    np.testing.assert_allclose(observed.get_xdata(), np.arange(8))
    np.testing.assert_allclose(observed.get_ydata(), actual)
    assert ax.get_lines()[2].get_xdata()[0] == 7  # end of the fitting data
    series = pd.Series([1.0, 0.6, 0.45], index=[0, 2, 4])
    ax = plot_sbg_projection(model, actual=series, ax=plt.subplots()[1], periods=4)
    np.testing.assert_allclose(ax.get_lines()[1].get_xdata(), [0, 2, 4])
    with pytest.warns(FutureWarning, match="pass actual by keyword"):
        plot_sbg_projection(model, actual, ax=plt.subplots()[1])
    with pytest.raises(CxParameterError, match="ShiftedBetaGeometricModel"):
        plot_sbg_projection(object())


def test_plot_segment_ltv_bar_lengths_are_the_lifetime_values():
    seg = pd.DataFrame({"margin": [50, 100, 80], "lifetime": [36, 60, 24]},
                       index=pd.Index(["internet", "internet+tv", "mobile"], name="plan"))
    table = segment_ltv(seg, lifetime="lifetime")
    fig, ax = plt.subplots()
    plot_segment_ltv(table, ax=ax, currency="EUR")
    bars = ax.patches
    np.testing.assert_allclose([b.get_width() for b in bars], table["ltv"])
    assert [t.get_text() for t in ax.get_yticklabels()] == list(table.index)
    assert [t.get_text().strip() for t in ax.texts] == ["€1,800", "€6,000", "€1,920"]
    assert ax.get_xlabel() == "Lifetime value per customer (EUR)" and ax.get_ylabel() == "plan"


@pytest.fixture(scope="module")
def cal():
    log = pd.read_csv(CDNOW / "cdnow_sample_transactions.csv", dtype={"customer_id": str})
    return calibration_holdout_summary(log, timestamp="date", calibration_end="1997-09-30",
                                       observation_end="1998-06-30")


def test_plot_calibration_holdout_points_are_the_comparison_table(cal):
    model = BetaGeoModel().fit(cal)
    table = holdout_comparison(model, cal, max_frequency=5)
    fig, ax = plt.subplots()
    assert plot_calibration_holdout(holdout_by_frequency(model, cal, max_frequency=5), ax=ax) is ax
    actual, predicted = ax.get_lines()
    np.testing.assert_allclose(actual.get_ydata(), table["actual"])
    np.testing.assert_allclose(predicted.get_ydata(), table["predicted"])
    assert [t.get_text() for t in ax.get_xticklabels()][-1] == "5+"


def test_plot_calibration_holdout_old_call_with_a_model_warns_and_draws_the_same(cal):
    model = BetaGeoModel().fit(cal)
    fig, (new, old) = plt.subplots(1, 2)
    plot_calibration_holdout(holdout_by_frequency(model, cal, max_frequency=5), ax=new)
    with pytest.warns(FutureWarning, match="holdout_by_frequency"):
        plot_calibration_holdout(model, cal, max_frequency=5, ax=old)
    for a, b in zip(new.get_lines(), old.get_lines()):
        np.testing.assert_allclose(a.get_ydata(), b.get_ydata())
    with pytest.raises(CxParameterError, match="calibration summary"):
        plot_calibration_holdout(model)
    with pytest.raises(CxParameterError, match="holdout_by_frequency"):
        plot_calibration_holdout(cal)  # a summary is not the comparison table


@pytest.mark.parametrize("cls", [BetaGeoModel, ParetoNBDModel])
def test_matrices_show_the_models_predictions_cell_by_cell(cls):
    cdnow = pd.read_csv(CDNOW / "cdnow_summary.csv", index_col="customer_id")
    model = cls.from_params(**{"BG/NBD": dict(r=0.243, alpha=4.414, a=0.793, b=2.426),
                               "Pareto/NBD": dict(r=0.553, alpha=10.578, s=0.606, beta=11.669)}[cls._label])
    assert len(cdnow)  # the published parameters belong to this data set
    T = 38.86
    fig, ax = plt.subplots()
    plot_probability_alive_matrix(probability_alive_matrix(model, T=T, max_frequency=10), ax=ax)
    z = np.ma.filled(ax.collections[0].get_array().astype(float), np.nan).reshape(60, 11)
    rec = np.linspace(0, T, 60)
    for i, j in [(59, 3), (30, 10), (5, 1), (0, 0)]:
        expected = model.probability_alive((np.array([float(j)]), np.array([rec[i] if j else 0.0]),
                                            np.array([T]))).iloc[0]
        assert z[i, j] == pytest.approx(expected)
    assert np.isnan(z[10, 0])  # one-time buyers have recency 0 only
    fig, ax = plt.subplots()
    plot_frequency_recency_matrix(frequency_recency_matrix(model, t=39, T=T, max_frequency=10), ax=ax)
    z = np.ma.filled(ax.collections[0].get_array().astype(float), np.nan).reshape(60, 11)
    for i, j in [(59, 3), (30, 10), (5, 1)]:
        expected = model.expected_purchases(39, (np.array([float(j)]), np.array([rec[i]]), np.array([T]))).iloc[0]
        assert z[i, j] == pytest.approx(expected)


def test_matrix_plots_old_call_with_a_model_warns_and_draws_the_same():
    model = BetaGeoModel.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
    for plot, build, options in [
        (plot_probability_alive_matrix, probability_alive_matrix, dict(T=38.86, max_frequency=10)),
        (plot_frequency_recency_matrix, frequency_recency_matrix, dict(t=39, T=38.86, max_frequency=10)),
    ]:
        fig, (new, old) = plt.subplots(1, 2)
        plot(build(model, **options), ax=new)
        with pytest.warns(FutureWarning, match=build.__name__):
            plot(model, ax=old, **options)
        np.testing.assert_array_equal(np.ma.filled(new.collections[0].get_array(), -1),
                                      np.ma.filled(old.collections[0].get_array(), -1))
        assert new.get_title() == old.get_title()
        with pytest.raises(CxParameterError, match="belong"):
            plot(build(model, **options), T=20.0)  # the grid is the result's, not the plot's


def test_a_matrix_of_the_other_quantity_is_refused():
    model = BetaGeoModel.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
    with pytest.raises(CxParameterError, match="frequency_recency_matrix"):
        plot_frequency_recency_matrix(probability_alive_matrix(model, T=38.86))


def test_repeat_matrix_table_is_the_grid():
    model = BetaGeoModel.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
    m = probability_alive_matrix(model, T=38.86, max_frequency=4)
    assert isinstance(m, RepeatMatrix) and m.time_unit == "week" and m.model == "BG/NBD"
    frame = m.to_frame()
    assert frame.shape == (60, 5) and list(frame.columns) == [0, 1, 2, 3, 4]
    assert frame.iloc[59, 2] == pytest.approx(model.probability_alive(
        (np.array([2.0]), np.array([38.86]), np.array([38.86]))).iloc[0])
    assert "probability" in m.describe() and "38.86" in m.describe()
    ax = plot_probability_alive_matrix(m)
    assert ax.get_title() == "Probability the customer is still active (age 38.9 weeks)"  # no 38.86 or 38.8600


# ----------------------------------------------------------------------------- Russian labels
# Latin words a Russian figure may keep: model names and abbreviations, and the data's own names
RUSSIAN_FIGURE_LATIN = {"bg", "nbd", "pareto", "sbg", "plan", "a", "b", "internet", "tv", "rub"}


def _figure_text(ax) -> list[str]:
    """Every text of a figure: titles, axis labels, legend entries and title, annotations, colour bars."""
    texts = []
    for axes in ax.figure.axes:
        texts += [axes.get_title(), axes.get_xlabel(), axes.get_ylabel()]
        texts += [t.get_text() for t in axes.texts]
        legend = axes.get_legend()
        if legend is not None:
            texts += [t.get_text() for t in legend.get_texts()] + [legend.get_title().get_text()]
    return [t for t in texts if t]


def _latin_words(texts) -> list[str]:
    words = {w for t in texts for w in re.findall(r"[A-Za-z][A-Za-z'-]*", t)}
    return sorted(w for w in words if w.casefold() not in RUSSIAN_FIGURE_LATIN and len(w) > 1)


def _old_km_plot(km, lang):
    with pytest.warns(FutureWarning, match="plot_survival"):
        return km.plot(lang=lang)


@pytest.fixture(scope="module")
def drawn(km, cal):
    """One call per plot function of cxtools.ltv, as (name, draw(lang) -> Axes)."""
    model = BetaGeoModel().fit(cal)
    log = pd.read_csv(CDNOW / "cdnow_sample_transactions.csv", dtype={"customer_id": str})
    track = repeat_tracking(log, model, timestamp="date", calibration_end="1997-09-30", observation_end="1998-06-30")
    by_frequency = holdout_by_frequency(model, cal)
    cohorts = pd.DataFrame({0: [1.0, 1.0], 1: [0.9, float("nan")]}, index=pd.Index(["2026-01", "2026-02"],
                                                                                   name="start month"))
    sbg = ShiftedBetaGeometricModel(time_unit="month").fit(REGULAR)
    ltv = pd.DataFrame({"ltv": [1800.0, 6000.0]}, index=["internet", "internet+tv"])
    return {
        "plot_survival": lambda lang: plot_survival(km, lang=lang),
        "KaplanMeierResult.plot": lambda lang: _old_km_plot(km, lang),
        "plot_cohort_heatmap": lambda lang: plot_cohort_heatmap(cohorts, lang=lang),
        "plot_sbg_projection": lambda lang: plot_sbg_projection(sbg, actual=np.array(REGULAR) / 1000,
                                                                calibration_periods=7, lang=lang),
        "plot_segment_ltv": lambda lang: plot_segment_ltv(ltv, currency="RUB", lang=lang),
        "plot_calibration_holdout": lambda lang: plot_calibration_holdout(by_frequency, lang=lang),
        "plot_holdout_by_frequency": lambda lang: plot_holdout_by_frequency(by_frequency, lang=lang),
        "plot_repeat_tracking": lambda lang: plot_repeat_tracking(track, lang=lang),
        "plot_repeat_tracking cumulative": lambda lang: plot_repeat_tracking(track, cumulative=True, lang=lang),
        "plot_probability_alive_matrix": lambda lang: plot_probability_alive_matrix(
            probability_alive_matrix(model, T=38.86, max_frequency=10), lang=lang),
        "plot_frequency_recency_matrix": lambda lang: plot_frequency_recency_matrix(
            frequency_recency_matrix(model, t=39, T=38.86, max_frequency=10), lang=lang),
    }


PLOTS = ["plot_survival", "KaplanMeierResult.plot", "plot_cohort_heatmap", "plot_sbg_projection", "plot_segment_ltv",
         "plot_calibration_holdout", "plot_holdout_by_frequency", "plot_repeat_tracking",
         "plot_repeat_tracking cumulative", "plot_probability_alive_matrix", "plot_frequency_recency_matrix"]


def test_every_ltv_plot_is_in_the_russian_label_check():
    names = {n for module in (ltv_plots, repeat_plots) for n in module.__all__}
    assert names <= {p.split(" ")[0] for p in PLOTS}


@pytest.mark.parametrize("name", PLOTS)
def test_russian_figure_labels_have_no_english_words(drawn, name):
    plt.figure()
    ru = _figure_text(drawn[name]("ru"))
    assert ru, f"{name}: no text drawn"
    assert not _latin_words(ru), f"{name}: Latin words in the Russian figure: {_latin_words(ru)} in {ru}"
    assert any(re.search("[а-яА-Я]", t) for t in ru)
    plt.figure()
    en = _figure_text(drawn[name]("en"))
    assert len(en) == len(ru) and en != ru  # the same labels, each translated
    assert not any(re.search("[а-яА-Я]", t) for t in en)


@pytest.mark.parametrize("module", [ltv_plots, repeat_plots])
def test_label_catalogues_have_the_same_entries_in_both_languages(module):
    en, ru = module._words("en", "test"), module._words("ru", "test")
    assert set(en) == set(ru)
    for key, value in en.items():
        if isinstance(value, dict):
            assert set(value) == set(ru[key]), key


def test_russian_labels_use_russian_units_and_number_format(cal):
    model = BetaGeoModel().fit(cal)
    ax = plot_probability_alive_matrix(probability_alive_matrix(model, T=38.86, max_frequency=10), lang="ru")
    assert ax.get_title() == "Вероятность, что клиент ещё активен (возраст 38,9 нед.)"
    assert ax.figure.axes[-1].get_ylabel() == "Вероятность активности"  # the colour bar
    plt.figure()
    ax = plot_frequency_recency_matrix(frequency_recency_matrix(model, t=39, T=38.86), lang="ru")
    assert ax.get_title() == "Ожидаемые покупки за следующие 39 нед."


def test_an_unknown_language_is_refused_with_the_choices(km):
    with pytest.raises(CxParameterError, match="lang"):
        plot_survival(km, lang="de")
    with pytest.raises(CxParameterError, match="lang"):
        plot_holdout_by_frequency(pd.DataFrame({"actual": [1.0], "expected": [1.0]}), lang="fr")
