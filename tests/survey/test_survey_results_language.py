"""Survey result objects describe themselves in the report language: sentences and tables without
Latin-script words in Russian (other than metric names, symbols and the data's own labels)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from cxtools import survey
from cxtools.narrative.survey import nps_category_labels

# metric names, statistical symbols and the data's own labels (kept in Latin on purpose)
ALLOWED = {"NPS", "CSAT", "CES", "LMG", "price", "quality", "support", "overall", "nps", "segment", "wave"}


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


def _table_text(table: pd.DataFrame) -> str:
    return " ".join(map(str, table.columns)) + " " + " ".join(map(str, table.to_numpy().ravel()))


def test_result_sentences_and_tables_read_in_russian(answers):
    for res in _results(answers):
        ru, en = res.describe(lang="ru"), res.describe()
        assert ru != en and not _latin(ru), (type(res).__name__, _latin(ru))
        table = res.report_table(lang="ru")
        assert not _latin(_table_text(table)), (type(res).__name__, _latin(_table_text(table)))
        assert isinstance(table.index, pd.RangeIndex)
    d = _results(answers)[0]
    # the same numbers in both languages, each with its decimal mark
    assert f"{abs(d.difference):.1f}".replace(".", ",") in d.describe(lang="ru")
    assert f"{abs(d.difference):.1f} points" in d.describe()


def test_result_sentences_agree_counts_with_their_nouns():
    one = pd.DataFrame({"answer": ["yes"] * 11 + ["no"] * 10, "segment": ["A"] * 10 + ["B"] * 11})
    table = survey.crosstab(one, item="answer", by="segment")
    assert "при 1 степени свободы" in table.describe(lang="ru") and "21 ответ)" in table.describe(lang="ru")
    assert "on 1 degree of freedom" in table.describe() and "21 answers)" in table.describe()
    waves = pd.DataFrame({"nps": [10, 9, 3, 8, 7, 0, 10, 2] * 15, "wave": ["W1", "W2", "W3"] * 40})
    assert survey.nps_trend_slope(waves).describe(lang="ru").startswith("За 3 волны ")
    assert survey.nps_trend_slope(waves).describe().startswith("Over 3 waves ")
    items = pd.DataFrame({"q1": [1, 2, 3, 4, 5] * 5, "q2": [1, 2, 3, 5, 4] * 5, "q3": [2, 2, 3, 4, 5] * 5})
    alpha = survey.cronbach_alpha(items.head(22), items=["q1", "q2", "q3"]).describe(lang="ru")
    assert "для 3 вопросов" in alpha and "22 респондента)" in alpha
