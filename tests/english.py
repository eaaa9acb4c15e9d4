"""A dictionary of common English words, and the reader that collects every text a person
reads in an output folder (test helper, not a test module).

The catalogue's own test (tests/test_language.py) can only ban words the catalogue uses:
a text that never went through it (a scenario description from a TOML file, an organiser
id in a workbook cell, a ``False`` in a table) would pass it. This list is independent of
the catalogue: everyday English words, so that any English sentence has some of them.
"""

import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

#: Everyday English words of three or more letters (function words, and the nouns, verbs
#: and adjectives that a results text, a figure or a questionnaire would use). Words that
#: are also Finnish words ("tie", "ole", "all", "on", "me") are left out.
COMMON = """
about above across after again against along also although among and another any are area areas around
as at away back based because been before being below best better between both boundary bridge bridges but
by can cannot care case cell cells change changed child children choose cluster clusters codebook
column columns compare compared comparison could county cuts data day days description did differ
difference different does done down each either else employment enough even every exhaustive
exactly false family few figure file files find first for found free from full give given good great
group groups had has have health help her here high higher his how however its just key large
largest last least legislated less level like likely list little local long low lower made main make
many may mean means measure might more most much must near need needs network never new next none not
note number numbers often old one only optimal organiser organisers other others our out over own part
people per place plan point points print rate rating ratings read reading really reciprocity respondent
respondents response result results right same scale scenario scenarios see services set shall share
shares should show shown since size small smaller some stability stable still such summary survey
table take task than that the their them then there these they this those three through thus time
times to too total true two under unknown until upper use used very was way weight well were what when where
whether which while who whole why will with within without would yes you your frequency municipality
municipalities wellbeing cooperation mutual often never always sometimes daily weekly monthly yearly
rarely question questions answer answers choose rated rates synthetic tested significant interval warning
warnings error errors problem problems wrote written file missing expected found row rows value values
text numeric item whole empty already repeated header hidden merged outside declared differs code codes
delete rename correct check write fill
""".split()


def dictionary(*, allowed=()) -> set[str]:
    """:data:`COMMON` less the words in ``allowed`` (names a run may show in any language)."""
    return {w for w in COMMON if len(w) >= 3} - {w.lower() for w in allowed}


class _Text(HTMLParser):
    """Text nodes of a page, and the alt/title/aria-label texts, without scripts, styles
    and the settings appendix (option names and values as they are typed to rerun)."""

    def __init__(self):
        super().__init__()
        self.stack, self.parts = [], []

    def handle_starttag(self, tag, attrs):
        skip = tag in ("script", "style") or "appendix" in (dict(attrs).get("class") or "").split()
        self.stack.append((tag, skip))
        if not any(s for _, s in self.stack):
            self.parts += [v for k, v in attrs if k in ("alt", "title", "aria-label", "data-tip") and v]

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    @property
    def skip(self):
        return any(s for _, s in self.stack)

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def _html(path: Path) -> list[str]:
    page = _Text()
    page.feed(path.read_text(encoding="utf-8"))
    return page.parts


def _svg(path: Path) -> list[str]:
    root = ElementTree.parse(path).getroot()
    return ["".join(el.itertext()) for el in root.iter("{http://www.w3.org/2000/svg}text")]


def _xlsx(path: Path, *, settings: str) -> list[str]:
    """Every string of the workbook, unzipped (sheet names, and every string cell, shared or
    inline), except on the sheet named ``settings`` (option names and values, as typed)."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    with zipfile.ZipFile(path) as book:
        sheets = ElementTree.fromstring(book.read("xl/workbook.xml")).findall(".//m:sheet", ns)
        targets = {r.get("Id"): r.get("Target") for r in ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))}
        shared = []
        if "xl/sharedStrings.xml" in book.namelist():
            shared = ["".join(si.itertext()) for si in ElementTree.fromstring(book.read("xl/sharedStrings.xml")).findall("m:si", ns)]
        texts = [s.get("name") for s in sheets]
        for sheet in sheets:
            if sheet.get("name") == settings:
                continue
            root = ElementTree.fromstring(book.read("xl/" + targets[sheet.get(rel)].lstrip("/").removeprefix("xl/")))
            for c in root.iter(f"{{{ns['m']}}}c"):
                if c.get("t") == "s":
                    texts.append(shared[int(c.find("m:v", ns).text)])
                elif c.get("t") in ("inlineStr", "str"):
                    texts.append("".join(c.itertext()))
    return texts


def _limesurvey(path: Path) -> list[str]:
    """The respondent's texts of a LimeSurvey structure file: its ``text`` and ``help`` columns."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    head = lines[0].split("\t")
    at = [head.index("text"), head.index("help")]
    return [cells[i] for cells in (line.split("\t") for line in lines[1:]) for i in at if i < len(cells)]


def _manifest(path: Path) -> list[str]:
    """The texts of a manifest that a person reads: its warnings and the reader's notes."""
    import json

    m = json.loads(path.read_text(encoding="utf-8"))
    return [*m.get("warnings", []), *m.get("input", {}).get("notes", [])]


#: How each kind of output file is read. Machine-readable files (the contract's CSV and
#: JSON tables, network formats, TOML) have English column names and ids by contract: only
#: the manifest's warnings are prose in them.
READERS = {".html": _html, ".svg": _svg}


def readable(folder: Path, *, settings: str = "") -> list[tuple[str, str]]:
    """(file, text) for every text a person reads in ``folder``; every file is looked at,
    and the ones with nothing to read are listed with an empty text. ``settings`` names
    the workbook's sheet of settings, which is not read."""
    texts = []
    for path in sorted(folder.iterdir()):
        if path.suffix in READERS:
            texts += [(path.name, t) for t in READERS[path.suffix](path)]
        elif path.suffix == ".xlsx":
            texts += [(path.name, t) for t in _xlsx(path, settings=settings)]
        elif path.name == "manifest.json":
            texts += [(path.name, t) for t in _manifest(path)]
        elif path.name == "limesurvey_structure.txt":
            texts += [(path.name, t) for t in _limesurvey(path)]
        else:
            texts.append((path.name, ""))
    return texts


#: Tokens that are not prose: question codes "(OWN)", paths, file names, option names, ids, [tables].
NOT_PROSE = re.compile(r"\([A-Z][A-Z0-9]*\)|\S*/\S*|\S+\.(csv|xlsx|json|html|png|svg|pdf|toml|txt)\b|--[\w-]+|\b\w+_\w+\b|\[\w+\]")


def english(texts, words: set[str], *, names=()) -> list[tuple[str, list[str], str]]:
    """(where, English words found, the text) for every text with a word of ``words``;
    ``names`` (places, codebook labels) are removed first."""
    found = []
    for where, text in texts:
        shown = NOT_PROSE.sub(" ", text)
        for name in names:
            shown = shown.replace(name, " ")
        hits = {w.lower() for w in re.findall(r"[^\W\d_]{3,}", shown)} & words
        if hits:
            found.append((where, sorted(hits), text[:100]))
    return found
