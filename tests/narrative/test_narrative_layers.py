"""The whole picture in words: key findings of notebook 05 from its results only."""

from __future__ import annotations

import pandas as pd

from cxtools.narrative.layers import whole_picture_findings


def test_findings_come_from_the_results_only():
    assert whole_picture_findings() == ""
    enps = pd.DataFrame({"enps": [12.0], "ci_low": [-3.0], "ci_high": [27.0], "n": [120]})
    text = whole_picture_findings(enps_overall=enps)
    assert text.startswith("## Key findings") and "+12" in text and "-3 to +27" in text and "120 answers" in text
