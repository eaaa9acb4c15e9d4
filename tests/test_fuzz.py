"""Property-based and fuzz tests of the readers (hypothesis).

Random valid surveys are written in every supported layout (canonical long and wide, the
LimeSurvey, Qualtrics and Webropol-style presets, SPSS) and encoding, and must read back to
the same long table; random corruptions must end in an InputFileError or a
DataValidationError with a message, never another exception. ``make test`` runs the
``ci`` profile (few examples, derandomised, so CI is repeatable); ``make fuzz`` runs the
``fuzz`` profile (random, many examples: about 10 minutes).
"""

import os
import re
import tempfile
import unicodedata
from pathlib import Path

import layouts
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from integraatio.codebook import load_codebook
from integraatio.datasets import codebook_path
from integraatio.exceptions import DataValidationError, InputFileError
from integraatio.survey import read_survey
from integraatio.survey.spec import normalise

COMMON = dict(deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True)
settings.register_profile("ci", max_examples=25, derandomize=True, **COMMON)
settings.register_profile("fuzz", max_examples=int(os.environ.get("FUZZ_EXAMPLES", "4500")), **COMMON)
# Applied per test, not loaded globally, so that other test modules keep their own settings.
PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

CB = load_codebook()
ITEMS = layouts.ITEMS
NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)")  # what the reader takes for a number


def long_xlsx(long, path, codebook):
    layouts.write_xlsx(long, path)
    return ""


# name -> (writer, suffix, text file?)
LAYOUTS = {
    "long-csv": (layouts.long_text, ".csv", True),
    "long-xlsx": (long_xlsx, ".xlsx", False),
    "wide-csv": (layouts.wide_text, ".csv", True),
    "wide-xlsx": (layouts.wide_text, ".xlsx", False),
    "limesurvey": (layouts.limesurvey, ".csv", True),
    "qualtrics": (layouts.qualtrics, ".csv", True),
    "webropol": (layouts.webropol, ".xlsx", False),
    "spss": (layouts.spss, ".sav", False),
}
HEADER_ROWS = {"qualtrics": 3}


CATEGORIES = ("L", "N", "P", "S", "Zs")
CP1252 = [
    c for c in bytes([*range(0x20, 0x7F), *range(0xC0, 0x100)]).decode("cp1252")
    if unicodedata.category(c)[0] in "LNPS" or unicodedata.category(c) == "Zs"
]


def texts(codec: str):
    """Non-empty text without surrounding space (the reader strips it) or control characters.

    cp1252 text leaves out the characters whose byte is a UTF-8 continuation byte (0x80 to
    0xBF: quotes, dashes, ¡ to ¿): with them a cp1252 text can also be valid UTF-8 ("Â¡" is
    "¡"), which no reader can tell apart and which the reader takes as UTF-8. Finnish text
    (ä, ö, å, é) is all above 0xBF.
    """
    chars = st.characters(codec=codec, categories=CATEGORIES)
    if codec == "cp1252":
        chars = st.sampled_from(CP1252)
    return st.text(chars, min_size=1, max_size=10).map(str.strip).filter(bool)


@st.composite
def surveys(draw, *, codec: str = "utf-8", grid: bool = True) -> pd.DataFrame:
    """A valid survey as text; ``grid``: every respondent rates the same targets (wide layouts)."""
    text = texts(codec)
    n = draw(st.integers(1, 4))
    ids = draw(st.lists(text, min_size=n, max_size=n, unique=True))
    targets = st.lists(st.sampled_from(CB.codes), min_size=1, max_size=4, unique=True)
    shared = draw(targets)
    rows = []
    for rid in ids:
        background = {
            "respondent_id": rid,
            "municipality": draw(st.sampled_from(sorted(CB.municipalities)) | text),
            "own_group": draw(st.sampled_from(CB.responding_codes)),
            "subgroup": draw(st.just("") | text),
        }
        for target in shared if grid else draw(targets):
            answers = {item: draw(st.sampled_from(["", "1", "2", "3", "4", "5", "6"])) for item in ITEMS}
            rows.append({**background, "target_group": target, **answers})
    return pd.DataFrame(rows)


def expected(long: pd.DataFrame, *, grid: bool) -> list[tuple]:
    """The long table the reader must give, worked out from the survey directly."""
    first = {rid: i for i, rid in enumerate(dict.fromkeys(long["respondent_id"]))}
    rows = long.to_dict("records")
    if grid:  # one wide row per respondent, targets in code order
        rows.sort(key=lambda r: (first[r["respondent_id"]], CB.codes.index(r["target_group"])))
    return [
        (
            f"R{first[r['respondent_id']] + 1:04d}",
            r["municipality"],
            CB.municipalities.get(r["municipality"]),
            r["own_group"],
            r["subgroup"] or None,
            r["target_group"],
            *(int(r[i]) if r[i] not in ("", "6") else None for i in ITEMS),
        )
        for r in rows
    ]


def got(data: pd.DataFrame) -> list[tuple]:
    columns = ["respondent_id", "municipality", "size_class", "own_group", "subgroup", "target_group", *ITEMS]
    frame = data[columns].astype(object)
    return [tuple(None if pd.isna(v) else v for v in row) for row in frame.itertuples(index=False)]


def write(draw, folder: Path, *, layouts_allowed=tuple(LAYOUTS), survey=None):
    """Draw a layout (and encoding, delimiter), write a drawn survey; the file, codebook, survey."""
    name = draw(st.sampled_from(layouts_allowed))
    writer, suffix, is_text = LAYOUTS[name]
    options = {}
    if is_text:
        options = {
            "encoding": draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"])),
            "delimiter": draw(st.sampled_from([",", ";", "\t"])),
        }
        if name == "long-csv":
            options["decimal_comma"] = draw(st.booleans())
    codec = "cp1252" if options.get("encoding") == "cp1252" else "utf-8"
    long = draw(surveys(codec=codec, grid=not name.startswith("long"))) if survey is None else survey
    path = folder / f"survey{suffix}"
    table = writer(long, path, CB, **options)
    codebook = folder / "codebook.toml"
    codebook.write_text(codebook_path().read_text(encoding="utf-8") + table, encoding="utf-8")
    return name, path, load_codebook(codebook), long, options


@PROFILE
@given(st.data())
@pytest.mark.slow
def test_valid_surveys_read_back_in_every_layout_and_encoding(data):
    with tempfile.TemporaryDirectory() as folder:
        name, path, codebook, long, options = write(data.draw, Path(folder))
        survey = read_survey(path, codebook=codebook)
        path_bytes = path.read_bytes()
    assert got(survey.data) == expected(long, grid=not name.startswith("long"))
    # A cp1252 file that is plain ASCII is UTF-8 as well, and read as such.
    encoding = options.get("encoding")
    if encoding == "cp1252" and path_bytes.isascii():
        encoding = "utf-8"
    assert survey.encoding == encoding
    assert survey.cells_read == survey.cells_used + len(survey.exclusions)


def corrupt(draw, raw: bytes, options: dict) -> bytes:
    """One random corruption of a file's bytes: cut, flip, insert, delete, header, encoding."""
    kinds = ["truncate", "flip", "insert", "delete"] + (["header", "encoding"] if options else [])
    kind = draw(st.sampled_from(kinds))
    # Positions drawn independently of the length: a workbook's length varies by a byte
    # between writes (its timestamp compresses differently), and draws must not depend on it.
    at = draw(st.integers(0, 2**20)) % max(len(raw), 1)
    if kind == "truncate":
        return raw[:at]
    if kind == "flip":
        return raw[:at] + bytes([raw[at] ^ draw(st.integers(1, 255))]) + raw[at + 1 :]
    if kind == "insert":
        return raw[:at] + draw(st.binary(min_size=1, max_size=8)) + raw[at:]
    if kind == "delete":
        return raw[:at] + raw[at + draw(st.integers(1, 16)) :]
    content = raw.decode(options["encoding"])
    if kind == "header":
        line, _, rest = content.partition("\n")
        fields = line.split(options["delimiter"])
        fields[draw(st.integers(0, len(fields) - 1))] = draw(st.text(max_size=12))
        content = options["delimiter"].join(fields) + "\n" + rest
        return content.encode(options["encoding"], errors="replace")
    return content.encode(draw(st.sampled_from(["utf-16", "utf-32", "latin-1", "ascii"])), errors="replace")


@PROFILE
@given(st.data())
@pytest.mark.slow
def test_corrupted_files_raise_only_our_errors(data):
    with tempfile.TemporaryDirectory() as folder:
        name, path, codebook, _, options = write(data.draw, Path(folder))
        path.write_bytes(corrupt(data.draw, path.read_bytes(), options))
        try:
            read_survey(path, codebook=codebook)  # a corruption may leave a valid file
        except (InputFileError, DataValidationError) as error:
            assert str(error).strip()


# How each layout writes an item cell, and names its column.
SHOWN = {"limesurvey": lambda v: "A" + v}
COLUMN = {
    "long-csv": lambda t, item: item,
    "long-xlsx": lambda t, item: item,
    "wide-csv": lambda t, item: f"{t}.{ITEMS.index(item) + 1}",
    "wide-xlsx": lambda t, item: f"{t}.{ITEMS.index(item) + 1}",
    "limesurvey": lambda t, item: f"{('FREQ', 'RECIP', 'NEED')[ITEMS.index(item)]}[T{CB.codes.index(t) + 1:02d}]",
    "qualtrics": lambda t, item: f"Q{7 + ITEMS.index(item)}_{CB.codes.index(t) + 1}",
    "webropol": lambda t, item: f"{layouts.QUESTIONS[item]} - {CB.label(t, 'fi')}",
}
MAPPED = {normalise(t) for t in [*layouts.VALUES, layouts.CANT_SAY]} | {f"a{k}" for k in range(1, 7)}


@PROFILE
@given(st.data())
@pytest.mark.slow
def test_text_in_an_item_cell_is_an_error_naming_row_column_and_value(data):
    name = data.draw(st.sampled_from(sorted(COLUMN)))
    long = data.draw(surveys(codec="cp1252", grid=not name.startswith("long")))
    i = data.draw(st.integers(0, len(long) - 1))
    item = data.draw(st.sampled_from(ITEMS))
    bad = data.draw(texts("cp1252").filter(lambda t: not NUMBER.fullmatch(t) and normalise(t) not in MAPPED))
    long.loc[i, item] = bad
    with tempfile.TemporaryDirectory() as folder:
        _, path, codebook, _, options = write(data.draw, Path(folder), layouts_allowed=(name,), survey=long)
        with pytest.raises(DataValidationError) as caught:
            read_survey(path, codebook=codebook)
    if name.startswith("long"):
        row = i + 2
    else:
        row = list(dict.fromkeys(long["respondent_id"])).index(long.loc[i, "respondent_id"]) + HEADER_ROWS.get(name, 1) + 1
    shown = bad + ",0" if options.get("decimal_comma") else SHOWN.get(name, str)(bad)
    cell = [row, COLUMN[name](long.loc[i, "target_group"], item), shown]
    assert cell in caught.value.report[["row", "column", "value"]].values.tolist()


def _last_delimiter(body: bytes, start: int, delimiter: str) -> int:
    """Position of the last delimiter of the line from ``start`` that is not inside quotes."""
    inside, last = False, start
    for k in range(start, len(body)):
        if body[k] == ord('"'):
            inside = not inside
        elif body[k] == ord(delimiter) and not inside:
            last = k
    return last


@PROFILE
@given(st.data())
def test_a_text_file_cut_inside_its_last_row_is_an_error(data):
    # Cut before the last delimiter of the last row (not one inside quotes, as in "1,0"): a field
    # is gone, or a quote is left open.
    with tempfile.TemporaryDirectory() as folder:
        name, path, codebook, _, options = write(
            data.draw, Path(folder), layouts_allowed=tuple(n for n, spec in LAYOUTS.items() if spec[2])
        )
        raw = path.read_bytes()
        body = raw.rstrip(b"\r\n")
        start = body.rfind(b"\n") + 1
        last = _last_delimiter(body, start, options["delimiter"])
        path.write_bytes(raw[: data.draw(st.integers(start + 1, last))])
        with pytest.raises((InputFileError, DataValidationError)):
            read_survey(path, codebook=codebook)
