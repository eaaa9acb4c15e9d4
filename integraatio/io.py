"""Read survey files into the validated canonical long table, and write them.

:func:`read_survey` accepts the canonical long table and the wide layout of survey tools, as
``.csv`` (comma, semicolon or tab; UTF-8, UTF-8 with BOM or cp1252; decimal comma) or
``.xlsx``, or an already loaded DataFrame. Every cell is read as text and checked by
:func:`integraatio.validate.check_long`; any problem raises one
:class:`~integraatio.exceptions.DataValidationError` that lists them all.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
import warnings
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .codebook import ITEMS, Codebook, code_key, load_codebook
from .exceptions import REPORT_COLUMNS, CodebookError, DataValidationError, InputFileError
from .validate import _coded, _first_rows, _text, check_long

__all__ = ["Survey", "read_survey", "to_wide", "write_survey"]

#: Columns that describe the respondent in the wide layout (one row per respondent).
BACKGROUND_COLUMNS = ("respondent_id", "municipality", "size_class", "own_group", "subgroup")
_DELIMITERS = (",", ";", "\t")  # on a tie in the header line, the first wins
_TEXT_SUFFIXES = (".csv", ".tsv")
_EXCEL_SUFFIXES = (".xlsx",)
_DEFAULT_ITEMS = {str(k): item for k, item in enumerate(ITEMS, start=1)}
_FILE_FIX = "Export the survey again as .csv (UTF-8, comma or semicolon) or .xlsx with one header row."


@dataclass(frozen=True)
class Survey:
    """A survey file as read and validated.

    Attributes
    ----------
    data : pandas.DataFrame
        The validated canonical long table (see :func:`integraatio.validate.check_long`).
    path : Path or None
        The file read; None for a DataFrame.
    sha256 : str or None
        SHA-256 of the file's bytes.
    layout : {"long", "wide"}
    encoding : str or None
        ``"utf-8-sig"``, ``"utf-8"`` or ``"cp1252"`` for a text file, else None.
    delimiter : str or None
        ``","``, ``";"`` or ``"\\t"`` for a text file, else None.
    rows_read : int
        Long-table rows read (wide: respondents x target groups found in the columns).
    respondents_read : int
    notes : tuple of str
        Non-fatal notices, e.g. respondents whose ``size_class`` is unknown.
    """

    data: pd.DataFrame
    path: Path | None
    sha256: str | None
    layout: str
    encoding: str | None
    delimiter: str | None
    rows_read: int
    respondents_read: int
    notes: tuple[str, ...]


@dataclass(frozen=True)
class _WideSpec:
    """The codebook's ``[wide]`` table with its defaults filled in."""

    pattern: re.Pattern
    items: Mapping[str, str]
    targets: Mapping[str, str] | None
    values: Mapping[str, int]
    renames: Mapping[str, str]  # source column -> canonical name
    header_rows: int


def _wide_spec(codebook: Codebook) -> _WideSpec:
    table = dict(codebook.wide or {})
    where = f"Codebook {codebook.path}: [wide]"

    def mapping(key: str, kind: type, default):
        value = table.get(key, default)
        if value is not None and (
            not isinstance(value, Mapping)
            or not all(isinstance(v, kind) and not isinstance(v, bool) for v in value.values())
        ):
            raise CodebookError(f"{where} `{key}` must be a table of {kind.__name__} values; got {value!r}.")
        return value

    if "pattern" in table:
        try:
            pattern = re.compile(table["pattern"])
        except (re.error, TypeError) as err:
            raise CodebookError(f"{where} `pattern` is not a valid regular expression: {err}.") from err
        if not {"item", "target"} <= set(pattern.groupindex):
            raise CodebookError(
                f"{where} `pattern` {pattern.pattern!r} needs the named groups (?P<item>...) and (?P<target>...)."
            )
    else:
        # <code>.<item>: a codebook code, or dotted numbers that look like one (to report it).
        codes = "|".join(re.escape(c) for c in sorted(codebook.codes, key=len, reverse=True))
        pattern = re.compile(rf"^(?P<target>{codes}|\d+(?:\.\d+)+)\.(?P<item>\d+)$")
    items = mapping("items", str, _DEFAULT_ITEMS)
    unknown = sorted(set(items.values()) - set(ITEMS))
    if unknown:
        raise CodebookError(f"{where} `items` maps to {unknown}; the items are {', '.join(ITEMS)}.")
    columns = mapping("columns", str, {})
    unknown = sorted(set(columns) - set(BACKGROUND_COLUMNS))
    if unknown:
        raise CodebookError(f"{where} `columns` renames {unknown}; it can rename {', '.join(BACKGROUND_COLUMNS)}.")
    header_rows = table.get("header_rows", 1)
    if not isinstance(header_rows, int) or isinstance(header_rows, bool) or header_rows < 1:
        raise CodebookError(f"{where} `header_rows` must be a whole number of at least 1; got {header_rows!r}.")
    return _WideSpec(
        pattern=pattern,
        items=items,
        targets=mapping("targets", str, None),
        values=mapping("values", int, {}),
        renames={source: canonical for canonical, source in columns.items()},
        header_rows=header_rows,
    )


def _letter(position: int) -> str:
    """Spreadsheet column letter of a 0-based position: 0 -> A, 26 -> AA."""
    name = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def _text_column(values: pd.Series) -> pd.Series:
    """Any column as categorical text (``""`` for empty cells), whitespace kept."""
    codes, uniques = _coded(values, strip=False)
    return pd.Series(pd.Categorical.from_codes(codes, categories=pd.Index(uniques, dtype=object)))


def _blank(column: pd.Series) -> np.ndarray:
    codes, uniques = _coded(column)
    return (uniques == "")[codes]


def _problem(column: str, problem: str, fix: str, file: str) -> dict:
    return {"file": file, "row": None, "column": column, "value": "", "problem": problem, "fix": fix}


# Reading: every source becomes a grid of categorical text columns (row i = spreadsheet row i + 1).


def _read_bytes(path: Path) -> bytes:
    suffix = path.suffix.lower()
    if suffix not in _TEXT_SUFFIXES + _EXCEL_SUFFIXES:
        raise InputFileError(
            f"Cannot read {path}: files ending in {suffix or '(no suffix)'!r} are not supported. {_FILE_FIX}"
        )
    try:
        return path.read_bytes()
    except FileNotFoundError as err:
        raise InputFileError(f"Survey file {path} not found. Check the path and the file name.") from err
    except OSError as err:
        raise InputFileError(f"Cannot read {path}: {err.strerror}. Check that it is a readable file.") from err


def _text_grid(raw: bytes, path: Path) -> tuple[list[pd.Series], str, str]:
    """A delimited text file as columns; the encoding and delimiter found."""
    if b"\x00" in raw:
        raise InputFileError(
            f"Cannot read {path}: it holds NUL bytes, so it is binary or UTF-16 text, not a CSV file. {_FILE_FIX}"
        )
    has_bom = raw.startswith(codecs.BOM_UTF8)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            content = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        break
    else:
        raise InputFileError(
            f"Cannot decode {path} as UTF-8 or cp1252 text. Save it as 'CSV UTF-8' (Excel) or export it as .xlsx."
        )
    encoding = encoding if has_bom or encoding == "cp1252" else "utf-8"
    header = next((line for line in io.StringIO(content) if line.strip()), "")
    if not header:
        raise InputFileError(f"Survey file {path} is empty. {_FILE_FIX}")
    fields = {d: len(next(csv.reader([header], delimiter=d))) for d in _DELIMITERS}
    delimiter = max(_DELIMITERS, key=lambda d: fields[d])
    try:
        grid = pd.read_csv(
            io.BytesIO(raw),
            sep=delimiter,
            header=None,
            names=range(fields[delimiter]),
            index_col=False,
            dtype="category",  # parsed straight into codes + distinct texts: fast and small
            na_filter=False,
            skip_blank_lines=False,  # keeps the row numbers a spreadsheet shows
            encoding=encoding,
        )
    except (pd.errors.ParserError, UnicodeDecodeError) as err:
        raise InputFileError(
            f"Cannot read {path} as {_name(delimiter)}-separated text: {err}. Check that no row has more "
            f"fields than the header and that a {_name(delimiter)} inside a value is in double quotes."
        ) from err
    return [grid[c] for c in grid.columns], encoding, delimiter


def _name(delimiter: str) -> str:
    return {",": "comma", ";": "semicolon", "\t": "tab"}[delimiter]


def _float_cells(column: pd.Series) -> int:
    """How many cells hold a decimal number (a group code typed as 2.10 is the number 2.1)."""
    if column.dtype.kind == "f":
        return int(column.notna().sum())
    if column.dtype == object:
        return int(column.map(lambda v: isinstance(v, float)).sum())
    return 0


def _excel_grid(raw: bytes, path: Path) -> tuple[list[pd.Series], dict[int, int], list[str]]:
    """The first sheet of a workbook as columns; decimal-number cells per column; notes."""
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # openpyxl warns about styles and extensions it skips; they do not affect the values.
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
            book = pd.ExcelFile(io.BytesIO(raw), engine="openpyxl")
            sheet = book.sheet_names[0]
            grid = pd.read_excel(book, sheet_name=sheet, header=None, dtype=object, na_filter=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as err:
        raise InputFileError(f"Cannot read {path} as an Excel workbook ({err}). {_FILE_FIX}") from err
    notes = []
    if len(book.sheet_names) > 1:
        notes.append(f"read the first sheet {sheet!r} of {len(book.sheet_names)} in {path.name}")
    columns = [grid[c] for c in grid.columns]
    return [_text_column(c) for c in columns], {j: _float_cells(c) for j, c in enumerate(columns)}, notes


def _frame_grid(frame: pd.DataFrame) -> tuple[list[pd.Series], dict[int, int]]:
    """A DataFrame as columns with its column names as the first row; decimal-number cells."""
    columns = [frame.iloc[:, j] for j in range(frame.shape[1])]
    grid = [
        _text_column(pd.concat([pd.Series([name], dtype=object), c.astype(object)], ignore_index=True))
        for name, c in zip(frame.columns, columns)
    ]
    return grid, {j: _float_cells(c) for j, c in enumerate(columns) if c.dtype.kind == "f"}


def _split(grid: list[pd.Series], codebook: Codebook, file: str) -> tuple[list[str], list[pd.Series], np.ndarray]:
    """Header names, data columns and their spreadsheet row numbers; blank rows dropped."""
    blank = np.logical_and.reduce([_blank(c) for c in grid]) if grid else np.ones(0, dtype=bool)
    filled = np.flatnonzero(~blank)
    if not len(filled):
        raise InputFileError(f"Survey file {file} is empty. {_FILE_FIX}")
    top = filled[0]  # the header: the first row that is not blank
    names = [_text(c.iloc[top]).strip() for c in grid]
    skip = _wide_spec(codebook).header_rows if "target_group" not in names else 1
    data = filled[filled >= top + skip]
    if not len(data):
        raise InputFileError(
            f"Survey file {file} has a header but no data rows. Export it again with the answers "
            "(one row per respondent and target group, or one row per respondent in the wide layout)."
        )
    return names, [c.iloc[data].reset_index(drop=True) for c in grid], data + 1


def _header(
    names: list[str], columns: list[pd.Series], numbers: dict[int, int], spec: _WideSpec | None, file: str
) -> tuple[list[str], list[pd.Series], dict[str, int], list[dict], list[str]]:
    """The columns to read: named, renamed by ``[wide] columns``, each name once.

    Returns their names and cells, each name's position in the file (to sort the report),
    problems (repeated names) and notes.
    """
    problems, notes = [], []
    keep = []
    for j, name in enumerate(names):
        if name == "row":
            notes.append("the input's `row` column is replaced by the row numbers of the file")
        elif name == "" and _blank(columns[j]).all():
            continue  # a trailing delimiter, not a column
        else:
            keep.append(j)
            if name == "":
                names[j] = f"unnamed_{_letter(j)}"
                notes.append(f"column {_letter(j)} has no header; it is read as {names[j]!r}")
    if spec is not None:
        names = [spec.renames.get(name, name) for name in names]
    position: dict[str, int] = {}
    for j in keep:
        if names[j] in position:
            problems.append(
                _problem(
                    names[j],
                    f"column name repeated in the header (columns {_letter(position[names[j]])} and {_letter(j)})",
                    "Rename or delete the repeated column; only the first is read.",
                    file,
                )
            )
            continue
        position[names[j]] = j
        if names[j] in ("own_group", "target_group") and numbers.get(j):
            notes.append(
                f"{numbers[j]} {names[j]} cells hold numbers, not text: a code typed as a number loses its "
                "trailing zero (2.10 reads as 2.1); store the group codes as text"
            )
    return list(position), [columns[j] for j in position.values()], position, problems, notes


# Reshaping the wide layout.


def _wide_to_long(
    names: list[str], columns: list[pd.Series], rows: np.ndarray, codebook: Codebook, spec: _WideSpec, file: str
) -> tuple[pd.DataFrame, np.ndarray, dict[str, np.ndarray], list[dict], list[str]]:
    """Reshape a wide table to raw long rows (respondent row, then target in code order).

    Returns the raw long table, the row number of each long row, the source column to cite
    for each item cell, problems with the item columns, and notes.
    """
    problems, notes = [], []
    known = set(codebook.codes)
    found: dict[tuple[str, str], int] = {}  # (target code, item) -> column position
    kept = []  # background and other columns, in file order
    for j, name in enumerate(names):
        match = None if name in BACKGROUND_COLUMNS else spec.pattern.search(name)
        if match is None:
            kept.append(j)
            continue
        item = spec.items.get(match["item"])
        token = match["target"]
        code = token if spec.targets is None else spec.targets.get(token)
        if item is None:
            problems.append(
                _problem(
                    name,
                    f"item {match['item']!r} in this item column is not one of {', '.join(spec.items)}",
                    "Rename the column (items: " + ", ".join(f"{k} = {v}" for k, v in spec.items.items()) + "), "
                    "or map the item in the codebook's [wide] items table.",
                    file,
                )
            )
        elif code is None:
            problems.append(
                _problem(
                    name,
                    f"target {token!r} of this item column is not in the codebook's [wide] targets",
                    f"Add {token!r} = \"<group code>\" to [wide] targets, or delete the column.",
                    file,
                )
            )
        elif code not in known:
            problems.append(
                _problem(
                    name,
                    f"this item column rates group {code!r}, which is not in the codebook",
                    f"Rename the column to a codebook code ({', '.join(codebook.codes)}); codes are text, so "
                    "2.10 is not 2.1. A new group needs a [[groups]] entry in the codebook.",
                    file,
                )
            )
        elif (code, item) in found:
            problems.append(
                _problem(
                    name,
                    f"this column holds {item} for {code} like column {names[found[code, item]]!r}",
                    "Delete or rename one of the two columns.",
                    file,
                )
            )
        else:
            found[code, item] = j
    targets = sorted({code for code, _ in found}, key=code_key)
    if not targets:
        problems.append(
            _problem(
                "",
                f"no item columns: no column name matches {spec.pattern.pattern!r}",
                "Name the item columns <target code>.<item> (items 1 = frequency, 2 = reciprocity, 3 = need; "
                "e.g. 2.7.3 is the need to cooperate with 2.7), or describe the export's column names in a "
                "[wide] table of the codebook.",
                file,
            )
        )
    absent = {t: [i for i in ITEMS if (t, i) not in found] for t in targets}
    lacking = [f"{t} ({', '.join(items)})" for t, items in absent.items() if items]
    if lacking:
        notes.append(f"no item column for {'; '.join(lacking)}: those answers are read as missing")

    n, size = len(rows), len(targets)
    source = np.repeat(np.arange(n), size)
    long = {names[j]: columns[j].take(source).reset_index(drop=True) for j in kept}
    long["target_group"] = pd.Categorical.from_codes(np.tile(np.arange(size), n), categories=targets)
    cite = {}
    for item in ITEMS:
        at = [found.get((t, item)) for t in targets]
        present = [columns[j].cat for j in at if j is not None]
        # One set of distinct texts for all of the item's columns; "" fills absent columns.
        texts = pd.Index(pd.unique(np.concatenate([c.categories.to_numpy(object) for c in present] + [[""]])))
        codes = np.full((n, size), texts.get_loc(""), dtype=np.intp)
        for k, j in enumerate(at):
            if j is not None:
                cat = columns[j].cat
                codes[:, k] = texts.get_indexer(cat.categories)[cat.codes.to_numpy()]
        # Answer texts become codes before the numbers are read ("Päivittäin" -> "5").
        mapped = np.array([str(spec.values[t.strip()]) if t.strip() in spec.values else t for t in texts], object)
        recode, uniques = pd.factorize(mapped)
        long[item] = pd.Categorical.from_codes(recode[codes.ravel()], categories=pd.Index(uniques, dtype=object))
        cite[item] = np.tile(np.array([item if j is None else names[j] for j in at], dtype=object), n)
    return pd.DataFrame(long), np.repeat(rows, size), cite, problems, notes


def _repeated_respondents(names: list[str], columns: list[pd.Series], rows: np.ndarray, file: str) -> pd.DataFrame:
    """Wide rows whose respondent_id already has a row (the long check would repeat it per target)."""
    if "respondent_id" not in names:
        return pd.DataFrame(columns=REPORT_COLUMNS)
    column = columns[names.index("respondent_id")]
    codes, uniques = _coded(column)
    has_id = np.flatnonzero((uniques != "")[codes])
    group, first = _first_rows(codes[has_id])
    again = np.ones(len(has_id), dtype=bool)
    again[first] = False
    where = has_id[again]
    written, texts = _coded(column.iloc[where], strip=False)
    return pd.DataFrame(
        {
            "file": file,
            "row": rows[where].astype(object),
            "column": "respondent_id",
            "value": texts[written],
            "problem": "this respondent_id already has a row (row "
            + pd.Series(rows[has_id[first[group[again]]]]).astype(str).to_numpy(object)
            + "); the wide layout has one row per respondent",
            "fix": "Delete the repeated row, merge the two rows, or correct the respondent_id.",
        }
    )


def read_survey(source: str | Path | pd.DataFrame, /, *, codebook: Codebook | None = None) -> Survey:
    """Read a survey file (or DataFrame), check it and return the canonical long table.

    Parameters
    ----------
    source : str, Path or pandas.DataFrame
        A ``.csv``/``.tsv`` or ``.xlsx`` file, or a DataFrame shaped like such a file (cells
        may be text or numbers). The layout is long when there is a ``target_group``
        column, else wide: one row per respondent with item columns named
        ``<target code>.<item>`` (items 1 = frequency, 2 = reciprocity, 3 = need), or as
        described by the codebook's ``[wide]`` table.
    codebook : Codebook, optional
        Default: the shipped codebook (:func:`integraatio.codebook.load_codebook`).

    Returns
    -------
    Survey
        ``data`` is the clean long table; ``row`` in it is the source row's number as a
        spreadsheet shows it (header = 1; a wide row's number is kept by all its targets).

    Raises
    ------
    InputFileError
        The file is missing, unreadable, empty, has no data rows, cannot be decoded or
        parsed, or has an unsupported suffix.
    DataValidationError
        The data break the contract; ``.report`` lists every problem (row, column, value,
        what is wrong, how to fix it).
    CodebookError
        The codebook's ``[wide]`` table is malformed.

    Notes
    -----
    Text files: the delimiter is the one of ``,``, ``;`` and tab that splits the header
    line into the most fields; the encoding is UTF-8 (with or without BOM), else cp1252.
    Blank rows are skipped. Item cells may use a decimal comma (``3,0`` is 3).

    Examples
    --------
    >>> df = pd.DataFrame({"respondent_id": ["r1", "r1"], "municipality": "Oulu",
    ...     "own_group": "2.1", "target_group": ["2.2", "2.10"],
    ...     "frequency": [3, 5], "reciprocity": [2, 4], "need": ["6", "5,0"]})
    >>> s = read_survey(df)
    >>> s.layout, s.rows_read, s.respondents_read
    ('long', 2, 1)
    >>> s.data[["row", "target_group", "need", "size_class"]].values.tolist()
    [[2, '2.2', <NA>, 'large'], [3, '2.10', 5, 'large']]
    """
    codebook = load_codebook() if codebook is None else codebook
    notes: list[str] = []
    path = sha256 = encoding = delimiter = None
    numbers: dict[int, int] = {}  # decimal-number cells per column (Excel, DataFrame)
    if isinstance(source, pd.DataFrame):
        file = "DataFrame"
        grid, numbers = _frame_grid(source)
    else:
        path = Path(source)
        file = path.name
        raw = _read_bytes(path)
        if not raw or raw.isspace():
            raise InputFileError(f"Survey file {path} is empty. {_FILE_FIX}")
        sha256 = hashlib.sha256(raw).hexdigest()
        if path.suffix.lower() in _EXCEL_SUFFIXES:
            grid, numbers, notes = _excel_grid(raw, path)
        else:
            grid, encoding, delimiter = _text_grid(raw, path)
    names, columns, rows = _split(grid, codebook, str(path or file))

    layout = "long" if "target_group" in names else "wide"
    spec = _wide_spec(codebook) if layout == "wide" else None
    names, columns, position, problems, header_notes = _header(names, columns, numbers, spec, file)
    notes += header_notes
    if spec is None:
        raw_long = pd.DataFrame(dict(zip(names, columns)))
        long_rows, cite = rows, None
    else:
        raw_long, long_rows, cite, wide_problems, wide_notes = _wide_to_long(
            names, columns, rows, codebook, spec, file
        )
        problems += wide_problems
        notes += wide_notes
    clean, report, check_notes = check_long(raw_long, codebook=codebook, file=file, rows=long_rows, item_columns=cite)
    notes += check_notes

    if spec is not None:
        # A wide row's problems repeat on each of its targets: report each once. Its targets
        # come from the column names, so a target_group problem can only be a repeated
        # respondent, which is reported once per row instead.
        report = report[report["column"] != "target_group"].drop_duplicates()
        report = pd.concat([report, _repeated_respondents(names, columns, rows, file)], ignore_index=True)
        source_name = {canonical: source for source, canonical in spec.renames.items()}
        cells = report["row"].notna()
        report.loc[cells, "column"] = report.loc[cells, "column"].replace(source_name)
        position.update({source_name.get(n, n): j for n, j in position.items()})
    report = pd.concat([pd.DataFrame(problems, columns=REPORT_COLUMNS), report], ignore_index=True)
    if len(report):
        header = report["row"].isna().to_numpy()
        row = pd.to_numeric(report["row"]).fillna(0).to_numpy(dtype=np.int64)
        at = report["column"].map(position).fillna(-1).to_numpy()
        report = report.iloc[np.lexsort((at, row, ~header))].reset_index(drop=True)
        raise DataValidationError(report)
    return Survey(
        data=clean,
        path=path,
        sha256=sha256,
        layout=layout,
        encoding=encoding,
        delimiter=delimiter,
        rows_read=len(clean),
        respondents_read=int(clean["respondent_id"].nunique()),
        notes=tuple(notes),
    )


def to_wide(data: pd.DataFrame, /) -> pd.DataFrame:
    """The canonical wide layout of a long table: one row per respondent.

    Parameters
    ----------
    data : pandas.DataFrame
        A canonical long table (e.g. :attr:`Survey.data`; ``row`` is dropped).

    Returns
    -------
    pandas.DataFrame
        The background columns (``respondent_id``, ``municipality``, ``size_class``,
        ``own_group``, ``subgroup`` when present, then any other column, taken from each
        respondent's first row), then ``<code>.<k>`` columns (``Int64``) for the target
        groups present in ``code_key`` order, items k = 1 frequency, 2 reciprocity,
        3 need. Respondents keep their order of first appearance; a target a respondent
        did not rate is empty.

    Examples
    --------
    >>> long = pd.DataFrame({"respondent_id": ["r1", "r1", "r2"], "municipality": "Oulu",
    ...     "own_group": ["2.1", "2.1", "2.2"], "target_group": ["2.10", "2.2", "2.1"],
    ...     "frequency": [1, 2, 3], "reciprocity": [4, 5, 1], "need": [2, 3, None]})
    >>> wide = to_wide(long)
    >>> wide.columns.tolist()[3:]
    ['2.1.1', '2.1.2', '2.1.3', '2.2.1', '2.2.2', '2.2.3', '2.10.1', '2.10.2', '2.10.3']
    >>> wide["2.1.3"].tolist()
    [<NA>, <NA>]
    """
    data = data.reset_index(drop=True)
    respondent, ids = pd.factorize(data["respondent_id"])
    first = np.flatnonzero(~data["respondent_id"].duplicated().to_numpy())  # factorize order
    rated = data["target_group"].astype(object)
    target, seen = pd.factorize(rated)
    codes = sorted(map(str, seen), key=code_key)
    column_of = np.array([codes.index(str(t)) for t in seen] + [-1], dtype=np.intp)[target]
    ok = (column_of >= 0) & (respondent >= 0)  # a row without a target or id has no cell

    other = [c for c in data.columns if c not in ("row", "target_group", *ITEMS, *BACKGROUND_COLUMNS)]
    background = data.iloc[first][[c for c in (*BACKGROUND_COLUMNS, *other) if c in data.columns]]
    background = background.reset_index(drop=True)
    for c in background.columns:
        if isinstance(background[c].dtype, pd.CategoricalDtype):
            background[c] = background[c].astype("str")
    answers = {}
    for k, item in enumerate(ITEMS, start=1):
        values = data[item].astype("Int64")
        number = np.zeros((len(ids), len(codes)), dtype=np.int64)
        missing = np.ones((len(ids), len(codes)), dtype=bool)
        number[respondent[ok], column_of[ok]] = values.to_numpy(dtype=np.int64, na_value=0)[ok]
        missing[respondent[ok], column_of[ok]] = values.isna().to_numpy()[ok]
        for t, code in enumerate(codes):
            answers[f"{code}.{k}"] = pd.arrays.IntegerArray(number[:, t].copy(), missing[:, t].copy())
    order = [f"{code}.{k}" for code in codes for k in range(1, len(ITEMS) + 1)]
    return pd.concat([background, pd.DataFrame({c: answers[c] for c in order})], axis=1)


def write_survey(data: pd.DataFrame, path: str | Path, /, *, layout: str = "long") -> None:
    """Write a survey as a canonical file: long or wide, ``.csv`` (UTF-8, comma) or ``.xlsx``.

    Parameters
    ----------
    data : pandas.DataFrame
        A canonical long table; for ``layout="wide"`` it may already be wide (no
        ``target_group`` column), as :func:`to_wide` returns.
    path : str or Path
        Ends in ``.csv`` or ``.xlsx``.
    layout : {"long", "wide"}

    Returns
    -------
    None

    Notes
    -----
    ``row`` is not written; items are written as integers and missing answers as empty
    cells, so :func:`read_survey` reads the file back to the same table.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> long = pd.DataFrame({"respondent_id": ["r1"], "municipality": "Oulu", "own_group": "2.1",
    ...     "target_group": "2.2", "frequency": [3], "reciprocity": [2], "need": [None]})
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_survey(long, pathlib.Path(folder) / "survey.csv", layout="wide")
    ...     print(read_survey(pathlib.Path(folder) / "survey.csv").layout)
    wide
    """
    path = Path(path)
    if layout not in ("long", "wide"):
        raise ValueError(f"`layout` must be 'long' or 'wide'; got {layout!r}.")
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InputFileError(f"Cannot write {path}: the name must end in .csv or .xlsx.")
    if layout == "wide" and "target_group" in data.columns:
        data = to_wide(data)
    data = data.drop(columns="row", errors="ignore")
    if suffix == ".csv":
        data.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    else:
        data.to_excel(path, index=False, engine="openpyxl")
