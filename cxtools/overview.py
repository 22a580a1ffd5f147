"""What a data folder holds and what its loaders set aside: the tables of the data overview.

Every function takes the :class:`~cxtools.data.description.DataDescription` of the folder and the
loaded sources, so the overview works on whatever the folder provides (any of customers,
contracts, transactions, survey, Kano, incidents, operations, employees). Tables built here
are for stakeholders: plain headers in the report language (``lang="en"`` or ``"ru"``), no
personal data (columns the description declares personal, columns :mod:`cxtools.data.privacy`
recognises by header or content, identifiers pseudonymised, e-mail addresses and phone
numbers masked), and values as typed in the file shown as text only -- pass them through
:func:`escaped` before display, because a rejected cell may hold ``<script>``.

Main entry points: :func:`load_sources`, :func:`rows_table`, :func:`rejected_table`,
:func:`notes_table`, :func:`plan_table`, :func:`date_spans`, :func:`survey_items`,
:func:`findings`, :func:`rows_metrics`.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any, Mapping

from cxtools.core.errors import CxError
from cxtools.core.wording import by_language, rejection_reason

__all__ = [
    "SourceLoads",
    "load_sources",
    "rows_table",
    "rejected_table",
    "reasons_table",
    "notes_table",
    "plan_table",
    "date_spans",
    "survey_items",
    "findings",
    "rows_metrics",
    "section_sentence",
    "item_name",
    "escaped",
]

_WORDS = by_language({
    "source": ("Source", "Источник"),
    "file": ("File", "Файл"),
    "read": ("Rows read", "Строк прочитано"),
    "accepted": ("Rows accepted", "Строк принято"),
    "rejected": ("Rows set aside", "Строк отложено"),
    "share": ("Set aside", "Доля отложенных"),
    "row": ("Row in file", "Строка в файле"),
    "reason": ("Reason", "Причина"),
    "column": ("Column", "Столбец"),
    "value": ("Value as typed", "Значение в файле"),
    "rows": ("Rows", "Строк"),
    "note": ("Note", "Примечание"),
    "notebook": ("Report", "Отчёт"),
    "section": ("Section", "Раздел"),
    "status": ("Runs", "Выполняется"),
    "why": ("Why / what it does without", "Почему / чего не хватает"),
    "yes": ("yes", "да"),
    "no": ("skipped", "пропущен"),
    "first": ("First date", "Первая дата"),
    "last": ("Last date", "Последняя дата"),
    "item": ("Item", "Вопрос"),
    "role": ("Role", "Роль"),
    "scale": ("Scale", "Шкала"),
    "answered": ("Answers", "Ответов"),
    "missing": ("Skipped", "Пропущено"),
    "unreadable": ("could not be read", "не удалось прочитать"),
    "empty": ("(empty)", "(пусто)"),
    "redacted": ("[redacted]", "[скрыто]"),
})

_SOURCE_NAMES = {
    "en": {"customers": "customers", "subscriptions": "contracts", "transactions": "transactions",
           "survey": "survey", "kano": "Kano questionnaire", "incidents": "critical incidents",
           "operations": "operations", "employees": "employee survey"},
    "ru": {"customers": "клиенты", "subscriptions": "договоры", "transactions": "покупки",
           "survey": "опрос", "kano": "анкета Кано", "incidents": "критические инциденты",
           "operations": "операционные показатели", "employees": "опрос сотрудников",
           "units": "подразделения", "customer_units": "закрепление клиентов за подразделениями"},
}

_ROLES = {
    "en": {"overall_satisfaction": "overall satisfaction", "recommend": "likelihood to recommend (NPS)",
           "csat": "CSAT", "ces": "CES", "attributes": "attribute rating", "importance": "stated importance",
           "likert": "Likert item", "other": "other item"},
    "ru": {"overall_satisfaction": "общая удовлетворённость", "recommend": "готовность рекомендовать (индекс NPS)",
           "csat": "индекс CSAT", "ces": "индекс CES", "attributes": "оценка свойства",
           "importance": "важность свойства", "likert": "пункт шкалы Лайкерта", "other": "другой вопрос"},
}

_NOTEBOOKS = {
    "en": {"01_ltv": "01 customer value", "02_herzberg": "02 hygiene factors and motivators",
           "03_survey": "03 survey metrics", "04_cx_value": "04 value of customer experience",
           "00_data_overview": "00 data overview", "05_whole_picture": "05 the whole picture"},
    "ru": {"01_ltv": "01 ценность клиента", "02_herzberg": "02 гигиенические факторы и мотиваторы",
           "03_survey": "03 показатели опроса", "04_cx_value": "04 ценность клиентского опыта",
           "00_data_overview": "00 обзор данных", "05_whole_picture": "05 общая картина"},
}

_REQUIREMENTS_RU = {
    "any": "хотя бы один источник данных",
    "customers": "список клиентов",
    "subscriptions": "договоры с датами начала и окончания",
    "transactions": "журнал покупок",
    "survey": "ответы на опрос",
    "kano": "ответы на анкету Кано",
    "incidents": "закодированные критические инциденты",
    "operations": "операционные показатели по клиентам",
    "employees": "опрос сотрудников",
    "survey.recommend": "вопрос о готовности рекомендовать по шкале 0-10",
    "survey.overall_satisfaction": "вопрос об общей удовлетворённости",
    "survey.attributes": "оценки свойств",
    "survey.importance": "оценки важности свойств",
    "survey.csat": "вопрос CSAT",
    "survey.ces": "вопрос CES",
    "survey.likert": "пункты шкалы Лайкерта",
    "survey.segment": "сегмент респондента",
    "survey.wave": "волна опроса",
    "survey.weight": "веса респондентов",
    "survey.customer_link": "связь ответов с клиентами",
    "units": "список подразделений",
    "customer_units": "закрепление клиентов за подразделениями",
    "customer_value": "договоры или журнал покупок",
}

_SECTIONS_RU = {
    "rows read, accepted and rejected per source": "прочитанные, принятые и отложенные строки",
    "customer base": "клиентская база",
    "contract tenure": "длительность договоров",
    "one-off purchases": "разовые покупки",
    "survey responses": "ответы на опрос",
    "contract survival (Kaplan-Meier)": "доля сохранившихся договоров (Каплан-Мейер)",
    "cohort retention": "удержание по когортам",
    "contract retention model (sBG) and lifetime value": "модель удержания (sBG) и ценность клиента",
    "repeat-buying models (BG/NBD, Pareto/NBD)": "модели повторных покупок (BG/NBD, Парето/NBD)",
    "holdout check of the repeat-buying model": "проверка модели повторных покупок на отложенном периоде",
    "lifetime value from purchases (Gamma-Gamma)": "ценность клиента по покупкам (гамма-гамма)",
    "what a better experience is worth": "сколько стоит лучший клиентский опыт",
    "penalty-reward analysis (hygiene factors and motivators)":
        "анализ штрафов и поощрений (гигиенические факторы и мотиваторы)",
    "importance-performance": "важность и исполнение",
    "Kano classification": "классификация Кано",
    "Kano compared with the survey": "классы Кано в сравнении с опросом",
    "critical incidents": "критические инциденты",
    "answers per item": "ответы по каждому вопросу",
    "overall satisfaction with its interval": "общая удовлетворённость и её интервал",
    "NPS with its interval": "индекс NPS и его интервал",
    "CSAT": "индекс CSAT",
    "CES": "индекс CES",
    "NPS by segment": "индекс NPS по сегментам",
    "trend over waves": "динамика по волнам",
    "weighting and raking": "взвешивание",
    "Likert items and scale reliability": "пункты Лайкерта и надёжность шкалы",
    "driver analysis": "анализ факторов удовлетворённости",
    "linking survey answers to customers": "связь ответов с клиентами",
    "satisfaction and churn": "удовлетворённость и отток",
    "NPS groups and customer value": "группы NPS и ценность клиентов",
    "operations and satisfaction": "операционные показатели и удовлетворённость",
    "purchases and satisfaction": "покупки и удовлетворённость",
    "value of a CX programme": "ценность программы улучшения клиентского опыта",
    "the layered pie": "слоёный пирог",
    "eNPS per unit": "индекс eNPS по подразделениям",
    "people, operations and customers per unit": "сотрудники, операции и клиенты по подразделениям",
    "engagement and customers' satisfaction (multilevel model)":
        "вовлечённость и удовлетворённость клиентов (многоуровневая модель)",
    "client portfolio matrix": "матрица клиентского портфеля",
    "CX scorecard": "сбалансированная карта клиентского опыта",
}

#: What the loaders say about a rejected row or a note, in Russian: (pattern, wording); the
#: groups are column names, values as typed, numbers and dates, kept as they are.
def _requirement_met(description, requirement: str) -> bool:
    if requirement == "any":
        return any(description.has(s) for s in description.sources)
    if requirement == "customer_value":
        return description.has("subscriptions") or description.has("transactions")
    if requirement.startswith("survey."):
        return description.has("survey") and bool(getattr(description.survey, requirement.split(".", 1)[1]))
    return description.has(requirement)


def _reason_ru(description, notebook: str, section: str, runs: bool) -> str:
    from cxtools.data.description import SECTIONS

    entry = {sec.name: sec for sec in SECTIONS.get(notebook, [])}.get(section)
    if entry is None:
        return ""
    if runs:
        without = [_REQUIREMENTS_RU.get(r, r) for r in entry.optional if not _requirement_met(description, r)]
        return ("выполняется без: " + ", ".join(without)) if without else ""
    missing = [_REQUIREMENTS_RU.get(r, r) for r in entry.needs if not _requirement_met(description, r)]
    return "нужны данные: " + "; ".join(missing)


def section_sentence(description, notebook: str, section: str, *, lang: str = "en") -> str:
    """The plain sentence a skipped section shows, in the report language (empty when it runs)."""
    from cxtools.data.description import SECTIONS, section_status

    status = section_status(description, notebook, section)
    if status.runs or _lang(lang) == "en":
        return status.sentence
    return ("Раздел «" + _SECTIONS_RU.get(section, section) + "» пропущен: "
            + _reason_ru(description, notebook, section, False) + ".")


#: Longest value shown in a table cell; longer values are cut (with "...").
MAX_VALUE_LENGTH = 60


def _lang(lang: str) -> str:
    from cxtools.data.description import check_choice

    return check_choice("lang", lang, ["en", "ru"], func="overview")


#: Survey items under their usual column names, in Russian words (a data name stays as it is otherwise).
_ITEMS_RU = {"overall_satisfaction": "общая удовлетворённость", "satisfaction": "удовлетворённость",
             "nps": "готовность рекомендовать", "recommend": "готовность рекомендовать", "csat": "индекс CSAT",
             "ces": "индекс CES"}


def item_name(column: str, *, lang: str = "en") -> str:
    """A survey item's name for a sentence: in English the column with spaces, in Russian the usual
    items in words (``overall_satisfaction`` -> ``общая удовлетворённость``), other names as they are.

    Examples
    --------
    >>> item_name("overall_satisfaction"), item_name("overall_satisfaction", lang="ru"), item_name("q7", lang="ru")
    ('overall satisfaction', 'общая удовлетворённость', 'q7')
    """
    if _lang(lang) == "ru" and str(column) in _ITEMS_RU:
        return _ITEMS_RU[str(column)]
    return str(column).replace("_", " ")


def source_name(name: str, *, lang: str = "en") -> str:
    """The plain name of a source in the report language."""
    return _SOURCE_NAMES[_lang(lang)].get(name, name)


@dataclass(frozen=True)
class SourceLoads:
    """Every provided source loaded with the description's settings.

    Attributes
    ----------
    results : dict of str to LoadResult
        Sources that were read (accepted and rejected rows).
    errors : dict of str to str
        Sources that are described and present but could not be read, with the reason.
    as_of : Timestamp or None
        The as-of date the loaders used (later dates are rejected).
    """

    results: Mapping[str, Any] = field(default_factory=dict)
    errors: Mapping[str, str] = field(default_factory=dict)
    as_of: Any = None

    def __getitem__(self, name: str):
        return self.results[name]

    def __contains__(self, name: str) -> bool:
        return name in self.results

    @property
    def n_read(self) -> int:
        return sum(r.n_read for r in self.results.values())

    @property
    def n_rejected(self) -> int:
        return sum(r.n_rejected for r in self.results.values())

    def to_frame(self):
        """One row per source: ``source``, ``n_read``, ``n_accepted``, ``n_rejected``, ``error``."""
        import pandas as pd

        rows = [(k, r.n_read, r.n_accepted, r.n_rejected, None) for k, r in self.results.items()]
        rows += [(k, None, None, None, e) for k, e in self.errors.items()]
        return pd.DataFrame(rows, columns=["source", "n_read", "n_accepted", "n_rejected", "error"])

    def describe(self) -> str:
        return (f"{len(self.results)} source(s) read: {self.n_read:,} rows, {self.n_rejected:,} set aside"
                + (f"; {len(self.errors)} could not be read" if self.errors else "") + ".")

    def __repr__(self) -> str:
        return f"SourceLoads({list(self.results)}, errors={list(self.errors)}, as_of={self.as_of})"


def load_sources(description, *, as_of=None) -> SourceLoads:
    """Load every source the description provides; a source that cannot be read is recorded, not raised.

    Parameters
    ----------
    description : DataDescription
    as_of : date-like, optional
        End of the observation window (default: the description's, else the last date in
        the data, see :func:`cxtools.data.description.default_as_of`).

    Returns
    -------
    SourceLoads

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import pandas as pd
    >>> from cxtools.data.description import load_description
    >>> export = pd.DataFrame({"transaction_id": ["T1", "T2"], "customer_id": ["C1", "C1"],
    ...                        "timestamp": ["2024-01-02", "2024-02-03"], "amount": ["10", "x"]})
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> export.to_csv(folder / "transactions.csv", index=False)
    >>> loads = load_sources(load_description(folder))
    >>> loads.to_frame()[["source", "n_read", "n_accepted", "n_rejected"]]
             source  n_read  n_accepted  n_rejected
    0  transactions       2           1           1
    >>> str(loads.as_of.date())
    '2024-01-02'
    """
    from cxtools.data.description import default_as_of

    try:
        as_of = default_as_of(description, as_of if as_of not in ("", None) else None)
    except CxError:
        as_of = None
    results, errors = {}, {}
    for name in description.sources:
        if not description.has(name):
            continue
        try:
            results[name] = description.load(name, as_of=as_of)
        except CxError as exc:  # say why, without this machine's folders
            errors[name] = str(exc).replace(str(description.data_dir.resolve()), description.data_dir.name).replace(
                str(description.data_dir), description.data_dir.name)
    return SourceLoads(results, errors, as_of)


def _personal(description, name: str, columns) -> set[str]:
    """Columns of ``name`` (loaded names) that hold personal data."""
    from cxtools.data.privacy import find_personal_columns, is_personal_column

    found = set(description.personal_columns.get(name, []))
    found |= {c for c in columns if is_personal_column(c)}
    path = description.path(name)
    rename = description.columns(name)
    try:
        table = find_personal_columns(path.parent, declared=None)
    except (CxError, OSError, ValueError):  # a file the scan cannot read: the declared and named columns remain
        table = None
    if table is not None and len(table):
        mine = table[table["file"].astype(str).map(lambda f: path.name == f.split("/")[-1])]
        found |= {rename.get(c, c) for c in mine["column"]}
    return found


def rows_table(loads: SourceLoads, *, lang: str = "en"):
    """Rows read, accepted and set aside per source (a source that could not be read says why).

    Returns
    -------
    DataFrame
        Plain headers in ``lang``; numbers with thousands separators as text.
    """
    import pandas as pd

    from cxtools.data.privacy import scrub_text
    from cxtools.core.wording import format_number, format_percent

    w = _WORDS[_lang(lang)]
    rows = []
    for name, res in loads.results.items():
        share = res.n_rejected / res.n_read if res.n_read else 0.0
        rows.append({w["source"]: source_name(name, lang=lang), w["read"]: format_number(res.n_read, lang=lang),
                     w["accepted"]: format_number(res.n_accepted, lang=lang),
                     w["rejected"]: format_number(res.n_rejected, lang=lang),
                     w["share"]: format_percent(share, digits=1, lang=lang)})
    for name, error in loads.errors.items():
        rows.append({w["source"]: source_name(name, lang=lang), w["read"]: w["unreadable"],
                     w["accepted"]: "", w["rejected"]: "", w["share"]: scrub_text(_cut(error, 200))})
    return pd.DataFrame(rows, columns=[w["source"], w["read"], w["accepted"], w["rejected"], w["share"]])


def _cut(text: Any, limit: int = MAX_VALUE_LENGTH) -> str:
    text = "" if text is None else str(text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def rejected_table(loads: SourceLoads, description, *, lang: str = "en", limit: int | None = 200):
    """The rejected rows of every source: row number, reason, column and the value as typed.

    Personal data never appears: a value in a personal column (declared in the description,
    or recognised by :mod:`cxtools.data.privacy` from its header or content) is replaced by
    ``[redacted]``, identifiers by their pseudonyms, and e-mail addresses and phone numbers
    inside any value are masked. Values are text as typed; show the table through
    :func:`escaped` (a value may be HTML).

    Parameters
    ----------
    loads : SourceLoads
    description : DataDescription
    lang : {"en", "ru"}
    limit : int, optional
        At most this many rows per source (the row counts are in :func:`rows_table`).

    Returns
    -------
    DataFrame
    """
    import pandas as pd

    from cxtools.data.privacy import pseudonymise, scrub_text

    w = _WORDS[_lang(lang)]
    parts = []
    for name, res in loads.results.items():
        if not res.n_rejected:
            continue
        rej = res.rejected if limit is None else res.rejected.head(limit)
        personal = _personal(description, name, list(res.rejected.columns) + list(res.data.columns))
        values = []
        for col, value in zip(rej["column"], rej["value"]):
            cols = [c.strip() for c in str(col).split(";")] if isinstance(col, str) else []
            if any(c in personal for c in cols):
                values.append(w["redacted"])
            elif len(cols) == 1 and cols[0] in ("customer_id", "respondent_id") and isinstance(value, str) \
                    and value.strip() and not value.startswith("("):
                values.append(pseudonymise(pd.Series([value])).iloc[0])
            else:
                values.append(scrub_text(_cut(value)) if isinstance(value, str) else _cut(value))
        parts.append(pd.DataFrame({
            w["source"]: source_name(name, lang=lang),
            w["row"]: [str(int(r)) if isinstance(r, (int, float)) and r == r else str(r) for r in rej["row"]],
            w["reason"]: [scrub_text(_cut(rejection_reason(r, lang=lang), 200)) for r in rej["reason"].astype(str)],
            w["column"]: ["" if c is None or (isinstance(c, float) and c != c) else str(c) for c in rej["column"]],
            w["value"]: ["" if v is None or (isinstance(v, float) and v != v) else str(v) for v in values],
        }))
    if not parts:
        return pd.DataFrame(columns=[w["source"], w["row"], w["reason"], w["column"], w["value"]])
    return pd.concat(parts, ignore_index=True)


def reasons_table(loads: SourceLoads, *, lang: str = "en"):
    """Rejected rows per source and reason, most frequent first (a row with two problems counts twice)."""
    import pandas as pd

    from cxtools.core.wording import format_number

    w = _WORDS[_lang(lang)]
    parts = []
    for name, res in loads.results.items():
        if res.n_rejected:
            parts.append(res.summary().assign(source=source_name(name, lang=lang)))
    if not parts:
        return pd.DataFrame(columns=[w["source"], w["reason"], w["rows"]])
    table = pd.concat(parts, ignore_index=True).sort_values("rows", ascending=False, kind="stable")
    return pd.DataFrame({w["source"]: table["source"].to_numpy(),
                         w["reason"]: [rejection_reason(r, lang=lang) for r in table["reason"].astype(str)],
                         w["rows"]: [format_number(n, lang=lang) for n in table["rows"]]})


def notes_table(loads: SourceLoads, *, lang: str = "en"):
    """What the loaders read in a way worth knowing (generated ids, open-ended dates, zero orders...)."""
    import pandas as pd

    w = _WORDS[_lang(lang)]
    rows = [(source_name(name, lang=lang), rejection_reason(note, lang=lang)) for name, res in loads.results.items()
            for note in getattr(res, "notes", ())]
    return pd.DataFrame(rows, columns=[w["source"], w["note"]])


def plan_table(description, *, lang: str = "en", notebooks=None):
    """What each report will run on this data and what it skips, with the reason.

    Built from :func:`cxtools.data.description.plan`; the reasons are the plan's own words.
    """
    import pandas as pd

    from cxtools.data.description import plan

    w = _WORDS[_lang(lang)]
    planned = plan(description)
    if notebooks is not None:
        planned = planned[planned["notebook"].isin(list(notebooks))]
    return pd.DataFrame({
        w["notebook"]: [_NOTEBOOKS[lang].get(n, n) for n in planned["notebook"]],
        w["section"]: planned["section"].to_numpy() if lang == "en"
        else [_SECTIONS_RU.get(n, n) for n in planned["section"]],
        w["status"]: [w["yes"] if r else w["no"] for r in planned["runs"]],
        w["why"]: planned["reason"].fillna("").to_numpy() if lang == "en"
        else [_reason_ru(description, n, sec, bool(r))
              for n, sec, r in zip(planned["notebook"], planned["section"], planned["runs"])],
    })


def date_spans(loads: SourceLoads, *, lang: str = "en"):
    """First and last date of every date column of the accepted rows, per source."""
    import pandas as pd

    from cxtools.core.wording import format_date, format_number

    w = _WORDS[_lang(lang)]
    rows = []
    for name, res in loads.results.items():
        for col in res.data.columns:
            values = res.data[col]
            if not pd.api.types.is_datetime64_any_dtype(values) or values.notna().sum() == 0:
                continue
            rows.append({w["source"]: source_name(name, lang=lang), w["column"]: str(col),
                         w["first"]: format_date(values.min(), lang=lang),
                         w["last"]: format_date(values.max(), lang=lang),
                         w["rows"]: format_number(int(values.notna().sum()), lang=lang)})
    return pd.DataFrame(rows, columns=[w["source"], w["column"], w["first"], w["last"], w["rows"]])


def survey_items(description, data, *, lang: str = "en"):
    """The survey's answer items with their role and scale (from the description) and answer counts."""
    import pandas as pd

    from cxtools.core.wording import format_number

    w = _WORDS[_lang(lang)]
    roles = description.survey
    role_of = {}
    for role in ("overall_satisfaction", "recommend"):
        if getattr(roles, role):
            role_of[getattr(roles, role)] = role
    for role in ("csat", "ces"):
        box = getattr(roles, role)
        if box is not None:
            role_of[box.item] = role
    for col in roles.attribute_columns(data.columns):
        role_of.setdefault(col, "attributes")
    for col in roles.importance_columns(data.columns):
        role_of.setdefault(col, "importance")
    for col in roles.likert:
        role_of.setdefault(col, "likert")
    rows = []
    for col in data.columns:
        scale = roles.scale_of(col)
        if col not in role_of and scale is None:
            continue
        if col not in data:
            continue
        role = _ROLES[lang][role_of.get(col, "other")]
        if col in roles.reversed:
            role += " (reversed)" if lang == "en" else " (обратный)"
        rows.append({w["item"]: str(col), w["role"]: role,
                     w["scale"]: f"{scale[0]:g}-{scale[1]:g}" if scale else "",
                     w["answered"]: format_number(int(data[col].notna().sum()), lang=lang),
                     w["missing"]: format_number(int(data[col].isna().sum()), lang=lang)})
    return pd.DataFrame(rows, columns=[w["item"], w["role"], w["scale"], w["answered"], w["missing"]])


def escaped(table, *, caption: str | None = None):
    """A Styler that shows ``table`` with every cell HTML-escaped and no 0..n index.

    A pandas Styler does not escape cell text by default, so a rejected value such as
    ``<script>...</script>`` would run in the report; this one escapes it.

    Examples
    --------
    >>> import pandas as pd
    >>> html_text = escaped(pd.DataFrame({"Value": ["<script>alert(1)</script>"]})).to_html()
    >>> "<script>alert" in html_text, "&lt;script&gt;alert(1)&lt;/script&gt;" in html_text
    (False, True)
    """
    styler = table.style.hide(axis="index").format(escape="html", na_rep="")
    styler = styler.format_index(escape="html", axis=1)
    if caption:
        styler = styler.set_caption(html.escape(caption))
    return styler.set_properties(**{"text-align": "left"})


def findings(loads: SourceLoads, description, *, lang: str = "en") -> str:
    """The "Key findings" Markdown of the overview: sources, rows set aside, top reason, dates, plan.

    Every number comes from ``loads`` and the plan; values as typed are never quoted.
    """
    import pandas as pd

    from cxtools.data.description import plan
    from cxtools.core.wording import format_date, format_number, format_percent, join_names

    lang = _lang(lang)
    en = lang == "en"
    lines = ["## Key findings" if en else "## Главные выводы", ""]
    names = [source_name(n, lang=lang) for n in loads.results]
    read, rejected = loads.n_read, loads.n_rejected
    share = rejected / read if read else 0.0
    digits = 1 if share == 0 or share >= 0.01 else 2
    lines.append(
        (f"- The data hold {len(names)} source(s) ({join_names(names, lang=lang)}): "
         f"{format_number(read, lang=lang)} rows read, "
         + (f"{format_number(read - rejected, lang=lang)} accepted and {format_number(rejected, lang=lang)} "
            f"({format_percent(share, digits=digits, lang=lang)}) set aside with their reasons; every row is "
            "accounted for." if rejected else "every one of them accepted: no row was set aside."))
        if en else
        (f"- Источников в данных: {len(names)} ({join_names(names, lang=lang)}); прочитано "
         f"{format_number(read, lang=lang)} строк, "
         + (f"принято {format_number(read - rejected, lang=lang)}, отложено {format_number(rejected, lang=lang)} "
            f"({format_percent(share, digits=digits, lang=lang)}) с указанием причины; учтена каждая строка."
            if rejected else "все они приняты: ни одна строка не отложена.")))
    if loads.errors:
        bad = join_names([source_name(n, lang=lang) for n in loads.errors], lang=lang)
        lines.append(f"- {bad}: the file could not be read; the table below says why." if en else
                     f"- {bad}: файл не удалось прочитать, причина указана в таблице ниже.")
    worst = max(loads.results.items(), key=lambda kv: (kv[1].n_rejected / kv[1].n_read) if kv[1].n_read else 0,
                default=None)
    if worst is not None and worst[1].n_rejected:
        name, res = worst
        top = res.summary().iloc[0]
        lines.append(
            (f"- The largest share set aside is in the {source_name(name, lang=lang)} "
             f"({format_number(res.n_rejected, lang=lang)} of {format_number(res.n_read, lang=lang)} rows, "
             f"{format_percent(res.n_rejected / res.n_read, digits=1, lang=lang)}); the most common problem there "
             f"affects {format_number(int(top['rows']), lang=lang)} row(s).")
            if en else
            (f"- Больше всего строк отложено в источнике «{source_name(name, lang=lang)}»: "
             f"{format_number(res.n_rejected, lang=lang)} из {format_number(res.n_read, lang=lang)} "
             f"({format_percent(res.n_rejected / res.n_read, digits=1, lang=lang)}); самая частая проблема там "
             f"затрагивает {format_number(int(top['rows']), lang=lang)} строк(и)."))
    dates = []
    for res in loads.results.values():
        for col in res.data.columns:
            if pd.api.types.is_datetime64_any_dtype(res.data[col]):
                dates.append(res.data[col].dropna())
    if dates and sum(len(d) for d in dates):
        values = pd.concat(dates)
        first, last = values.min(), values.max()
        as_of = format_date(loads.as_of, lang=lang) if loads.as_of is not None else None
        lines.append(
            (f"- The dates run from {format_date(first, lang=lang)} to {format_date(last, lang=lang)}"
             + (f"; the reports use {as_of} as the as-of date." if as_of else "."))
            if en else
            (f"- Даты охватывают период с {format_date(first, lang=lang)} по {format_date(last, lang=lang)}"
             + (f"; дата расчёта отчётов: {as_of}" if as_of else "")).rstrip(".") + ".")
    planned = plan(description)
    planned = planned[planned["notebook"] != "00_data_overview"]
    n_run = int(planned["runs"].sum())
    if n_run == len(planned):
        lines.append(f"- The later reports can run all {format_number(n_run, lang=lang)} of their sections on these data."
                     if en else f"- Последующие отчёты смогут выполнить все свои разделы "
                     f"({format_number(n_run, lang=lang)}) на этих данных.")
    else:
        lines.append(
            f"- The later reports can run {format_number(n_run, lang=lang)} of their "
            f"{format_number(len(planned), lang=lang)} sections on these data; the rest are skipped for missing "
            "inputs, listed below."
            if en else
            f"- Последующие отчёты смогут выполнить {format_number(n_run, lang=lang)} из "
            f"{format_number(len(planned), lang=lang)} разделов; остальные пропускаются из-за недостающих данных "
            "(список ниже).")
    return "\n".join(lines)


def rows_metrics(loads: SourceLoads, description=None) -> dict:
    """The metrics the overview publishes: rows per source and what later reports will run.

    ``{"sources": {name: {"read", "accepted", "rejected"}}, "rows_read": {name: n}, "rows_accepted": ...,
    "rows_rejected": ..., "unreadable_sources": [...], "as_of": "YYYY-MM-DD" or None,
    "sections_run": n, "sections_skipped": n}``, plus the accepted rows of ``customers``,
    ``survey_responses`` and ``transactions`` when those sources are provided.
    """
    out: dict[str, Any] = {
        "sources": {name: {"read": int(r.n_read), "accepted": int(r.n_accepted), "rejected": int(r.n_rejected)}
                    for name, r in loads.results.items()},
        "rows_read": {name: int(r.n_read) for name, r in loads.results.items()},
        "rows_accepted": {name: int(r.n_accepted) for name, r in loads.results.items()},
        "rows_rejected": {name: int(r.n_rejected) for name, r in loads.results.items()},
        "unreadable_sources": sorted(loads.errors),
        "as_of": None if loads.as_of is None else str(loads.as_of.date()),
    }
    # accepted rows of the three tables most reports start from, under the names earlier versions published
    for name, key in (("customers", "customers"), ("survey", "survey_responses"), ("transactions", "transactions")):
        if name in loads.results:
            out[key] = int(loads.results[name].n_accepted)
    if description is not None:
        from cxtools.data.description import plan

        planned = plan(description)
        planned = planned[planned["notebook"] != "00_data_overview"]
        out["sections_run"] = int(planned["runs"].sum())
        out["sections_skipped"] = int((~planned["runs"]).sum())
    return out
