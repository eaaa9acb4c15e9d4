"""Read survey files into the validated canonical long table, and write them.

:func:`read_survey` accepts the canonical long table and the wide layout of survey tools, as
``.csv`` (comma, semicolon or tab; UTF-8, UTF-8 with BOM or cp1252; decimal comma),
``.xlsx``, SPSS ``.sav`` (with the ``spss`` extra), or an already loaded DataFrame. Every
cell is read as text and checked by :func:`integraatio.validate.check_long`; any problem
raises one :class:`~integraatio.exceptions.DataValidationError` that lists them all.

Nothing is lost and nobody is exposed: columns that identify a person are dropped before
anything reads them (:mod:`integraatio.privacy`), every input cell that is not passed on is
listed in :attr:`Survey.exclusions` with its reason, :attr:`Survey.accounting` reconciles
the counts, and respondent ids are replaced by pseudonyms.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import importlib.util
import io
import os
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .codebook import ITEMS, Codebook, code_key
from .exceptions import REPORT_COLUMNS, DataValidationError, InputFileError, UsageError, report_row
from .limits import CONTROL, MAX_CELL_CHARS, check_workbook, control_characters, memory_available
from .privacy import identifying_columns, privacy_settings, pseudonymise, sanitise
from .validate import cell_text, check_long, closest_name, coded_values, first_rows, is_number, summary_lines
from .wide import (
    BACKGROUND_COLUMNS, WideSpec, group_lookup, heading_code, normalise, target_code, wide_spec, wide_to_long,
)

__all__ = ["EXCLUSION_COLUMNS", "PLAN_COLUMNS", "Inspection", "Survey", "exclusions_table", "inspect_survey", "read_survey",
           "shipped_codebook_warning", "to_wide", "write_survey"]

#: Columns of :attr:`Survey.exclusions` and of ``exclusions.csv``; ``column`` is empty when a
#: whole rating (its item cells) was not scored.
EXCLUSION_COLUMNS = ["row", "respondent_id", "target_group", "column", "reason"]
#: Columns of the column plan (:attr:`Inspection.plan`): how each column of the file is read.
PLAN_COLUMNS = ["column", "heading", "use", "detail"]
_DELIMITERS = (",", ";", "\t")  # on a tie in the header line, the first wins
_TEXT_SUFFIXES = (".csv", ".tsv")
_EXCEL_SUFFIXES = (".xlsx",)
_SPSS_SUFFIXES = (".sav", ".zsav")
#: Leaving out more than this share of the responses as incomplete is a warning (else a note).
INCOMPLETE_WARN_SHARE = 0.1
_FILE_FIX = "Export the survey again as .csv (UTF-8, comma or semicolon), .xlsx or .sav with one header row."


@dataclass(frozen=True)
class Survey:
    """A survey file as read and validated.

    Attributes
    ----------
    data : pandas.DataFrame
        The validated canonical long table (see :func:`integraatio.validate.check_long`);
        ``respondent_id`` holds pseudonyms (see ``respondent_ids``).
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
        Non-fatal notices, e.g. columns dropped because they identify a person.
    exclusions : pandas.DataFrame
        Every input cell not passed on to ``data``, one row per cell: ``row``,
        ``respondent_id`` (pseudonym), ``target_group`` (long layout), ``column`` (as named
        in the file), ``reason``.
    respondent_ids : {"hmac-sha256", "sequential"}
        How the respondent ids were pseudonymised (never the key).
    dropped_columns : Mapping
        Column (as named in the file) -> why it was not read.
    cells_read, cells_used : int
        Cells in the data rows of the file's columns, and those passed on to ``data``;
        ``cells_read = cells_used + len(exclusions)``.
    header_rows, blank_rows : int
        Header rows above the data, and blank rows skipped among the data.
    warnings : tuple of str
        What may change the results and the user should check (occasional self-ratings, a
        repeated column name, the shipped codebook used for a file of one's own);
        recorded in the manifest's ``warnings`` and shown in the report.
    responses : Mapping
        Respondents (file rows of a wide layout, ids of a long one): ``read``, ``complete``,
        ``incomplete``, ``incomplete_kept`` (``include_incomplete``), ``excluded`` (and why,
        ``excluded_reasons``); counted in the manifest.
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
    exclusions: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=EXCLUSION_COLUMNS))
    respondent_ids: str = "sequential"
    dropped_columns: dict[str, str] = field(default_factory=dict)
    cells_read: int = 0
    cells_used: int = 0
    header_rows: int = 1
    blank_rows: int = 0
    warnings: tuple[str, ...] = ()
    responses: dict[str, Any] = field(default_factory=dict)

    @property
    def accounting(self) -> dict[str, Any]:
        """What the manifest records about reading: pseudonyms, dropped columns, cell counts."""
        return {
            "respondent_ids": self.respondent_ids,
            "dropped_columns": dict(self.dropped_columns),
            "header_rows": self.header_rows,
            "blank_rows_skipped": self.blank_rows,
            "cells_read": self.cells_read,
            "cells_used": self.cells_used,
            "cells_excluded": len(self.exclusions),
            "responses": dict(self.responses),
        }


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
    codes, uniques = coded_values(values, strip=False)
    return pd.Series(pd.Categorical.from_codes(codes, categories=pd.Index(uniques, dtype=object)))


def _blank(column: pd.Series) -> np.ndarray:
    codes, uniques = coded_values(column)
    return (uniques == "")[codes]


@dataclass(frozen=True)
class Inspection:
    """How a survey file is read, column by column (``integraatio inspect``).

    Attributes
    ----------
    plan : pandas.DataFrame
        One row per column of the file, in file order (:data:`PLAN_COLUMNS`): ``column``
        (letter), ``heading`` (as written), ``use`` (``item``, ``background``, ``other``,
        ``dropped``, ``ignored``) and ``detail`` (``2.7 x need``; the background column;
        why it is dropped or ignored).
    layout : {"long", "wide"}
    sheet : str or None
        The workbook sheet read.
    header_rows : int
    responses : Mapping
        As :attr:`Survey.responses`.
    groups : tuple of str
        Own groups of the respondents read (codebook order).
    targets : tuple of str
        Groups rated by an item column (wide) or a row (long).
    survey : Survey or None
        The survey as read; None when it has problems.
    report : pandas.DataFrame
        The problems (empty when the file is valid), as :class:`DataValidationError` has them.
    """

    plan: pd.DataFrame
    layout: str
    sheet: str | None
    header_rows: int
    responses: dict[str, Any]
    groups: tuple[str, ...]
    targets: tuple[str, ...]
    survey: Survey | None
    report: pd.DataFrame


# Reading: every source becomes a grid of categorical text columns (row i = spreadsheet row i + 1).


def _read_bytes(path: Path) -> bytes:
    suffix = path.suffix.lower()
    if suffix not in _TEXT_SUFFIXES + _EXCEL_SUFFIXES + _SPSS_SUFFIXES:
        raise InputFileError(
            f"Cannot read {path}: files ending in {suffix or '(no suffix)'!r} are not supported. {_FILE_FIX}"
        )
    try:
        return path.read_bytes()
    except FileNotFoundError as err:
        raise InputFileError(f"Survey file {path} not found. Check the path and the file name.") from err
    except OSError as err:
        raise InputFileError(f"Cannot read {path}: {err.strerror}. Check that it is a readable file.") from err


def _decode(raw: bytes, path: Path) -> tuple[str, str]:
    """The text and its encoding: UTF-8 (with or without BOM), else cp1252."""
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        # UTF-8 with a few broken bytes, not cp1252 (whose ä, ö are invalid UTF-8 on their own).
        text = raw.decode("utf-8", errors="replace")
        broken = text.count("\ufffd")
        if sum(ord(ch) > 127 for ch in text) - broken >= 9 * broken:
            line = raw[: err.start].count(b"\n") + 1
            raise InputFileError(
                f"Cannot decode {path}: it is UTF-8 text, but byte {err.start} (line {line}) is not valid UTF-8, "
                "so the file is damaged or mixes two encodings. Export it again, or save it as 'CSV UTF-8' in Excel."
            ) from err
        try:
            return raw.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            raise InputFileError(
                f"Cannot decode {path} as UTF-8 or cp1252 text. Save it as 'CSV UTF-8' (Excel) or export it as .xlsx."
            ) from None
    return content, "utf-8-sig" if raw.startswith(codecs.BOM_UTF8) else "utf-8"


def _record_fields(content: str, delimiter: str) -> np.ndarray:
    """Fields in each record of a delimited text, as the CSV parser splits it."""
    if '"' in content:  # quoted fields may hold delimiters and line breaks
        return np.array([len(r) for r in csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)])
    lines = re.split(r"\r\n|\r|\n", content)
    if lines[-1] == "":
        lines.pop()  # the line end of the last record
    return np.array([line.count(delimiter) + 1 for line in lines])


def _text_grid(raw: bytes, path: Path) -> tuple[list[pd.Series], str, str, np.ndarray | None]:
    """A delimited text file as columns; the encoding and delimiter; fields per row."""
    if b"\x00" in raw:
        raise InputFileError(
            f"Cannot read {path}: it holds NUL bytes, so it is binary or UTF-16 text, not a CSV file. {_FILE_FIX}"
        )
    content, encoding = _decode(raw, path)
    # Universal newlines: a lone \r ends a line here as it does for the parser.
    header = next((line for line in io.StringIO(content, newline=None) if line.strip()), "")
    if not header:
        raise InputFileError(f"Survey file {path} is empty. {_FILE_FIX}")
    try:
        fields = {d: len(next(csv.reader([header], delimiter=d))) for d in _DELIMITERS}
    except csv.Error as err:  # e.g. a header field over the csv module's 128 KiB limit
        raise InputFileError(f"Cannot read the header line of {path} ({err}). {_FILE_FIX}") from err
    delimiter = max(_DELIMITERS, key=lambda d: fields[d])
    try:
        grid = pd.read_csv(
            io.StringIO(content),
            sep=delimiter,
            header=None,
            names=range(fields[delimiter]),
            index_col=False,
            dtype="category",  # parsed straight into codes + distinct texts: fast and small
            na_filter=False,
            skip_blank_lines=False,  # keeps the row numbers a spreadsheet shows
        )
    except (pd.errors.ParserError, csv.Error) as err:
        raise InputFileError(
            f"Cannot read {path} as {_name(delimiter)}-separated text: {err}. Check that no row has more "
            f"fields than the header and that a {_name(delimiter)} inside a value is in double quotes."
        ) from err
    try:
        per_row = _record_fields(content, delimiter)
    except csv.Error:
        per_row = None  # pandas read it; its own parse stands
    # The parser fills a short row with empty cells, so the field count is what tells.
    if per_row is not None and len(per_row) != len(grid):
        per_row = None
    return [grid[c] for c in grid.columns], encoding, delimiter, per_row


def _name(delimiter: str) -> str:
    return {",": "comma", ";": "semicolon", "\t": "tab"}[delimiter]


def _float_cells(column: pd.Series) -> np.ndarray:
    """Which cells hold a decimal number (a group code typed as 2.10 is the number 2.1)."""
    if column.dtype.kind == "f":
        return column.notna().to_numpy()
    if column.dtype == object:
        return column.map(lambda v: isinstance(v, float)).to_numpy(dtype=bool)
    return np.zeros(len(column), dtype=bool)


def _pick_sheet(book, sheet: str | int | None, path: Path) -> str:
    """The sheet to read: the one named, else the only visible one that holds anything.

    A hidden sheet is read only when named: it is often an older or partial export.
    """
    names = book.sheet_names
    if sheet is not None:
        if isinstance(sheet, int) or str(sheet).isdigit():
            k = int(sheet)
            if not 1 <= k <= len(names):
                raise InputFileError(f"{path.name} has {len(names)} sheet(s); --sheet {k} is not one of 1 to {len(names)}.")
            return names[k - 1]
        if sheet not in names:
            raise InputFileError(f"{path.name} has no sheet {sheet!r}; its sheets are {', '.join(map(repr, names))}.")
        return str(sheet)
    states = {ws.title: ws.sheet_state for ws in book.book.worksheets}
    visible = [n for n in names if states.get(n, "visible") == "visible"]
    filled = [n for n in visible if (book.book[n].max_row or 0) > 1]
    if len(filled) == 1 or (not filled and len(visible) == 1):
        return (filled or visible)[0]
    listed = ", ".join(f"{i}: {n!r}{'' if states.get(n) == 'visible' else ' (hidden)'}" for i, n in enumerate(names, 1))
    if not visible:
        raise InputFileError(f"{path.name} has no visible sheet ({listed}). Name the sheet to read with --sheet.")
    raise InputFileError(
        f"{path.name} has {len(filled)} visible sheets that could hold the survey ({listed}). "
        "Name the one to read with --sheet NAME or --sheet NUMBER."
    )


def _excel_grid(raw: bytes, path: Path, sheet: str | int | None) -> tuple[list[pd.Series], dict[int, np.ndarray], list[str], str]:
    """One sheet of a workbook as columns; which cells of each column are decimal numbers; notes."""
    try:
        # openpyxl warns about styles and extensions it skips; they do not affect the values.
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
            book = pd.ExcelFile(io.BytesIO(raw), engine="openpyxl")
            name = _pick_sheet(book, sheet, path)
            grid = pd.read_excel(book, sheet_name=name, header=None, dtype=object, na_filter=False)
    except InputFileError:
        raise
    except Exception as err:  # a damaged zip or XML fails in openpyxl in many ways (zlib, KeyError, ...)
        raise InputFileError(f"Cannot read {path} as an Excel workbook ({type(err).__name__}: {err}). {_FILE_FIX}") from err
    notes = []
    if len(book.sheet_names) > 1:
        notes.append(f"read the sheet {name!r} of {len(book.sheet_names)} in {path.name}")
    columns = [grid[c] for c in grid.columns]
    return [_text_column(c) for c in columns], {j: _float_cells(c) for j, c in enumerate(columns)}, notes, name


def _spss_text(value: object) -> str:
    """An SPSS value as text: 3.0 -> "3", empty for system-missing."""
    if isinstance(value, float):
        return "" if np.isnan(value) else str(int(value)) if value.is_integer() else repr(value)
    return cell_text(value)


def _user_missing(value: object, ranges: list[dict]) -> bool:
    """Whether an SPSS value is one of its variable's user-missing codes (discrete or a range)."""
    if isinstance(value, float):
        return any(isinstance(r["lo"], float | int) and r["lo"] <= value <= r["hi"] for r in ranges)
    return any(value == r["lo"] for r in ranges)


#: Memory the SPSS reader may use (its own process): far above any survey file's needs.
MAX_READER_BYTES = 4 * 2**30


def read_sav_guarded(path: str) -> tuple[pd.DataFrame, dict, dict] | str:
    """In the SPSS reader's worker: the data, user-missing codes and value labels, or the error as text."""
    import resource

    import pyreadstat

    # A few hundred bytes can declare millions of cases: the reader gets a bounded share of
    # memory, set at its first file (an unprivileged process cannot raise its limit again).
    if resource.getrlimit(resource.RLIMIT_AS)[0] == resource.RLIM_INFINITY:
        limit = int(min(MAX_READER_BYTES, memory_available() // 2))
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        # Dates stay numbers: a date or time column the analysis does not use must never stop the read
        # (readstat's conversion fails on values out of Python's range: "date value out of range").
        frame, meta = pyreadstat.read_sav(path, user_missing=True, apply_value_formats=False,
                                          disable_datetime_conversion=True)
    except Exception as err:  # a damaged file fails in readstat and in pyreadstat's conversions
        return f"{type(err).__name__}: {err}"
    return frame, meta.missing_ranges, meta.variable_value_labels


_SAV_READER: list = []  # the SPSS reader's worker process, kept for the next file


def _read_sav_isolated(path: Path) -> tuple[pd.DataFrame, dict, dict]:
    """pyreadstat in a worker process: readstat crashes (segfaults) on some damaged files,
    which must end in an InputFileError, not take the user's Python (or notebook) with it."""
    import atexit

    from .workers import WorkerDied, Workers

    if not _SAV_READER:
        _SAV_READER.append(Workers(1, preload=[__name__, "pyreadstat"]))
        atexit.register(_SAV_READER[0].close)
    try:
        message = _SAV_READER[0].submit(read_sav_guarded, str(path)).result()
    except WorkerDied as died:
        _SAV_READER.pop().close(kill=True)
        raise InputFileError(
            f"Cannot read {path} as an SPSS file: the SPSS reader (readstat) crashed on it (exit code "
            f"{died.exitcode}), so the file is damaged. {_FILE_FIX}"
        ) from None
    if isinstance(message, str):
        raise InputFileError(f"Cannot read {path} as an SPSS file ({message}). {_FILE_FIX}")
    return message


def _sav_grid(path: Path) -> tuple[list[pd.Series], dict[int, dict[str, str]], list[str]]:
    """An SPSS file as columns, user-missing codes emptied; each column's value labels; notes.

    Value labels are returned, not applied: an item column keeps its codes unless the
    codebook maps a label (see :func:`_apply_value_labels`).
    """
    if importlib.util.find_spec("pyreadstat") is None:  # the child process imports it
        raise InputFileError(
            f"Reading {path.name} needs pyreadstat, the optional SPSS support: pip install 'integraatio[spss]'."
        )
    frame, missing_ranges, value_labels = _read_sav_isolated(path)
    grid, labels, emptied = [], {}, 0
    for j, name in enumerate(frame.columns):
        codes, uniques = pd.factorize(frame[name].astype(object))
        texts = [_spss_text(u) for u in uniques]
        ranges = missing_ranges.get(name, [])
        missing = np.array([_user_missing(u, ranges) for u in uniques] + [False], dtype=bool)
        emptied += int(missing[codes].sum())
        texts = np.array([("" if m else t) for t, m in zip(texts, missing)] + [""], dtype=object)
        grid.append(_text_column(pd.Series(np.concatenate([[name], texts[codes]]), dtype=object)))
        if value_labels.get(name):
            labels[j] = {_spss_text(k): str(v) for k, v in value_labels[name].items()}
    if not emptied:
        return grid, labels, []
    cells = "1 cell holds" if emptied == 1 else f"{emptied} cells hold"
    return grid, labels, [f"{cells} a user-missing code of the SPSS file: read as missing"]


def _frame_grid(frame: pd.DataFrame) -> tuple[list[pd.Series], dict[int, np.ndarray]]:
    """A DataFrame as columns with its column names as the first row; decimal-number cells."""
    columns = [frame.iloc[:, j] for j in range(frame.shape[1])]
    grid = [
        _text_column(pd.concat([pd.Series([name], dtype=object), c.astype(object)], ignore_index=True))
        for name, c in zip(frame.columns, columns)
    ]
    return grid, {j: np.r_[False, _float_cells(c)] for j, c in enumerate(columns)}  # row 0: the names


def _header_row(grid: list[pd.Series], file: str) -> tuple[int, list[str], np.ndarray]:
    """The header's grid row, its names, and which grid rows are blank."""
    blank = np.logical_and.reduce([_blank(c) for c in grid]) if grid else np.ones(0, dtype=bool)
    filled = np.flatnonzero(~blank)
    if not len(filled):
        raise InputFileError(f"Survey file {file} is empty. {_FILE_FIX}")
    top = filled[0]  # the header: the first row that is not blank
    return top, [cell_text(c.iloc[top]).strip() for c in grid], blank


def _data_rows(blank: np.ndarray, top: int, skip: int, file: str) -> tuple[np.ndarray, int]:
    """The grid rows that hold data (below ``skip`` header rows, not blank); blank rows skipped."""
    below = np.arange(top + skip, len(blank))
    data = below[~blank[below]]
    if not len(data):
        raise InputFileError(
            f"Survey file {file} has a header but no data rows. Export it again with the answers "
            "(one row per respondent and target group, or one row per respondent in the wide layout)."
        )
    # Blank rows among the data, not the ones after the last answer.
    return data, int(blank[top + skip : data[-1]].sum())


def _short_rows(per_row: np.ndarray | None, data: np.ndarray, names: list[str], file: str) -> list[dict]:
    """Data rows with fewer fields than the header has named columns (a cut or broken row)."""
    named = max((j for j, n in enumerate(names) if n), default=-1) + 1
    if per_row is None:
        return []
    return [
        report_row(
            names[per_row[i]] or f"unnamed_{_letter(per_row[i])}",
            f"the row ends after {per_row[i]} of the header's {named} fields",
            "The file may be cut short, or a line break inside a value split the row: export it again, or put "
            "values that hold line breaks in double quotes.",
            file,
            row=int(i) + 1,
        )
        for i in data[per_row[data] < named]
    ]


def _same_numbers(codebook: Codebook) -> dict[float, list[str]]:
    """Group codes that are one number when a spreadsheet stores them as numbers (2.1, 2.10)."""
    by_value: dict[float, list[str]] = {}
    for code in codebook.codes:
        try:
            by_value.setdefault(float(code), []).append(code)
        except ValueError:
            continue
    return {v: c for v, c in by_value.items() if len(c) > 1}


def _numeric_codes(name: str, cells: pd.Series, rows: np.ndarray, same: dict[float, list[str]], file: str) -> dict | None:
    """A problem when group codes stored as numbers cannot be told apart; None when they can."""
    clash: set[str] = set()
    hit = np.zeros(len(cells), dtype=bool)
    for i, text in enumerate(cells.astype(str)):
        try:
            codes = same.get(float(text.replace(",", ".")))
        except ValueError:
            continue
        if codes:
            clash.update(codes)
            hit[i] = True
    if not clash:
        return None
    where = ", ".join(map(str, rows[hit][:5])) + (", ..." if hit.sum() > 5 else "")
    return report_row(
        name,
        f"{int(hit.sum())} cells hold group codes stored as numbers, and the codebook has codes that are the same "
        f"number ({' / '.join(sorted(clash, key=code_key))}), so they cannot be told apart (rows {where})",
        "Format the column as text in the workbook and enter the codes again as text (2.10, not 2.1), or map the "
        "answers to codes in the codebook: [wide] recode = { own_group = { ... } }.",
        file,
    )


def _header(
    names: list[str], columns: list[pd.Series], numbers: dict[int, np.ndarray], spec: WideSpec | None, file: str,
    *, rows: np.ndarray, same: dict[float, list[str]],
) -> dict[str, Any]:
    """The columns to read: named, renamed by ``[wide] columns``, not dropped, each name once.

    Returns a dict: ``names`` and ``columns`` to read, ``position`` (each name's column in
    the file, to sort the report), ``problems``, ``notes``, ``warnings``, ``aside`` (columns
    set aside: key -> reason), ``plan`` (file column -> (use, detail)) and ``sources``
    (canonical name -> the heading it was read from).

    ``[wide] drop`` wins over the item pattern and over a repeated name. A repeated name is
    read once with a warning, unless the copies would give different answers: an item
    column, or a background column whose cells differ, is an error.
    """
    problems, notes, warned, aside, plan = [], [], [], {}, {}
    headings = list(names)
    keep = []
    for j, name in enumerate(names):
        if name == "row":
            aside[name] = "the input's row column is replaced by the row numbers of the file"
            plan[j] = ("ignored", "replaced by the file's row numbers")
            notes.append("the input's `row` column is replaced by the row numbers of the file")
        elif name == "" and _blank(columns[j]).all():
            continue  # a trailing delimiter, not a column
        else:
            keep.append(j)
            if name == "":
                headings[j] = names[j] = f"unnamed_{_letter(j)}"
                notes.append(f"column {_letter(j)} has no header; it is read as {names[j]!r}")
    codes = [heading_code(n, spec) for n in names]
    final = list(codes)
    sources: dict[str, str] = {}
    protected = set(BACKGROUND_COLUMNS) | {"target_group"}
    if spec is not None:
        found: dict[str, int] = {}
        for j in keep:  # the first column that carries a name
            for key in (normalise(codes[j]), normalise(names[j])):
                found.setdefault(key, j)
        taken: set[int] = set()
        for canonical, alternatives in spec.columns.items():
            at = next((found[normalise(a)] for a in alternatives if normalise(a) in found), None)
            if at is not None and at not in taken:
                final[at] = canonical
                sources[canonical] = headings[at]
                taken.add(at)

    def dropped(j: int) -> bool:
        return spec is not None and final[j] not in protected and any(
            p.search(codes[j]) or p.search(names[j]) for p in spec.drop
        )

    def set_aside(j: int, reason: str, *, repeated: bool = False) -> None:
        key = headings[j] if headings[j] not in aside and not repeated else f"{headings[j]} (column {_letter(j)})"
        aside[key] = reason

    position: dict[str, int] = {}
    for j in keep:
        name = final[j]
        if dropped(j):
            set_aside(j, "dropped by the codebook's [wide] drop")
            plan[j] = ("dropped", "the codebook's [wide] drop")
            continue
        if name in position:
            first = position[name]
            where = f"columns {_letter(first)} and {_letter(j)}"
            same_cells = _stripped_cells(columns[first]).tolist() == _stripped_cells(columns[j]).tolist()
            if _is_item(name, spec) or (name in protected and not same_cells):
                why = "an item column, so which holds the answers is unknown" if _is_item(name, spec) else (
                    "and the two columns differ, so which holds the answers is unknown")
                problems.append(report_row(
                    name,
                    f"column name repeated in the header ({where}): {why}",
                    "Rename or delete the repeated column (or list it in the codebook's [wide] drop).",
                    file,
                ))
                plan[j] = ("ignored", f"repeats the name of column {_letter(first)}: an error")
                continue
            warned.append(
                f"column name {name!r} is repeated in the header of {file} ({where}): only column {_letter(first)} "
                f"is read, and the cells of column {_letter(j)} are listed in exclusions.csv; rename the column if it "
                "holds other answers, or list it in the codebook's [wide] drop"
            )
            set_aside(j, f"repeated column name: only the first column named {name!r} is read", repeated=True)
            plan[j] = ("ignored", f"repeats the name of column {_letter(first)}; only the first is read")
            continue
        position[name] = j
        typed = numbers.get(j)
        if name in ("own_group", "target_group") and typed is not None and typed.any():
            clash = _numeric_codes(name, columns[j][typed], rows[typed], same, file)
            if clash is not None:
                problems.append(clash)
            else:
                notes.append(
                    f"{int(typed.sum())} {name} cells hold numbers, not text: a code typed as a number loses its "
                    "trailing zero (2.10 reads as 2.1); store the group codes as text"
                )
    return {
        "names": list(position), "columns": [columns[j] for j in position.values()], "position": position,
        "problems": problems, "notes": notes, "warnings": warned, "aside": aside, "plan": plan, "sources": sources,
        "headings": headings,
    }


def _stripped_cells(column: pd.Series) -> np.ndarray:
    codes, uniques = coded_values(column)
    return uniques[codes]


def _is_item(name: str, spec: WideSpec | None) -> bool:
    if spec is None:
        return name in ITEMS
    return name not in BACKGROUND_COLUMNS and spec.pattern.search(name) is not None


def _apply_value_labels(
    names: list[str], columns: list[pd.Series], position: dict[str, int], labels: dict, spec: WideSpec | None
) -> list[pd.Series]:
    """SPSS value labels: other columns read their labels; item columns keep their codes,
    except codes whose label is an answer text the codebook maps (``[wide] values``/``missing``)."""
    out = []
    for name, column in zip(names, columns):
        table = labels.get(position[name])
        if table:
            item = _is_item(name, spec)
            use = {
                code: label for code, label in table.items() if not item or (spec is not None and spec.maps_answer(label))
            }
            column = _text_column(column.astype(object).map(lambda t: use.get(t.strip(), t)))
        out.append(column)
    return out


def _set_aside(
    names: list[str], columns: list[pd.Series], spec: WideSpec | None, codebook: Codebook
) -> tuple[dict[str, str], list[str]]:
    """Columns not to read because they identify a person; notes. (``[wide] drop`` is applied
    by :func:`_header`, before the item pattern and the repeated-name check.)"""
    protected = set(BACKGROUND_COLUMNS) | {"target_group"}
    others = [n for n in names if n not in protected and not _is_item(n, spec)]
    aside: dict[str, str] = {}
    identifying, keep = privacy_settings(codebook)
    frame = pd.DataFrame({n: columns[names.index(n)] for n in others if n not in aside})
    ids = columns[names.index("respondent_id")] if "respondent_id" in names else None
    if ids is not None and len(frame.columns):  # one row per respondent: a long layout repeats a comment per row
        first = ~pd.Series(np.asarray(ids)).duplicated().to_numpy()
        frame, ids = frame.loc[first].reset_index(drop=True), ids[first].reset_index(drop=True)
    found = identifying_columns(frame, respondent_ids=ids, identifying=identifying, keep=keep)
    notes = []
    if found:
        listed = ", ".join(f"{sanitise(n)!r} ({why})" for n, why in found.items())
        notes.append(
            f"dropped {len(found)} column{'s that identify' if len(found) != 1 else ' that identifies'} a person: "
            f"{listed}; they are not read and reach no output (list a column in the codebook's [privacy] keep "
            "to read it)"
        )
    aside |= {n: f"identifies a person ({why}): dropped at load" for n, why in found.items()}
    return aside, notes


def _repeated_respondents(names: list[str], columns: list[pd.Series], rows: np.ndarray, file: str) -> pd.DataFrame:
    """Wide rows whose respondent_id already has a row (the long check would repeat it per target)."""
    if "respondent_id" not in names:
        return pd.DataFrame(columns=REPORT_COLUMNS)
    column = columns[names.index("respondent_id")]
    codes, uniques = coded_values(column)
    has_id = np.flatnonzero((uniques != "")[codes])
    group, first = first_rows(codes[has_id])
    again = np.ones(len(has_id), dtype=bool)
    again[first] = False
    where = has_id[again]
    written, texts = coded_values(column.iloc[where], strip=False)
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


def _stripped(names: list[str], columns: list[pd.Series], name: str, n: int) -> np.ndarray:
    """A column's cells as stripped text (all ``""`` when there is no such column)."""
    if name not in names:
        return np.full(n, "", dtype=object)
    codes, uniques = coded_values(columns[names.index(name)])
    return uniques[codes]


def _text_problems(names: list[str], columns: list[pd.Series], rows: np.ndarray, file: str) -> list[dict]:
    """Cells longer than :data:`integraatio.limits.MAX_CELL_CHARS`, and text cells with characters
    no output can carry (:data:`integraatio.limits.CONTROL`); at most 20 of each column."""
    problems = []
    for name, column in zip(names, columns):
        codes, texts = coded_values(column, strip=False)
        long = np.array([len(t) > MAX_CELL_CHARS for t in texts], dtype=bool)
        odd = np.array([bool(CONTROL.search(t)) for t in texts], dtype=bool) & ~long
        for i in np.flatnonzero(long[codes])[:20]:
            problems.append(report_row(
                name, f"the cell holds {len(texts[codes[i]])} characters, more than the {MAX_CELL_CHARS} read",
                "Check that the file is the survey export; a cell this long is not an answer.",
                file, row=int(rows[i]), value=texts[codes[i]][:40] + "...",
            ))
        for i in np.flatnonzero(odd[codes])[:20]:
            problems.append(report_row(
                name, f"the text holds the control character(s) {control_characters(texts[codes[i]])}",
                "Delete the invisible characters in the file (the survey tool or an editor that shows them).",
                file, row=int(rows[i]), value=texts[codes[i]],
            ))
    return problems


#: A group whose respondents rate their own group this often was misread, not slipped:
#: at least this many respondents, and at least this share of the group's respondents
#: (a misread group is usually merged into another, so the share can be well under half).
MISREAD_SELF_RATERS = 3
MISREAD_SELF_SHARE = 0.1


def _self_ratings(clean: pd.DataFrame, file: str, *, allowed: bool) -> tuple[list[dict], list[str]]:
    """Self-ratings per own group: problems when they show a misread own group, else warnings.

    A respondent self-rates when any item of their rating of their own group is answered.
    Where at least :data:`MISREAD_SELF_RATERS` respondents and :data:`MISREAD_SELF_SHARE` of a
    group's respondents do, the own group was most likely misread (2.10 read as 2.1, a
    shifted column): the run stops, unless ``allowed`` (a survey that asks for them).
    """
    items = clean[list(ITEMS)].notna().any(axis=1).to_numpy()
    own = clean["own_group"].astype(str).to_numpy()
    selfish = items & (own == clean["target_group"].astype(str).to_numpy())
    raters = clean.loc[selfish].groupby("own_group", observed=True)["respondent_id"].nunique()
    if raters.empty:
        return [], []
    size = clean.groupby("own_group", observed=True)["respondent_id"].nunique()
    problems, warned = [], []
    for group in sorted(raters.index, key=code_key):
        k, n = int(raters[group]), int(size[group])
        if not allowed and k >= MISREAD_SELF_RATERS and k >= MISREAD_SELF_SHARE * n:
            problems.append(report_row(
                "own_group",
                f"{k} of the {n} respondents of group {group} rated their own group, which the survey does not ask: "
                "their own group was most likely misread (codes stored as numbers, 2.10 read as 2.1, or a shifted "
                "column)",
                "Check the own-group column in the file (format it as text; map the codes with [wide] recode), or "
                "pass --self-ratings if the survey asked respondents to rate their own group.",
                file, value=str(group),
            ))
        else:
            warned.append(f"{k} of the {n} respondents of group {group} rated their own group; those ratings are "
                          "not scored (exclusions.csv)")
    return problems, warned


def read_survey(
    source: str | Path | pd.DataFrame,
    /,
    *,
    codebook: Codebook,
    pseudonym_key: str | bytes | None = None,
    sheet: str | int | None = None,
    self_ratings: bool = False,
    include_incomplete: bool = False,
) -> Survey:
    """Read a survey file (or DataFrame), check it and return the canonical long table.

    Parameters
    ----------
    source : str, Path or pandas.DataFrame
        A ``.csv``/``.tsv``, ``.xlsx`` or ``.sav`` file, or a DataFrame shaped like such a
        file (cells may be text or numbers). The layout is long when there is a
        ``target_group`` column, else wide: one row per respondent with item columns
        named ``<target code>.<item>`` (items 1 = frequency, 2 = reciprocity, 3 = need), or
        as described by the codebook's ``[wide]`` table (or its ``preset``).
    codebook : Codebook
        The survey's groups, organisations and layout (:func:`integraatio.codebook.load_codebook`;
        ``load_codebook()`` is the shipped study's). Always given: another survey read with
        the shipped study's codebook would be misread.
    pseudonym_key : str or bytes, optional
        Key of the HMAC-SHA256 pseudonyms that replace the respondent ids; without it the
        ids become ``R0001``, ``R0002``, ... in order of appearance
        (:func:`integraatio.privacy.pseudonymise`).
    sheet : str or int, optional
        The workbook sheet to read, by name or number (1 = the first tab). Default: the
        only visible sheet that holds anything; a hidden sheet is read only when named,
        and several candidate sheets are an error that lists them.
    self_ratings : bool, default False
        The survey asked respondents to rate their own group. Otherwise a group where at
        least :data:`MISREAD_SELF_RATERS` respondents and :data:`MISREAD_SELF_SHARE` of its
        respondents did so is an error (its own group was misread), and fewer are a warning.
        Self-ratings are never scored either way.
    include_incomplete : bool, default False
        Keep the responses that the codebook's ``[wide] complete`` rule calls incomplete
        (LimeSurvey: not submitted; Qualtrics: not finished) when they have an own group.
        A response without an own group is always left out. Left-out responses are never
        an error: their cells are in :attr:`Survey.exclusions` with the reason, and
        :attr:`Survey.responses` counts them.

    Returns
    -------
    Survey
        ``data`` is the clean long table; ``row`` in it is the source row's number as a
        spreadsheet shows it (header = 1; a wide row's number is kept by all its targets),
        the link back to the file now that the ids are pseudonyms.

    Raises
    ------
    InputFileError
        The file is missing, unreadable, empty, has no data rows, cannot be decoded or
        parsed, or has an unsupported suffix.
    DataValidationError
        The data break the contract; ``.report`` lists every problem (row, column, value,
        what is wrong, how to fix it), a row cut short included.
    CodebookError
        The codebook's ``[wide]`` or ``[privacy]`` table is malformed.
    ValueError
        ``pseudonym_key`` is shorter than 16 bytes.

    Notes
    -----
    Text files: the delimiter is the one of ``,``, ``;`` and tab that splits the header
    line into the most fields; the encoding is UTF-8 (with or without BOM), else cp1252.
    Blank rows are skipped. Item cells may use a decimal comma (``3,0`` is 3). SPSS files:
    user-missing codes are read as missing; value labels replace the codes of the other
    columns (municipality, own group, ...), and of an item column only where the codebook's
    ``[wide]`` ``values`` or ``missing`` names the label.

    Columns that identify a person (:func:`integraatio.privacy.identifying_columns`) and
    those matching ``[wide] drop`` are not read; each of their cells is in
    :attr:`Survey.exclusions`, and ``cells_read = cells_used + len(exclusions)``.

    Examples
    --------
    >>> from integraatio.codebook import load_codebook
    >>> cb = load_codebook()
    >>> town, (own, a, b) = next(iter(cb.municipalities)), (cb.codes[0], cb.codes[1], cb.codes[9])
    >>> df = pd.DataFrame({"respondent_id": ["r1", "r1"], "municipality": town,
    ...     "own_group": own, "target_group": [a, b],
    ...     "frequency": [3, 5], "reciprocity": [2, 4], "need": ["6", "5,0"],
    ...     "Sähköposti": "anna@kunta.fi"})
    >>> s = read_survey(df, codebook=cb)
    >>> s.layout, s.rows_read, s.respondents_read, s.respondent_ids
    ('long', 2, 1, 'sequential')
    >>> s.data[["row", "respondent_id", "need"]].values.tolist(), s.data["target_group"].tolist() == [a, b]
    ([[2, 'R0001', <NA>], [3, 'R0001', 5]], True)
    >>> s.exclusions[["row", "column", "reason"]].values.tolist()[0]
    [2, 'Sähköposti', 'identifies a person (e-mail address): dropped at load']
    >>> s.cells_read, s.cells_used, len(s.exclusions)
    (16, 14, 2)
    """
    survey, report, _ = _read(source, codebook=codebook, pseudonym_key=pseudonym_key, sheet=sheet,
                              self_ratings=self_ratings, include_incomplete=include_incomplete)
    if survey is None:
        raise _validation_error(report)
    return survey


def _validation_error(report: pd.DataFrame) -> DataValidationError:
    """The error of a problem report, its message grouped by kind (first lines name the causes)."""
    error = DataValidationError(report)
    error.args = ("\n".join(summary_lines(error.report)),)
    return error


def inspect_survey(
    source: str | Path | pd.DataFrame,
    /,
    *,
    codebook: Codebook,
    sheet: str | int | None = None,
    self_ratings: bool = False,
    include_incomplete: bool = False,
) -> Inspection:
    """How a survey file is read, column by column: what ``integraatio inspect`` prints.

    The file is read exactly as :func:`read_survey` reads it (one code path), and the
    problems it has are returned, not raised.

    Parameters
    ----------
    source, codebook, sheet, self_ratings, include_incomplete
        As :func:`read_survey`.

    Returns
    -------
    Inspection

    Raises
    ------
    InputFileError
        The file cannot be read at all (as :func:`read_survey`).

    Examples
    --------
    >>> from integraatio.codebook import load_codebook
    >>> cb = load_codebook()
    >>> town, (own, a, b) = next(iter(cb.municipalities)), (cb.codes[0], cb.codes[1], cb.codes[9])
    >>> df = pd.DataFrame({"respondent_id": ["r1", "r2"], "municipality": town, "own_group": [own, ""],
    ...     f"{a}.1": [3, 4], f"{a}.3": [1, 2], "Sähköposti": ["a@b.fi", "c@d.fi"]})
    >>> plan = inspect_survey(df, codebook=cb)
    >>> plan.plan[["use", "detail"]].values.tolist()[3:] == [["item", f"{a} x frequency"], ["item", f"{a} x need"],
    ...                                                     ["dropped", "identifies a person (e-mail address)"]]
    True
    >>> plan.responses["read"], plan.responses["excluded"], plan.groups == (own,)
    (2, 1, True)
    """
    _, _, inspection = _read(source, codebook=codebook, pseudonym_key=None, sheet=sheet, self_ratings=self_ratings,
                             include_incomplete=include_incomplete)
    return inspection


def shipped_codebook_warning(source: str | Path | None) -> str | None:
    """What to tell a user whose survey is read with the shipped study's codebook by default.

    For the command line and :func:`integraatio.run` without a codebook: None for the
    shipped survey (or no input), else a warning naming the file.

    Examples
    --------
    >>> from integraatio.paths import survey_path
    >>> shipped_codebook_warning(survey_path()) is None, shipped_codebook_warning("my_survey.csv")[:31]
    (True, 'my_survey.csv is read with the ')
    """
    from .paths import data_dir

    if source is None or Path(os.path.abspath(source)).parent == Path(os.path.abspath(data_dir())):
        return None
    return (
        f"{Path(source).name} is read with the shipped study's codebook (its task groups, municipalities and answer "
        "scale), since no codebook was given; for a survey of your own pass its codebook: --codebook FILE "
        "(codebook= in Python)"
    )


def _extra_header_rows(grid: list[pd.Series], top: int, blank: np.ndarray, names: list[str], spec: WideSpec) -> int:
    """``header_rows = "auto"``: header rows under the first one (a Qualtrics export has 2, or none).

    A row is a header row when every item column's cell is filled, no two alike, and none
    is an answer (a number, or a text the codebook maps): question texts and ImportId
    cells are; a respondent's answers never are.
    """
    items = [j for j, n in enumerate(names) if n not in BACKGROUND_COLUMNS and spec.pattern.search(heading_code(n, spec))]
    extra = 0
    for i in range(top + 1, min(top + 4, len(blank))):
        if blank[i] or not items:
            break
        cells = [cell_text(grid[j].iloc[i]).strip() for j in items]
        if not all(cells) or len(set(cells)) < len(cells) or len(cells) < 2:
            break
        if any(is_number(c) or spec.maps_answer(c) for c in cells):
            break
        extra += 1
    return extra


def _completion(
    names: list[str], columns: list[pd.Series], spec: WideSpec | None
) -> tuple[np.ndarray | None, str | None]:
    """Which rows are complete by the codebook's ``[wide] complete`` rule, and the rule in words.

    The first rule whose column is in the file decides; None when none is.
    """
    if spec is None or not spec.complete:
        return None, None
    at = {}
    for j, name in enumerate(names):
        for key in (normalise(heading_code(name, spec)), normalise(name)):
            at.setdefault(key, j)
    for column, rule in spec.complete:
        j = at.get(normalise(column))
        if j is None:
            continue
        cells = _stripped_cells(columns[j])
        if rule == "filled":
            return cells != "", f"{names[j]!r} is filled"
        if rule == "max":
            values = pd.to_numeric(pd.Series(cells).str.replace(",", ".", regex=False), errors="coerce").to_numpy()
            top = np.nanmax(values) if np.isfinite(values).any() else np.nan
            return values == top, f"{names[j]!r} is the file's largest ({top:g})"
        accepted = set(rule)
        return np.array([normalise(c) in accepted for c in cells], dtype=bool), (
            f"{names[j]!r} is {' or '.join(map(repr, rule))}"
        )
    return None, None


def _item_of(name: str, spec: WideSpec | None, codebook: Codebook, lookup: dict[str, str]) -> str | None:
    """``<target> x <item>`` of an item column, as :func:`integraatio.wide.wide_to_long` reads it."""
    if spec is None:
        return f"* x {name}" if name in ITEMS else None  # every target group: the long layout
    match = None if name in BACKGROUND_COLUMNS else spec.pattern.search(name)
    if match is None:
        return None
    item = spec.items.get(normalise(match["item"]))
    code, wrong = target_code(match["target"], spec, codebook, lookup)
    if item is None or wrong or code not in codebook.codes:
        return "not readable (see the problems)"
    return f"{code} x {item}"


def _read(
    source: str | Path | pd.DataFrame,
    *,
    codebook: Codebook,
    pseudonym_key: str | bytes | None,
    sheet: str | int | None,
    self_ratings: bool,
    include_incomplete: bool,
) -> tuple[Survey | None, pd.DataFrame, Inspection]:
    """Read and check a survey: the survey (None when it has problems), the problems, the column plan."""
    warned: list[str] = []
    notes: list[str] = []
    path = sha256 = encoding = delimiter = per_row = sheet_read = None
    numbers: dict[int, np.ndarray] = {}  # which cells are decimal numbers, per column (Excel, DataFrame)
    labels: dict[int, dict[str, str]] = {}  # SPSS value labels per column
    spss = False
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
        suffix = path.suffix.lower()
        if suffix in _EXCEL_SUFFIXES:
            check_workbook(raw, name=path.name)  # before openpyxl spends memory on it
            grid, numbers, notes, sheet_read = _excel_grid(raw, path, sheet)
        elif suffix in _SPSS_SUFFIXES:
            grid, labels, notes = _sav_grid(path)
            spss = True
        else:
            grid, encoding, delimiter, per_row = _text_grid(raw, path)
    top, names, blank = _header_row(grid, str(path or file))
    problems: list[dict] = []
    layout = "long" if "target_group" in names else "wide"
    spec = wide_spec(codebook) if layout == "wide" else None
    if spec is not None:
        near = closest_name("target_group", names)
        if near is not None and not any(n not in BACKGROUND_COLUMNS and spec.pattern.search(heading_code(n, spec))
                                        for n in names):
            problems.append(report_row(
                near,
                f"no column is named target_group, and the file has no item columns of the wide layout (columns "
                f"{spec.expected_items()}): did you mean `target_group` for the column {near!r}?",
                f"Rename the column {near!r} to target_group (lower case, underscore) in the header row; the long "
                "layout's columns are respondent_id, municipality, own_group, target_group, frequency, reciprocity, "
                "need.",
                file,
            ))
            layout, spec = "long", None
            names = ["target_group" if n == near else n for n in names]
    # An SPSS file has its names in the file's dictionary, never header rows.
    if spec is None or spss:
        header_rows = 1
    elif spec.header_rows is None:
        header_rows = 1 + _extra_header_rows(grid, top, blank, names, spec)
    else:
        header_rows = spec.header_rows
    data, blank_rows = _data_rows(blank, top, header_rows, str(path or file))
    problems += _short_rows(per_row, data, names, file)
    rows = data + 1
    columns = [c.iloc[data].reset_index(drop=True) for c in grid]
    complete, rule = _completion(names, columns, spec)

    numbers = {j: m[data] for j, m in numbers.items()}
    head = _header(list(names), columns, numbers, spec, file, rows=rows, same=_same_numbers(codebook))
    names, columns, position, aside, plan = head["names"], head["columns"], head["position"], head["aside"], head["plan"]
    headings = head["headings"]
    problems += head["problems"]
    notes += head["notes"]
    warned += head["warnings"]
    if labels:
        columns = _apply_value_labels(names, columns, position, labels, spec)
    privacy, privacy_notes = _set_aside(names, columns, spec, codebook)
    notes += privacy_notes
    for name, why in privacy.items():
        aside[name] = why
        plan[position[name]] = ("dropped", why.removesuffix(": dropped at load"))
    n = len(rows)
    raw_ids = _stripped(names, columns, "respondent_id", n)
    raw_targets = _stripped(names, columns, "target_group", n) if spec is None else np.full(n, "", dtype=object)
    kept = [(name, c) for name, c in zip(names, columns) if name not in privacy]
    names, columns = [name for name, _ in kept], [c for _, c in kept]
    problems += _text_problems(names, columns, rows, file)

    # Incomplete responses: no own group, or not complete by the [wide] complete rule.
    own = _stripped(names, columns, "own_group", n)
    if spec is None and "own_group" in names:  # long: a respondent without an own group on every row
        has_own = pd.Series(own != "").groupby(raw_ids).transform("any").to_numpy()
    else:
        has_own = own != "" if "own_group" in names else np.ones(n, dtype=bool)
    finished = np.ones(n, dtype=bool) if complete is None else complete
    keep_row = has_own & (finished | include_incomplete)
    reason = np.where(
        ~has_own, "incomplete response (no own group): not read",
        np.where(~finished, f"incomplete response (not complete: complete when {rule}): not read", ""),
    )
    respondent_key = raw_ids if spec is None else np.arange(n)
    responses = _count_responses(respondent_key, has_own, finished, keep_row, reason)
    if responses["excluded"]:
        why = "; ".join(f"{k} {_why_left_out(r)}" for r, k in responses["excluded_reasons"].items())
        # Many responses left out may change the results: a warning, not a note.
        (warned if responses["excluded"] > INCOMPLETE_WARN_SHARE * responses["read"] else notes).append(
            f"left out {responses['excluded']} incomplete response(s) ({why}); their cells are listed in exclusions.csv"
            + ("" if include_incomplete or complete is None or finished[has_own].all() else
               "; --include-incomplete keeps the partly answered ones that have an own group")
        )
    if responses["incomplete_kept"]:
        notes.append(f"kept {responses['incomplete_kept']} incomplete response(s) that have an own group "
                     "(--include-incomplete)")
    out = np.flatnonzero(~keep_row)
    if len(out):
        if len(out) == n:
            problems.append(report_row(
                "own_group" if not has_own.any() else "",
                f"every one of the {n} responses is incomplete ("
                + ("none has an own group" if not has_own.any() else f"none is complete: complete when {rule}") + ")",
                "Check the own-group column and its name in the codebook's [wide] columns, or pass --include-incomplete "
                "to read partly answered responses.",
                file,
            ))
        else:
            take = np.flatnonzero(keep_row)
            columns = [c.iloc[take].reset_index(drop=True) for c in columns]
    kept_rows = rows[keep_row] if len(out) < n else rows

    if spec is None:
        raw_long = pd.DataFrame(dict(zip(names, columns)))
        long_rows, cite = kept_rows, None
    else:
        raw_long, long_rows, cite, wide_problems, wide_notes = wide_to_long(
            names, columns, kept_rows, codebook=codebook, spec=spec, file=file
        )
        problems += wide_problems
        notes += wide_notes
    clean, report, check_notes = check_long(raw_long, codebook=codebook, file=file, rows=long_rows, item_columns=cite)
    notes += check_notes

    final_of = {j: name for name, j in position.items()}
    if spec is not None:
        # A wide row's problems repeat on each of its targets: report each once. Its targets
        # come from the column names, so a target_group problem can only be a repeated
        # respondent, which is reported once per row instead.
        report = report[report["column"] != "target_group"].drop_duplicates()
        report = pd.concat([report, _repeated_respondents(names, columns, kept_rows, file)], ignore_index=True)
        cells = report["row"].notna()
        report.loc[cells, "column"] = report.loc[cells, "column"].replace(head["sources"])
        position.update({head["sources"].get(k, k): j for k, j in list(position.items())})
    if not len(report):
        selfish, self_warned = _self_ratings(clean, file, allowed=self_ratings)
        problems += selfish
        warned += self_warned
    report = pd.concat([pd.DataFrame(problems, columns=REPORT_COLUMNS), report], ignore_index=True)
    if len(report):
        header = report["row"].isna().to_numpy()
        row = pd.to_numeric(report["row"]).fillna(0).to_numpy(dtype=np.int64)
        at = report["column"].map(position).fillna(-1).to_numpy()
        report = report.iloc[np.lexsort((at, row, ~header))].reset_index(drop=True)

    # The column plan, in file order.
    lookup = group_lookup(codebook)
    rows_plan = []
    for j, heading in enumerate(headings):
        if j in plan:
            use, detail = plan[j]
        elif j in final_of:
            name = final_of[j]
            item = _item_of(name, spec, codebook, lookup)
            if name in BACKGROUND_COLUMNS or name == "target_group":
                use, detail = "background", name
            elif item is not None:
                use, detail = "item", item
            else:
                use, detail = "other", "kept as a column of its own (can group with --compare-by)"
        else:
            continue  # a trailing delimiter
        if rule is not None and rule.startswith(repr(heading) + " "):
            detail += f"; decides complete responses (complete when {rule})"
        rows_plan.append({"column": _letter(j), "heading": heading, "use": use, "detail": detail})
    plan_frame = pd.DataFrame(rows_plan, columns=PLAN_COLUMNS)
    groups = tuple(c for c in codebook.codes if c in set(clean["own_group"].astype(str))) if not len(report) else tuple(
        c for c in codebook.codes if c in set(own[keep_row]))
    targets = tuple(c for c in codebook.codes if c in set(clean["target_group"].astype(str))) if not len(report) else ()
    inspection = dict(plan=plan_frame, layout=layout, sheet=sheet_read, header_rows=header_rows, responses=responses,
                      groups=groups, targets=targets)
    if len(report):
        return None, report, Inspection(**inspection, survey=None, report=report)

    # Pseudonyms for the ids, in the table and in the exclusions alike (left-out respondents after the rest).
    ids, uniques = pd.factorize(clean["respondent_id"])
    others = pd.unique(pd.Series(raw_ids[~keep_row & (raw_ids != "")], dtype=object))
    named = set(uniques)
    others = [i for i in others if i not in named]
    every = pd.Series([*uniques, *others], dtype="str")
    pseudonyms = pseudonymise(every, key=pseudonym_key).to_numpy(dtype=object)
    clean["respondent_id"] = pd.Series(pseudonyms[ids], dtype="str")
    lookup_ids = dict(zip(every, pseudonyms))
    pseudo = np.array([lookup_ids.get(i, "") for i in raw_ids], dtype=object)
    exclusions = pd.DataFrame(
        {
            "row": np.concatenate([np.tile(rows, len(aside)), np.repeat(rows[out], len(names))]),
            "respondent_id": np.concatenate([np.tile(pseudo, len(aside)), np.repeat(pseudo[out], len(names))]),
            "target_group": np.concatenate([np.tile(raw_targets, len(aside)), np.repeat(raw_targets[out], len(names))]),
            "column": np.concatenate([
                np.repeat(np.array([sanitise(c) for c in aside], dtype=object), n),
                np.tile(np.array([head["sources"].get(c, c) for c in names], dtype=object), len(out)),
            ]),
            "reason": np.concatenate([
                np.repeat(np.array(list(aside.values()), dtype=object), n),
                np.repeat(reason[out].astype(object), len(names)),
            ]),
        },
        columns=EXCLUSION_COLUMNS,
    )
    exclusions = exclusions.sort_values("row", kind="stable", ignore_index=True)
    survey = Survey(
        data=clean,
        path=path,
        sha256=sha256,
        layout=layout,
        encoding=encoding,
        delimiter=delimiter,
        rows_read=len(clean),
        respondents_read=len(uniques),
        notes=tuple(sanitise(n) for n in notes),  # the manifest repeats them
        exclusions=exclusions.astype({"row": np.int64, "respondent_id": "str", "column": "str", "reason": "str"}),
        respondent_ids="sequential" if pseudonym_key is None else "hmac-sha256",
        dropped_columns={sanitise(c): why for c, why in aside.items()},  # a header may hold an address
        cells_read=n * (len(names) + len(aside)),
        cells_used=(n - len(out)) * len(names),
        header_rows=header_rows,
        blank_rows=blank_rows,
        warnings=tuple(sanitise(w) for w in warned),
        responses=responses,
    )
    return survey, report, Inspection(**inspection, survey=survey, report=report)


def _why_left_out(reason: str) -> str:
    """An exclusion reason as the note counts it: "without an own group", "not complete, complete when ..."."""
    what = reason.removeprefix("incomplete response (").removesuffix("): not read")
    return "without an own group" if what == "no own group" else what.replace(": complete when", ", complete when")


def _count_responses(key: np.ndarray, has_own: np.ndarray, finished: np.ndarray, kept: np.ndarray,
                     reason: np.ndarray) -> dict[str, Any]:
    """Respondents read, complete, incomplete, kept although incomplete, and left out (by reason)."""
    frame = pd.DataFrame({"key": key, "own": has_own, "done": finished, "kept": kept, "reason": reason})
    per = frame.groupby("key", sort=False).agg(own=("own", "all"), done=("done", "all"), kept=("kept", "all"),
                                               reason=("reason", "first"))
    complete = per["own"] & per["done"]
    left = per.loc[~per["kept"], "reason"].value_counts(sort=False)
    return {
        "read": int(len(per)),
        "complete": int(complete.sum()),
        "incomplete": int((~complete).sum()),
        "incomplete_kept": int((~complete & per["kept"]).sum()),
        "excluded": int((~per["kept"]).sum()),
        "excluded_reasons": {str(r): int(k) for r, k in left.items()},
    }


def exclusions_table(scoring: pd.DataFrame, survey: Survey, /) -> pd.DataFrame:
    """Every input cell or rating not used: the reader's and scoring's exclusions, by row.

    Parameters
    ----------
    scoring : pandas.DataFrame
        The ratings not scored (:attr:`integraatio.composite.Scores.exclusions`: ``row``,
        ``respondent_id``, ``target_group``, ``reason``).
    survey : Survey
        The survey as read; its :attr:`Survey.exclusions` are the cells not read.

    Returns
    -------
    pandas.DataFrame
        ``row``, ``respondent_id``, ``target_group``, ``column`` (empty for a whole rating),
        ``reason``, sorted by row (stable: scoring's rows first within a row).

    Examples
    --------
    >>> from integraatio.codebook import load_codebook
    >>> cb = load_codebook()
    >>> town, (own, a, b) = next(iter(cb.municipalities)), (cb.codes[0], cb.codes[1], cb.codes[9])
    >>> df = pd.DataFrame({"respondent_id": ["r1", "r1"], "municipality": town, "own_group": own,
    ...     "target_group": [own, a], "frequency": 3, "reciprocity": 2, "need": 1, "Nimi": "Anna"})
    >>> s = read_survey(df, codebook=cb)
    >>> scoring = pd.DataFrame({"row": [2], "respondent_id": ["R0001"], "target_group": [own],
    ...     "reason": ["self-rating (own_group equals target_group)"]})
    >>> exclusions_table(scoring, s)[["row", "column", "reason"]].values.tolist()
    [[2, '', 'self-rating (own_group equals target_group)'], [2, 'Nimi', 'identifies a person (name): dropped at load'], [3, 'Nimi', 'identifies a person (name): dropped at load']]
    """
    rated = scoring.assign(column="", target_group=scoring["target_group"].astype("str"))[EXCLUSION_COLUMNS]
    both = pd.concat([rated, survey.exclusions[EXCLUSION_COLUMNS]], ignore_index=True) if len(survey.exclusions) else rated
    return both.sort_values("row", kind="stable", ignore_index=True)


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
    >>> long = pd.DataFrame({"respondent_id": ["r1", "r1", "r2"], "municipality": "Kunta X",
    ...     "own_group": ["1.1", "1.1", "1.2"], "target_group": ["1.10", "1.2", "1.1"],
    ...     "frequency": [1, 2, 3], "reciprocity": [4, 5, 1], "need": [2, 3, None]})
    >>> wide = to_wide(long)
    >>> wide.columns.tolist()[3:]
    ['1.1.1', '1.1.2', '1.1.3', '1.2.1', '1.2.2', '1.2.3', '1.10.1', '1.10.2', '1.10.3']
    >>> wide["1.1.3"].tolist()
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
    cells, so :func:`read_survey` reads the file back to the same table. In ``.xlsx`` every
    text stays text: a value starting with ``=`` is not turned into a formula.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from integraatio.codebook import load_codebook
    >>> cb = load_codebook()
    >>> long = pd.DataFrame({"respondent_id": ["r1"], "municipality": next(iter(cb.municipalities)),
    ...     "own_group": cb.codes[0], "target_group": cb.codes[1], "frequency": [3], "reciprocity": [2], "need": [None]})
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_survey(long, pathlib.Path(folder) / "survey.csv", layout="wide")
    ...     print(read_survey(pathlib.Path(folder) / "survey.csv", codebook=cb).layout)
    wide
    """
    path = Path(path)
    if layout not in ("long", "wide"):
        raise UsageError(f"`layout` must be 'long' or 'wide'; got {layout!r}.")
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InputFileError(f"Cannot write {path}: the name must end in .csv or .xlsx.")
    if layout == "wide" and "target_group" in data.columns:
        data = to_wide(data)
    data = data.drop(columns="row", errors="ignore")
    if suffix == ".csv":
        data.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    else:
        _write_xlsx(data, path)


def _write_xlsx(data: pd.DataFrame, path: Path) -> None:
    """One sheet with a header row; every text cell stays text (``=x`` is no formula)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet()

    def cell(value: object) -> WriteOnlyCell:
        c = WriteOnlyCell(sheet, value=None if pd.isna(value) else value)
        if isinstance(value, str):
            c.data_type = "s"  # openpyxl would store "=..." as a formula and lose the text
        return c

    sheet.append([cell(str(c)) for c in data.columns])
    for row in data.astype(object).itertuples(index=False):
        sheet.append([cell(v) for v in row])
    book.save(path)
