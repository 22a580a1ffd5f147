"""Two editions of one executed notebook: the stakeholder report and the analyst edition.

The stakeholder report is for people who read findings, not code:

- it opens with the cells tagged ``findings`` (moved right after the title), then a table of
  contents built from the section headings, then the details;
- it leaves out every cell tagged ``lesson`` (teaching text), ``exercise`` (workshop tasks,
  solutions, self-checks), ``diagnostic`` (model internals for the analyst), ``parameters``
  and ``injected-parameters``;
- it shows no code, no printed text, no warnings and no error output -- only markdown, tables
  and figures;
- formulas are turned into MathML when the report is built, so the page needs no MathJax and
  no network (browsers render MathML natively);
- it ends with "How this report was made" (data folder name, as-of date, every parameter,
  rows read/accepted/rejected per source, cxtools version, date of the run).

The analyst edition keeps everything, with each code cell folded under a "Code" summary.

Both editions are read in one language: the cells of the other report language (tagged
``lang-en`` / ``lang-ru``) are left out of both.

Cell tags are the interface: nbconvert's ``TagRemovePreprocessor`` does the removal.
"""

from __future__ import annotations

import copy
import html
import re
from typing import Any, Mapping

from cxtools.core.i18n import N_, gettext
from cxtools.report.notebooks import in_language

__all__ = [
    "STAKEHOLDER_REMOVE_TAGS",
    "FINDINGS_TAG",
    "stakeholder_notebook",
    "analyst_notebook",
    "tex_to_mathml",
    "table_of_contents",
    "provenance_markdown",
    "render_stakeholder_html",
    "render_analyst_html",
    "CONTENT_SECURITY_POLICY",
    "with_content_security_policy",
]

FINDINGS_TAG = "findings"
#: Cells a stakeholder never sees.
STAKEHOLDER_REMOVE_TAGS: tuple[str, ...] = (
    "lesson", "exercise", "diagnostic", "parameters", "injected-parameters", "papermill-error-cell-tag",
)
_HEADINGS = {"findings": N_("Key findings"), "contents": N_("Contents"), "made": N_("How this report was made")}
_DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.S)
# pandoc's rule for inline TeX: no space just inside the dollars, and no digit right after the
# closing one -- so money ("US$846 (90% interval US$10 to ...") is never taken for a formula
_INLINE_MATH = re.compile(r"(?<![\\$])\$(?![\s$])([^$\n]+?)(?<!\s)\$(?![\d$])")
_HEADING = re.compile(r"^(#{2})\s+(.+?)\s*#*\s*$", re.M)


def _tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def _anchor(heading: str) -> str:
    """The id nbconvert gives a heading: its text with spaces as hyphens."""
    plain = re.sub(r"<[^>]+>", "", heading)
    plain = re.sub(r"[*_`]", "", plain)
    return plain.strip().replace(" ", "-")


def table_of_contents(nb, *, lang: str = "en") -> str | None:
    """A markdown list linking every ``##`` heading of the notebook's markdown cells."""
    items = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for match in _HEADING.finditer(cell.source):
            title = match.group(2)
            if title in {gettext(_HEADINGS["findings"], code) for code in ("en", "ru")}:
                continue
            items.append(f"- [{re.sub(r'[*_`]', '', title)}](#{_anchor(title)})")
    if not items:
        return None
    return f"## {gettext(_HEADINGS['contents'], lang)}\n\n" + "\n".join(items)


def provenance_markdown(provenance: Mapping[str, Any], *, lang: str = "en") -> str:
    """The closing "How this report was made" block from the run's facts.

    ``provenance`` may hold ``data`` (folder name), ``as_of``, ``parameters`` (mapping),
    ``sources`` (rows of ``source, read, accepted, rejected``), ``version``, ``run_date``,
    ``salt`` (which pseudonym salt kind was used).
    """
    words = {key: gettext(text, lang) for key, text in _PROVENANCE_WORDS.items()}
    words["cols"] = tuple(gettext(c, lang) for c in _SOURCE_COLUMNS)  # type: ignore[assignment]  # the headings ride along
    words["param_cols"] = tuple(gettext(c, lang) for c in _PARAMETER_COLUMNS)  # type: ignore[assignment]
    lines = [f"## {gettext(_HEADINGS['made'], lang)}", ""]
    for key in ("data", "as_of", "run_date", "version", "salt"):
        if provenance.get(key) not in (None, ""):
            value = str(provenance[key])
            # a folder name is a name, not a word of the report's language: shown as such
            shown = "`" + value.replace("`", "") + "`" if key == "data" else html.escape(value)
            lines.append(f"- **{words[key]}:** {shown}")
    sources = provenance.get("sources") or []
    if sources:
        lines += ["", f"**{words['sources']}**", "", "| " + " | ".join(words["cols"]) + " |",
                  "|" + "---|" * len(words["cols"])]
        for row in sources:
            counts = [_number(row.get(c), lang) if isinstance(row.get(c), int) else html.escape(str(row.get(c, "")))
                      for c in ("read", "accepted", "rejected")]
            source = str(row.get("source", "")).replace("`", "")
            lines.append(f"| `{source}` | " + " | ".join(counts) + " |")
    params = provenance.get("parameters") or {}
    if params:
        lines += ["", f"**{words['parameters']}**", "", "| " + " | ".join(words["param_cols"]) + " |", "|---|---|"]
        for name, value in params.items():
            lines.append(f"| `{html.escape(str(name))}` | {_parameter_value(value, lang)} |")
    return "\n".join(lines)


_PROVENANCE_WORDS = {"data": N_("Data folder"), "as_of": N_("As of"), "version": N_("cxtools version"),
                     "run_date": N_("Run on"), "salt": N_("Pseudonyms"), "parameters": N_("Parameters"),
                     "sources": N_("Rows per source")}
_SOURCE_COLUMNS = (N_("source"), N_("read"), N_("accepted"), N_("rejected"))
_PARAMETER_COLUMNS = (N_("parameter"), N_("value"))


def _number(value: float | int, lang: str) -> str:
    """A number in the report's locale, never in e-notation: ``12,000.5`` / ``12 000,5``.

    >>> _number(12000.5, "en"), _number(12000.5, "ru"), _number(0.000015, "en"), _number(-0.0, "en")
    ('12,000.5', '12\xa0000,5', '0.000015', '0')
    """
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return "—"
    text = f"{value:,}" if isinstance(value, int) else f"{value:,.10f}".rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    if lang == "ru":
        text = text.replace(",", "\u00a0").replace(".", ",")
    return text


def _parameter_value(value: Any, lang: str) -> str:
    """A parameter's value for the closing block: numbers without e-notation, yes/no, "—" when unset;
    text in code style (values are names the analyst typed, not sentences to translate).

    >>> [_parameter_value(v, "en") for v in (None, "", True, 0.000015, 12000, ["2025Q1", "2025Q2"], "bgnbd")]
    ['—', '—', 'yes', '0.000015', '12,000', '`2025Q1`, `2025Q2`', '`bgnbd`']
    >>> _parameter_value(False, "en")
    'no'
    """
    if value is None or value == "" or value == [] or value == () or value == {}:
        return "—"
    if isinstance(value, bool):
        return gettext("yes", lang) if value else gettext("no", lang)
    if isinstance(value, (int, float)):
        return _number(value, lang)
    if isinstance(value, (list, tuple)):
        return ", ".join(_parameter_value(v, lang) for v in value)
    if isinstance(value, Mapping):
        return ", ".join(f"{html.escape(str(k))}: {_parameter_value(v, lang)}" for k, v in value.items())
    text = str(value).replace("`", "'").replace("|", "/")
    return f"`{text}`"


def stakeholder_notebook(nb, *, lang: str = "en", provenance: Mapping[str, Any] | None = None):
    """The stakeholder edition of an executed notebook (see the module docstring).

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
    >>> nb = new_notebook(cells=[
    ...     new_markdown_cell("# 03 · Survey"),
    ...     new_markdown_cell("## Method\\nWhy we weight.", metadata={"tags": ["lesson"]}),
    ...     new_markdown_cell("## Results"),
    ...     new_code_cell("print(x)", outputs=[new_output("stream", name="stdout", text="debug")]),
    ...     new_markdown_cell("## Key findings\\nNPS is 31.", metadata={"tags": ["findings"]})])
    >>> [c.source.splitlines()[0] for c in stakeholder_notebook(nb).cells]
    ['# 03 · Survey', '## Key findings', '## Contents', '## Results']
    """
    from nbconvert.preprocessors import TagRemovePreprocessor

    out = copy.deepcopy(in_language(nb, lang))
    remover = TagRemovePreprocessor(remove_cell_tags=set(STAKEHOLDER_REMOVE_TAGS))
    remover.enabled = True
    out, _ = remover.preprocess(out, {})
    for cell in out.cells:
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if o.get("output_type") in ("display_data", "execute_result")]
    out.cells = [c for c in out.cells if c.cell_type == "markdown" or c.outputs]
    findings = [c for c in out.cells if FINDINGS_TAG in _tags(c)]
    rest = [c for c in out.cells if FINDINGS_TAG not in _tags(c)]
    title = rest[:1] if rest and rest[0].cell_type == "markdown" and rest[0].source.lstrip().startswith("# ") else []
    body = rest[len(title):]
    import nbformat

    toc_text = table_of_contents(nbformat.v4.new_notebook(cells=body), lang=lang)
    toc = [nbformat.v4.new_markdown_cell(toc_text)] if toc_text else []
    tail = [nbformat.v4.new_markdown_cell(provenance_markdown(provenance, lang=lang))] if provenance else []
    out.cells = title + findings + toc + body + tail
    return out


def analyst_notebook(nb, *, lang: str | None = None):
    """The analyst edition: everything kept but the other language's cells (when ``lang`` is
    given); only the run's error marker cell goes.

    Examples
    --------
    >>> from nbformat.v4 import new_markdown_cell, new_notebook
    >>> nb = new_notebook(cells=[new_markdown_cell("# Survey", metadata={"tags": ["lang-en"]}),
    ...                          new_markdown_cell("# Survey, in Russian", metadata={"tags": ["lang-ru"]})])
    >>> [c.source for c in analyst_notebook(nb, lang="en").cells]
    ['# Survey']
    """
    out = copy.deepcopy(in_language(nb, lang) if lang else nb)
    out.cells = [c for c in out.cells if "papermill-error-cell-tag" not in _tags(c)]
    return out


_STAKEHOLDER_TEMPLATE = """{%- extends 'index.html.j2' -%}
{% block html_head_js_requirejs %}{% endblock html_head_js_requirejs %}
{% block html_head_js_mathjax %}{% endblock html_head_js_mathjax %}
{% block html_head_js %}{% endblock html_head_js %}
{% block html_head_js_mermaidjs %}{% endblock html_head_js_mermaidjs %}
{% block extra_css %}{{ super() }}
<style>
  body { max-width: 62rem; margin: 0 auto; }
  .jp-RenderedHTMLCommon table { font-variant-numeric: tabular-nums; }
  @media print { .jp-Cell { break-inside: avoid; } }
</style>
{% endblock extra_css %}
"""

_ANALYST_TEMPLATE = """{%- extends 'index.html.j2' -%}
{% block html_head_js_requirejs %}{% endblock html_head_js_requirejs %}
{% block html_head_js_mathjax %}{% endblock html_head_js_mathjax %}
{% block html_head_js %}{% endblock html_head_js %}
{% block html_head_js_mermaidjs %}{% endblock html_head_js_mermaidjs %}
{% block input_group -%}
<details class="cx-code"><summary>Code</summary>
{{ super() }}
</details>
{%- endblock input_group %}
"""


def _html_exporter(template: str, *, exclude_input: bool, embed_images: bool = False):
    """nbconvert's "lab" HTML exporter with ``template`` (Jinja2 text extending
    ``index.html.j2``) and no prompts; code left out with ``exclude_input``."""
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[DictLoader({"cxtools_page.html.j2": template})],
        template_file="cxtools_page.html.j2",
    )
    exporter.exclude_input = exclude_input
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.embed_images = embed_images
    return exporter


def _export(nb, template: str, title: str, exclude_input: bool, lang: str = "en") -> str:
    exporter = _html_exporter(template, exclude_input=exclude_input, embed_images=True)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    return with_content_security_policy(_mathml_in_page(_figure_alt_text(body, lang=lang)))


#: What a report page may load and run: no script at all (code folds with ``<details>``, formulas
#: are MathML), styles written into the page, images only as ``data:`` URIs (the figures), nothing
#: from the network. A value from the data that slips into the page as markup still cannot run.
CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                           "font-src data:; base-uri 'none'; form-action 'none'")
_CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'


def with_content_security_policy(page: str) -> str:
    """The page with :data:`CONTENT_SECURITY_POLICY` as the first element of its ``<head>``.

    Examples
    --------
    >>> with_content_security_policy("<html><head><title>T</title></head></html>")[:60]
    '<html><head><meta http-equiv="Content-Security-Policy" conte'
    """
    if _CSP_META in page:
        return page
    head = re.search(r"<head\b[^>]*>", page, re.I)
    if head is None:
        raise ValueError("the report page has no <head> to put its Content-Security-Policy in")
    return page[:head.end()] + _CSP_META + page[head.end():]


#: nbconvert's alt text for an image without one, and what a reader of each language gets instead.
_DEFAULT_ALT = 'alt="No description has been provided for this image"'
_FIGURE = N_("Figure {n}")


def _figure_alt_text(page: str, *, lang: str = "en") -> str:
    """Number the figures in the report's language in place of nbconvert's English placeholder alt text.

    Examples
    --------
    >>> _figure_alt_text('<img alt="No description has been provided for this image"><img '
    ...                  'alt="No description has been provided for this image">', lang="en")
    '<img alt="Figure 1"><img alt="Figure 2">'
    """
    count = iter(range(1, page.count(_DEFAULT_ALT) + 1))
    figure = gettext(_FIGURE, lang)
    return re.sub(re.escape(_DEFAULT_ALT), lambda _: f'alt="{figure.format(n=next(count))}"', page)


_SKIP_BLOCKS = re.compile(r"(<(style|script|pre|code)\b.*?</\2>)", re.S | re.I)


def _mathml_in_page(page: str) -> str:
    """Turn the TeX that nbconvert leaves in the page for MathJax into MathML, outside code and styles."""
    parts = _SKIP_BLOCKS.split(page)  # [text, block, tag name, text, block, tag name, ..., text]
    out = []
    for i, part in enumerate(parts):
        if i % 3 == 0:
            out.append(tex_to_mathml(part))
        elif i % 3 == 1:
            out.append(part)
    return "".join(out)


def tex_to_mathml(text: str) -> str:
    """Replace ``$$...$$`` and ``$...$`` in (HTML) text with MathML, rendered by the browser offline.

    Examples
    --------
    >>> out = tex_to_mathml("<p>Profit $m$ per month</p>")
    >>> out.startswith("<p>Profit <math") and "<mi>m</mi>" in out and "$" not in out
    True
    >>> tex_to_mathml("<p>-US$846 (90% interval -US$10,519 to US$9,821)</p>")
    '<p>-US$846 (90% interval -US$10,519 to US$9,821)</p>'
    """
    from latex2mathml.converter import convert

    def block(match: re.Match) -> str:
        return convert(html.unescape(match.group(1)).strip(), display="block")

    def inline(match: re.Match) -> str:
        return convert(html.unescape(match.group(1)).strip())

    return _INLINE_MATH.sub(inline, _DISPLAY_MATH.sub(block, text))


def render_stakeholder_html(nb, *, title: str, lang: str = "en",
                            provenance: Mapping[str, Any] | None = None) -> str:
    """One self-contained HTML page: findings first, no code, no scripts, formulas as MathML.

    Examples
    --------
    >>> from nbformat.v4 import new_markdown_cell, new_notebook
    >>> page = render_stakeholder_html(new_notebook(cells=[new_markdown_cell("# T\\n$$a^2$$")]), title="T")
    >>> "<math" in page, "<script src=" in page, "mathjax" in page.lower()
    (True, False, False)
    """
    return _export(stakeholder_notebook(nb, lang=lang, provenance=provenance), _STAKEHOLDER_TEMPLATE, title, True,
                   lang=lang)


def render_analyst_html(nb, *, title: str, lang: str | None = None) -> str:
    """The analyst edition as HTML: code folded under "Code", every output kept, no scripts fetched;
    with ``lang``, only that language's text cells."""
    return _export(analyst_notebook(nb, lang=lang), _ANALYST_TEMPLATE, title, False, lang=lang or "en")


def leaked_developer_artefacts(page: str) -> list[str]:
    """What a stakeholder page must not show: reprs, print blocks, tracebacks, nan, e-notation...

    Returns one plain description per problem found (empty when the page is clean).
    """
    from html.parser import HTMLParser

    class _Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.skip = 0
            self.text: list[str] = []
            self.headers: list[str] = []
            self.pre = 0
            self._in_th = False
            self.index_cells: list[str] = []
            self._in_tbody_th = False
            self._tbody = False

        def handle_starttag(self, tag, attrs):
            if tag in ("style", "script", "math"):
                self.skip += 1
            if tag == "pre":
                self.pre += 1
            if tag == "th":
                self._in_th = True
            if tag == "tbody":
                self._tbody = True

        def handle_endtag(self, tag):
            if tag in ("style", "script", "math"):
                self.skip -= 1
            if tag == "th":
                self._in_th = False
            if tag == "tbody":
                self._tbody = False

        def handle_data(self, data):
            if self.skip:
                return
            self.text.append(data)
            if self._in_th and data.strip():
                (self.index_cells if self._tbody else self.headers).append(data.strip())

    parser = _Text()
    parser.feed(page)
    text = " ".join(parser.text)
    problems = []
    if parser.pre:
        problems.append(f"{parser.pre} monospace print block(s)")
    for pattern, what in (
        (r"\b[A-Z][A-Za-z]+(Model|Result|Fitter)?\([a-z_]+=", "a Python repr"),
        (r"Traceback \(most recent call last\)", "a traceback"),
        (r"\b\w*Warning:", "a warning"),
        (r"(?<![\w.])(nan|NaN|NaT|None|inf)(?![\w])", "nan/NaT/None"),
        (r"\d\.?\d*e[+-]\d{2}\b", "e-notation"),
        (r"<IPython\.|<matplotlib\.|object at 0x", "an object address"),
    ):
        found = re.search(pattern, text)
        if found:
            problems.append(f"{what}: {found.group(0)!r}")
    snake = [h for h in parser.headers if re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)+", h)]
    if snake:
        problems.append(f"snake_case table header(s) {snake[:5]}")
    bare = [v for v in parser.index_cells if v.isdigit()]
    if len(bare) >= 3 and bare[:3] == ["0", "1", "2"]:
        problems.append("a bare 0..n table index")
    return problems

