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
        text = re.sub(r"(?<!\S)/\S*", " ", text)  # nor are the folders the user named
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
    argument of ``text``/``msg``/``say``/``_t``/``Message.of`` that is a literal, every string constant, and
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
            elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
                name = _callee(node.func)
                if name in ("text", "msg", "say", "said", "_t", "Message.of"):
                    called.add((name, node.args[0].value))
    return called, constants, prefixes


def _callee(func) -> str | None:
    """``text`` for ``text(...)``, ``Message.of`` for ``Message.of(...)``, else None."""
    import ast

    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return f"{func.value.id}.{func.attr}"
    return None


def _fields(entry: str) -> set[str]:
    return set(re.findall(r"\{(\w+)", entry))


def test_every_entry_has_both_languages_with_the_same_fields():
    bad = [k for k, e in MESSAGES.items() if set(e) != {"fi", "en"} or not all(e.values())
           or _fields(e["fi"]) != _fields(e["en"])]
    assert bad == []


def test_every_key_the_code_asks_for_is_in_the_catalogue():
    called, _, _ = _catalogue_uses()
    assert len(called) > 100  # the calls were found
    assert any(f == "Message.of" for f, _ in called)  # the reader's notes were found
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


def _written_texts(tree) -> list[int]:
    """Lines where a literal text (a string, an f-string or a sum of them) becomes a note or
    a warning: appended to, or listed in, a list named ``notes``, ``warned`` or ``warnings``,
    or returned by a function named ``*_warning``."""
    import ast

    def literal(node):
        return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str)) or (
            isinstance(node, ast.BinOp) and (literal(node.left) or literal(node.right)))

    lists = ("notes", "warned", "warnings")
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "append"
                and getattr(node.func.value, "id", None) in lists and node.args and literal(node.args[0])):
            found.append(node.lineno)
        elif (isinstance(node, ast.Assign) and any(getattr(t, "id", None) in lists for t in node.targets)
              and any(isinstance(n, ast.List) and any(map(literal, n.elts)) for n in ast.walk(node.value))):
            found.append(node.lineno)
        elif isinstance(node, ast.FunctionDef) and node.name.endswith("_warning"):
            found += [r.lineno for r in ast.walk(node) if isinstance(r, ast.Return) and r.value and literal(r.value)]
    return found


def test_no_note_or_warning_of_the_reader_bypasses_the_catalogue():
    import ast
    from pathlib import Path

    bypass = []
    for path in sorted((Path(__file__).resolve().parent.parent / "integraatio" / "survey").glob("*.py")):
        bypass += [(path.name, line) for line in _written_texts(ast.parse(path.read_text(encoding="utf-8")))]
    assert bypass == []
    # The check finds what it looks for.
    assert sorted(_written_texts(ast.parse('notes = []\nnotes.append(f"read {n}")\nwarned = [f"x{y}"]'))) == [2, 3]


def _multi_sheet_workbook(path):
    """The shipped survey, wide, on the second of two sheets (the first hidden), with a column
    whose header is empty: two reader notes; read with the shipped codebook, a warning too."""
    from openpyxl.utils import get_column_letter

    from integraatio.datasets import load_example
    from integraatio.survey import to_wide

    frame = to_wide(load_example()).astype(object)
    rows = frame.where(frame.notna(), None).itertuples(index=False)
    book = openpyxl.Workbook()
    book.active.title = "vanha"
    book.active.append(["ei käytössä"])
    book.active.sheet_state = "hidden"
    sheet = book.create_sheet("Q2025")
    sheet.append([*frame.columns, None])
    for row in rows:
        sheet.append([*row, 1])
    book.save(path)
    return get_column_letter(len(frame.columns) + 1)


#: The reader's notes and warning of :func:`_multi_sheet_workbook`, in each language.
READER = {
    "fi": {"notes": ["luettiin välilehti 'Q2025'; työkirjassa kaksi.xlsx on 2 välilehteä",
                     "piilotettuja välilehtiä ei luettu: 'vanha'; nimeä välilehti (--sheet), jos se pitää lukea",
                     "sarakkeella {X} ei ole otsikkoa; se luetaan nimellä 'unnamed_{X}'"],
           "warning": "kaksi.xlsx luetaan mukana toimitetun tutkimuksen koodikirjalla",
           "prefixes": ("huomautus: ", "varoitus: ")},
    "en": {"notes": ["read the sheet 'Q2025' of 2 in kaksi.xlsx",
                     "hidden sheet(s) not read: 'vanha'; name a sheet with --sheet to read it",
                     "column {X} has no header; it is read as 'unnamed_{X}'"],
           "warning": "kaksi.xlsx is read with the shipped study's codebook",
           "prefixes": ("note: ", "warning: ")},
}


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_the_readers_notes_and_warnings_are_in_the_runs_language(tmp_path, lang):
    import html
    import json

    column = _multi_sheet_workbook(tmp_path / "kaksi.xlsx")
    out = tmp_path / "run"
    r = CliRunner().invoke(app, ["run", str(tmp_path / "kaksi.xlsx"), "--out", str(out), "--lang", lang, "--seed", "1",
                                 "--no-figures", "--no-exports"])
    assert r.exit_code == 0, r.output
    expected = READER[lang]
    notes = [n.format(X=column) for n in expected["notes"]]
    note, warn = expected["prefixes"]
    console = " ".join(r.output.split())
    assert all(note + n in console for n in notes) and warn + expected["warning"] in console
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["input"]["notes"] == notes
    assert [w for w in manifest["warnings"] if w.startswith(expected["warning"])] != []
    report = html.unescape((out / "report.html").read_text(encoding="utf-8"))
    assert expected["warning"] in report
    said = [("console", line) for line in r.output.splitlines() if line.startswith(expected["prefixes"])]
    assert len(said) == len(notes) + 1 and _foreign(said + [("manifest", t) for t in manifest["warnings"] + notes], lang) == []
