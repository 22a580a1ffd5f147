"""Publishing a run: headline metrics, the stakeholder HTML and the personal-data gate.

Notebooks call :func:`publish_metrics`; the runner gathers what they published with
:func:`collect_metrics`, writes ``metrics.json`` (described by the versioned JSON Schema
``metrics.schema.json`` beside this module) with the rows per source (:func:`publish_sources`),
and publishes nothing that :mod:`cxtools.data.privacy` finds personal data in.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any, Iterable, Mapping

from cxtools.core.errors import CxParameterError
from cxtools.report.jsonvalues import _number_or_none, jsonable  # noqa: F401  (jsonable is public here too)

__all__ = [
    "METRICS_MIMETYPE",
    "METRICS_SCHEMA_VERSION",
    "publish_metrics",
    "publish_sources",
    "collect_sources",
    "SOURCES_MIMETYPE",
    "measure",
    "share",
    "p_value",
    "collect_metrics",
    "render_html",
    "metrics_schema",
    "validate_metrics",
    "data_fingerprint",
]

#: Output MIME type that carries a notebook's headline numbers to the runner.
METRICS_MIMETYPE = "application/vnd.cxtools.metrics+json"
#: Output MIME type that carries the rows read, accepted and rejected per data source.
SOURCES_MIMETYPE = "application/vnd.cxtools.sources+json"
#: Version of the ``metrics.json`` layout, written into every file (see ``metrics.schema.json``).
METRICS_SCHEMA_VERSION = 1

#: Units with a fixed meaning: a share is a fraction (1 = 100 %), a p-value lies in [0, 1].
FRACTION, P_VALUE = "fraction", "p-value"
_RELATIONS = ("<", "<=", ">", ">=")
# Naming conventions the runner reads units from, for notebooks that publish plain numbers.
_P_KEY = re.compile(r"(^|_)p(_|$)")
_PCT_KEY = re.compile(r"_pct$")
_SHARE_KEY = re.compile(r"(^|_)(share|rate|fraction)(_|$)")
_P_TEXT = re.compile(r"\s*(?:p\s*)?(<=|>=|<|>|≤|≥|=)?\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*")


# ---------------------------------------------------------------------------
# Metrics: what a notebook publishes
# ---------------------------------------------------------------------------


def measure(value: float | None, *, unit: str, relation: str | None = None,
            ci_low: float | None = None, ci_high: float | None = None) -> dict[str, Any]:
    """A number with its unit for :func:`publish_metrics`, e.g. ``measure(1234.5, unit="RUB")``.

    Parameters
    ----------
    value : float or None
    unit : str
        ``"fraction"`` for shares (1 = 100 %), ``"p-value"``, ``"count"``, a currency
        code, a time unit ...
    relation : {"<", "<=", ">", ">="}, optional
        When only a bound is known (``p < 0.001``).
    ci_low, ci_high : float, optional
        An interval around the value.

    Examples
    --------
    >>> measure(0.125, unit="fraction")
    {'value': 0.125, 'unit': 'fraction'}
    """
    if not isinstance(unit, str) or not unit.strip() or unit.strip() in {"%", "percent"}:
        raise CxParameterError(f"measure: unit must be a word such as 'fraction' or 'RUB', got {unit!r}"
                               " (publish shares as fractions with unit='fraction')")
    if relation is not None and relation not in _RELATIONS:
        raise CxParameterError(f"measure: relation must be one of {list(_RELATIONS)}, got {relation!r}")
    out: dict[str, Any] = {"value": value, "unit": unit}
    if relation is not None:
        out["relation"] = relation
    if ci_low is not None or ci_high is not None:
        out["ci_low"], out["ci_high"] = ci_low, ci_high
    return out


def share(value: float | None, **kwargs) -> dict[str, Any]:
    """A share as a fraction (0.25 for 25 %): ``measure(value, unit="fraction")``.

    Examples
    --------
    >>> share(0.25)
    {'value': 0.25, 'unit': 'fraction'}
    """
    return measure(value, unit=FRACTION, **kwargs)


def p_value(value: float | None, **kwargs) -> dict[str, Any]:
    """A p-value as a number: ``measure(value, unit="p-value")``; the report prints ``< 0.001``.

    Examples
    --------
    >>> p_value(0.00042)
    {'value': 0.00042, 'unit': 'p-value'}
    """
    return measure(value, unit=P_VALUE, **kwargs)


def _with_units(key: str, value: Any) -> Any:
    """Read the unit from the metric's name where a notebook published a plain number or text.

    Only top-level names count: ``*_p_*`` keys are p-values (text such as ``"< 0.001"``
    becomes a number with a relation), ``*_pct`` keys percentages (stored as fractions),
    ``share``/``rate``/``fraction`` keys in [0, 1] fractions.
    """
    if isinstance(value, Mapping):  # names inside a mapping are the notebook's own (model parameters p, q ...)
        return value
    if _P_KEY.search(key):
        if isinstance(value, str):
            match = _P_TEXT.fullmatch(value)
            if match is None:
                return measure(None, unit=P_VALUE) if value.strip().lower() in {"n/a", "na", ""} else value
            relation = {"≤": "<=", "≥": ">=", "=": None}.get(match.group(1), match.group(1))
            return measure(float(match.group(2)), unit=P_VALUE, relation=relation)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return measure(value, unit=P_VALUE)
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if _PCT_KEY.search(key):
            return measure(value / 100, unit=FRACTION)
        if _SHARE_KEY.search(key) and 0 <= value <= 1:
            return measure(value, unit=FRACTION)
    return value


def _plain_number(value: float | int) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    if value.is_integer() and abs(value) < 1e15:
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{value:.3g}"


def _plain_value(value: Any) -> str:
    """A published value as a stakeholder reads it: ``4,000``, ``31.4``, ``yes``, ``12.5 %``.

    >>> _plain_value({"customers": 4000, "share": {"value": 0.12345, "unit": "fraction"}, "ok": True, "nps": None})
    'customers: 4,000; share: 12.3 %; ok: yes; nps: not available'
    >>> _plain_value({"value": 0.0004, "unit": "p-value"}), _plain_value({"value": 12.5, "unit": "months"})
    ('< 0.001', '12.5 months')
    """
    if value is None:
        return "not available"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return _plain_number(value)
    if isinstance(value, list):
        return ", ".join(_plain_value(v) for v in value)
    if isinstance(value, dict):
        if "unit" in value:
            number, unit = value.get("value"), value["unit"]
            relation = {"<=": "≤ ", ">=": "≥ ", "<": "< ", ">": "> "}.get(str(value.get("relation")), "")
            if number is None:
                return "not available"
            if unit == FRACTION:
                text = f"{relation}{number * 100:.1f} %"
            elif unit == P_VALUE:
                text = "< 0.001" if number < 0.001 and not relation else f"{relation}{number:.3f}"
            else:
                text = f"{relation}{_plain_number(number)} {unit}"
            return text
        return "; ".join(f"{k.replace('_', ' ')}: {_plain_value(v)}" for k, v in value.items())
    return str(value)


def _plain_text(text: str) -> str:
    """Text safe inside a markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def _show(data: dict[str, Any]) -> None:
    """Display a bundle of outputs (the runner's MIME type and a markdown table) when a kernel runs this."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # pragma: no cover - IPython ships with ipykernel
        return
    if get_ipython() is not None:
        display(data, raw=True)


def _published(nb, mimetype: str):
    """Every value a notebook's outputs carry under ``mimetype``, in order (JSON text decoded)."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            value = output.get("data", {}).get(mimetype)
            if value is None:
                continue
            yield json.loads(value) if isinstance(value, str) else value  # some writers store JSON as text


def publish_metrics(metrics: Mapping[str, Any]) -> dict[str, Any]:
    """Publish a notebook's headline numbers for the report's ``metrics.json``.

    Call it in a notebook cell; the runner gathers every published dict (later keys
    win). NaN and infinities become ``null``. Outside a notebook it simply returns
    the cleaned dict.

    Numbers stay numbers: give a number with its unit as ``{"value": ..., "unit": ...}``
    (see :func:`measure`, :func:`share`, :func:`p_value`). Where a plain number is
    given, the name says the unit: a key with a ``p`` part (``logrank_p_value``,
    ``gap_p_holm``) is a p-value, and text such as ``"< 0.001"`` is read back into
    ``{"value": 0.001, "unit": "p-value", "relation": "<"}``; a key ending in ``_pct``
    is a percentage, stored as a fraction; a ``share``, ``rate`` or ``fraction`` key
    with a value in [0, 1] is a fraction.

    Parameters
    ----------
    metrics : mapping of str to number, text, bool, measurement, or nested lists/dicts of those

    Returns
    -------
    dict
        The JSON-ready metrics.

    Examples
    --------
    >>> publish_metrics({"nps": 31.4, "n": 812, "share_churned": float("nan")})
    {'nps': 31.4, 'n': 812, 'share_churned': None}
    >>> publish_metrics({"trend_p_value": "< 0.001", "csat_pct": 62.5})
    {'trend_p_value': {'value': 0.001, 'unit': 'p-value', 'relation': '<'}, 'csat_pct': {'value': 0.625, 'unit': 'fraction'}}
    """
    clean = {str(k): jsonable(v, str(k)) for k, v in metrics.items()}
    clean = {k: _with_units(k, v) for k, v in clean.items()}
    lines = ["| headline | value |", "| --- | --- |"]
    lines += [f"| {_plain_text(k.replace('_', ' '))} | {_plain_text(_plain_value(v))} |" for k, v in clean.items()]
    _show({METRICS_MIMETYPE: clean, "text/markdown": "\n".join(lines), "text/plain": "\n".join(lines)})
    return clean


def collect_metrics(nb) -> dict[str, Any]:
    """Merge every dict a notebook published with :func:`publish_metrics` (later keys win).

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_notebook, new_output
    >>> cell = new_code_cell("publish_metrics(...)", outputs=[
    ...     new_output("display_data", {METRICS_MIMETYPE: {"nps": 31.4, "n": 800}}),
    ...     new_output("display_data", {METRICS_MIMETYPE: {"n": 812}})])
    >>> collect_metrics(new_notebook(cells=[cell]))
    {'nps': 31.4, 'n': 812}
    """
    merged: dict[str, Any] = {}
    for value in _published(nb, METRICS_MIMETYPE):
        merged.update(value)
    return merged


def _source_counts(name: str, value: Any) -> dict[str, Any]:
    if isinstance(value, Mapping):
        read, accepted, rejected = (value.get(k) for k in ("read", "accepted", "rejected"))
    elif isinstance(value, (tuple, list)) and len(value) == 3:
        read, accepted, rejected = value
    elif all(hasattr(value, a) for a in ("n_read", "n_accepted", "n_rejected")):
        read, accepted, rejected = value.n_read, value.n_accepted, value.n_rejected
    else:
        raise CxParameterError(
            f"publish_sources: source {name!r} must be a load result (with n_read, n_accepted, n_rejected), "
            f"a (read, accepted, rejected) tuple or a mapping with those keys, got {type(value).__name__}")
    counts = {}
    for key, number in (("read", read), ("accepted", accepted), ("rejected", rejected)):
        if isinstance(number, bool) or not isinstance(number, (int, float)) or number != number or number < 0:
            raise CxParameterError(f"publish_sources: rows {key} of source {name!r} must be a count, got {number!r}")
        counts[key] = int(number)
    if counts["accepted"] + counts["rejected"] != counts["read"]:
        raise CxParameterError(
            f"publish_sources: source {name!r} does not account for every row: {counts['accepted']} accepted + "
            f"{counts['rejected']} rejected != {counts['read']} read")
    return {"source": str(name), **counts}


def publish_sources(sources: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Publish the rows read, accepted and rejected per data source for "How this report was made".

    Call it in a notebook cell once the data are loaded; the runner puts the counts in the
    report's closing block (later calls win per source). In the notebook it shows a small
    table; the stakeholder report shows the counts only in its closing block.

    Parameters
    ----------
    sources : mapping of source name to a load result, a ``(read, accepted, rejected)`` tuple
        or a mapping with those keys
        E.g. ``{"transactions": desc.load("transactions")}``.

    Returns
    -------
    list of dict
        ``[{"source": ..., "read": ..., "accepted": ..., "rejected": ...}, ...]``.

    Raises
    ------
    CxParameterError
        A count is missing or negative, or accepted + rejected differs from read.

    Examples
    --------
    >>> publish_sources({"survey": (250, 248, 2)})
    [{'source': 'survey', 'read': 250, 'accepted': 248, 'rejected': 2}]
    """
    rows = [_source_counts(name, value) for name, value in sources.items()]
    lines = ["| source | rows read | accepted | rejected |", "| --- | ---: | ---: | ---: |"]
    lines += [f"| {_plain_text(r['source'])} | {r['read']:,} | {r['accepted']:,} | {r['rejected']:,} |" for r in rows]
    _show({SOURCES_MIMETYPE: rows, "text/markdown": "\n".join(lines)})
    return rows


def collect_sources(nb) -> list[dict[str, Any]]:
    """Every source a notebook published with :func:`publish_sources`, in order (later calls win).

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_notebook, new_output
    >>> out = lambda rows: new_output("display_data", {SOURCES_MIMETYPE: rows})
    >>> cell = new_code_cell("", outputs=[out([{"source": "survey", "read": 3, "accepted": 3, "rejected": 0}]),
    ...                                   out([{"source": "survey", "read": 4, "accepted": 3, "rejected": 1}])])
    >>> collect_sources(new_notebook(cells=[cell]))
    [{'source': 'survey', 'read': 4, 'accepted': 3, 'rejected': 1}]
    """
    merged: dict[str, dict[str, Any]] = {}
    for value in _published(nb, SOURCES_MIMETYPE):
        for row in value:
            merged[str(row.get("source"))] = dict(row)
    return list(merged.values())


def without_run_outputs(nb):
    """A copy of a notebook without the outputs that only carry data to the runner
    (:func:`publish_sources`); the stakeholder report shows those counts in its closing block."""
    import copy

    out = copy.deepcopy(nb)
    for cell in out.cells:
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.get("outputs", []) if SOURCES_MIMETYPE not in o.get("data", {})]
    return out


# ---------------------------------------------------------------------------
# metrics.json: schema and data fingerprint
# ---------------------------------------------------------------------------

SCHEMA_FILE = Path(__file__).with_name("metrics.schema.json")


def metrics_schema() -> dict[str, Any]:
    """The JSON Schema of ``metrics.json`` (``cxtools/report/metrics.schema.json``)."""
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def validate_metrics(document: Mapping[str, Any]) -> None:
    """Check a ``metrics.json`` document against :func:`metrics_schema`.

    Raises
    ------
    jsonschema.ValidationError
        Naming the first place that does not fit.
    """
    import jsonschema

    jsonschema.validate(document, metrics_schema(), cls=jsonschema.Draft202012Validator)


def data_fingerprint(data_dir: "str | os.PathLike[str] | None") -> dict[str, Any] | None:
    """Which data a report was made from: the folder's name and a hash of its files' bytes.

    Only names are recorded, never paths. The fingerprint is the SHA-256 of each file's
    name and bytes in name order (hidden files left out), so the same data gives the
    same fingerprint in any folder.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "wave_1"
    >>> folder.mkdir()
    >>> _ = (folder / "survey.csv").write_text("id,nps\\n1,9\\n")
    >>> info = data_fingerprint(folder)
    >>> info["folder"], info["files"][0]["name"], info["fingerprint"][:7]
    ('wave_1', 'survey.csv', 'sha256:')
    """
    if data_dir is None:
        return None
    folder = Path(data_dir)
    total = hashlib.sha256()
    files = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = path.relative_to(folder).as_posix()
        if any(part.startswith(".") for part in relative.split("/")):
            continue
        digest = hashlib.sha256()
        try:
            with path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
        except OSError:
            continue
        files.append({"name": relative, "bytes": path.stat().st_size, "sha256": digest.hexdigest()})
        total.update(relative.encode("utf-8") + b"\0" + digest.digest())
    return {"folder": folder.name, "fingerprint": f"sha256:{total.hexdigest()}", "files": files}


# ---------------------------------------------------------------------------
# The stakeholder HTML
# ---------------------------------------------------------------------------

#: The stakeholder report: nbconvert's "lab" page without the scripts it does not need.
_REPORT_TEMPLATE = """{%- extends 'index.html.j2' -%}
{% block html_head_js_requirejs %}{% if resources.get('cxtools_needs_requirejs') %}{{ super() }}{% endif %}{% endblock html_head_js_requirejs %}
{% block html_head_js_mathjax %}{% if resources.get('cxtools_needs_mathjax') %}{{ super() }}{% endif %}{% endblock html_head_js_mathjax %}
"""
_MATH_RE = re.compile(r"\$\$|\$[^$\n]+\$|\\\(|\\\[|\\begin\{")
_SCRIPTED_OUTPUTS = ("application/javascript", "application/vnd.jupyter.widget-view+json")


def render_html(nb, *, title: str | None = None) -> str:
    """Render an executed notebook as a stakeholder report: code and prompts hidden.

    Markdown, tables and plots are kept; error outputs and warnings printed to
    stderr are left out (they are for the analyst, not the reader). The page loads
    no script from the web unless it needs one: MathJax only when the text has
    formulas, require.js only for JavaScript or widget outputs. (nbconvert's page
    would fetch both from a CDN every time it is opened.)

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
    >>> nb = new_notebook(cells=[new_markdown_cell("# Churn"), new_code_cell(
    ...     "print(churn)", outputs=[new_output("stream", name="stdout", text="12% left")])])
    >>> page = render_html(nb)
    >>> "12% left" in page, "print(churn)" in page, "<script src=" in page
    (True, False, False)
    """
    import copy

    from cxtools.report.editions import _html_exporter
    from cxtools.report.notebooks import notebook_title

    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [
                o for o in cell.outputs
                if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
                and o.get("output_type") != "error"
            ]
    nb.cells = [c for c in nb.cells if "papermill-error-cell-tag" not in c.get("metadata", {}).get("tags", [])]
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    needs_mathjax = any(c.cell_type == "markdown" and _MATH_RE.search(c.source) for c in nb.cells) or any(
        "text/latex" in o.get("data", {}) for o in outputs)
    needs_requirejs = any(kind in o.get("data", {}) for o in outputs for kind in _SCRIPTED_OUTPUTS)
    exporter = _html_exporter(_REPORT_TEMPLATE, exclude_input=True)
    resources = {
        "metadata": {"name": title or notebook_title(nb) or "report"},
        "cxtools_needs_mathjax": needs_mathjax,
        "cxtools_needs_requirejs": needs_requirejs,
    }
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return body


# ---------------------------------------------------------------------------
# The personal-data gate
# ---------------------------------------------------------------------------


def cell_texts(cell) -> list[str]:
    """What a reader of the published notebook sees of a cell, except code: markdown, outputs, tracebacks."""
    if cell.cell_type == "markdown":
        return [cell.source]
    texts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            texts.append(output.get("text", ""))
        elif output.get("output_type") == "error":
            texts.append(f"{output.get('ename', '')}: {output.get('evalue', '')}")
            texts.append("\n".join(output.get("traceback", [])))
        for mime, value in output.get("data", {}).items():
            if mime.startswith("text/") or mime.endswith("json"):
                texts.append(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
    return texts


def personal_data_cells(nb, personal_values) -> list[tuple[str, list[str]]]:
    """Which cells show personal data, and what kind (never the data itself).

    Looks at markdown text and at every output of code cells (printed text,
    warnings, errors with their tracebacks, tables), not at code.
    """
    from cxtools.data import privacy
    from cxtools.report.execute import cell_label

    where = []
    for index, cell in enumerate(nb.cells):
        kinds = privacy.scan_for_personal_data("\n".join(cell_texts(cell)), values=personal_values)
        if kinds:
            where.append((cell_label(nb, index, personal_values=personal_values), kinds))
    return where


def withhold_personal(text: str | None, personal_values: Mapping[str, Iterable[str]] | None) -> str | None:
    """Scrub e-mails/phones from a message; withhold it entirely if it names a known person."""
    from cxtools.data import privacy

    if not text:
        return text
    text = privacy.scrub_text(text)
    found = privacy.scan_for_personal_data(text, values=personal_values)
    if found:
        return f"[withheld: contains personal data ({', '.join(found)})]"
    return text


def record_value(value: Any, personal_values) -> Any:
    """A parameter value as artefacts record it: personal data withheld, absolute paths cut to a name.

    >>> record_value("/srv/exports/2026-11", {})
    '2026-11'
    >>> record_value(["ivan.petrov@example.com"], {})
    ['[redacted]']
    """
    if isinstance(value, str):
        if os.path.isabs(value) or (len(value) > 2 and value[1:3] in (":\\", ":/")):
            return Path(value).name or value
        return withhold_personal(value, personal_values)
    if isinstance(value, list):
        return [record_value(v, personal_values) for v in value]
    if isinstance(value, dict):
        return {k: record_value(v, personal_values) for k, v in value.items()}
    return value


def clean_published_notebook(nb, *, source_name: str, stem: str, recorded: Mapping[str, Any]) -> None:
    """Keep this machine's paths and personal parameter values out of the published notebook.

    Rewrites papermill's metadata and the injected-parameters cell with the recorded
    values (see :func:`record_value`).
    """
    pm_meta = nb.metadata.get("papermill", {})
    pm_meta["input_path"] = source_name
    pm_meta["output_path"] = f"{stem}.ipynb"
    if "parameters" in pm_meta:
        pm_meta["parameters"] = {k: recorded.get(k, v) for k, v in pm_meta["parameters"].items()}
    for key in ("default_parameters", "environment_variables"):
        pm_meta.pop(key, None)
    injected = [c for c in nb.cells if "injected-parameters" in c.get("metadata", {}).get("tags", [])]
    if injected:
        from papermill.translators import translate_parameters

        given = {k: recorded[k] for k in pm_meta.get("parameters", {}) if k in recorded}
        for cell in injected:
            cell.source = translate_parameters("python", "python", given, "Parameters").rstrip("\n")
