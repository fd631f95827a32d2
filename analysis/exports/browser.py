"""Static images of plotly figures, drawn by kaleido in ONE headless Chromium session per batch.

Starting Chromium costs about 2 s, so a whole report pack (or a dashboard session) shares one browser:
`ImageRenderer` opens it once, runs kaleido's event loop on a background thread and renders any number
of figures through it, several at a time (one per tab). kaleido itself reloads a tab (plotly.js, 4.6 MB)
after every image and draws a figure again for each format; here a PNG and an SVG of one figure come from
one drawing, a tab is reloaded only now and then, and a multi-page PDF is printed as one document
(`render_document`). The world outline is read from the shipped
`static/topojson/` folder (file URL), never from a CDN: the network is closed at run time.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import shutil
import threading
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, TypeVar

import plotly.graph_objects as go

from analysis.errors import AllianceError
from analysis.figures.geography import local_topojson_folder, local_topojson_url

ImageFormat = Literal["png", "svg", "pdf"]
IMAGE_FORMATS: tuple[ImageFormat, ...] = ("png", "svg", "pdf")

DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
BROWSER_PATH_VARIABLE = "BROWSER_PATH"  # the variable kaleido's browser finder (choreographer) honours

# Layout size in CSS pixels; PNGs are drawn at PRINT_SCALE, so 1000 px * 3 = 3000 px wide.
EXPORT_WIDTH = 1000
EXPORT_HEIGHT = 600
PRINT_SCALE = 3.0
BROWSER_START_SECONDS = 60
RENDER_SECONDS = 120
RELOAD_EVERY = 40  # drawings a tab serves before its page is loaded afresh (frees what plotly left)

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


def topojson_url() -> str | None:
    """A file URL to the shipped world outlines (ends with "/"), or None when they are not shipped."""
    if (local_topojson_folder() / "world_110m.json").is_file():
        return local_topojson_url()
    return None


def use_shipped_topojson() -> None:
    """Point plotly's own static export (`fig.write_image`, `pio.write_images`) at the shipped outlines too."""
    import plotly.io as pio

    url = topojson_url()
    if url is not None:
        pio.defaults.topojson = url


@dataclass(frozen=True)
class ImageJob:
    """One image to draw: a figure in a format, written to `path` when given."""

    figure: go.Figure
    image_format: ImageFormat
    path: Path | None = None
    width: int = EXPORT_WIDTH
    height: int = EXPORT_HEIGHT
    scale: float = PRINT_SCALE


class ImageRenderer:
    """One kaleido browser session that draws many figures; use as a context manager.

    Thread-safe: calls from several threads (Streamlit sessions) are queued on the session's own event
    loop, which runs on a background thread.
    """

    def __init__(self, tabs: int = 2) -> None:
        self._browser_path = find_browser()
        self._tabs = tabs
        self._topojson = topojson_url()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: Any = None
        self._tab_uses: dict[int, int] = {}
        self._opening: threading.Thread | None = None
        self._opening_error: BaseException | None = None

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
        return self._kaleido is not None

    def start_opening(self) -> None:
        """Start Chromium on a background thread, so the caller can compute meanwhile; `open()` waits for it."""
        if self.is_open or self._opening is not None:
            return

        def opening() -> None:
            try:
                self.open()
            except BaseException as error:  # handed to the caller by the next open()
                self._opening_error = error

        self._opening = threading.Thread(target=opening, name="kaleido-start", daemon=True)
        self._opening.start()

    def open(self) -> None:
        """Start Chromium (about 2-5 s), or wait for a start begun by `start_opening`; idempotent."""
        opening = self._opening
        if opening is not None and opening is not threading.current_thread():
            opening.join()
            self._opening = None
            error, self._opening_error = self._opening_error, None
            if error is not None:
                raise error
        if self.is_open:
            return
        use_shipped_topojson()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="kaleido", daemon=True)
        self._thread.start()
        try:
            self._kaleido = self._run(self._start(), BROWSER_START_SECONDS)
        except Exception as error:
            self._stop_loop()
            raise AllianceError(
                f"Chromium at {self._browser_path} did not start for drawing images ({error}). "
                "Check that it runs (`chromium --headless --version`) or reinstall it with "
                "`apt-get install chromium`. The data and text exports work without it."
            ) from error

    async def _start(self) -> Any:
        import kaleido

        session = kaleido.Kaleido(path=str(self._browser_path), n=self._tabs, mathjax=False)
        await session.open()
        return session

    def close(self) -> None:
        """Stop Chromium and the background loop (after a start still under way)."""
        if self._opening is not None:
            self._opening.join()
            self._opening, self._opening_error = None, None
        if self._kaleido is not None:
            try:
                self._run(self._kaleido.close(), BROWSER_START_SECONDS)
            finally:
                self._kaleido = None
        self._stop_loop()

    def _stop_loop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            if self._thread is not None:
                self._thread.join(timeout=10)
            self._loop.close()
        self._loop, self._thread = None, None

    def _run(self, coroutine: Coroutine[Any, Any, T], timeout: float) -> T:
        assert self._loop is not None, "ImageRenderer used before open()"
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    def render(self, figure: go.Figure, image_format: ImageFormat, **size: Any) -> bytes:
        """One image as bytes."""
        return self.render_many([ImageJob(figure, image_format, **size)])[0]

    def render_many(self, jobs: Sequence[ImageJob]) -> list[bytes]:
        """Every job's image, drawn concurrently in the one browser; written to job.path when given.

        A PNG and an SVG of the same figure at the same size come from ONE drawing of it (see
        `_PNG_AND_SVG_FUNCTION`), so asking for both costs one plotly render, not two.
        """
        self.open()
        images = self._run(self._draw_all(jobs), RENDER_SECONDS + 10 * len(jobs))
        for job, image in zip(jobs, images, strict=True):
            if job.path is not None:
                job.path.parent.mkdir(parents=True, exist_ok=True)
                job.path.write_bytes(image)
        return images

    def render_document(self, pages: Sequence[go.Figure], width: int, height: int) -> bytes:
        """One PDF of `width` x `height` CSS-pixel pages, one figure per page, printed once."""
        self.open()
        return self._run(self._print_document(pages, width, height), RENDER_SECONDS + 10 * len(pages))

    async def _draw_all(self, jobs: Sequence[ImageJob]) -> list[bytes]:
        pairs: dict[tuple[int, int, int, float], asyncio.Task[dict[str, bytes]]] = {}
        drawings: list[Awaitable[bytes]] = []
        for job in jobs:
            if job.image_format == "pdf":
                drawings.append(self._draw_pdf(job))
                continue
            key = (id(job.figure), job.width, job.height, job.scale)
            if key not in pairs:
                pairs[key] = asyncio.ensure_future(self._draw_png_and_svg(job))
            drawings.append(_pick(pairs[key], job.image_format))
        return list(await asyncio.gather(*drawings))

    async def _draw_pdf(self, job: ImageJob) -> bytes:
        options = {"format": "pdf", "width": job.width, "height": job.height, "scale": job.scale}
        image: bytes = await self._kaleido.calc_fig(
            job.figure.to_plotly_json(), opts=options, topojson=self._topojson
        )
        return image

    async def _draw_png_and_svg(self, job: ImageJob) -> dict[str, bytes]:
        result = await self._call_in_tab(
            _PNG_AND_SVG_FUNCTION,
            job.figure.to_plotly_json(),
            job.width,
            job.height,
            job.scale,
            self._topojson or "",
        )
        png_data_url: str = result["png"]  # "data:image/png;base64,...": svgToImg keeps the prefix
        return {"svg": result["svg"].encode("utf-8"), "png": base64.b64decode(png_data_url.partition(",")[2])}

    async def _print_document(self, pages: Sequence[go.Figure], width: int, height: int) -> bytes:
        async def print_pages(tab: Any) -> bytes:
            await self._call(
                tab,
                _PAGES_FUNCTION,
                [page.to_plotly_json() for page in pages],
                width,
                height,
                self._topojson or "",
            )
            response = await tab.tab.send_command(
                "Page.printToPDF",
                params={
                    "printBackground": True,
                    "preferCSSPageSize": True,
                    "marginTop": 0,
                    "marginBottom": 0,
                    "marginLeft": 0,
                    "marginRight": 0,
                },
            )
            if "error" in response:
                raise AllianceError(f"Chromium could not print the report pages: {response['error']}")
            await self._call(tab, _RESTORE_PAGE_FUNCTION)
            return base64.b64decode(response["result"]["data"])

        # The page is put back as kaleido left it instead of reloaded: loading plotly.js again costs
        # seconds of CPU, more than printing the whole report.
        return await self._with_tab(print_pages, reload=False)

    async def _call_in_tab(self, function: str, *arguments: Any) -> Any:
        async def call(tab: Any) -> Any:
            return await self._call(tab, function, *arguments)

        return await self._with_tab(call, reload=False)

    async def _with_tab(self, work: Callable[[Any], Awaitable[T]], reload: bool) -> T:
        """Run `work` in one of kaleido's tabs (plotly.js loaded), taken from and given back to its queue.

        kaleido reloads a tab after every image (loading plotly.js again, most of an image's cost);
        here a tab is reloaded only every RELOAD_EVERY drawings, or when the work changed the page.
        """
        tab = await self._kaleido.tabs_ready.get()
        failed = True
        try:
            result = await work(tab)
            failed = False
            return result
        finally:
            uses = self._tab_uses.get(id(tab), 0) + 1
            if reload or failed or uses >= RELOAD_EVERY:  # after a failure the page's state is unknown
                await tab.reload()
                uses = 0
            self._tab_uses[id(tab)] = uses
            await self._kaleido.tabs_ready.put(tab)

    @staticmethod
    async def _call(tab: Any, function: str, *arguments: Any) -> Any:
        """Call a JavaScript function in the tab's page and return its JSON result, decoded.

        Uses the tab's JavaScript context id as kaleido 1.5 keeps it (`_current_js_id`, refreshed on
        reload); kaleido is pinned in requirements.txt and the export tests draw through this path.
        """
        response = await tab.tab.send_command(
            "Runtime.callFunctionOn",
            params={
                "functionDeclaration": function,
                "arguments": [{"value": argument} for argument in arguments],
                "returnByValue": True,
                "awaitPromise": True,
                "executionContextId": tab._current_js_id,
            },
        )
        result = response.get("result", {})
        if "error" in response or "exceptionDetails" in result:
            details = response.get("error") or result["exceptionDetails"].get("exception", {})
            raise AllianceError(f"Chromium could not draw the figure: {details}")
        return json.loads(result["result"]["value"])


async def _pick(drawing: Awaitable[dict[str, bytes]], image_format: str) -> bytes:
    return (await drawing)[image_format]


# Runs in a kaleido tab (plotly.js is loaded there). The figure is drawn once: its SVG is the SVG file,
# and the same SVG painted on a canvas at `scale` is the PNG, which is what Plotly.toImage does for a PNG
# (so the pixels match a separate PNG render); config as kaleido sets it.
_PNG_AND_SVG_FUNCTION = r"""
async function(figure, width, height, scale, topojson) {
  const config = Object.assign({plotGlPixelRatio: scale * 2}, topojson ? {topojsonURL: topojson} : {}, figure.config || {});
  const svg = await Plotly.toImage({data: figure.data, layout: figure.layout, config: config},
    {format: 'svg', width: width, height: height, scale: scale, imageDataOnly: true});
  const png = await Plotly.Snapshot.svgToImg(
    {format: 'png', width: width, height: height, scale: scale, svg: svg, promise: true,
     canvas: document.createElement('canvas')});
  return JSON.stringify({svg: svg, png: png});
}
"""

# Every page drawn as SVG (vector, fonts embedded when printed) into its own <img>, one per printed page.
_PAGES_FUNCTION = r"""
async function(pages, width, height, topojson) {
  const shared = topojson ? {topojsonURL: topojson} : {};
  document.getElementById('head-style').innerHTML =
    `@page { size: ${width}px ${height}px; margin: 0; }
     html, body { margin: 0; padding: 0; background: white; }
     img.report-page { display: block; width: ${width}px; height: ${height}px; break-after: page; }
     img.report-page:last-child { break-after: auto; }`;
  document.body.innerHTML = '';
  for (const page of pages) {
    const config = Object.assign({}, shared, page.config || {});
    const svg = await Plotly.toImage({data: page.data, layout: page.layout, config: config},
      {format: 'svg', width: width, height: height, scale: 1, imageDataOnly: false});
    const image = document.createElement('img');
    image.className = 'report-page';
    const loaded = new Promise((resolve, reject) => { image.onload = resolve; image.onerror = reject; });
    image.src = svg;
    document.body.appendChild(image);
    await loaded;
  }
  return JSON.stringify(pages.length);
}
"""

# Kaleido's page as it was before the pages were printed: its image element and an empty style.
_RESTORE_PAGE_FUNCTION = r"""
function() {
  document.getElementById('head-style').innerHTML = '';
  document.body.innerHTML = '<img id="kaleido-image" />';
  return JSON.stringify(true);
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
