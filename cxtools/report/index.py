"""The run's landing page (``index.html``, from the Jinja2 template ``templates/index.html.j2``)
and ``summary.json``."""

from __future__ import annotations

import json
import os
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Mapping, Sequence

from cxtools.report.results import NotebookResult, RunSummary

__all__ = ["render_index", "write_summary", "plain_failure", "headlines", "WORDS", "SUMMARY_FILE", "INDEX_FILE"]

SUMMARY_FILE, INDEX_FILE = "summary.json", "index.html"
TEMPLATES = Path(__file__).with_name("templates")


def _environment():
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    # autoescape: titles, errors and parameters come from notebooks and users
    return Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True),
                       keep_trailing_newline=True)


def previous_good(report_dir: Path) -> str | None:
    """When the report in ``report_dir`` was made (``run.finished`` of its metrics.json), if it has one."""
    try:
        info = json.loads((report_dir / "metrics.json").read_text(encoding="utf-8"))
        return info.get("run", {}).get("finished")
    except (OSError, ValueError, AttributeError):
        return None


def previous_metrics(report_dir: Path) -> dict[str, Any]:
    try:
        info = json.loads((report_dir / "metrics.json").read_text(encoding="utf-8"))
        metrics = info.get("metrics", {})
        return metrics if isinstance(metrics, dict) else {}
    except (OSError, ValueError, AttributeError):
        return {}


#: The landing page's words, per report language.
WORDS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Customer-experience reports", "report": "Report", "status": "Status", "headlines": "Headline numbers",
        "as_of": "As of", "links": "Read", "stakeholder": "report", "analyst": "analyst edition", "pdf": "PDF",
        "last_good": "last good report", "what_went_wrong": "what went wrong (analyst edition)",
        "summary": "{n_ok} of {n_run} notebooks ran successfully in this run ({generated}).",
        "skipped_note": "{n_skipped} skipped for want of their data.",
        "ok": "ok", "skipped": "skipped", "failed": "failed", "timed out": "timed out",
        "privacy check failed": "not published: it would show personal data",
        "showing_last_good": "showing last good report from {when}", "no_last_good": "no earlier good report",
        "earlier": "from an earlier run ({when})", "took": "took {seconds} s", "needs": "needs",
    },
    "ru": {
        "title": "Отчёты о клиентском опыте", "report": "Отчёт", "status": "Состояние",
        "headlines": "Главные числа", "as_of": "Дата среза", "links": "Читать", "stakeholder": "отчёт",
        "analyst": "версия для аналитика", "pdf": "PDF", "last_good": "последний удачный отчёт",
        "what_went_wrong": "что пошло не так (версия для аналитика)",
        "summary": "В этом запуске успешно выполнено блокнотов: {n_ok} из {n_run} ({generated}).",
        "skipped_note": "Пропущено из-за отсутствия данных: {n_skipped}.",
        "ok": "готов", "skipped": "пропущен", "failed": "ошибка", "timed out": "превышено время",
        "privacy check failed": "не опубликован: отчёт показал бы персональные данные",
        "showing_last_good": "показан последний удачный отчёт от {when}", "no_last_good": "удачного отчёта ещё нет",
        "earlier": "из прежнего запуска ({when})", "took": "{seconds} с", "needs": "нужны",
    },
}

_QUOTED_CODE = re.compile(r"(cell \d+ of \d+) \((['\"]).*?\2\)(?=[:;,]|\s|$)")
_EXCEPTION_NAME = re.compile(r"\b(?:[A-Za-z_][\w.]*\.)?[A-Z]\w*(?:Error|Exception|Interrupt|Skipped)\b:\s*")
_ABSOLUTE_PATH = re.compile(r"(?<![\w.~])(?:[A-Za-z]:[\\/]|/)(?:[^\s'\"<>:;,()]+[\\/])+([^\s'\"<>:;,()]*)")
#: Exceptions whose message alone says little, and the words put before it.
_EXCEPTION_WORDS = {"KeyError": "missing ", "FileNotFoundError": "file not found: ", "MemoryError": "out of memory ",
                    "ModuleNotFoundError": "a Python package is missing: ", "ImportError": "a Python package is missing: "}
#: Metric names that are facts about the data, not headline numbers.
_NOT_HEADLINES = {"as_of", "currency", "language", "lang", "time_unit", "data_dir"}


def plain_failure(status: str, error: str | None) -> str:
    """What went wrong, in words for the landing page: no code, no exception names, no paths.

    Examples
    --------
    >>> plain_failure("failed", "cell 4 of 9 ('x = 1 / 0'): ZeroDivisionError: division by zero")
    'cell 4 of 9: division by zero'
    >>> plain_failure("failed", "cell 2 of 5 ('df.nps'): KeyError: 'nps'")
    "cell 2 of 5: missing 'nps'"
    >>> plain_failure("failed", "cell 2 of 5: CxSchemaError: /srv/exports/2026/survey.csv: column 'nps' missing")
    "cell 2 of 5: survey.csv: column 'nps' missing"
    >>> plain_failure("privacy check failed", "the report would show personal data (e-mail address) in cell 3")
    'the report would show personal data (e-mail address); nothing was published'
    """
    if not error:
        return ""
    if status == "privacy check failed":
        kinds = re.search(r"personal data \(([^)]*)\)", error)
        return (f"the report would show personal data ({kinds.group(1)}); nothing was published" if kinds
                else "the report would show personal data; nothing was published")
    text = _QUOTED_CODE.sub(r"\1", error)
    for name, words in _EXCEPTION_WORDS.items():
        text = re.sub(rf"\b{name}:\s*", words, text)
    text = _EXCEPTION_NAME.sub("", text)
    text = _ABSOLUTE_PATH.sub(lambda m: m.group(1) or "", text)
    return re.sub(r"\s+", " ", text).strip()


def headlines(metrics: Mapping[str, Any], *, n: int = 3) -> list[tuple[str, str]]:
    """The first ``n`` headline numbers of a report's metrics, as ``(label, value)`` in plain words.

    Examples
    --------
    >>> headlines({"as_of": "2026-06-30", "nps": 31.4, "segments": ["a"], "churn_share": {"value": 0.125,
    ...            "unit": "fraction"}, "customers": 4000, "clv": 1234.5})
    [('nps', '31.4'), ('churn share', '12.5 %'), ('customers', '4,000')]
    """
    from cxtools.report.publish import _plain_value

    out = []
    for key, value in metrics.items():
        if key in _NOT_HEADLINES or isinstance(value, bool):
            continue
        if isinstance(value, dict) and ("unit" not in value or value.get("value") is None):
            continue
        if not isinstance(value, (int, float, dict)):
            continue
        out.append((key.replace("_", " "), _plain_value(value)))
        if len(out) == n:
            break
    return out


def _as_of(metrics: Mapping[str, Any], parameters: Mapping[str, Any]) -> str | None:
    for value in (metrics.get("as_of"), parameters.get("as_of")):
        if isinstance(value, dict):
            value = value.get("value")
        if value not in (None, ""):
            return str(value)[:10]
    return None


def _status_words(r: NotebookResult, words: Mapping[str, str]) -> str:
    if r.skipped:
        reason = (r.error or "").removeprefix("skipped: ").removeprefix("skipped")
        return f"{words['skipped']}: {reason}" if reason else words["skipped"]
    return words.get(r.status, r.status)


def render_index(results: Sequence[NotebookResult], *, out_dir: "str | os.PathLike[str] | None" = None,
                 lang: str = "en") -> str:
    """The ``index.html`` of a run: a landing page with one row per report.

    Each row gives the report's title, its status in words (``ok``, ``skipped: needs ...``,
    ``failed`` with what went wrong, without code or paths), two or three headline numbers from
    its metrics, the as-of date, and links to the stakeholder report, the analyst edition and
    the PDF. A failed notebook links to its last good report (if any) and to the analyst
    edition of the executed notebook up to the error. Notebooks with a report in ``out_dir``
    that were not part of this run are listed too, as "from an earlier run". ``lang`` is the
    page's language (``"en"`` or ``"ru"``).
    """
    words = WORDS.get(lang, WORDS["en"])
    rows = []
    seen = set()
    for r in results:
        seen.add(r.notebook)
        failed_page = f"{r.notebook}/{r.notebook}.failed.html"
        has_failed_page = (not r.ok and not r.skipped and out_dir is not None
                           and (Path(out_dir) / failed_page).is_file())
        analyst = r.analyst if r.ok or r.last_good else None
        rows.append({
            "title": r.title, "notebook": r.notebook, "ok": r.ok, "skipped": r.skipped,
            "status": _status_words(r, words), "duration": r.duration,
            "last_good": r.last_good, "report": r.report,
            "link_label": words["stakeholder"] if r.ok else words["last_good"],
            "analyst": analyst, "pdf": r.pdf, "failed_page": failed_page if has_failed_page else None,
            "error": None if r.ok or r.skipped else plain_failure(r.status, r.error), "earlier": None,
            "headlines": headlines(r.metrics), "as_of": _as_of(r.metrics, r.parameters),
        })
    if out_dir is not None:
        for folder in sorted(p for p in Path(out_dir).iterdir() if p.is_dir() and not p.name.startswith(".")):
            if folder.name in seen or not (folder / f"{folder.name}.html").exists():
                continue
            try:
                info = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
                title = info["run"]["title"]
            except (OSError, ValueError, KeyError, TypeError):
                info, title = {}, folder.name
            metrics = previous_metrics(folder)
            parameters = info.get("run", {}).get("parameters", {}) if isinstance(info, dict) else {}
            analyst = f"{folder.name}/{folder.name}.analyst.html"
            pdf = f"{folder.name}/{folder.name}.pdf"
            rows.append({
                "title": title, "notebook": folder.name, "ok": True, "skipped": False, "status": words["ok"],
                "duration": 0.0, "last_good": None, "report": f"{folder.name}/{folder.name}.html",
                "link_label": words["stakeholder"],
                "analyst": analyst if (Path(out_dir) / analyst).is_file() else None,
                "pdf": pdf if (Path(out_dir) / pdf).is_file() else None, "failed_page": None, "error": None,
                "earlier": words["earlier"].format(when=previous_good(folder) or "?"),
                "headlines": headlines(metrics),
                "as_of": _as_of(metrics, parameters if isinstance(parameters, dict) else {}),
            })
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    n_skipped = sum(r.skipped for r in results)
    page = _environment().get_template("index.html.j2").render(
        rows=rows, words=words, lang=lang if lang in WORDS else "en",
        summary=words["summary"].format(n_ok=sum(r.ok for r in results), n_run=len(results), generated=generated),
        skipped_note=words["skipped_note"].format(n_skipped=n_skipped) if n_skipped else "",
    )
    return page


def _write_atomically(path: Path, text: str) -> None:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


def write_summary(summary: RunSummary, out_dir: "str | os.PathLike[str]", *, lang: str = "en") -> None:
    """Write ``summary.json`` (every report's headline metrics) and ``index.html`` into ``out_dir``."""
    from cxtools.report.publish import METRICS_SCHEMA_VERSION

    out = Path(out_dir)
    data = {
        "schema_version": METRICS_SCHEMA_VERSION,
        "finished": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "ok": summary.ok,
        "language": lang,
        "notebooks": [r.to_dict() for r in summary.results],
    }
    _write_atomically(out / SUMMARY_FILE, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    _write_atomically(out / INDEX_FILE, render_index(summary.results, out_dir=out, lang=lang))
