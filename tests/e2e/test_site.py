"""The course website (``make site``) in a real browser: ``make site-check``.

Every page of ``build/site`` is opened in headless Chromium twice — served over HTTP from
127.0.0.1 (as a web host would serve it) and straight from the files (as from a USB stick) —
and must load with no failed request and no request to any other host; its maths must be
typeset by the site's own MathJax (no raw ``$…$`` left, no TeX error), every image must load,
every internal link must lead to an existing page and anchor, and on a phone-sized screen
(390 px) the text column must not overflow sideways. Search must find a word. Screenshots of
the home page and of one notebook page, wide and narrow, go to ``build/site-check``.

The browser is the one of the other browser tests (``conftest.py``: the system Chromium).
Without a built site (``make site``) these tests are skipped: ``make site-check`` builds it.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SITE = REPO / "build" / "site"
SHOTS = REPO / "build" / "site-check"
WIDE = {"width": 1400, "height": 1000}
PHONE = {"width": 390, "height": 844}  # a common phone's CSS width
SCREENSHOT_PAGE = "notebooks/05_optimizers.html"  # maths, figures, the animation, a demo

pytestmark = pytest.mark.skipif(
    not (SITE / "index.html").is_file(),
    reason="no site in build/site: `make site-check` builds it and runs these tests",
)


def pages() -> list[str]:
    """Every HTML page of the site, relative to it (the theme's _static snippets excepted)."""
    found = [p.relative_to(SITE).as_posix() for p in SITE.rglob("*.html")]
    return sorted(p for p in found if not p.startswith("_"))


# --------------------------------------------------------------------------------------------
# Serving the site, and opening a page with every request watched


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # no access log on the test's output
        pass


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """``build/site`` served on 127.0.0.1 (a free port) for the session; its base URL."""
    handler = functools.partial(Quiet, directory=str(SITE))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def shots() -> Path:
    """``build/site-check``, emptied at the start of the session."""
    shutil.rmtree(SHOTS, ignore_errors=True)
    SHOTS.mkdir(parents=True)
    return SHOTS


@pytest.fixture(params=["http", "file"])
def base(request) -> str:
    """Where the site is read from: the local server, or the files themselves."""
    if request.param == "http":
        return request.getfixturevalue("server")
    return SITE.as_uri() + "/"


LOCAL = ("data:", "blob:", "about:")


class Visit:
    """One page in a fresh browser context; ``problems`` lists every failed or foreign request,
    HTTP error, JavaScript error and console error seen while it loaded."""

    def __init__(self, browser, base: str, name: str, viewport: dict):
        self.base, self.problems = base, []
        self.context = browser.new_context(viewport=viewport)
        self.context.route("**/*", self._guard)
        self.page = self.context.new_page()
        self.page.set_default_timeout(30_000)
        self.page.on("request", self._request)
        self.page.on("requestfailed", lambda r: self._note(f"failed: {r.url} ({r.failure})"))
        self.page.on("response", self._response)
        self.page.on("pageerror", lambda e: self._note(f"JavaScript error: {e}"))
        self.page.on(
            "console", lambda m: self._note(f"console: {m.text}") if m.type == "error" else None
        )
        self.page.goto(base + name, wait_until="load")
        # MathJax typesets after loading; its startup promise settles when the page is done.
        self.page.evaluate("() => window.MathJax?.startup?.promise ?? null")

    def _local(self, url: str) -> bool:
        return url.startswith(self.base) or url.startswith(LOCAL)

    def _guard(self, route) -> None:
        if self._local(route.request.url):
            route.continue_()
        else:
            self._note(f"external request blocked: {route.request.url}")
            route.abort()

    def _request(self, request) -> None:
        if not self._local(request.url):
            self._note(f"external request: {request.url}")

    def _response(self, response) -> None:
        if response.status >= 400:
            self._note(f"HTTP {response.status}: {response.url}")

    def _note(self, text: str) -> None:
        if text not in self.problems:
            self.problems.append(text)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser):
    """Open pages with :class:`Visit`; every context is closed after the test."""
    opened: list[Visit] = []

    def open_page(base: str, name: str, viewport: dict = WIDE) -> Visit:
        opened.append(Visit(browser, base, name, viewport))
        return opened[-1]

    yield open_page
    for v in opened:
        v.close()


# --------------------------------------------------------------------------------------------
# What a page must satisfy

MATH_STATE = """() => {
  const math = [...document.querySelectorAll('.math')];
  const clone = (document.querySelector('main') || document.body).cloneNode(true);
  clone.querySelectorAll('pre, code, script, style, mjx-container, .highlight')
       .forEach(e => e.remove());
  return {
    math: math.length,
    typeset: math.filter(e => e.querySelector('mjx-container')).length,
    errors: document.querySelectorAll('mjx-merror, [data-mjx-error]').length,
    text: clone.textContent,
    fonts: [...document.fonts].filter(f => f.status === 'error').map(f => f.family),
  };
}"""

IMAGES = """async () => {
  const images = [...document.images];
  images.forEach(i => { i.loading = 'eager'; });
  await Promise.all(images.map(i => i.decode().catch(() => null)));
  return images.map(i => ({src: i.currentSrc || i.src, ok: i.complete && i.naturalWidth > 0}));
}"""

RAW_TEX = re.compile(r"\$[^$\s][^$]*\$|\\\(|\\\[|\\begin\{")


def maths_problems(visit: Visit) -> list[str]:
    state = visit.page.evaluate(MATH_STATE)
    found = []
    if state["typeset"] < state["math"]:
        found.append(f"{state['math'] - state['typeset']} of {state['math']} formulas not typeset")
    if state["errors"]:
        found.append(f"{state['errors']} formulas with a TeX error")
    raw = RAW_TEX.findall(state["text"])
    if raw:
        found.append(f"raw TeX left in the text: {raw[:5]}")
    if state["fonts"]:
        found.append(f"fonts that failed to load: {sorted(set(state['fonts']))}")
    return found


@functools.cache
def anchors(path: Path) -> frozenset[str]:
    """The ids a page defines (the targets of ``#fragment`` links)."""
    return frozenset(re.findall(r'\bid="([^"]+)"', path.read_text(errors="replace")))


def broken_links(visit: Visit) -> list[str]:
    """Every link to the site itself whose page or anchor does not exist."""
    hrefs = visit.page.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => a.href)")
    broken = []
    for href in sorted(set(hrefs)):
        if not href.startswith(visit.base):
            continue  # a link to another site: followed only by a reader, never loaded
        parts = urllib.parse.urlsplit(href[len(visit.base) :])
        path = SITE / urllib.parse.unquote(parts.path)
        if path.is_dir() or not parts.path:
            path = path / "index.html"
        if not path.is_file():
            broken.append(f"{href}: no such page")
        elif parts.fragment and urllib.parse.unquote(parts.fragment) not in anchors(path):
            broken.append(f"{href}: no anchor #{parts.fragment}")
    return broken


OVERFLOW = """() => {
  const article = document.querySelector('article.bd-article') || document.body;
  const width = document.documentElement.clientWidth;
  const scrolls = e => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(e).overflowX);
  const inside = e => { for (let p = e.parentElement; p && p !== article; p = p.parentElement)
                          if (scrolls(p)) return true; return false; };
  const wide = [...article.querySelectorAll('*')]
    .filter(e => e.getBoundingClientRect().right > width + 1 && !inside(e))
    .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.'));
  return {page: document.documentElement.scrollWidth, width: width,
          article: article.scrollWidth, column: article.clientWidth, wide: wide};
}"""


# --------------------------------------------------------------------------------------------
# The tests


@pytest.mark.parametrize("name", pages())
def test_page_loads_whole_and_offline(visit, base: str, name: str) -> None:
    """No failed or foreign request; maths typeset; every image and internal link good."""
    v = visit(base, name)
    problems = list(v.problems) + maths_problems(v)
    images = v.page.evaluate(IMAGES)
    problems += [f"image did not load: {i['src']}" for i in images if not i["ok"]]
    problems += broken_links(v)
    assert problems == [], f"{name} read from {base}:\n" + "\n".join(problems)


def test_notebook_pages_have_maths_figures_contents_and_neighbours(visit, server: str) -> None:
    """Every notebook page has typeset maths, figures, a table of contents of its sections,
    and links to the previous and the next page."""
    notebook_pages = [p for p in pages() if p.startswith("notebooks/")]
    assert len(notebook_pages) == len(list((REPO / "notebooks").glob("[0-9]*.ipynb")))
    for name in notebook_pages:
        v = visit(server, name)
        counts = v.page.evaluate(
            """() => ['mjx-container', 'img', '#pst-page-toc-nav a', '.prev-next-area a.left-prev',
                      '.prev-next-area a.right-next']
                     .map(s => document.querySelectorAll(s).length)"""
        )
        formulas, images, contents, previous, following = counts
        assert formulas > 0 and images > 0 and contents >= 3, f"{name}: {counts}"
        assert previous == 1, f"{name}: no link to the previous page"
        assert following == (0 if name == notebook_pages[-1] else 1), f"{name}: next {counts}"


@pytest.mark.parametrize("name", pages())
def test_phone_width_does_not_overflow(visit, server: str, name: str) -> None:
    """At 390 px nothing sticks out of the text column: wide outputs scroll in their own box."""
    v = visit(server, name, PHONE)
    state = v.page.evaluate(OVERFLOW)
    assert state["wide"] == [], f"{name}: elements wider than the screen: {state}"
    assert state["page"] <= state["width"], f"{name}: the page scrolls sideways: {state}"
    assert state["article"] <= state["column"] + 1, f"{name}: the text column overflows: {state}"


def stored_outputs(marker) -> int:
    """How many outputs of the committed notebooks satisfy ``marker(output)``."""
    count = 0
    for path in sorted((REPO / "notebooks").glob("[0-9]*.ipynb")):
        for cell in json.loads(path.read_text())["cells"]:
            count += sum(1 for output in cell.get("outputs", []) if marker(output))
    return count


def test_every_live_demo_shows_its_first_picture(visit, server: str) -> None:
    """Each widget of the notebooks became a note on running it live and a loaded picture."""
    widgets = stored_outputs(
        lambda o: "application/vnd.jupyter.widget-view+json" in o.get("data", {})
    )
    shown = 0
    for name in pages():
        v = visit(server, name)
        frames = v.page.evaluate(
            """() => [...document.querySelectorAll('div.site-demo')].map(p => {
                 const img = p.closest('.cell_output').querySelector('img');
                 return img !== null && img.complete && img.naturalWidth > 0; })"""
        )
        assert all(frames), f"{name}: a demo note without its picture"
        shown += len(frames)
    assert widgets > 0 and shown == widgets


def test_every_exercise_says_where_its_feedback_comes(visit, server: str) -> None:
    """Each stored check verdict became the note that the verdict comes when the cell runs."""
    verdicts = stored_outputs(lambda o: "✏️" in "".join(o.get("data", {}).get("text/plain", "")))
    notes = 0
    for name in pages():
        v = visit(server, name)
        notes += v.page.evaluate("() => document.querySelectorAll('div.site-exercise').length")
    assert verdicts > 0 and notes == verdicts


def test_the_animation_is_animated(visit, server: str) -> None:
    """Notebook 05's optimizer race is a GIF of many frames, and it loads in the page."""
    from PIL import Image

    v = visit(server, SCREENSHOT_PAGE)
    sources = v.page.evaluate(
        "() => [...document.images].map(i => i.currentSrc).filter(s => s.endsWith('.gif'))"
    )
    assert len(sources) == 1, sources
    gif = SITE / urllib.parse.unquote(sources[0][len(server) :])
    with Image.open(gif) as picture:
        assert picture.n_frames > 1


@pytest.mark.parametrize("where", ["http", "file"])
def test_search_finds_a_word(visit, server: str, where: str) -> None:
    """Sphinx's search page finds "Nesterov" in the optimizers notebook, served and from files."""
    base = server if where == "http" else SITE.as_uri() + "/"
    v = visit(base, "search.html?q=Nesterov")
    v.page.wait_for_selector("#search-results li a", timeout=30_000)
    hits = v.page.evaluate(
        "() => [...document.querySelectorAll('#search-results li a')].map(a => a.href)"
    )
    assert any("05_optimizers.html" in h for h in hits), hits
    assert v.problems == [], "\n".join(v.problems)


def test_text_is_legible(visit, server: str) -> None:
    """Body text of at least 16 px and code of at least 13 px (a phone, a projector)."""
    v = visit(server, SCREENSHOT_PAGE)
    sizes = v.page.evaluate(
        """() => ['article p', 'div.cell_input pre', 'div.cell_output pre'].map(s =>
             parseFloat(getComputedStyle(document.querySelector(s)).fontSize))"""
    )
    assert sizes[0] >= 16 and min(sizes[1:]) >= 13, sizes


@pytest.mark.parametrize("name", ["index.html", SCREENSHOT_PAGE])
@pytest.mark.parametrize("size", ["wide", "narrow"])
def test_screenshots(visit, server: str, shots: Path, name: str, size: str) -> None:
    """The home page and a notebook page, wide and phone-sized, for a person to look at."""
    v = visit(server, name, WIDE if size == "wide" else PHONE)
    stem = "home" if name == "index.html" else Path(name).stem
    v.page.screenshot(path=shots / f"{stem}-{size}.png")
    if name != "index.html":  # the live demo: its note and first picture
        v.page.locator("div.site-demo").first.scroll_into_view_if_needed()
        v.page.screenshot(path=shots / f"{stem}-demo-{size}.png")
    assert (shots / f"{stem}-{size}.png").stat().st_size > 0
