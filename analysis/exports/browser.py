"""Static images of plotly figures, drawn by kaleido in ONE headless Chromium session per batch.

Starting Chromium costs about 2 s, so a whole report pack (or a dashboard session) shares one browser:
`ImageRenderer` opens it once, runs kaleido's event loop on a background thread and renders any number
of figures through it, several at a time. The world outline is read from the shipped
`static/topojson/` folder (file URL), never from a CDN: the network is closed at run time.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import threading
from collections.abc import Coroutine, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, TypeVar

import plotly.graph_objects as go

from analysis.errors import AllianceError
from analysis.paths import PROJECT_ROOT

ImageFormat = Literal["png", "svg", "pdf"]
IMAGE_FORMATS: tuple[ImageFormat, ...] = ("png", "svg", "pdf")

DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
BROWSER_PATH_VARIABLE = "BROWSER_PATH"  # the variable kaleido's browser finder (choreographer) honours
TOPOJSON_DIR = PROJECT_ROOT / "static" / "topojson"

# Layout size in CSS pixels; PNGs are drawn at PRINT_SCALE, so 1000 px * 3 = 3000 px wide.
EXPORT_WIDTH = 1000
EXPORT_HEIGHT = 600
PRINT_SCALE = 3.0
BROWSER_START_SECONDS = 60
RENDER_SECONDS = 120

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
    if (TOPOJSON_DIR / "world_110m.json").is_file():
        return TOPOJSON_DIR.as_uri() + "/"
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

    def open(self) -> None:
        """Start Chromium (about 2-5 s); idempotent."""
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
        """Stop Chromium and the background loop."""
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
        """Every job's image, drawn concurrently in the one browser; written to job.path when given."""
        self.open()
        images = self._run(self._draw_all(jobs), RENDER_SECONDS + 10 * len(jobs))
        for job, image in zip(jobs, images, strict=True):
            if job.path is not None:
                job.path.parent.mkdir(parents=True, exist_ok=True)
                job.path.write_bytes(image)
        return images

    async def _draw_all(self, jobs: Sequence[ImageJob]) -> list[bytes]:
        return list(await asyncio.gather(*(self._draw(job) for job in jobs)))

    async def _draw(self, job: ImageJob) -> bytes:
        options = {"format": job.image_format, "width": job.width, "height": job.height, "scale": job.scale}
        image: bytes = await self._kaleido.calc_fig(
            job.figure.to_plotly_json(), opts=options, topojson=self._topojson
        )
        return image


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
