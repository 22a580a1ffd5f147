"""The run's index.html and summary (cxtools.report.index, cxtools.report.results)."""

from __future__ import annotations

import json

from cxtools.report import NotebookResult, RunSummary, render_index


def _result(**kw):
    base = dict(notebook="01_ltv", title="What is a customer worth?", status="ok", duration=12.34, error=None,
                report="01_ltv/01_ltv.html")
    base.update(kw)
    return NotebookResult(**base)


def test_run_summary_table_and_frame():
    summary = RunSummary(
        (_result(), _result(notebook="03_survey", status="failed", error="cell 2 of 5 ('x'): KeyError: 'nps'",
                            report=None)),
        "reports",
    )
    assert summary.exit_code == 1 and not summary.ok
    table = summary.table()
    assert table.splitlines()[0].split() == ["notebook", "status", "duration", "error"]
    row = next(line for line in table.splitlines() if line.startswith("03_survey"))
    assert row.split()[:3] == ["03_survey", "failed", "12.3"] and row.endswith("KeyError: 'nps'")
    assert "12.3 s" in table
    assert "1 of 2 notebooks ok" in repr(summary)
    frame = summary.to_frame()
    assert frame["status"].tolist() == ["ok", "failed"]
    assert RunSummary((_result(),), "reports").exit_code == 0


def test_render_index_escapes_and_mentions_last_good():
    html = render_index([
        _result(),
        _result(notebook="03_survey", title="Survey <metrics>", status="failed",
                error="cell 2 of 5: KeyError: '<nps>'", report="03_survey/03_survey.html",
                last_good="2026-11-20T06:00:00+00:00"),
    ])
    assert "Survey &lt;metrics&gt;" in html and "&#39;&lt;nps&gt;&#39;" in html
    assert "showing last good report from 2026-11-20T06:00:00+00:00" in html
    assert "href='01_ltv/01_ltv.html'" in html and "1 of 2 notebooks ran successfully" in html


def test_render_index_lists_reports_from_earlier_runs(tmp_path):
    earlier = tmp_path / "02_herzberg"
    earlier.mkdir()
    (earlier / "02_herzberg.html").write_text("<html></html>")
    (earlier / "metrics.json").write_text(json.dumps(
        {"metrics": {}, "run": {"title": "Hygiene factors and motivators", "finished": "2026-11-01T06:00:00+00:00"}}
    ))
    (tmp_path / ".running-01_ltv-abc").mkdir()  # a run in progress is not a report
    page = render_index([_result()], out_dir=tmp_path)
    assert "Hygiene factors and motivators" in page and "from an earlier run (2026-11-01T06:00:00+00:00)" in page
    assert "href='02_herzberg/02_herzberg.html'" in page and ".running" not in page


def test_index_links_a_failed_notebook_to_its_last_good_report():
    failed = _result(notebook="03_survey", title="Survey", status="failed", error="cell 2 of 5: KeyError: 'nps'",
                     report="03_survey/03_survey.html", last_good="2026-11-20T06:00:00+00:00")
    never = _result(notebook="04_cx_value", title="Value", status="timed out", error="timed out in cell 3 of 9",
                    report=None, last_good=None)
    page = render_index([_result(), failed, never])
    rows = page.split("<tr>")[2:]
    assert "<a href='01_ltv/01_ltv.html'>report</a>" in rows[0]
    assert "<a href='03_survey/03_survey.html'>last good report</a>" in rows[1]
    assert "showing last good report from 2026-11-20T06:00:00+00:00" in rows[1]
    # what went wrong in words: no exception names, no code
    assert "cell 2 of 5: missing &#39;nps&#39;" in rows[1] and "KeyError" not in rows[1]
    assert "<a " not in rows[2] and "no earlier good report" in rows[2] and "timed out in cell 3 of 9" in rows[2]


def test_template_and_schema_ship_with_the_package(repo_root):
    # setuptools packages only .py files unless told: the page template and the
    # metrics schema must be listed as package data, or an installed runner breaks
    import fnmatch
    import tomllib

    config = tomllib.loads((repo_root / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["cxtools.report"]
    package = repo_root / "cxtools" / "report"
    for needed in ("templates/index.html.j2", "metrics.schema.json"):
        assert (package / needed).is_file()
        assert any(fnmatch.fnmatch(needed, pattern) for pattern in patterns), needed


# --- the page in Russian ------------------------------------------------------------------

def _visible_text(page: str) -> str:
    import re

    page = re.sub(r"<(style|title)\b.*?</\1>", "", page, flags=re.S)
    return re.sub(r"<[^>]+>", " ", page)


def test_headlines_are_labelled_in_plain_words_in_the_report_language():
    from cxtools.report.index import HEADLINES, headlines

    metrics = {"as_of": "2026-06-30", "customers": 4000, "enps": -6.77,
               "share_probably_active": {"unit": "fraction", "value": 0.787}, "some_ratio": 1.5}
    assert headlines(metrics) == [("customers", "4,000"), ("customers probably still active", "78.7%"),
                                  ("eNPS", "-6.77")]
    assert headlines(metrics, lang="ru") == [("клиентов", "4\xa0000"), ("клиентов, вероятно, ещё активны", "78,7\xa0%"),
                                             ("индекс eNPS", "-6,77")]
    assert headlines({"some_ratio": 1.5}) == [("some ratio", "1.50")]
    assert headlines({"some_ratio": 1.5}, lang="ru") == []  # no Russian label, not shown in Russian
    assert all(ru and ru != en for en, ru in HEADLINES.values())
    assert headlines({"logrank": {"unit": "p-value", "value": 1e-9}, "nps": 12.0}, lang="ru") == [("индекс NPS", "12")]


def test_russian_index_page_speaks_russian():
    import re

    from cxtools.report.index import WORDS

    failed = _result(notebook="03_survey", title="Показатели опроса", status="failed",
                     error="cell 2 of 5 ('df.nps'): KeyError: 'nps'", report=None)
    skipped = _result(notebook="04_cx_value", title="Ценность опыта", status="skipped",
                      error="skipped: needs a survey linked to customers", report=None)
    ok = _result(title="Ценность клиента", metrics={"customers": 4000, "nps": 31.4, "as_of": "2026-06-30"},
                 parameters={"as_of": "2026-06-30"}, duration=1234.5)
    page = render_index([ok, failed, skipped], lang="ru")
    text = _visible_text(page)
    latin = {w for w in re.findall(r"[A-Za-z][A-Za-z'-]+", text)} - {"NPS", "UTC"}
    assert not latin, latin
    assert "клиентов: <strong>4\xa0000</strong>" in page and "индекс NPS: <strong>31,4</strong>" in page
    assert "в ячейке 2 из 5" in page and "1\xa0234,5 с" in page and "июн. 2026" in page
    assert WORDS["ru"]["skipped"] in page and "needs a survey" not in page
    assert 'lang="ru"' in page
    english = render_index([ok, failed, skipped])
    assert "01_ltv" in _visible_text(english) and "took 1234.5 s" in english and "needs a survey" in english
