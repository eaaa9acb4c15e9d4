"""``report.html``: content from the hand-made folder, and the shipped run rendered in
headless Chromium with no console error and no request leaving the file."""

import hashlib
import json
import os
import re
import select
import shutil
import subprocess
import time

import pytest

from integraatio.folder import read_run
from integraatio.report import render_report, write_report
from runs import LABELS, shipped_run, tiny_run

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    return shipped_run(tmp_path_factory.getbasetemp())


def test_report_shows_the_matrix_with_highlighting_n_and_suppression(tmp_path):
    html = render_report(read_run(tiny_run(tmp_path)))
    # 2.2 -> 2.10 is 150 > 140: red, with its n = 8; 2.10 -> 2.2 (n = 3) is suppressed.
    # Heat shades: floor((mean - 40) / 12) clipped to 0..9; 150 -> floor(9.17) = 9.
    assert '<td class="hi h9">150<small>8</small></td>' in html
    assert '<td class="supp">..<small>3</small></td>' in html
    assert '<td class="hi' not in html.replace('<td class="hi h9">150<small>8</small></td>', "")  # nothing else over 140
    # The far tail is shown as it is, in the lowest shade (-20 < 40); 130 -> floor(7.5) = 7.
    assert '<td class="h0">-20<small>9</small></td>' in html
    assert '<td class="h7">130<small>6</small></td>' in html
    assert "1 of 6 published cells are above 140" in html and "2 cells are suppressed" in html


def test_report_reads_reliability_and_escapes_labels(tmp_path):
    html = render_report(read_run(tiny_run(tmp_path)))
    assert "Cronbach's alpha is 0.74" in html and "acceptable" in html
    # alpha without frequency (0.79) is higher than alpha (0.74): the reading says so
    assert "Without frequency alpha would rise to 0.79" in html
    assert "-Äiti &lt;i&gt;ja&lt;/i&gt; isä" in html and "<i>ja</i>" not in html
    assert LABELS["2.3"].replace('"', "&quot;") in html


@pytest.mark.slow
def test_report_is_self_contained(shipped):
    html = (shipped / "report.html").read_text(encoding="utf-8")
    # One inline script (the network explorer); nothing that could load or send anything.
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert len(scripts) == 1 and scripts[0][0] == ""
    assert not re.search(r"fetch\(|XMLHttpRequest|import\(|WebSocket|sendBeacon|\.src\s*=|https?:", scripts[0][1])
    # Every src and href is inline data or a place in the page; nothing to fetch.
    refs = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert refs and all(r.startswith(("data:", "#")) for r in refs), [r[:40] for r in refs if not r.startswith(("data:", "#"))]
    assert all(f'id="{r[1:]}"' in html for r in refs if r.startswith("#"))
    assert "@import" not in html and "url(" not in html
    for section in ("parameters", "reliability", "matrix", "clusters", "stability", "compare_size_class", "boundary"):
        assert f'<h2 id="{section}">' in html, section
    assert html.count("<img ") >= 5  # network, coassignment, comparison networks, boundary figures
    # Each figure once, and every boundary scenario's network: scenarios whose boundaries
    # are the same (here the clusters' and the optimal one) share one figure and caption.
    images = re.findall(r'<img src="([^"]+)"', html)
    assert len(images) == len(set(images))
    drawn = {p.read_bytes() for p in shipped.glob("boundary_network_*.svg")}
    captions = re.findall(r'alt="Network and boundary: ([^"]+)"', html)
    assert len(drawn) == 2 and len(captions) == len(drawn)
    assert sorted(captions) == ["by clusters = optimal", "legislated"]
    # Settings are a folded appendix at the end, after every result.
    assert re.search(r'<details class="appendix"><summary><h2 id="parameters">', html)
    assert html.index('id="parameters"') > html.index('id="boundary"')


def test_report_marks_a_thin_groups_bridging_and_stability_as_not_interpretable(tmp_path):
    # In the hand-made folder every cell of 2.10's own row is suppressed (2.10 -> 2.2, n = 3
    # < min_n = 5): its participation 0.25 rests on the others' ratings alone. It is marked
    # in the table, named in the note, and no longer the second bridge after 2.2 (0.50).
    html = render_report(read_run(tiny_run(tmp_path / "run")))
    row = re.search(r"<tr><td>2\.10</td>.*?</tr>", html).group(0)
    assert "0.25†" in row
    assert re.search(r"† The own ratings of 2\.10 are not published \(fewer than 5 respondents\)", html)
    reading = re.search(r"The strongest bridges between clusters are (.*?) \(participation", html).group(1)
    assert reading == "2.2 (0.50)"


def _response(folder):
    # Two municipalities and the total row; rates worked out by hand: 4/10, 5/20, 9/30.
    path = folder / "response.csv"
    path.write_text("municipality,size_class,invited,respondents,rate\n"
                    "Aa,large,10,4,0.4\nBb,other,20,5,0.25\ntotal,,30,9,0.3\n", encoding="utf-8")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    data = path.read_bytes()
    manifest["files"].append({"name": "response.csv", "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()})
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def test_report_shows_the_response(tmp_path):
    html = render_report(read_run(_response(tiny_run(tmp_path))))
    assert '<h2 id="response">Response</h2>' in html
    assert "30 invited, 9 answered: a response rate of 30.0%." in html
    assert "The lowest rate is in Bb / other (25.0%), the highest in Aa / large (40.0%)." in html
    assert "<td><b>Total</b></td>" in html and "<td>Aa</td><td>large</td>" in html
    fi = render_report(read_run(_response(tiny_run(tmp_path / "fi", lang="fi"))))
    assert "Kutsuttuja 30, vastanneita 9: vastausaste 30,0\u00a0%." in fi
    assert render_report(read_run(tiny_run(tmp_path / "none"))).count('id="response"') == 0


def test_report_in_finnish(tmp_path):
    html = render_report(read_run(tiny_run(tmp_path, lang="fi")))
    assert '<html lang="fi">' in html and "Cronbachin alfa on 0,74" in html
    assert "1 solua 6:sta julkaistusta ylittää 140" in html
    assert "<h1>Integraatiotarve: tulokset</h1>" in html and "Liite: ajon asetukset" in html


@pytest.mark.slow
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
@pytest.mark.slow
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


def _open(browser, page):
    target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Runtime", "Network", "Page"):
        browser.send(f"{domain}.enable", session=session)
    browser.send("Page.navigate", {"url": page.as_uri()}, session=session)
    browser.wait(lambda m: m.get("method") == "Page.loadEventFired")
    return session


def _js(browser, session, expression):
    return browser.send("Runtime.evaluate", {"returnByValue": True, "expression": expression}, session=session)["result"]["value"]


# A4 landscape less the report's 10 mm margins: 277 mm of CSS pixels (96 per inch).
A4_WIDTH_PX = 277 / 25.4 * 96


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed (Debian: apt-get install chromium); .ci/run installs it")
@pytest.mark.slow
def test_report_prints_the_whole_matrix_on_a4_landscape(shipped, tmp_path):
    browser = DevTools(tmp_path / "profile")
    try:
        session = _open(browser, shipped / "report.html")
        pdf = browser.send("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True}, session=session)
        # Lay the page out as print does, at the printable width of the page.
        browser.send("Emulation.setEmulatedMedia", {"media": "print"}, session=session)
        browser.send("Emulation.setDeviceMetricsOverride", {"width": int(A4_WIDTH_PX), "height": 740, "deviceScaleFactor": 1,
                                                            "mobile": False}, session=session)
        layout = _js(browser, session, """(() => {
            const right = (el) => el.getBoundingClientRect().right;
            const tables = [...document.querySelectorAll('table')].filter(t => t.offsetParent !== null);
            const head = [...document.querySelectorAll('table.matrix thead th')];
            return {matrixRight: right(document.querySelector('table.matrix')), lastHead: head[head.length - 1].textContent,
                    lastRight: right(head[head.length - 1]), widest: Math.max(...tables.map(right)),
                    page: document.documentElement.scrollWidth,
                    explorer: getComputedStyle(document.getElementById('explorer')).display,
                    still: [...document.querySelectorAll('figure.print-only')].map(f => getComputedStyle(f).display)};
        })()""")
    finally:
        browser.close()
    import base64

    data = base64.b64decode(pdf["data"])
    assert data.startswith(b"%PDF") and b"/MediaBox [0 0 841.9" in data  # A4 landscape: 297 mm = 841.9 pt wide
    assert layout["lastHead"] == "2.21"
    assert layout["lastRight"] <= A4_WIDTH_PX and layout["matrixRight"] <= A4_WIDTH_PX  # every column on the page
    assert layout["widest"] <= A4_WIDTH_PX and layout["page"] <= int(A4_WIDTH_PX) + 1  # and every other table too
    assert layout["explorer"] == "none" and layout["still"] == ["block"]  # the static network prints instead


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed (Debian: apt-get install chromium); .ci/run installs it")
@pytest.mark.slow
def test_report_network_explorer_hover_zoom_and_slider(shipped, tmp_path):
    from integraatio.codebook import load_codebook

    run = read_run(shipped)
    label = load_codebook().label("2.3", "en")
    weights = sorted(w for _, _, w in run.graph.edges(data="weight"))
    cut = int(weights[len(weights) // 2])  # a whole number: on the slider's grid of 10^k steps
    browser = DevTools(tmp_path / "profile")
    try:
        session = _open(browser, shipped / "report.html")
        box = _js(browser, session, """(() => {
            const c = document.querySelector('g.node[data-code="2.3"] circle');
            c.scrollIntoView({block: 'center'});
            const r = c.getBoundingClientRect();
            return {x: r.left + r.width / 2, y: r.top + r.height / 2};
        })()""")
        browser.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": box["x"], "y": box["y"]}, session=session)
        tip = _js(browser, session, "({text: document.getElementById('tip').textContent, hidden: document.getElementById('tip').hidden})")
        view = _js(browser, session, "document.getElementById('network-svg').getAttribute('viewBox')")
        _js(browser, session, "document.querySelector('button[data-zoom=\"1.25\"]').click() ?? true")
        zoomed = _js(browser, session, "document.getElementById('network-svg').getAttribute('viewBox')")
        hidden = _js(browser, session, f"""(() => {{
            const s = document.getElementById('min-tie'); s.value = {cut}; s.dispatchEvent(new Event('input'));
            return [...document.querySelectorAll('g.tie')].filter(g => g.style.display === 'none').length;
        }})()""")
    finally:
        browser.close()
    assert not tip["hidden"] and tip["text"].startswith(f"2.3 {label} | Cluster: ") and "| Strength: " in tip["text"]
    assert view == "0 0 1000 680" and zoomed == "100 68 800 544"  # 1.25x about the centre: 1000 / 1.25 = 800
    assert hidden == sum(w < cut for w in weights)
    requested = [e["params"]["request"]["url"] for e in browser.events if e["method"] == "Network.requestWillBeSent"]
    assert [u for u in requested if u != (shipped / "report.html").as_uri() and not u.startswith("data:")] == []


def test_report_leads_with_a_summary_of_its_findings(shipped, tmp_path):
    html = (shipped / "report.html").read_text(encoding="utf-8")
    sections = re.findall(r'<h2 id="([^"]+)"', html)
    assert sections[:4] == ["summary", "clusters", "stability", "boundary"]  # findings first, details after
    summary = html[html.index('<section class="summary">'):html.index("</section>")]
    assert "The data are synthetic" in summary  # the shipped survey
    assert re.search(r"The task groups fall into 2 clusters: <b>[^<]+</b> \(\d+ groups\) and <b>[^<]+</b> \(\d+ groups\)\.",
                     summary)
    assert "The legislated boundary cuts" in summary and "Comparison by municipality size" in summary
    assert summary.count("How sure: ") == 3  # each finding says how sure it is
    # Another survey gets no notice.
    assert "The data are synthetic" not in render_report(read_run(tiny_run(tmp_path / "run")))


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed (Debian: apt-get install chromium); .ci/run installs it")
@pytest.mark.slow
def test_report_prints_no_table_reading_or_summary_across_a_page_break(shipped, tmp_path):
    # Laid out as print does at A4 landscape's printable width: every table, reading and
    # the summary that fits on a page (190 mm high) is kept whole (break-inside: avoid),
    # the matrix among them, and headings stay with what follows.
    browser = DevTools(tmp_path / "profile")
    try:
        session = _open(browser, shipped / "report.html")
        browser.send("Emulation.setEmulatedMedia", {"media": "print"}, session=session)
        browser.send("Emulation.setDeviceMetricsOverride", {"width": int(A4_WIDTH_PX), "height": 740, "deviceScaleFactor": 1,
                                                            "mobile": False}, session=session)
        found = _js(browser, session, """(() => {
            const page = 190 / 25.4 * 96;
            const blocks = [...document.querySelectorAll('table, .reading, section.summary')].filter(e => e.offsetParent !== null);
            return {n: blocks.length,
                    split: blocks.filter(e => e.getBoundingClientRect().height <= page && getComputedStyle(e).breakInside !== 'avoid')
                                 .map(e => e.className || e.tagName),
                    matrix: document.querySelector('table.matrix').getBoundingClientRect().height / page,
                    heads: [...document.querySelectorAll('h2, h3')].filter(e => getComputedStyle(e).breakAfter !== 'avoid').length};
        })()""")
    finally:
        browser.close()
    assert found["n"] >= 10 and found["split"] == [] and found["heads"] == 0
    assert found["matrix"] < 1  # the whole matrix fits on one page, so it is never split
