"""Survey figures (cxtools.plots.survey): they draw the numbers of the result objects, label in the
report language, and still take raw answers for one release."""

from __future__ import annotations

import re
import warnings

import matplotlib
import numpy as np
import pandas as pd
import pytest

from cxtools import survey
from cxtools.plots import survey as survey_plots
from cxtools.narrative.survey import nps_category_labels
from cxtools.core.errors import CxParameterError

matplotlib.use("Agg")

# metric names, statistical symbols and the data's own labels (kept in Latin on purpose)
ALLOWED = {"NPS", "CSAT", "CES", "LMG", "price", "quality", "support", "overall", "nps", "segment", "wave"}


def _driver_frame(n=800, seed=9):
    rng = np.random.default_rng(seed)
    common = rng.normal(size=n)
    x = np.column_stack([0.6 * common + rng.normal(size=n) for _ in range(5)])
    y = x @ np.array([0.5, 0.3, 0.2, 0.0, 0.1]) + rng.normal(size=n)
    cols = ["price", "quality", "support", "brand", "trust"]
    df = pd.DataFrame(x, columns=cols)
    df["overall"] = y
    return df, cols


def _latin(text: str) -> list[str]:
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", str(text))
    allowed = {a.casefold() for a in ALLOWED}
    return [w for w in words if len(w) > 1 and w.casefold() not in allowed]


@pytest.fixture(scope="module")
def answers():
    rng = np.random.default_rng(3)
    n = 400
    sv = pd.DataFrame({"segment": rng.choice(["A", "B", "C"], n), "wave": rng.choice(["W1", "W2", "W3"], n)})
    sv["nps"] = np.where(sv["segment"] == "A", rng.choice([9, 10, 7], n), rng.choice([0, 3, 8, 10], n))
    sv["csat"] = rng.integers(1, 6, n)
    sv["ces"] = rng.integers(1, 8, n)
    sv["price"] = rng.integers(1, 6, n)
    sv["quality"] = rng.integers(1, 6, n)
    sv["support"] = rng.integers(1, 6, n)
    sv["overall"] = np.clip(sv["price"] + rng.integers(0, 3, n), 1, 5)
    return sv


def _results(sv):
    return [
        survey.nps_difference(sv, by="segment", groups=("A", "B")),
        survey.nps_trend_slope(sv),
        survey.crosstab(sv.assign(nps=nps_category_labels(sv["nps"], lang="ru")), item="nps", by="segment"),
        survey.cronbach_alpha(sv, items=["price", "quality", "support"]),
        survey.relative_weights(sv, drivers=["price", "quality", "support"], outcome="overall", n_boot=30, seed=1),
    ]


def _figure_text(ax) -> str:
    from matplotlib.text import Text

    ax.figure.canvas.draw()  # tick labels are made when the figure is drawn
    return " ".join(t.get_text() for t in ax.figure.findobj(Text))


def test_plots_return_axes_and_centre_neutral(monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    df = pd.DataFrame({"q1": [1, 2, 3, 3, 4, 5], "q2": [3, 3, 3, 3, 3, 3]})
    fig, ax = plt.subplots()
    out = survey_plots.plot_likert(survey.likert_distribution(df, items=["q1", "q2"]), ax=ax)
    assert out is ax
    # q2 is all neutral: its bar spans -50..50, centred on zero
    lefts = sorted({round(p.get_x(), 6) for p in ax.patches if p.get_width() == pytest.approx(100)})
    assert lefts == [-50.0]
    fig2, ax2 = plt.subplots()
    sv = pd.DataFrame({"nps": [10, 9, 1, 8] * 5, "segment": ["A", "B"] * 10, "wave": ["W1"] * 10 + ["W2"] * 10})
    assert survey_plots.plot_nps(survey.nps(sv, by="segment"), ax=ax2) is ax2
    fig3, ax3 = plt.subplots()
    assert survey_plots.plot_nps_trend(survey.nps_trend(sv, by="segment"), ax=ax3) is ax3
    dfd, cols = _driver_frame(n=200)
    fig4, ax4 = plt.subplots()
    assert survey_plots.plot_drivers(survey.relative_weights(dfd, drivers=cols, outcome="overall", n_boot=20), ax=ax4) is ax4
    plt.close("all")


def test_nps_plots_mark_significant_differences_and_changes():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    clear = pd.DataFrame({"nps": [10] * 100 + [2] * 100, "segment": ["A"] * 100 + ["B"] * 100,
                          "wave": (["W1"] * 50 + ["W2"] * 50) * 2})
    fig, ax = plt.subplots()
    survey_plots.plot_nps(survey.nps(clear, by="segment"), pairwise=survey.nps_pairwise(clear, by="segment"), ax=ax)
    texts = [t.get_text() for t in ax.texts]
    assert any("200 points" in t and "p < 0.001" in t for t in texts), texts
    assert "significant differences" in ax.get_title()
    same = pd.DataFrame({"nps": [10, 2] * 100, "segment": ["A", "A", "B", "B"] * 50})
    fig, ax = plt.subplots()
    survey_plots.plot_nps(survey.nps(same, by="segment"), pairwise=survey.nps_pairwise(same, by="segment"), ax=ax)
    assert not ax.texts and "no significant differences" in ax.get_title()
    # the wave change: W1 all promoters, W2 all detractors in the combined series
    jump = pd.DataFrame({"nps": [10] * 100 + [2] * 100, "wave": ["W1"] * 100 + ["W2"] * 100})
    fig, ax = plt.subplots()
    survey_plots.plot_nps_trend(survey.nps_trend(jump), ax=ax)
    assert [t.get_text() for t in ax.texts] == ["*"] and "significant change" in ax.get_title()
    fig, ax = plt.subplots()
    survey_plots.plot_nps_trend(survey.nps_trend(jump), ax=ax, mark_changes=False)
    assert not ax.texts
    plt.close("all")


def test_plots_draw_the_numbers_of_the_result_objects():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rng = np.random.default_rng(3)
    sv = pd.DataFrame({"nps": rng.integers(0, 11, 300), "segment": rng.choice(["A", "B", "C"], 300),
                       "wave": rng.choice(["W1", "W2", "W3"], 300), "q1": rng.integers(1, 6, 300),
                       "q2": rng.integers(1, 6, 300)})
    res = survey.nps(sv, by="segment", confidence=0.9)
    fig, ax = plt.subplots()
    survey_plots.plot_nps(res, ax=ax)
    bars = [p for p in ax.patches]
    np.testing.assert_allclose([b.get_height() for b in bars], res["nps"])
    from matplotlib.container import ErrorbarContainer

    errorbars = next(c for c in ax.containers if isinstance(c, ErrorbarContainer))
    whiskers = errorbars.lines[2][0].get_segments()  # one vertical segment per bar
    np.testing.assert_allclose([seg[:, 1].min() for seg in whiskers], res["ci_low"])
    np.testing.assert_allclose([seg[:, 1].max() for seg in whiskers], res["ci_high"])
    assert "90% intervals" in ax.get_title()

    trend = survey.nps_trend(sv, wave="wave")
    fig, ax = plt.subplots()
    survey_plots.plot_nps_trend(trend, ax=ax)
    np.testing.assert_allclose(ax.lines[0].get_ydata(), trend["nps"])
    band = ax.collections[0].get_paths()[0].vertices[:, 1]
    assert band.min() == pytest.approx(trend["ci_low"].min()) and band.max() == pytest.approx(trend["ci_high"].max())

    dist = survey.likert_distribution(sv, items=["q1", "q2"])
    fig, ax = plt.subplots()
    survey_plots.plot_likert(dist, ax=ax)
    order = dist.assign(agree=dist[4] + dist[5]).sort_values("agree").index  # least agreement at the bottom
    assert [t.get_text() for t in ax.get_yticklabels()] == list(order)
    widths = np.array([p.get_width() for p in ax.patches]).reshape(5, 2)  # answer x item
    np.testing.assert_allclose(widths.T, 100 * dist.loc[order, [1, 2, 3, 4, 5]].to_numpy())
    lefts = np.array([p.get_x() for p in ax.patches]).reshape(5, 2)[0]
    np.testing.assert_allclose(-lefts, 100 * (dist.loc[order, 1] + dist.loc[order, 2] + dist.loc[order, 3] / 2))

    ct = survey.crosstab(sv.assign(group=survey.nps_category(sv["nps"])), item="group", by="segment")
    fig, ax = plt.subplots()
    survey_plots.plot_crosstab(ct, ax=ax)
    cells = np.array(ax.collections[0].get_array()).reshape(ct.adjusted_residuals.shape)
    np.testing.assert_allclose(cells, ct.adjusted_residuals.to_numpy())
    shown = [float(t.get_text()) for t in ax.texts]
    np.testing.assert_allclose(shown, (100 * ct.column_shares).round(1).to_numpy().ravel())

    dfd, cols = _driver_frame(n=200)
    rw = survey.relative_weights(dfd, drivers=cols, outcome="overall", n_boot=50)
    fig, ax = plt.subplots()
    survey_plots.plot_drivers(rw, ax=ax)
    t = rw.table.iloc[::-1]
    np.testing.assert_allclose([p.get_width() for p in ax.patches], t["share"])
    assert [x.get_text() for x in ax.get_yticklabels()] == list(t["driver"])
    plt.close("all")


def test_plots_still_take_raw_answers_for_one_release():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sv = pd.DataFrame({"nps": [10, 9, 1, 8] * 5, "segment": ["A", "B"] * 10, "wave": ["W1"] * 10 + ["W2"] * 10,
                       "q": [1, 2, 3, 4, 5] * 4})
    fig, ax = plt.subplots()
    with pytest.warns(FutureWarning, match="plot_nps: passing survey answers is deprecated; pass the result of nps"):
        survey_plots.plot_nps(sv, by="segment", confidence=0.9, ax=ax)
    np.testing.assert_allclose([p.get_height() for p in ax.patches], survey.nps(sv, by="segment")["nps"])
    with pytest.warns(FutureWarning, match="pass the result of nps_trend"):
        survey_plots.plot_nps_trend(sv, ax=ax)
    with pytest.warns(FutureWarning, match="pass the result of likert_distribution"):
        survey_plots.plot_likert(sv, items="q", ax=ax)
    plt.close("all")


def test_plots_label_in_russian(answers):
    import matplotlib.pyplot as plt

    by_segment = survey.nps(answers, by="segment")
    res = _results(answers)
    plots = [
        (survey_plots.plot_nps, by_segment, {"pairwise": survey.nps_pairwise(answers, by="segment")}),
        (survey_plots.plot_nps_trend, survey.nps_trend(answers, by="segment"), {}),
        (survey_plots.plot_likert, survey.likert_distribution(answers, items=["price", "quality"]), {}),
        (survey_plots.plot_crosstab, res[2], {}),
        (survey_plots.plot_drivers, res[4], {}),
    ]
    for plot, result, kw in plots:
        fig, ax = plt.subplots()
        assert plot(result, ax=ax, lang="ru", **kw) is ax
        text = _figure_text(ax)
        assert not _latin(text), (plot.__name__, _latin(text))
        assert not re.search(r"\d\.\d", text), (plot.__name__, text)  # decimal comma in Russian
        fig_en, ax_en = plt.subplots()
        plot(result, ax=ax_en, **kw)
        assert _latin(_figure_text(ax_en)), plot.__name__  # English labels in the English edition
        plt.close("all")
    fig, ax = plt.subplots()
    survey_plots.plot_nps(by_segment, ax=ax, lang="ru")
    assert ax.get_ylabel() == "NPS (пункты, от −100 до 100)" and ax.get_title().startswith("NPS по столбцу")
    survey_plots.plot_nps_trend(survey.nps_trend(answers), ax=ax, lang="ru")
    assert ax.get_xlabel() == "Волна опроса"
    plt.close("all")
    with pytest.raises(CxParameterError, match="lang must be one of"):
        survey_plots.plot_nps(by_segment, lang="de")


def test_old_raw_answer_call_still_draws_in_the_report_language(answers):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    with pytest.warns(FutureWarning, match="plot_nps: passing survey answers is deprecated"):
        survey_plots.plot_nps(answers, by="segment", mark_differences=False, ax=ax, lang="ru")
    np.testing.assert_allclose([p.get_height() for p in ax.patches], survey.nps(answers, by="segment")["nps"])
    assert ax.get_ylabel().startswith("NPS (пункты")
    with pytest.warns(FutureWarning) as caught:
        survey_plots.plot_nps_trend(answers, ci=0.9, ax=ax)
    assert any("the argument 'ci' is now called 'confidence'" in str(w.message) for w in caught)
    with pytest.raises(TypeError, match="unexpected keyword argument 'colour'"):
        survey_plots.plot_likert(answers, items=["price"], colour="red")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a result object draws without any warning
        survey_plots.plot_likert(survey.likert_distribution(answers, items=["price"]), ax=ax)
    plt.close("all")
