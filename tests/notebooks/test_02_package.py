"""The package functions 02_herzberg relies on to run on any scale and to write its key findings."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxtools import factors
from cxtools.narrative import factors as narrative
from cxtools.core.errors import CxDataError, CxParameterError


@pytest.mark.parametrize("scale, low, high", [
    ((1, 5), (1, 2), (4, 5)),          # the conventional bottom-two / top-two boxes (Brandt 1987)
    ((1, 7), (1, 2), (6, 7)),
    ((1, 10), (1, 2, 3), (8, 9, 10)),
    ((0, 10), (0, 1, 2), (8, 9, 10)),
    ((1, 3), (1,), (3,)),
])
def test_scale_boxes_are_quarters_of_the_range(scale, low, high):
    assert factors.scale_boxes(scale) == (low, high)


def test_scale_boxes_follow_the_shares_and_refuse_what_cannot_work():
    assert factors.scale_boxes((1, 10), low_share=0.34, high_share=0.12) == ((1, 2, 3, 4), (9, 10))
    with pytest.raises(CxParameterError, match="between 0 and 0.5"):
        factors.scale_boxes((1, 5), low_share=0.5)
    with pytest.raises(CxParameterError, match="no middle answer"):
        factors.scale_boxes((1, 2), low_share=0.1, high_share=0.1)
    with pytest.raises(CxParameterError, match="lowest < highest"):
        factors.scale_boxes((5, 1))


def test_attribute_scale_from_the_description_or_the_data():
    df = pd.DataFrame({"a": [1, 4, 5], "b": [2, 3, 3], "c": [1, 7, 2]})
    assert factors.attribute_scale(df, ["a", "b"], scales={"a": (1, 5), "b": (1, 5)}) == (1, 5)
    assert factors.attribute_scale(df, ["a", "b"]) == (1, 5)  # undeclared: the range observed in both
    with pytest.raises(CxDataError, match=r"different scales \(a: 1-5; c: 1-7\)"):
        factors.attribute_scale(df, ["a", "c"], scales={"a": (1, 5), "c*": (1, 7)})


def _survey(seed=3, n=800):
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({"price": rng.integers(1, 11, n), "brand": rng.integers(1, 11, n), "odd": rng.integers(1, 11, n)})
    # price: a hygiene factor; brand: a motivator; odd: rated poorly yet *more* satisfied (a reversed question)
    df["overall"] = (6 - 2.0 * (df.price <= 3) + 1.5 * (df.brand >= 8) + 1.2 * (df.odd <= 3)
                     + rng.normal(0, 1, n))
    return df


def test_key_findings_say_plainly_when_an_attribute_contradicts_the_model():
    df = _survey()
    low, high = factors.scale_boxes((1, 10))
    with pytest.warns(Warning):
        prca = factors.penalty_reward(df, attributes=["price", "brand", "odd"], overall="overall", low=low, high=high)
    assert prca.by_category()["contradicts the model"] == ["odd"]
    text = narrative.key_findings(prca)
    assert text.startswith("## Key findings\n\n- ")
    line = next(ln for ln in text.splitlines() if "odd" in ln)
    assert "contradicts the model and is not classified" in line
    assert "rate odd poorly are *more* satisfied overall" in line
    row = prca.table.set_index("attribute").loc["odd"]
    assert f"by {-row['penalty']:.2f} points" in line  # the wrong-sign effect, with its interval
    assert f"{-row['penalty_ci_high']:.2f} to {-row['penalty_ci_low']:.2f}" in line
    assert "Hygiene factors: price" in text and "Motivators: brand" in text
    bullets = [ln for ln in text.splitlines() if ln.startswith("- ")]
    assert 3 <= len(bullets) <= 6


def test_key_findings_name_the_first_action_with_its_interval_and_low_box_share():
    df = _survey()
    low, high = factors.scale_boxes((1, 10))
    prca = factors.penalty_reward(df, attributes=["price", "brand"], overall="overall", low=low, high=high)
    zone = factors.positive_zone(df, classification=prca, attributes=["price", "brand"], threshold=9.0, low=low,
                                 scale=(1, 10))
    text = narrative.key_findings(prca, positive_zone=zone)
    share = df["price"].isin(low).mean()
    mean = df["price"].mean()
    assert f"**Fix first: price** (hygiene factor), average rating {mean:.2f} on 1-10" in text
    assert f"{share:.0%} of respondents rate it in the low box" in text
    assert "Kano" not in text and "stories" not in text  # nothing about inputs that were not given


def test_every_report_table_reads_in_russian_apart_from_the_data_names():
    import re

    from cxtools.data.description import load_description

    desc = load_description(__import__("pathlib").Path(__file__).resolve().parents[2] / "data" / "samples")
    data = desc.load("survey").data
    cols = desc.survey.attribute_columns(data.columns)
    data = data.dropna(subset=cols + ["overall_satisfaction"])
    prca = factors.penalty_reward(data, attributes=cols)
    tables = [
        narrative.report_table(prca),
        narrative.report_table(factors.kano_categories(desc.load("kano").data, alpha=0.10)),
        narrative.report_table(factors.critical_incidents(desc.load("incidents").data)),
        narrative.report_table(factors.importance_performance(data, attributes=cols, derived_method="relative_weights", n_boot=20)),
        narrative.report_table(factors.importance_performance(data, attributes=cols)),
        narrative.report_table(factors.importance_performance(data, attributes=cols, importance="stated")),
        narrative.report_table(factors.positive_zone(data, classification=prca, attributes=cols)),
    ]
    for table in tables:
        ru = narrative.localise_table(table, lang="ru")
        assert narrative.localise_table(table, lang="en") is table
        names = {"Атрибут", "Категория"}  # the data's own attribute and story-category names
        assert not [h for h in ru.columns if re.search(r"[A-Za-z]{2,}", str(h))], list(ru.columns)
        cells = [v for c in ru.columns if c not in names for v in ru[c] if isinstance(v, str)]
        assert not [v for v in cells if re.search(r"[A-Za-z]{2,}", v)], cells
