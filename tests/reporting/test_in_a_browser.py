"""index.html as a person sees it: opened from disk in headless Chromium (Debian's `chromium`).

Driven over the DevTools protocol with the websockets package the suite already uses: every
request the page makes is recorded, what is on screen is read from the rendered page, and a
screenshot is saved to reports/ of the project for a person to look at.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import shutil
import subprocess
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import pytest
import websockets

from conformance.catalog import PROFILES
from tests.conftest import ROOT
from tests.reporting.conftest import FAILED, PASSED

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Flags that keep Chromium quiet on a machine without network or display (and running as root).
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--remote-debugging-port=0", "--window-size=1280,1600", "about:blank"]
SCREENSHOT = ROOT / "reports" / "index-html-failed-case.png"
RULE = "payload_matches_expectation"

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium; .ci/run installs it "
                             "when it runs as root): index.html is not opened in a browser")

# What a reader sees of the failed and of the passed case, read off the rendered page.
LOOK = """(() => {
  const visible = el => !!el && el.checkVisibility({contentVisibilityAuto: true, visibilityProperty: true})
    && el.getBoundingClientRect().height > 0 && el.getBoundingClientRect().width > 0;
  const failed = document.getElementById('case-%(failed)s');
  const svg = failed.querySelector('svg.sequence');
  const marked = svg && svg.querySelector('g.frame.failing');
  const trace = failed.querySelector('details.trace pre');
  const passed = document.getElementById('case-%(passed)s');
  return {
    row: document.getElementById('row-%(failed)s').innerText,
    text: failed.innerText,
    svgVisible: visible(svg), svgHeight: svg ? svg.getBoundingClientRect().height : 0,
    marked: marked ? marked.textContent : null, markedVisible: visible(marked),
    trace: visible(trace) ? trace.innerText : null,
    passedTraceVisible: visible(passed.querySelector('details.trace pre')),
    top: failed.getBoundingClientRect().top + window.scrollY,
    height: failed.getBoundingClientRect().height,
  };
})()""".replace("%(failed)s", FAILED).replace("%(passed)s", PASSED)


class DevTools:
    """A minimal DevTools protocol client: commands by id, events kept for the test to read."""

    def __init__(self, socket: Any):
        self.socket = socket
        self.ids = itertools.count(1)
        self.events: list[dict[str, Any]] = []

    async def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        ident = next(self.ids)
        message: dict[str, Any] = {"id": ident, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        await self.socket.send(json.dumps(message))
        while True:
            reply = json.loads(await asyncio.wait_for(self.socket.recv(), 30))
            if reply.get("id") == ident:
                assert "error" not in reply, reply
                return reply.get("result", {})
            self.events.append(reply)

    async def until(self, method: str, timeout: float = 30) -> dict[str, Any]:
        async def wait() -> dict[str, Any]:
            while True:
                found = next((e for e in self.events if e.get("method") == method), None)
                if found:
                    return found
                self.events.append(json.loads(await self.socket.recv()))
        return await asyncio.wait_for(wait(), timeout)


async def _open(page: Path, profile: Path, fragment: str = "", expression: str = LOOK,
                viewport: tuple[int, int] | None = None, before: Any = None) -> tuple[dict[str, Any], list[str], bytes]:
    """`viewport`: the window's size, and the screenshot is then what it shows; `before(tools, session)`:
    what a reader does (a click) before the page is read."""
    log = profile / "chromium.log"
    with log.open("wb") as stderr:
        browser = subprocess.Popen([CHROMIUM, f"--user-data-dir={profile / 'data'}", *FLAGS],  # type: ignore[list-item]
                                   stdout=subprocess.DEVNULL, stderr=stderr, stdin=subprocess.DEVNULL)
    try:
        port_file = profile / "data" / "DevToolsActivePort"
        for _ in range(300):   # Chromium writes its port here once it listens (at most 30 s)
            if port_file.exists() and len(port_file.read_text().splitlines()) >= 2:
                break
            assert browser.poll() is None, f"chromium exited with {browser.returncode}: {log.read_text()[-2000:]}"
            await asyncio.sleep(0.1)
        else:
            raise AssertionError(f"chromium opened no DevTools port within 30 s: {log.read_text()[-2000:]}")
        port, path = port_file.read_text().splitlines()[:2]
        async with websockets.connect(f"ws://127.0.0.1:{port}{path}", max_size=None) as socket:
            tools = DevTools(socket)
            target = (await tools.call("Target.createTarget", url="about:blank"))["targetId"]
            session = (await tools.call("Target.attachToTarget", targetId=target, flatten=True))["sessionId"]
            await tools.call("Network.enable", session)
            await tools.call("Page.enable", session)
            if viewport is not None:
                await tools.call("Emulation.setDeviceMetricsOverride", session, width=viewport[0], height=viewport[1],
                                 deviceScaleFactor=1, mobile=False)
            await tools.call("Page.navigate", session, url=page.as_uri() + fragment)
            await tools.until("Page.loadEventFired")
            if before is not None:
                await before(tools, session)
            look = (await tools.call("Runtime.evaluate", session, expression=expression,
                                     returnByValue=True))["result"]["value"]
            if viewport is not None and "top" not in look:
                shot = await tools.call("Page.captureScreenshot", session, format="png")
            else:
                shot = await tools.call("Page.captureScreenshot", session, format="png", captureBeyondViewport=True,
                                        clip={"x": 0, "y": max(0, look["top"] - 10), "width": 1280,
                                              "height": min(look["height"] + 20, 4000), "scale": 1})
            requests = [e["params"]["request"]["url"] for e in tools.events
                        if e.get("method") == "Network.requestWillBeSent"]
            with contextlib.suppress(Exception):
                await tools.call("Browser.close")
        return look, requests, base64.b64decode(shot["data"])
    finally:
        with contextlib.suppress(subprocess.TimeoutExpired):
            browser.wait(10)
        if browser.poll() is None:
            browser.kill()
            browser.wait(10)


def test_a_failed_case_as_a_person_sees_it(failed_run: Path):
    page = failed_run / "index.html"
    with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
        look, requests, png = asyncio.run(asyncio.wait_for(_open(page, Path(profile)), 90))
    SCREENSHOT.parent.mkdir(exist_ok=True)
    SCREENSHOT.write_bytes(png)
    (failed_run / SCREENSHOT.name).write_bytes(png)

    assert requests == [page.as_uri()], f"the page made requests of its own: {requests}"
    assert "failed" in look["row"] and RULE in look["row"]                    # the matrix row
    assert f"violated rule: {RULE}" in look["text"]                           # the case, opened
    assert look["svgVisible"] and look["svgHeight"] > 200                     # its sequence diagram
    assert look["markedVisible"] and "StartTransaction.req" in look["marked"] and RULE in look["marked"]
    assert look["trace"] and "GAT_DILAV" in look["trace"]                     # its trace, on screen
    assert not look["passedTraceVisible"]                                     # a passed case stays closed
    assert png.startswith(b"\x89PNG") and len(png) > 10_000


# The passed case a matrix link points at, read off the page opened at its fragment.
TARGETED = """(() => {
  const visible = el => !!el && el.checkVisibility({contentVisibilityAuto: true, visibilityProperty: true})
    && el.getBoundingClientRect().height > 0 && el.getBoundingClientRect().width > 0;
  const passed = document.getElementById('case-%(passed)s');
  const svg = passed.querySelector('svg.sequence');
  return {svgVisible: visible(svg), link: !!document.querySelector('a[href="#case-%(passed)s"]'),
          top: passed.getBoundingClientRect().top + window.scrollY, height: passed.getBoundingClientRect().height};
})()""".replace("%(passed)s", PASSED)


def test_a_link_to_a_case_opens_it_also_when_it_passed(failed_run: Path):
    """index.html#case-ID, as the matrix links: the case is shown open, not only scrolled to."""
    page = failed_run / "index.html"
    with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
        look, _, _ = asyncio.run(asyncio.wait_for(_open(page, Path(profile), f"#case-{PASSED}", TARGETED), 90))
    assert look["link"], "the matrix has no link to the passed case"
    assert look["svgVisible"], "the passed case a link points at stays closed"


FIRST_SCREEN = ROOT / "reports" / "index-html-first-screen.png"
# What a 1366x768 laptop shows before any scrolling.
ON_FIRST_SCREEN = """(() => {
  const box = el => el ? el.getBoundingClientRect() : null;
  const seen = el => { const r = box(el); return !!r && r.height > 0 && r.top >= 0 && r.bottom <= innerHeight
    && el.checkVisibility({visibilityProperty: true}); };
  const core = document.querySelector('table.profiles[data-role="charge-point"] tr[data-profile="Core"]');
  const failed = document.querySelector('#failures a[href="#case-%(failed)s"]');
  const top = id => { const r = box(document.getElementById(id)); return r ? r.top + scrollY : null; };
  return {core: core ? core.innerText : null, coreSeen: seen(core), failedSeen: seen(failed),
          failedRow: failed ? failed.closest('tr').innerText : null,
          profiles: [...document.querySelectorAll('table.profiles tr[data-profile]')].map(r => r.dataset.profile),
          order: ['verdicts', 'failures', 'matrix', 'cases', 'suts'].map(top),
          sutsOpen: document.querySelector('#suts details').open, height: innerHeight, width: innerWidth};
})()""".replace("%(failed)s", FAILED)


def test_the_first_screen_says_per_profile_whether_it_passed_and_what_failed(failed_run: Path):
    page = failed_run / "index.html"
    with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
        look, _, png = asyncio.run(asyncio.wait_for(
            _open(page, Path(profile), expression=ON_FIRST_SCREEN, viewport=(1366, 768)), 90))
    FIRST_SCREEN.parent.mkdir(exist_ok=True)
    FIRST_SCREEN.write_bytes(png)
    assert (look["width"], look["height"]) == (1366, 768)
    assert look["coreSeen"], look            # the charge point's Core profile, on the first screen
    assert "failed" in look["core"].split("\t")[1], look["core"]   # the whole profile's verdict
    assert look["failedSeen"] and RULE in look["failedRow"], look   # and the failed case, with its rule
    # the profiles the SUT declares, in the plan's names
    declared = set(tomllib.loads((ROOT / "fixtures" / "suts" / "reference-charge-point.toml").read_text())
                   ["capabilities"]["profiles"])
    assert look["profiles"] == [p for p in PROFILES if p in declared], look["profiles"]
    assert look["order"] == sorted(look["order"]), look["order"]   # verdicts, failures, matrix, cases, SUTs
    assert not look["sutsOpen"]
    assert png.startswith(b"\x89PNG") and len(png) > 10_000


CLICKED = ROOT / "reports" / "index-html-frame-opened.png"
OPENED = """(() => {
  const frame = document.querySelector('#case-%(failed)s svg.sequence g.frame.failing');
  const full = frame.querySelector('g.full');
  const r = full.getBoundingClientRect();
  return {shown: full.checkVisibility() && r.height > 0, text: full.textContent,
          focused: document.activeElement === frame || frame.contains(document.activeElement),
          top: r.top + scrollY - 60, height: r.height + 80};
})()""".replace("%(failed)s", FAILED)


async def _click_the_failing_frame(tools: DevTools, session: str) -> None:
    """A real click (a mouse press and release where the row is), as a reader does it."""
    where = (await tools.call("Runtime.evaluate", session, returnByValue=True, expression="""(() => {
      const frame = document.querySelector('#case-%(failed)s svg.sequence g.frame.failing');
      frame.scrollIntoView({block: 'start'});
      const r = frame.querySelector('rect.hit').getBoundingClientRect();
      return {x: r.left + 40, y: r.top + r.height / 2};
    })()""".replace("%(failed)s", FAILED)))["result"]["value"]
    for kind in ("mousePressed", "mouseReleased"):
        await tools.call("Input.dispatchMouseEvent", session, type=kind, x=where["x"], y=where["y"], button="left",
                         clickCount=1)


def test_a_click_on_a_frame_shows_it_in_full(failed_run: Path):
    """No hover needed: a click (a tap) opens the whole frame under its row, and a screenshot shows it."""
    page = failed_run / "index.html"
    with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
        look, _, png = asyncio.run(asyncio.wait_for(
            _open(page, Path(profile), expression=OPENED, before=_click_the_failing_frame), 90))
    CLICKED.write_bytes(png)
    assert look["focused"] and look["shown"], look
    assert "StartTransaction" in look["text"] and "GAT_DILAV" in look["text"] and RULE in look["text"]
