"""Data folders for the data-overview tests that tests/shapes.py does not build.

``hostile_survey``: a survey whose rejected cells hold HTML and script (``<script>``,
``<img onerror>``), an e-mail address typed into a score and a duplicated respondent.
"""

from __future__ import annotations

from pathlib import Path

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
EMAIL = "ivan.petrov@example.com"


def hostile_survey(folder: Path) -> dict:
    folder.mkdir(parents=True, exist_ok=True)
    rows = [
        ("R01", "9", "5", "2026-03-01", "Retail", "anna@example.org"),
        ("R02", SCRIPT, "4", "2026-03-02", "Retail", "boris@example.org"),
        ("R03", "8", IMG, "2026-03-02", "Business", "vera@example.org"),
        ("R04", EMAIL, "3", "2026-03-03", "Retail", "gleb@example.org"),
        ("R05", "10", "5", "2026-03-04", "Business", "dina@example.org"),
        ("R05", "7", "4", "2026-03-05", "Business", "dina@example.org"),
        ("R06", "6", "2", "2026-03-06", "Retail", "egor@example.org"),
    ]
    with open(folder / "answers.csv", "w", encoding="utf-8", newline="") as fh:
        fh.write("rid,recommend,sat,answered,seg,contact\n")
        for row in rows:
            fh.write(",".join('"' + v.replace('"', '""') + '"' for v in row) + "\n")
    (folder / "cxtools.yaml").write_text("""\
version: 1
language: en
survey:
  file: answers.csv
  columns: {rid: respondent_id}
  response_date: answered
  recommend: recommend
  csat: {item: sat, scale: [1, 5]}
  segment: seg
  personal: [contact]
  scales: {recommend: [0, 10]}
""", encoding="utf-8")
    return {"sources": {"survey"}, "rows": {"survey": len(rows)}, "rejected": {"survey": 4},
            "personal": [r[5] for r in rows] + [EMAIL]}
