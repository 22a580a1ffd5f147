"""Values from the data go into findings and tables as text, never as markup."""

from __future__ import annotations

import pandas as pd
import pytest

from cxtools import factors
from cxtools.narrative import factors as factor_words
from cxtools.narrative.markdown import field, fill, shown
from cxtools.report.editions import CONTENT_SECURITY_POLICY, render_analyst_html, render_stakeholder_html

IMG = "<img src=x onerror=\"document.title='pwned'\">"
SCRIPT = "<script>document.title='pwned'</script>"


def _markdown_to_html(text: str) -> str:
    from nbformat.v4 import new_markdown_cell, new_notebook

    return render_analyst_html(new_notebook(cells=[new_markdown_cell(text)]), title="T")


@pytest.mark.parametrize("payload", [IMG, SCRIPT, "[x](javascript:alert(1))", "a|b `c` *d* _e_ <b>f</b>"])
def test_a_field_is_shown_as_its_own_characters(payload):
    page = _markdown_to_html(fill("Best: **{name}**.", name=payload))
    body = page.split("<body", 1)[1]
    assert "<img src=x" not in body and "<script>document" not in body and "href=\"javascript" not in body
    assert "<b>f" not in body


def test_names_are_unchanged_when_they_are_plain():
    assert field("Tariff A") == "Tariff A" and fill("{a} and {b}", a="Moscow", b="price") == "Moscow and price"


def test_incident_categories_from_the_data_are_escaped_in_the_findings():
    stories = pd.DataFrame({"valence": ["negative"] * 30 + ["positive"] * 30,
                            "category": [IMG] * 25 + ["price"] * 5 + [SCRIPT] * 25 + ["price"] * 5})
    text = factor_words.describe(factors.critical_incidents(stories))
    assert "<img" not in text and "<script" not in text
    assert "&lt;img" in text and "&lt;script&gt;" in text


def test_a_table_escapes_cells_index_and_columns():
    page = shown(pd.DataFrame({IMG: [SCRIPT]}, index=[IMG]), index=True).to_html()
    assert "<img" not in page and "<script" not in page


@pytest.mark.parametrize("render", [render_stakeholder_html, render_analyst_html])
def test_every_edition_forbids_script(render):
    from nbformat.v4 import new_markdown_cell, new_notebook

    page = render(new_notebook(cells=[new_markdown_cell("# T")]), title="T")
    head = page.split("</head>", 1)[0]
    assert f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">' in head
    assert "script-src 'none'" in CONTENT_SECURITY_POLICY and "img-src data:" in CONTENT_SECURITY_POLICY
    assert "<script" not in page  # nothing in the page needs a script the policy would block
