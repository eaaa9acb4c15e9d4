"""One language at a time: everything a person reads in a ``--lang fi`` run is Finnish and
in a ``--lang en`` run English, checked against the catalogue's own words."""

import re
from html.parser import HTMLParser
from xml.etree import ElementTree

import openpyxl
import pytest
from typer.testing import CliRunner

from integraatio.cli import app
from integraatio.codebook import load_codebook
from integraatio.messages import MESSAGES, words

MUNICIPALITIES = sorted(load_codebook().municipalities, key=len, reverse=True)
ARGS = ["--seed", "1", "--bootstrap", "5", "--compare-by", "size_class", "--view", "2.2"]


class _Text(HTMLParser):
    """Text nodes of a page, outside the settings appendix, scripts and styles."""

    SKIP = ("script", "style")

    def __init__(self):
        super().__init__()
        self.depth, self.parts, self.stack = 0, [], []

    def handle_starttag(self, tag, attrs):
        klass = dict(attrs).get("class") or ""
        skip = tag in self.SKIP or "appendix" in klass.split()
        self.stack.append((tag, skip))
        self.depth += skip

    def handle_endtag(self, tag):
        while self.stack:
            name, skip = self.stack.pop()
            self.depth -= skip
            if name == tag:
                break

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


def _run(tmp_path_factory, lang):
    out = tmp_path_factory.mktemp(f"lang_{lang}") / "run"
    result = CliRunner().invoke(app, ["run", "--out", str(out), "--lang", lang, *ARGS])
    assert result.exit_code == 0, result.output
    return out, result.output


def _readable(out, console):
    """Every text a person reads: (where, text) pairs."""
    texts = [("console", line) for line in console.splitlines() if line.strip()]
    page = _Text()
    page.feed((out / "report.html").read_text(encoding="utf-8"))
    texts += [("report.html", t) for t in page.parts if t.strip()]
    for svg in sorted(out.glob("*.svg")):
        root = ElementTree.parse(svg).getroot()
        texts += [(svg.name, "".join(el.itertext())) for el in root.iter("{http://www.w3.org/2000/svg}text")]
    book = openpyxl.load_workbook(out / "results.xlsx")
    texts += [("results.xlsx sheet", name) for name in book.sheetnames]
    texts += [(f"results.xlsx {ws.title}", str(c.value)) for ws in book for c in ws[1] if isinstance(c.value, str)]
    return texts


def _foreign(texts, lang):
    banned = words("en" if lang == "fi" else "fi")
    found = []
    for where, text in texts:
        text = re.sub(r"\S+\.(csv|xlsx|json|html|png|svg|pdf)\b", " ", text)  # file names are not prose
        for name in MUNICIPALITIES:  # names of places are the same in every language
            text = text.replace(name, " ")
        hits = {w.lower() for w in re.findall(r"[^\W\d_]{4,}", text)} & banned
        if hits:
            found.append((where, sorted(hits), text[:80]))
    return found


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_a_run_reads_in_one_language(tmp_path_factory, lang):
    out, console = _run(tmp_path_factory, lang)
    texts = _readable(out, console)
    kinds = {where.split(" ")[0] for where, _ in texts}
    assert {"console", "report.html", "network.svg", "matrix_heatmap.svg", "results.xlsx"} <= kinds  # all were read
    assert _foreign(texts, lang) == []


def test_the_word_lists_are_the_catalogues():
    # Both languages have every entry, and each list is large enough to mean something.
    assert all(set(entry) == {"fi", "en"} for entry in MESSAGES.values())
    en, fi = words("en"), words("fi")
    assert {"network", "boundary", "cluster", "reading", "response"} <= en and not en & fi
    assert {"verkosto", "klusteri", "tulkinta", "vastausaste"} <= fi
