"""Static images and PDFs of plotly figures, drawn in ONE headless Chromium session (Playwright).

Starting Chromium costs about a second, and loading plotly.js into a page about as much again, so a whole
report pack (or a dashboard session) shares one browser and one page: `ImageRenderer` opens them once,
on a worker thread of its own (Playwright's sync API belongs to the thread that started it), and every
call from any thread is queued to that worker.

Public APIs only: Playwright's `page.evaluate`, `page.route`, `page.set_content` and `page.pdf`, and
plotly.js's `Plotly.toImage`. The page holds the plotly.js that plotly.py ships
(`plotly.offline.get_plotlyjs()`), so an image is drawn by exactly the plotly.js version the figure was
built for. A PNG and an SVG of one figure come from one drawing (the SVG painted on a canvas at the print
scale is the PNG, as plotly.js does it). PDFs are printed from HTML by `page.pdf`: their words are text,
in embedded TrueType fonts with a ToUnicode map (see `PRINT_FONT_FAMILY`), so they can be searched and
copied. The world outline is served from the shipped `static/topojson/` folder, never from a CDN: the
network is closed at run time, and the page can reach nothing but `ASSET_ORIGIN`.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from html import escape
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, TypeVar

import plotly.graph_objects as go

from analysis.errors import AllianceError
from analysis.figures.geography import local_topojson_folder

ImageFormat = Literal["png", "svg", "pdf"]
IMAGE_FORMATS: tuple[ImageFormat, ...] = ("png", "svg", "pdf")

DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
BROWSER_PATH_VARIABLE = "BROWSER_PATH"  # a Chrome or Chromium executable to use instead

# Layout size in CSS pixels; PNGs are drawn at PRINT_SCALE, so 1000 px * 3 = 3000 px wide.
EXPORT_WIDTH = 1000
EXPORT_HEIGHT = 600
PRINT_SCALE = 3.0
BROWSER_START_SECONDS = 60
RENDER_SECONDS = 120

# The page's own origin: every request from it is answered from disk by a route (nothing else is reached).
ASSET_ORIGIN = "http://alliance-assets.invalid"
TOPOJSON_URL = f"{ASSET_ORIGIN}/topojson/"

# The fonts of every printed PDF. Chromium's PDF writer embeds TrueType fonts as CID TrueType with a
# ToUnicode map, but draws OpenType/CFF fonts (Noto Sans CJK) and synthesised bold as Type 3 glyphs,
# whose text comes out wrong when copied (高 as the Kangxi radical ⾼). So the PDFs print Latin text in
# Liberation Sans and Chinese in Droid Sans Fallback (both TrueType; Debian: fonts-liberation2,
# fonts-droid-fallback), and never synthesise a bold face (`font-synthesis: none`).
PRINT_FONT_FAMILY = '"Liberation Sans", Arial, "Droid Sans Fallback", "Noto Sans CJK SC", sans-serif'
PRINT_FONT_FILES = (
    Path("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf"),
    Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"),
)

T = TypeVar("T")


class BrowserMissingError(AllianceError):
    """No Chromium to draw images with; the data and text exports still work."""


def browser_missing_message(looked_at: str) -> str:
    return (
        f"Images (PNG, SVG, PDF) need a Chromium browser, and none was found ({looked_at}). "
        "Install Debian's package with `apt-get install chromium` (or set BROWSER_PATH to a Chrome or "
        "Chromium executable), then try again. The data (CSV, XLSX) and text exports work without it."
    )


def find_browser() -> Path:
    """The Chromium to use: $BROWSER_PATH when set, else Debian's /usr/bin/chromium, else one on PATH."""
    configured = os.environ.get(BROWSER_PATH_VARIABLE)
    if configured:
        if Path(configured).is_file():
            return Path(configured)
        raise BrowserMissingError(browser_missing_message(f"BROWSER_PATH={configured} is not a file"))
    if DEBIAN_CHROMIUM.is_file():
        return DEBIAN_CHROMIUM
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return Path(found)
    raise BrowserMissingError(browser_missing_message(f"no {DEBIAN_CHROMIUM} and none on PATH"))


def browser_available() -> bool:
    try:
        find_browser()
    except BrowserMissingError:
        return False
    return True


def missing_print_fonts() -> list[Path]:
    """The PDF fonts (PRINT_FONT_FILES) that are not installed."""
    return [path for path in PRINT_FONT_FILES if not path.is_file()]


@dataclass(frozen=True)
class ImageJob:
    """One image to draw: a figure in a format, written to `path` when given."""

    figure: go.Figure
    image_format: ImageFormat
    path: Path | None = None
    width: int = EXPORT_WIDTH
    height: int = EXPORT_HEIGHT
    scale: float = PRINT_SCALE


@dataclass(frozen=True)
class Drawing:
    """One drawing of a figure in the page: its SVG, and its PNG at `scale` when `png`."""

    figure: go.Figure
    width: int
    height: int
    scale: float
    png: bool


@cache
def _plotly_js() -> bytes:
    import plotly.offline

    return plotly.offline.get_plotlyjs().encode("utf-8")


_INDEX_PAGE = f"""<!doctype html>
<html><head><meta charset="utf-8"><style id="page-style"></style>
<script src="{ASSET_ORIGIN}/plotly.min.js"></script></head><body></body></html>"""


def print_style(width: int, height: int) -> str:
    """The CSS every printed document starts with: page size, and the TrueType fonts (see PRINT_FONT_FAMILY)."""
    return (
        f"@page {{ size: {width}px {height}px; margin: 0; }}\n"
        "html, body { margin: 0; padding: 0; background: white; }\n"
        f"html, body, svg text {{ font-family: {PRINT_FONT_FAMILY} !important; font-synthesis: none; }}\n"
        ".print-page { position: relative; overflow: hidden; break-after: page; }\n"
        ".print-page:last-child { break-after: auto; }\n"
    )


def svg_document(svgs: Sequence[str], width: int, height: int, title: str = "") -> str:
    """An HTML document of one SVG per printed page (a figure, a table page)."""
    pages = "".join(
        f'<div class="print-page" style="width:{width}px;height:{height}px">{svg}</div>' for svg in svgs
    )
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"<style>{print_style(width, height)}</style></head><body>{pages}</body></html>"
    )


class ImageRenderer:
    """One Chromium session that draws many figures and prints PDFs; use as a context manager.

    Thread-safe: calls from several threads (Streamlit sessions) are queued to the session's worker thread.
    """

    def __init__(self, tabs: int = 1) -> None:
        self._browser_path = find_browser()
        self._tabs = tabs  # kept for callers; one page draws everything (plotly.js is loaded once)
        self._worker: ThreadPoolExecutor | None = None
        self._playwright: Any = None
        self._browser: Any = None
        self._page: Any = None
        self._print_page: Any = None
        self._opening: Future[None] | None = None
        self._lock = threading.Lock()

    def __enter__(self) -> ImageRenderer:
        self.open()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def is_open(self) -> bool:
        return self._page is not None

    def start_opening(self) -> None:
        """Start Chromium on the worker thread, so the caller can compute meanwhile; `open()` waits for it."""
        with self._lock:
            if self.is_open or self._opening is not None:
                return
            if self._worker is None:
                self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chromium")
            self._opening = self._worker.submit(self._start)

    def open(self) -> None:
        """Start Chromium and load plotly.js (about 1-2 s), or wait for a start begun earlier; idempotent."""
        self.start_opening()
        opening = self._opening
        if opening is None:
            return
        try:
            opening.result(BROWSER_START_SECONDS)
        except Exception as error:
            self._opening = None
            self.close()
            raise AllianceError(
                f"Chromium at {self._browser_path} did not start for drawing images ({error}). "
                "Check that it runs (`chromium --headless --version`) or reinstall it with "
                "`apt-get install chromium`. The data and text exports work without it."
            ) from error
        self._opening = None

    def _start(self) -> None:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(
            executable_path=str(self._browser_path), args=["--disable-gpu", "--no-sandbox"]
        )
        page = self._browser.new_page()
        page.route(f"{ASSET_ORIGIN}/**", _serve_asset)
        page.route(lambda url: not url.startswith(ASSET_ORIGIN), lambda route: route.abort())
        page.goto(f"{ASSET_ORIGIN}/index.html")
        page.wait_for_function("() => typeof Plotly !== 'undefined'", timeout=BROWSER_START_SECONDS * 1000)
        self._page = page

    def close(self) -> None:
        """Stop Chromium and the worker thread (after a start still under way)."""
        worker = self._worker
        if worker is None:
            return
        if self._opening is not None:
            with contextlib.suppress(Exception):  # the start's failure was reported by open()
                self._opening.result(BROWSER_START_SECONDS)
            self._opening = None
        worker.submit(self._stop).result(BROWSER_START_SECONDS)
        worker.shutdown(wait=True)
        self._worker = None

    def _stop(self) -> None:
        try:
            if self._browser is not None:
                self._browser.close()
        finally:
            if self._playwright is not None:
                self._playwright.stop()
            self._page, self._print_page, self._browser, self._playwright = None, None, None, None

    def _run(self, work: Callable[[], T], timeout: float) -> T:
        self.open()
        assert self._worker is not None
        return self._worker.submit(work).result(timeout)

    def render(self, figure: go.Figure, image_format: ImageFormat, **size: Any) -> bytes:
        """One image as bytes."""
        return self.render_many([ImageJob(figure, image_format, **size)])[0]

    def render_many(self, jobs: Sequence[ImageJob]) -> list[bytes]:
        """Every job's image, written to job.path when given. A PNG and an SVG of the same figure at the
        same size come from ONE drawing of it."""
        images = self._run(lambda: self._draw_all(jobs), RENDER_SECONDS + 10 * len(jobs))
        for job, image in zip(jobs, images, strict=True):
            if job.path is not None:
                job.path.parent.mkdir(parents=True, exist_ok=True)
                job.path.write_bytes(image)
        return images

    def svgs(self, figures: Sequence[go.Figure], width: int, height: int) -> list[str]:
        """Each figure as SVG markup at `width` x `height` CSS pixels."""
        return self._run(
            lambda: [
                drawn["svg"]
                for drawn in self._draw([Drawing(figure, width, height, 1.0, False) for figure in figures])
            ],
            RENDER_SECONDS + 10 * len(figures),
        )

    def render_document(self, pages: Sequence[go.Figure], width: int, height: int, title: str = "") -> bytes:
        """One PDF of `width` x `height` CSS-pixel pages, one figure per page, printed once."""
        svgs = self.svgs(pages, width, height)
        return self.print_html(svg_document(svgs, width, height, title), width, height)

    def print_html(self, html: str, width: int, height: int) -> bytes:
        """An HTML document printed to PDF on `width` x `height` CSS-pixel pages (its words stay text)."""

        return self._run(lambda: self._print_now(html, width, height), RENDER_SECONDS)

    def _draw_all(self, jobs: Sequence[ImageJob]) -> list[bytes]:
        """Every job's image from ONE batch drawn in the page (one PNG and SVG per figure and size), then
        the PDFs, each printed from its figure's SVG."""
        wanted: dict[tuple[int, int, int, float, bool], Drawing] = {}
        for job in jobs:
            png = job.image_format != "pdf"
            scale = job.scale if png else 1.0
            key = (id(job.figure), job.width, job.height, scale, png)
            wanted.setdefault(key, Drawing(job.figure, job.width, job.height, scale, png))
        drawn = dict(zip(wanted, self._draw(list(wanted.values())), strict=True))
        images = []
        for job in jobs:
            if job.image_format == "pdf":
                svg = drawn[id(job.figure), job.width, job.height, 1.0, False]["svg"]
                images.append(
                    self._print_now(svg_document([svg], job.width, job.height), job.width, job.height)
                )
                continue
            result = drawn[id(job.figure), job.width, job.height, job.scale, True]
            if job.image_format == "svg":
                images.append(result["svg"].encode("utf-8"))
            else:
                images.append(base64.b64decode(result["png"].partition(",")[2]))
        return images

    def _print_now(self, html: str, width: int, height: int) -> bytes:
        """print_html's work, on the worker thread. A page of its own prints, so the drawing page keeps
        plotly.js loaded (loading it again costs a second or two of CPU)."""
        if self._print_page is None:
            self._print_page = self._browser.new_page()
            self._print_page.route(lambda url: not url.startswith("data:"), lambda route: route.abort())
        page = self._print_page
        page.set_content(html, wait_until="load")
        pdf: bytes = page.pdf(
            width=f"{width}px",
            height=f"{height}px",
            print_background=True,
            prefer_css_page_size=True,
            margin={"top": "0", "bottom": "0", "left": "0", "right": "0"},
            tagged=True,
            outline=True,
        )
        page.set_content("<!doctype html><html><body></body></html>")  # the document's memory freed
        return pdf

    def _draw(self, drawings: Sequence[Drawing]) -> list[dict[str, str]]:
        """Each drawing's SVG (and PNG), in one call into the page: the PNGs are encoded by the browser
        while it draws the next figures, and the batch costs one round trip instead of one per figure."""
        if not drawings:
            return []
        try:
            result: list[dict[str, str]] = self._page.evaluate(
                _DRAW_FUNCTION,
                {
                    "drawings": [
                        {
                            "figure": json.loads(drawing.figure.to_json()),
                            "width": drawing.width,
                            "height": drawing.height,
                            "scale": drawing.scale,
                            "png": drawing.png,
                        }
                        for drawing in drawings
                    ],
                    "topojson": TOPOJSON_URL,
                },
            )
        except Exception as error:
            raise AllianceError(f"Chromium could not draw the figure: {error}") from error
        return result


def _serve_asset(route: Any) -> None:
    """The page's files: itself, plotly.js and the world outlines; anything else is not found."""
    path = route.request.url[len(ASSET_ORIGIN) :].split("?")[0]
    if path == "/index.html":
        route.fulfill(status=200, content_type="text/html", body=_INDEX_PAGE)
    elif path == "/plotly.min.js":
        route.fulfill(status=200, content_type="text/javascript", body=_plotly_js())
    elif path.startswith("/topojson/") and "/.." not in path:
        file = local_topojson_folder() / path.removeprefix("/topojson/")
        if file.is_file():
            route.fulfill(status=200, content_type="application/json", body=file.read_bytes())
        else:
            route.fulfill(status=404, body="")
    else:
        route.fulfill(status=404, body="")


# Each figure is drawn once by Plotly.toImage as SVG; the same SVG painted on a canvas at `scale` is the
# PNG (what plotly.js itself does for a PNG). The figures are drawn one after another; each PNG is encoded
# by canvas.toBlob, off the page's main thread, while the next figure is drawn.
_DRAW_FUNCTION = r"""
async ({drawings, topojson}) => {
  const asDataUrl = (blob) => new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = reject;
    reader.readAsDataURL(blob);
  });
  const paint = async (svg, width, height, scale) => {
    const image = new Image();
    const loaded = new Promise((resolve, reject) => { image.onload = resolve; image.onerror = reject; });
    image.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg);
    await loaded;
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const context = canvas.getContext('2d');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
    return asDataUrl(blob);
  };
  const results = [];
  for (const {figure, width, height, scale, png} of drawings) {
    const config = Object.assign({plotGlPixelRatio: scale * 2, topojsonURL: topojson}, figure.config || {});
    const svg = await Plotly.toImage({data: figure.data, layout: figure.layout, config: config},
      {format: 'svg', width: width, height: height, scale: 1, imageDataOnly: true});
    results.push(png ? paint(svg, width, height, scale).then((data) => ({svg: svg, png: data}))
                     : Promise.resolve({svg: svg}));
  }
  return Promise.all(results);
}
"""


_shared_renderer: ImageRenderer | None = None
_shared_lock = threading.Lock()


def shared_renderer() -> ImageRenderer:
    """One browser session for the whole process (the dashboard's per-chart downloads), started on first use."""
    global _shared_renderer
    with _shared_lock:
        if _shared_renderer is None or not _shared_renderer.is_open:
            renderer = ImageRenderer()
            renderer.open()
            _shared_renderer = renderer
        return _shared_renderer


def close_shared_renderer() -> None:
    """Close the process's shared browser session, if one is open; the next use starts a new one."""
    global _shared_renderer
    with _shared_lock:
        if _shared_renderer is not None:
            _shared_renderer.close()
            _shared_renderer = None
