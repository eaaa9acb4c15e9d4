"""``report.html``: content from the hand-made folder, and the shipped run rendered in
headless Chromium with no console error and no request leaving the file."""

import json
import os
import re
import select
import shutil
import subprocess
import time

import pytest

from integraatio.formats import read_run
from integraatio.report import render_report, write_report
from runs import LABELS, shipped_run, tiny_run

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    return shipped_run(tmp_path_factory.getbasetemp())


def test_report_shows_the_matrix_with_highlighting_n_and_suppression(tmp_path):
    html = render_report(read_run(tiny_run(tmp_path)))
    # 2.2 -> 2.10 is 150 > 140: red, with its n = 8; 2.10 -> 2.2 (n = 3) is suppressed.
    assert '<td class="hi">150<small>8</small></td>' in html
    assert '<td class="supp">..<small>3</small></td>' in html
    assert '<td class="hi">' not in html.replace('<td class="hi">150<small>8</small></td>', "")  # nothing else over 140
    assert "-20<small>9</small>" in html  # the far tail is shown as it is
    assert "1 of 6 published cells are above 140" in html and "2 cells are suppressed" in html


def test_report_reads_reliability_and_escapes_labels(tmp_path):
    html = render_report(read_run(tiny_run(tmp_path)))
    assert "Cronbach's alpha is 0.74" in html and "acceptable" in html
    # alpha without frequency (0.79) is higher than alpha (0.74): the reading says so
    assert "Without frequency alpha would rise to 0.79" in html
    assert "-Äiti &lt;i&gt;ja&lt;/i&gt; isä" in html and "<i>ja</i>" not in html
    assert LABELS["2.3"].replace('"', "&quot;") in html


def test_report_is_self_contained(shipped):
    html = (shipped / "report.html").read_text(encoding="utf-8")
    assert "<script" not in html
    # Every src and href is inline data; nothing to fetch.
    refs = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert refs and all(r.startswith("data:") for r in refs), [r[:40] for r in refs if not r.startswith("data:")]
    assert "@import" not in html and "url(" not in html
    for section in ("parameters", "reliability", "matrix", "clusters", "stability", "compare_size_class", "boundary"):
        assert f'<h2 id="{section}">' in html, section
    assert html.count("<img ") >= 5  # network, coassignment, comparison networks, boundary figures


def test_report_in_finnish(tmp_path):
    html = render_report(read_run(tiny_run(tmp_path, lang="fi")))
    assert '<html lang="fi">' in html and "Cronbachin alfa on 0,74" in html
    assert "1 solua 6:sta julkaistusta ylittää 140" in html


def test_report_same_run_same_bytes(shipped, tmp_path):
    run = read_run(shipped)
    assert write_report(run, tmp_path / "a.html").read_bytes() == (shipped / "report.html").read_bytes()
    with pytest.raises(ValueError, match=r"`threshold` must be a finite number; got 'high'"):
        render_report(run, threshold="high")


# --------------------------------------------------------------------------- headless Chromium


class DevTools:
    """The Chrome DevTools protocol over --remote-debugging-pipe: JSON messages ending in
    NUL, read from the browser's fd 4 and written to its fd 3; nothing but the stdlib."""

    def __init__(self, profile):
        to_browser, self._to = os.pipe()
        self._from, from_browser = os.pipe()

        def wire():  # in the child: our pipes become its fds 3 and 4
            os.dup2(to_browser, 3)
            os.dup2(from_browser, 4)

        flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                 f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"]
        self.proc = subprocess.Popen([CHROMIUM, *flags], pass_fds=(3, 4), preexec_fn=wire,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser)
        os.close(from_browser)
        self._buf, self._id, self.events = b"", 0, []

    def send(self, method, params=None, session=None, timeout=30.0):
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._to, json.dumps(msg).encode() + b"\0")
        reply = self.wait(lambda m: m.get("id") == self._id, timeout)
        assert "error" not in reply, reply
        return reply["result"]

    def wait(self, done, timeout=30.0):
        end = time.monotonic() + timeout
        while True:
            while b"\0" in self._buf:
                raw, self._buf = self._buf.split(b"\0", 1)
                msg = json.loads(raw)
                if "method" in msg:
                    self.events.append(msg)
                if done(msg):
                    return msg
            left = end - time.monotonic()
            if left <= 0:
                raise TimeoutError("Chromium did not answer in time")
            if select.select([self._from], [], [], left)[0]:
                chunk = os.read(self._from, 1 << 20)
                if not chunk:
                    raise RuntimeError("Chromium closed the DevTools pipe")
                self._buf += chunk

    def close(self):
        self.proc.terminate()
        self.proc.wait(timeout=20)
        os.close(self._to)
        os.close(self._from)


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed (Debian: apt-get install chromium); .ci/run installs it")
def test_report_renders_in_headless_chromium(shipped, tmp_path):
    page = shipped / "report.html"
    browser = DevTools(tmp_path / "profile")
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Runtime", "Log", "Network", "Page"):
            browser.send(f"{domain}.enable", session=session)
        browser.send("Page.navigate", {"url": page.as_uri()}, session=session)
        browser.wait(lambda m: m.get("method") == "Page.loadEventFired")
        state = browser.send("Runtime.evaluate", {"returnByValue": True, "expression": """(() => {
            const imgs = [...document.images];
            const hi = document.querySelector('table.matrix td.hi');
            return {title: document.title, h2: document.querySelectorAll('h2').length, images: imgs.length,
                    decoded: imgs.filter(i => i.complete && i.naturalWidth > 0).length,
                    matrixRows: document.querySelectorAll('table.matrix tbody tr').length,
                    red: hi ? getComputedStyle(hi).color : null,
                    width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight};
        })()"""}, session=session)["result"]["value"]
    finally:
        browser.close()
    events = browser.events
    problems = [e["params"] for e in events if e["method"] == "Runtime.exceptionThrown"
                or (e["method"] == "Runtime.consoleAPICalled" and e["params"]["type"] in ("error", "assert", "warning"))
                or (e["method"] == "Log.entryAdded" and e["params"]["entry"]["level"] in ("error", "warning"))]
    assert problems == []
    failed = [e["params"] for e in events if e["method"] == "Network.loadingFailed"]
    assert failed == []
    requested = [e["params"]["request"]["url"] for e in events if e["method"] == "Network.requestWillBeSent"]
    assert [u for u in requested if not (u == page.as_uri() or u.startswith("data:"))] == []
    assert state["title"] == "Integration need: results"
    assert state["images"] >= 5 and state["decoded"] == state["images"]  # every inline figure decodes
    assert state["matrixRows"] == 18 and state["red"] == "rgb(214, 39, 40)"  # the slides' red over 140
    assert state["h2"] >= 7 and state["height"] > 2000
