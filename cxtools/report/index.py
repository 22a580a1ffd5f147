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
from cxtools.core.wording import by_language

__all__ = ["render_index", "write_summary", "plain_failure", "headlines", "HEADLINES", "WORDS", "SUMMARY_FILE", "INDEX_FILE"]

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
WORDS: dict[str, dict[str, str]] = by_language({
    "title": ("Customer-experience reports", "Отчёты о клиентском опыте"),
    "report": ("Report", "Отчёт"),
    "status": ("Status", "Состояние"),
    "headlines": ("Headline numbers", "Главные числа"),
    "as_of": ("As of", "Дата среза"),
    "links": ("Read", "Читать"),
    "stakeholder": ("report", "отчёт"),
    "analyst": ("analyst edition", "версия для аналитика"),
    "pdf": ("PDF", "PDF"),
    "last_good": ("last good report", "последний удачный отчёт"),
    "what_went_wrong": ("what went wrong (analyst edition)", "что пошло не так (версия для аналитика)"),
    "summary": (
        "{n_ok} of {n_run} notebooks ran successfully in this run ({generated}).",
        "В этом запуске успешно выполнено блокнотов: {n_ok} из {n_run} ({generated}).",
    ),
    "skipped_note": (
        "{n_skipped} skipped for want of their data.",
        "Пропущено из-за отсутствия данных: {n_skipped}.",
    ),
    "ok": ("ok", "готов"),
    "skipped": ("skipped", "пропущен"),
    "failed": ("failed", "ошибка"),
    "timed out": ("timed out", "превышено время"),
    "privacy check failed": (
        "not published: it would show personal data",
        "не опубликован: отчёт показал бы персональные данные",
    ),
    "showing_last_good": ("showing last good report from {when}", "показан последний удачный отчёт от {when}"),
    "no_last_good": ("no earlier good report", "удачного отчёта ещё нет"),
    "earlier": ("from an earlier run ({when})", "из прежнего запуска ({when})"),
    "took": ("took {seconds} s", "{seconds} с"),
    "needs": ("needs", "нужны"),
    "no_data": ("its data are not provided", "нужных для него данных нет"),
    "utc": ("UTC", "UTC"),
})

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


def _plain_failure_ru(status: str, error: str | None) -> str:
    """What went wrong, in Russian: where the run stopped; the details are in the analyst edition."""
    if not error:
        return ""
    if status == "privacy check failed":
        return "отчёт показал бы персональные данные; ничего не опубликовано"
    where = re.search(r"cell (\d+) of (\d+)", error)
    place = f" в ячейке {where.group(1)} из {where.group(2)}" if where else ""
    if status == "timed out":
        return f"вычисление{place} не уложилось в отведённое время"
    return f"выполнение остановилось{place}; подробности — в версии для аналитика"


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
    >>> plain_failure("failed", "cell 4 of 9 ('x = 1 / 0'): ZeroDivisionError: division by zero", lang="ru")
    'выполнение остановилось в ячейке 4 из 9; подробности — в версии для аналитика'
    """
    if lang == "ru":
        return _plain_failure_ru(status, error)
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


#: Headline numbers in plain words, per report language, most telling first: a report's first
#: two or three of these are shown; a metric not listed here is shown (English only) by its name.
HEADLINES: dict[str, tuple[str, str]] = {
    # 00 data overview
    "customers": ("customers", "клиентов"),
    "survey_responses": ("survey responses", "ответов на опрос"),
    "transactions": ("purchases", "покупок"),
    "sections_run": ("report sections that can run", "разделов отчётов можно выполнить"),
    "sections_skipped": ("report sections skipped", "разделов отчётов пропущено"),
    # 01 customer value
    "value_of_active_base": ("value of the active customer base", "ценность активной клиентской базы"),
    "share_probably_active": ("customers probably still active", "клиентов, вероятно, ещё активны"),
    "purchase_clv_total": ("lifetime value from purchases", "ценность клиентов по покупкам"),
    "mean_spend_per_purchase": ("mean spend per purchase", "средняя сумма покупки"),
    # 02 hygiene factors and motivators
    "r_squared_overall_satisfaction": ("share of satisfaction explained (R²)",
                                       "объяснённая доля удовлетворённости (R²)"),
    "respondents_in_regression": ("respondents", "респондентов"),
    # 03 survey metrics
    "nps": ("NPS", "индекс NPS"),
    "csat_top_box": ("CSAT (top box)", "CSAT (высшие оценки)"),
    "ces_easy": ("CES: share finding it easy", "CES: доля ответивших «легко»"),
    "satisfaction_mean": ("mean satisfaction", "средняя удовлетворённость"),
    "n_respondents": ("respondents", "респондентов"),
    # 04 value of customer experience
    "programme_gain": ("gain from the CX programme", "выигрыш от программы улучшения опыта"),
    "value_of_moving": ("value of moving customers up a group", "ценность перевода клиентов в группу выше"),
    "hazard_ratio_per_point": ("churn hazard per point of satisfaction", "риск ухода на балл удовлетворённости"),
    "respondents_linked": ("respondents linked to customers", "респондентов, связанных с клиентами"),
    # 05 the whole picture
    "enps": ("eNPS", "индекс eNPS"),
    "portfolio_value": ("value of the customers in the portfolio", "ценность клиентов в портфеле"),
    "units": ("service units", "подразделений"),
    "portfolio_customers": ("customers in the portfolio", "клиентов в портфеле"),
}
_HEADLINE_UNITS = {"months": ("months", "мес."), "weeks": ("weeks", "нед."), "days": ("days", "дн."),
                   "points": ("points", "п.")}


def _headline_value(value: Any, lang: str) -> str | None:
    """A headline number formatted by :mod:`cxtools.core.wording` for ``lang`` (None: not a number to show)."""
    from cxtools.report.publish import FRACTION, P_VALUE
    from cxtools.core.wording import format_number, format_p_value, format_percent

    if isinstance(value, dict):
        number, unit = value.get("value"), value.get("unit")
        if not isinstance(number, (int, float)) or isinstance(number, bool):
            return None
        relation = {"<=": "≤ ", ">=": "≥ ", "<": "< ", ">": "> "}.get(value.get("relation"), "")
        if unit == FRACTION:
            return relation + format_percent(number, digits=1, lang=lang)
        if unit == P_VALUE:
            return relation + format_p_value(number, lang=lang) if relation or number >= 0.001 \
                else format_p_value(number, lang=lang)
        words = _HEADLINE_UNITS.get(unit)
        if words is None and lang != "en":
            return None
        return f"{relation}{_headline_value(number, lang)} {words[lang == 'ru'] if words else unit}"
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
    >>> headlines(metrics, lang="ru")
    [('клиентов', '4\xa0000'), ('индекс NPS', '31,4')]
    >>> headlines({"programme_gain": 486715.0, "currency": "RUB"}, lang="ru")
    [('выигрыш от программы улучшения опыта', '486\xa0715\xa0₽')]
    """
    from cxtools.core.checks import check_choice

    ru = check_choice("lang", lang, ["en", "ru"], func="headlines") == "ru"
    known = [k for k in HEADLINES if k in metrics]
    others = [] if ru else [k for k in metrics if k not in HEADLINES]
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
        out.append((HEADLINES[key][ru] if key in HEADLINES else key.replace("_", " "), text))
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
    lang = lang if lang in WORDS else "en"
    words = WORDS[lang]
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
    page = _environment().get_template("index.html.j2").render(
        rows=rows, words=words, lang=lang, show_stem=lang == "en",
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
