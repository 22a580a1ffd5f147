"""Open a report in a real headless browser: offline check, first-screen screenshot, PDF.

A stakeholder opens a report from an e-mail or in a workshop room without internet, so the
page must make no network request: every image embedded, formulas rendered without a CDN, no
script fetched. :func:`check_offline` opens the file in headless Chromium with the network
off and records every request that is not the page itself or an embedded ``data:`` URL, every
failed request and every console error, checks that formulas (MathML) are laid out, and saves
a screenshot of the first screen. :func:`print_pdf` prints a report to PDF for e-mail.

Chromium comes from the operating system (Debian: ``apt-get install chromium``); Playwright
drives it (its Python package carries its driver; no browser download is needed).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from cxtools.core.results import Result
from cxtools.core.errors import CxError

__all__ = ["find_chromium", "BrowserCheck", "check_offline", "print_pdf"]

_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-default-apps"]


def find_chromium() -> str | None:
    """Path of a Chromium or Chrome executable (``CXTOOLS_CHROMIUM`` wins), or None."""
    explicit = os.environ.get("CXTOOLS_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).exists() else None
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


@dataclass(frozen=True)
class BrowserCheck(Result):
    """What a headless browser saw when it opened a report offline.

    Attributes
    ----------
    page : str
        File name of the report.
    requests : tuple of str
        Requests other than the page itself and embedded ``data:`` URLs (should be empty).
    failed : tuple of str
        Requests that failed.
    console_errors : tuple of str
    formulas, formulas_rendered : int
        MathML elements on the page, and how many of them were laid out with a size.
    images : int
        Images and SVG figures on the page.
    screenshot : str or None
        Where the first screen was saved.
    """

    page: str
    requests: tuple[str, ...]
    failed: tuple[str, ...]
    console_errors: tuple[str, ...]
    formulas: int
    formulas_rendered: int
    images: int
    screenshot: str | None

    @property
    def ok(self) -> bool:
        return not (self.requests or self.failed or self.console_errors) and self.formulas == self.formulas_rendered

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame([{"page": self.page, "requests": len(self.requests), "failed": len(self.failed),
                              "console errors": len(self.console_errors), "formulas": self.formulas,
                              "formulas rendered": self.formulas_rendered, "images": self.images, "ok": self.ok}])

    def describe(self) -> str:
        if self.ok:
            return (f"{self.page} opened offline with no network request, no console error, "
                    f"{self.formulas} formula(s) rendered and {self.images} figure(s).")
        return (f"{self.page}: {len(self.requests)} network request(s), {len(self.failed)} failed, "
                f"{len(self.console_errors)} console error(s), {self.formulas_rendered} of {self.formulas} "
                "formulas rendered.")


def _launch(playwright):
    executable = find_chromium()
    if executable is None:
        raise CxError("no Chromium found: install it (Debian: apt-get install chromium) or set CXTOOLS_CHROMIUM")
    return playwright.chromium.launch(executable_path=executable, args=_ARGS)


def check_offline(html_path: str | os.PathLike[str], *, screenshot: str | os.PathLike[str] | None = None,
                  width: int = 1280, height: int = 800) -> BrowserCheck:
    """Open ``html_path`` in headless Chromium with the network off and report what happened.

    Parameters
    ----------
    html_path : path
        The report to open.
    screenshot : path, optional
        Where to save a PNG of the first screen (``width`` x ``height``).

    Returns
    -------
    BrowserCheck
    """
    from playwright.sync_api import sync_playwright

    path = Path(html_path).resolve()
    url = path.as_uri()
    requests: list[str] = []
    failed: list[str] = []
    errors: list[str] = []
    with sync_playwright() as p:
        browser = _launch(p)
        try:
            context = browser.new_context(offline=True, viewport={"width": width, "height": height})
            page = context.new_page()
            page.on("request", lambda r: requests.append(r.url) if r.url != url and not r.url.startswith("data:")
                    else None)
            page.on("requestfailed", lambda r: failed.append(r.url))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(url, wait_until="load")
            sizes = page.evaluate(
                "() => Array.from(document.querySelectorAll('math')).map(m => m.getBoundingClientRect().width)")
            images = page.evaluate("() => document.querySelectorAll('img, svg').length")
            if screenshot is not None:
                Path(screenshot).parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(screenshot))
        finally:
            browser.close()
    return BrowserCheck(path.name, tuple(requests), tuple(failed), tuple(errors), len(sizes),
                        sum(1 for s in sizes if s > 0), int(images), str(screenshot) if screenshot else None)


def print_pdf(html_path: str | os.PathLike[str], pdf_path: str | os.PathLike[str]) -> Path:
    """Print a report to PDF (A4, backgrounds kept) with headless Chromium, offline.

    Returns
    -------
    Path
        ``pdf_path``.
    """
    from playwright.sync_api import sync_playwright

    out = Path(pdf_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = _launch(p)
        try:
            page = browser.new_context(offline=True).new_page()
            page.goto(Path(html_path).resolve().as_uri(), wait_until="load")
            page.pdf(path=str(out), format="A4", print_background=True,
                     margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"})
        finally:
            browser.close()
    return out
