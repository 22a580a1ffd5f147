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
from cxtools.core.i18n import pgettext

__all__ = ["render_index", "write_summary", "plain_failure", "headlines", "HEADLINES", "WORDS", "SUMMARY_FILE",  # noqa: F822
           "INDEX_FILE"]  # HEADLINES and WORDS come from the catalogue through the module __getattr__

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


def _words(lang: str) -> dict[str, str]:
    """The landing page's words in ``lang``."""
    return {
        "title": pgettext("index", "Customer-experience reports", lang),
        "report": pgettext("index", "Report", lang),
        "status": pgettext("index", "Status", lang),
        "headlines": pgettext("index", "Headline numbers", lang),
        "as_of": pgettext("index", "As of", lang),
        "links": pgettext("index", "Read", lang),
        "stakeholder": pgettext("index", "report", lang),
        "analyst": pgettext("index", "analyst edition", lang),
        "pdf": pgettext("index", "PDF", lang),
        "last_good": pgettext("index", "last good report", lang),
        "what_went_wrong": pgettext("index", "what went wrong (analyst edition)", lang),
        "summary": pgettext("index", "{n_ok} of {n_run} notebooks ran successfully in this run ({generated}).", lang),
        "skipped_note": pgettext("index", "{n_skipped} skipped for want of their data.", lang),
        "ok": pgettext("index", "ok", lang),
        "skipped": pgettext("index", "skipped", lang),
        "failed": pgettext("index", "failed", lang),
        "timed out": pgettext("index", "timed out", lang),
        "privacy check failed": pgettext("index", "not published: it would show personal data", lang),
        "showing_last_good": pgettext("index", "showing last good report from {when}", lang),
        "no_last_good": pgettext("index", "no earlier good report", lang),
        "earlier": pgettext("index", "from an earlier run ({when})", lang),
        "took": pgettext("index", "took {seconds} s", lang),
        "needs": pgettext("index", "needs", lang),
        "no_data": pgettext("index", "its data are not provided", lang),
        "utc": pgettext("index", "UTC", lang),
    }


def __getattr__(name: str) -> Any:
    # WORDS and HEADLINES were tables of (English, Russian) texts; the texts are in the catalogues now
    if name == "WORDS":
        return {lang: _words(lang) for lang in ("en", "ru")}
    if name == "HEADLINES":
        return {key: (_headline_labels("en")[key], _headline_labels("ru")[key]) for key in _HEADLINE_KEYS}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_QUOTED_CODE = re.compile(r"(cell \d+ of \d+) \((['\"]).*?\2\)(?=[:;,]|\s|$)")
_EXCEPTION_NAME = re.compile(r"\b(?:[A-Za-z_][\w.]*\.)?[A-Z]\w*(?:Error|Exception|Interrupt|Skipped)\b:\s*")
_ABSOLUTE_PATH = re.compile(r"(?<![\w.~])(?:[A-Za-z]:[\\/]|/)(?:[^\s'\"<>:;,()]+[\\/])+([^\s'\"<>:;,()]*)")
#: Exceptions whose message alone says little, and the words put before it.
_EXCEPTION_WORDS = {"KeyError": "missing ", "FileNotFoundError": "file not found: ", "MemoryError": "out of memory ",
                    "ModuleNotFoundError": "a Python package is missing: ", "ImportError": "a Python package is missing: "}
#: Headline metrics that are amounts of money: shown with the report's currency (its ``currency`` metric).
_MONEY_HEADLINES = {"value_of_active_base", "purchase_clv_total", "mean_spend_per_purchase", "programme_gain",
                    "value_of_moving", "portfolio_value"}
#: Metric names that are facts about the data, not headline numbers.
_NOT_HEADLINES = {"as_of", "currency", "language", "lang", "time_unit", "data_dir"}


def _plain_failure_translated(status: str, error: str | None, lang: str) -> str:
    """What went wrong, in a language other than the notebooks' English: where the run stopped;
    the details are in the analyst edition."""
    if not error:
        return ""
    if status == "privacy check failed":
        return pgettext("index failure", "the report would show personal data; nothing was published", lang)
    where = re.search(r"cell (\d+) of (\d+)", error)
    place = (pgettext("index failure", " in cell {cell} of {cells}", lang).format(cell=where.group(1),
                                                                                 cells=where.group(2))
             if where else "")
    if status == "timed out":
        return pgettext("index failure", "the computation{place} ran out of time", lang).format(place=place)
    return pgettext("index failure", "the run stopped{place}; details in the analyst edition", lang).format(place=place)


def plain_failure(status: str, error: str | None, *, lang: str = "en") -> str:
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
    if lang != "en":
        return _plain_failure_translated(status, error, lang)
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


#: Headline numbers in plain words, most telling first: a report's first two or three of these
#: are shown; a metric not listed here is shown (English only) by its name.
def _headline_labels(lang: str) -> dict[str, str]:
    """The label of each headline metric in ``lang``, most telling first."""
    return {
        "customers": pgettext("index headline", "customers", lang),
        "survey_responses": pgettext("index headline", "survey responses", lang),
        "transactions": pgettext("index headline", "purchases", lang),
        "sections_run": pgettext("index headline", "report sections that can run", lang),
        "sections_skipped": pgettext("index headline", "report sections skipped", lang),
        "value_of_active_base": pgettext("index headline", "value of the active customer base", lang),
        "share_probably_active": pgettext("index headline", "customers probably still active", lang),
        "purchase_clv_total": pgettext("index headline", "lifetime value from purchases", lang),
        "mean_spend_per_purchase": pgettext("index headline", "mean spend per purchase", lang),
        "r_squared_overall_satisfaction": pgettext("index headline", "share of satisfaction explained (R²)", lang),
        "respondents_in_regression": pgettext("index headline", "respondents", lang),
        "nps": pgettext("index headline", "NPS", lang),
        "csat_top_box": pgettext("index headline", "CSAT (top box)", lang),
        "ces_easy": pgettext("index headline", "CES: share finding it easy", lang),
        "satisfaction_mean": pgettext("index headline", "mean satisfaction", lang),
        "n_respondents": pgettext("index headline", "respondents", lang),
        "programme_gain": pgettext("index headline", "gain from the CX programme", lang),
        "value_of_moving": pgettext("index headline", "value of moving customers up a group", lang),
        "hazard_ratio_per_point": pgettext("index headline", "churn hazard per point of satisfaction", lang),
        "respondents_linked": pgettext("index headline", "respondents linked to customers", lang),
        "enps": pgettext("index headline", "eNPS", lang),
        "portfolio_value": pgettext("index headline", "value of the customers in the portfolio", lang),
        "units": pgettext("index headline", "service units", lang),
        "portfolio_customers": pgettext("index headline", "customers in the portfolio", lang),
        "months": pgettext("index headline", "months", lang),
        "weeks": pgettext("index headline", "weeks", lang),
        "days": pgettext("index headline", "days", lang),
        "points": pgettext("index headline", "points", lang),
    }


_HEADLINE_KEYS = tuple(_headline_labels("en"))


def _headline_unit(unit: str, lang: str) -> str | None:
    """The word after a headline number with a unit (``None`` for a unit without one)."""
    return {
        "months": pgettext("index headline unit", "months", lang),
        "weeks": pgettext("index headline unit", "weeks", lang),
        "days": pgettext("index headline unit", "days", lang),
        "points": pgettext("index headline unit", "points", lang),
    }.get(unit)


def _headline_value(value: Any, lang: str) -> str | None:
    """A headline number formatted by :mod:`cxtools.core.wording` for ``lang`` (None: not a number to show)."""
    from cxtools.report.publish import FRACTION, P_VALUE
    from cxtools.core.wording import format_number, format_p_value, format_percent

    if isinstance(value, dict):
        number, unit = value.get("value"), value.get("unit")
        if not isinstance(number, (int, float)) or isinstance(number, bool):
            return None
        relation = {"<=": "≤ ", ">=": "≥ ", "<": "< ", ">": "> "}.get(str(value.get("relation")), "")
        if unit == FRACTION:
            return relation + format_percent(number, digits=1, lang=lang)
        if unit == P_VALUE:
            return relation + format_p_value(number, lang=lang) if relation or number >= 0.001 \
                else format_p_value(number, lang=lang)
        words = _headline_unit(str(unit), lang)
        if words is None and lang != "en":
            return None
        return f"{relation}{_headline_value(number, lang)} {words or unit}"
    if isinstance(value, int):
        return format_number(value, lang=lang)
    digits = 0 if value.is_integer() or abs(value) >= 1000 else 1 if abs(value) >= 10 else 2
    return format_number(value, digits=digits, lang=lang)


def headlines(metrics: Mapping[str, Any], *, n: int = 3, lang: str = "en") -> list[tuple[str, str]]:
    """Up to ``n`` headline numbers of a report's metrics, as ``(label, value)`` in plain words.

    Metrics named in :data:`HEADLINES` come first, in its order, labelled in ``lang``; then, in
    English only, other numbers under their own names. Numbers are formatted for ``lang``.

    Examples
    --------
    >>> metrics = {"as_of": "2026-06-30", "clv": 1234.5, "segments": ["a"], "churn_share": {"value": 0.125,
    ...            "unit": "fraction"}, "customers": 4000, "nps": 31.4}
    >>> headlines(metrics)
    [('customers', '4,000'), ('NPS', '31.4'), ('clv', '1,234')]
    >>> [number for _, number in headlines(metrics, lang="ru")]
    ['4\xa0000', '31,4']
    >>> [number for _, number in headlines({"programme_gain": 486715.0, "currency": "RUB"}, lang="ru")]
    ['486\xa0715\xa0₽']
    """
    from cxtools.core.checks import check_choice

    ru = check_choice("lang", lang, ["en", "ru"], func="headlines") == "ru"
    labels = _headline_labels(lang)
    known = [k for k in labels if k in metrics]
    others = [] if ru else [k for k in metrics if k not in labels]
    out = []
    for key in known + others:
        value = metrics[key]
        if key in _NOT_HEADLINES or isinstance(value, bool) or not isinstance(value, (int, float, dict)):
            continue
        text = _headline_value(value, lang)
        if text is None:
            continue
        currency = metrics.get("currency")
        if key in _MONEY_HEADLINES and isinstance(value, (int, float)) and isinstance(currency, str) and currency:
            from cxtools.core.wording import format_money

            text = format_money(value, currency=currency, lang=lang)
        out.append((labels[key] if key in labels else key.replace("_", " "), text))
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


def _status_words(r: NotebookResult, words: Mapping[str, str], lang: str = "en") -> str:
    if r.skipped:
        if lang == "ru":  # the notebook's own reason is English: say what it means
            return f"{words['skipped']}: {words['no_data']}"
        reason = (r.error or "").removeprefix("skipped: ").removeprefix("skipped")
        return f"{words['skipped']}: {reason}" if reason else words["skipped"]
    return words.get(r.status, r.status)


def _date(value: str | None, lang: str) -> str | None:
    """An as-of date for the page: as published in English, in the locale's words in Russian."""
    if value is None or lang == "en":
        return value
    from cxtools.core.wording import format_date

    try:
        return format_date(value, lang=lang)
    except (ValueError, TypeError):
        return value


def _seconds(seconds: float, lang: str) -> str:
    from cxtools.core.wording import format_number

    return f"{seconds:.1f}" if lang == "en" else format_number(seconds, digits=1, lang=lang)


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
    lang = lang if lang in ("en", "ru") else "en"
    words = _words(lang)
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
            "status": _status_words(r, words, lang), "duration": r.duration,
            "took": words["took"].format(seconds=_seconds(r.duration, lang)),
            "last_good": r.last_good, "report": r.report,
            "link_label": words["stakeholder"] if r.ok else words["last_good"],
            "analyst": analyst, "pdf": r.pdf, "failed_page": failed_page if has_failed_page else None,
            "error": None if r.ok or r.skipped else plain_failure(r.status, r.error, lang=lang), "earlier": None,
            "headlines": headlines(r.metrics, lang=lang), "as_of": _date(_as_of(r.metrics, r.parameters), lang),
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
                "duration": 0.0, "took": "", "last_good": None, "report": f"{folder.name}/{folder.name}.html",
                "link_label": words["stakeholder"],
                "analyst": analyst if (Path(out_dir) / analyst).is_file() else None,
                "pdf": pdf if (Path(out_dir) / pdf).is_file() else None, "failed_page": None, "error": None,
                "earlier": words["earlier"].format(when=previous_good(folder) or "?"),
                "headlines": headlines(metrics, lang=lang),
                "as_of": _date(_as_of(metrics, parameters if isinstance(parameters, dict) else {}), lang),
            })
    now = datetime.now(timezone.utc)
    generated = (now.strftime("%Y-%m-%d %H:%M UTC") if lang == "en"
                 else f"{_date(now.strftime('%Y-%m-%d'), lang)}, {now:%H:%M} UTC")
    n_skipped = sum(r.skipped for r in results)
    from cxtools.report.editions import CONTENT_SECURITY_POLICY

    page = _environment().get_template("index.html.j2").render(
        csp=CONTENT_SECURITY_POLICY, rows=rows, words=words, lang=lang, show_stem=lang == "en",
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
