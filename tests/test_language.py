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
@pytest.mark.slow
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


def _catalogue_uses():
    """``(keys called, constants, f-string prefixes)`` of the package's source: every first
    argument of ``text``/``msg``/``say``/``_t`` that is a literal, every string constant, and
    every f-string's literal start (``f"by.{by}"`` uses every ``by.`` key)."""
    import ast
    from pathlib import Path

    called, constants, prefixes = set(), set(), set()
    for path in sorted((Path(__file__).resolve().parent.parent / "integraatio").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        entries = {id(k) for node in ast.walk(tree) if isinstance(node, ast.Dict) and path.name == "messages.py"
                   for k in node.keys}  # the catalogue's own keys are no use of them
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in entries:
                constants.add(node.value)
            elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                prefixes.add(node.values[0].value)
            elif (isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("text", "msg", "say", "_t")
                  and node.args and isinstance(node.args[0], ast.Constant)):
                called.add((node.func.id, node.args[0].value))
    return called, constants, prefixes


def _fields(entry: str) -> set[str]:
    return set(re.findall(r"\{(\w+)", entry))


def test_every_entry_has_both_languages_with_the_same_fields():
    bad = [k for k, e in MESSAGES.items() if set(e) != {"fi", "en"} or not all(e.values())
           or _fields(e["fi"]) != _fields(e["en"])]
    assert bad == []


def test_every_key_the_code_asks_for_is_in_the_catalogue():
    called, _, _ = _catalogue_uses()
    assert len(called) > 100  # the calls were found
    missing = [(f, k) for f, k in called
               if (f"report.{k}" not in MESSAGES and f"head.{k}" not in MESSAGES if f == "_t" else k not in MESSAGES)]
    assert missing == []


def test_every_entry_of_the_catalogue_is_used():
    called, constants, prefixes = _catalogue_uses()
    report = {f"{p}.{k}" for f, k in called if f == "_t" for p in ("report", "head")}
    unused = [k for k in MESSAGES
              if k not in constants and k not in report and not any(p and k.startswith(p) for p in prefixes)]
    assert unused == []


#: Texts that read alike in both languages under two keys, because they name two things.
ALIKE = [
    {"by.municipality", "organiser.municipality", "note.unit.municipality"},  # a column, an organiser, a test's unit
    {"item.reciprocity", "measure.reciprocity"},  # an item, and the measure of that item alone (need: "need" / "need for cooperation")
    {"head.links", "head.ties"},  # two columns: a node's ties in clusters.csv, an organiser pair's ties
    {"report.clusters", "sheet.clusters"},  # the report's section and the workbook's sheet of clusters.csv
]


def test_one_key_per_concept():
    by_text = {}
    for key, entry in MESSAGES.items():
        by_text.setdefault((entry["fi"], entry["en"]), set()).add(key)
    twins = [keys for keys in by_text.values() if len(keys) > 1]
    assert sorted(map(sorted, twins)) == sorted(map(sorted, ALIKE))
