"""The small base every result object shares.

A result is a frozen dataclass that knows four ways to show itself:

- ``to_frame()`` -- the numbers, one row per group or term (for analysts and tests);
- ``report_table()`` -- the stakeholder table: plain-language headers with units, no bare
  0..n index, rounded for reading (defaults to ``to_frame()``);
- ``describe()`` -- one plain sentence with the headline number and its uncertainty;
- ``_repr_html_()`` -- so a result shown in Jupyter renders as a table, not a repr.

Subclasses implement ``to_frame()`` and ``describe()``; they may override ``report_table()``.

Examples
--------
>>> from dataclasses import dataclass
>>> import pandas as pd
>>> @dataclass(frozen=True)
... class Share(Result):
...     hits: int
...     n: int
...     def to_frame(self):
...         return pd.DataFrame({"hits": [self.hits], "n": [self.n]})
...     def describe(self):
...         return f"{self.hits} of {self.n}"
>>> Share(3, 4).describe()
'3 of 4'
>>> "<table" in Share(3, 4)._repr_html_()
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

__all__ = ["Result", "TableResult", "Findings", "renamed_attribute"]


class Result:
    """Mixin for result dataclasses: ``to_frame``, ``report_table``, ``describe``, ``_repr_html_``."""

    __slots__ = ()

    def to_frame(self) -> Any:  # pragma: no cover - every subclass overrides
        """The numbers as a DataFrame."""
        raise NotImplementedError

    def describe(self) -> str:  # pragma: no cover - every subclass overrides
        """One plain-language sentence with the headline number."""
        raise NotImplementedError

    def report_table(self) -> Any:
        """The stakeholder table (plain headers, no bare 0..n index); ``to_frame()`` unless overridden."""
        return self.to_frame()

    def _repr_html_(self) -> str:
        table = self.report_table()
        try:
            sentence = self.describe()
        except NotImplementedError:
            sentence = ""
        from html import escape

        head = f"<p>{escape(sentence)}</p>" if sentence else ""
        import pandas as pd

        if isinstance(table, pd.DataFrame):
            index = not isinstance(table.index, pd.RangeIndex)
            return head + table.to_html(index=index, escape=True, na_rep="")
        return head + f"<pre>{escape(repr(self))}</pre>"


class TableResult(Result):
    """A result whose numbers are one table (the attribute named by ``_frame``): ``to_frame()`` copies it.

    Examples
    --------
    >>> import pandas as pd
    >>> from dataclasses import dataclass
    >>> @dataclass(frozen=True)
    ... class Shares(TableResult):
    ...     table: pd.DataFrame
    >>> Shares(pd.DataFrame({"share": [0.5]})).to_frame()
       share
    0    0.5
    """

    __slots__ = ()
    _frame = "table"

    def to_frame(self) -> Any:
        """The result's table (see Attributes), as a copy."""
        return getattr(self, self._frame).copy()


def renamed_attribute(old: str, new: str) -> property:
    """A read-only alias for a result field that was renamed: works for one release, with a FutureWarning.

    Examples
    --------
    >>> import warnings
    >>> from dataclasses import dataclass
    >>> @dataclass(frozen=True)
    ... class Interval(Result):
    ...     confidence: float
    ...     ci = renamed_attribute("ci", "confidence")
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     Interval(0.9).ci
    0.9
    >>> str(caught[0].message)
    "Interval: the attribute 'ci' is now called 'confidence'; 'ci' will stop working in the next release"
    """

    def getter(self: Any) -> Any:
        import warnings

        warnings.warn(
            f"{type(self).__name__}: the attribute {old!r} is now called {new!r}; {old!r} will stop working "
            "in the next release",
            FutureWarning,
            stacklevel=2,
        )
        return getattr(self, new)

    return property(getter, doc=f"Old name of :attr:`{new}` (deprecated).")


@dataclass(frozen=True)
class Findings(Result):
    """Findings written from results: named Markdown paragraphs and the headline metrics.

    Built by the analysis modules' ``findings(...)`` functions, so that a notebook shows
    text that stays true when it is re-run on new data, without formatting code of its own.

    Attributes
    ----------
    sections : dict of {str: str}
        One Markdown paragraph per section, in reading order.
    metrics : dict
        Headline numbers for ``metrics.json`` (plain Python types).

    Examples
    --------
    >>> f = Findings({"nps": "NPS is 12.", "csat": "70% are satisfied."}, {"nps": 12})
    >>> f["csat"]
    '70% are satisfied.'
    >>> print(f.to_markdown())
    NPS is 12.
    <BLANKLINE>
    70% are satisfied.
    """

    sections: Mapping[str, str]
    metrics: Mapping[str, Any] = field(default_factory=dict)

    def __getitem__(self, key: str) -> str:
        return self.sections[key]

    def __contains__(self, key: object) -> bool:
        return key in self.sections

    def to_frame(self) -> Any:
        """One row per section: ``section``, ``finding``."""
        import pandas as pd

        return pd.DataFrame({"section": list(self.sections), "finding": list(self.sections.values())})

    def describe(self) -> str:
        """All findings as one paragraph."""
        return " ".join(self.sections.values())

    def to_markdown(self) -> str:
        """The paragraphs separated by blank lines."""
        return "\n\n".join(self.sections.values())

    def _repr_markdown_(self) -> str:
        return self.to_markdown()
