"""The Excel workbook of a run: a summary sheet first, the matrix next, the parameters last."""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .checks import check_threshold
from .folder import RunFolder, flatten
from .messages import MESSAGES, number, scenario_description, scenario_name
from .messages import text as say
from .results import FORMULA_STARTS
from .style import HIGHLIGHT, SUPPRESSED_MARK

#: Number format of the means and intervals (display only: the values keep full precision).
_DECIMAL_COLUMNS = ("mean", "sd", "ci_low", "ci_high", "diff", "mean_other", "strength", "cost")
#: Columns of shares of a whole (0-1), shown as percentages.
_SHARE_COLUMNS = ("share", "share_ci_low", "share_ci_high", "share_across", "share_lower", "rate")
#: Display formats by kind. Excel shows them with the reader's own decimal and thousands
#: separators ("29,8 %" and "5 628" in a Finnish Excel), which text could not do.
FORMATS = {"decimal": "0.0", "share": "0.0%", "count": "#,##0", "p": "0.0000", "other": "0.00",
           "exact": "0.0###########"}


def number_format(column: str, value: Any, /) -> str:
    """The display format of a number in ``column`` (the column's kind decides, an
    integer without one is a count; the stored value keeps full precision).

    Examples
    --------
    >>> number_format("share", 0.298), number_format("n", 12), number_format("q_value", 0.01), number_format("x", 0.5)
    ('0.0%', '#,##0', '0.0000', '0.00')
    """
    if column in _SHARE_COLUMNS:
        return FORMATS["share"]
    if column in _DECIMAL_COLUMNS:
        return FORMATS["decimal"]
    if column in ("p_value", "q_value", "p_min"):
        return FORMATS["p"]
    return FORMATS["count"] if isinstance(value, int) else FORMATS["other"]


def _put(ws, row: int, col: int, value: Any, *, shown: str | None = None):
    """Write one cell; text is always text, never a formula, whatever it starts with; a
    number gets the display format ``shown`` (:func:`number_format` when not given)."""
    if isinstance(value, (list, tuple, dict)):
        value = json.dumps(value, ensure_ascii=False)
    elif pd.isna(value):  # NaN, None, pd.NA: an empty cell
        value = None
    elif isinstance(value, np.generic):
        value = value.item()
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        cell.number_format = shown or number_format("", value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        # openpyxl turns "=..." into a formula: force a string, and set Excel's own
        # quote prefix so that the cell also stays text when someone edits it.
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def _shown(table: pd.DataFrame) -> pd.DataFrame:
    """Suppressed rows' empty numbers read ``..`` (published as suppressed, not as missing)."""
    if "suppressed" not in table.columns:
        return table
    shown = table.astype(object)
    hidden = table["suppressed"].astype(bool).to_numpy()
    for col in table.columns:
        if pd.api.types.is_numeric_dtype(table[col]) and not pd.api.types.is_bool_dtype(table[col]):
            shown.loc[hidden & table[col].isna().to_numpy(), col] = SUPPRESSED_MARK
    return shown


#: Columns that name an organiser, a scenario, a comparison's level or an item by its id.
_ORGANISER_COLUMNS = ("organiser", "organiser_a", "organiser_b")
_LEVEL_COLUMNS = ("level", "level_a", "level_b")
#: Columns of the CSV files that only hold another language's version of a column.
_OTHER_LANGUAGE = ("name_fi", "name_en", "description_fi", "description_en")


def _readable(table: pd.DataFrame, run: RunFolder, lang: str) -> pd.DataFrame:
    """A table's ids and flags as a person reads them in ``lang``: yes/no for booleans,
    the catalogue's names of organisers, items, sources and permutation units, scenario
    names and descriptions from the scenario file, and a comparison's level labels.
    Numbers stay numbers; the CSV files keep the ids."""
    levels = run.parameters.get("compare", {}).get("level_labels", {}) or {}
    shown = table.drop(columns=[c for c in _OTHER_LANGUAGE if c in table.columns]).astype(object)

    def named(key: Callable[[Any], str]) -> Callable[[Any], Any]:
        return lambda v: say(key(v), lang) if key(v) in MESSAGES else v

    for col in shown.columns:
        values = shown[col]
        if col in _ORGANISER_COLUMNS:
            shown[col] = values.map(named(lambda v: f"organiser.{v}"))
        elif col == "item":
            shown[col] = values.map(named(lambda v: f"item.{v}"))
        elif col == "source":
            shown[col] = values.map(named(lambda v: f"source.{v}"))
        elif col == "permutation_unit":
            shown[col] = values.map(named(lambda v: f"note.unit.{v}"))
        elif col in _LEVEL_COLUMNS:
            shown[col] = values.map(lambda v: levels.get(v, v))
        elif col == "contrast":
            shown[col] = values.map(lambda v: " – ".join(levels.get(p, p) for p in str(v).split(" - ")))
        shown[col] = shown[col].map(_yes_no(lang))
    if "scenario" in table.columns:
        names = _scenario_labels(run, lang)
        if "description" in table.columns:
            shown["description"] = [scenario_description(r, lang) for r in table.to_dict("records")]
        for col in ("scenario", "versus"):
            if col in shown.columns:
                shown[col] = shown[col].map(lambda v: names.get(v, v))
    return shown


def _yes_no(lang: str):
    """A cell's value with a flag (a boolean, or ``True``/``False`` read back from a CSV) as yes or no in ``lang``."""
    words = {True: say("value.true", lang), False: say("value.false", lang)}
    words.update({str(k): v for k, v in words.items()})
    return lambda v: words[v] if isinstance(v, (bool, np.bool_, str)) and v in words else v


def _scenario_labels(run: RunFolder, lang: str) -> dict[str, str]:
    """Scenario id -> its display name in ``lang`` (the scenario file's names, the catalogue's built-ins)."""
    table = run.tables.get("boundary_scenarios")
    if table is None:
        return {}
    return {r["scenario"]: scenario_name(r["scenario"], lang, {lg: r.get(f"name_{lg}") for lg in ("fi", "en")
                                                               if isinstance(r.get(f"name_{lg}"), str)})
            for r in table.to_dict("records")}


def _sheet(wb, name: str, table: pd.DataFrame, *, lang: str, highlight: Iterable[str] = (), threshold: float = 140.0,
           heat: bool = False, exact: bool = False):
    """One table on a sheet: headers in ``lang`` and aligned as their column's values,
    printed landscape on A4, fit to the page width, the header row repeated on each page.
    ``exact`` shows every decimal a number has (the settings), not a rounded figure."""
    from openpyxl.formatting.rule import ColorScaleRule, FormulaRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(_sheet_name(wb, name))
    columns = list(table.columns)
    numeric = [str(c) in highlight or _numbers(table[c]) for c in columns]
    for j, col in enumerate(columns, start=1):
        head = say(f"head.{col}", lang) if f"head.{col}" in MESSAGES else str(col)
        cell = _put(ws, 1, j, head)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="right" if numeric[j - 1] else "left", vertical="bottom", wrap_text=True)
    kinds = [FORMATS["decimal"] if str(c) in highlight else None for c in columns]
    for i, values in enumerate(table.itertuples(index=False), start=2):
        for j, value in enumerate(values, start=1):
            shown = FORMATS["exact"] if exact and isinstance(value, float) else kinds[j - 1]
            _put(ws, i, j, value, shown=shown or number_format(str(columns[j - 1]), value))
    last = len(table) + 1
    for j, col in enumerate(columns, start=1):
        letter = get_column_letter(j)
        width = max([len(str(v)) for v in table[col].head(200)], default=0)
        ws.column_dimensions[letter].width = min(max(width, 6) + 2, 60)
        if str(col) in highlight and last > 1:
            # ISNUMBER: Excel ranks text above every number, so ".." would turn red too.
            ws.conditional_formatting.add(
                f"{letter}2:{letter}{last}",
                FormulaRule(formula=[f"AND(ISNUMBER({letter}2),{letter}2>{threshold:g})"],
                            font=Font(color=HIGHLIGHT[1:], bold=True), fill=PatternFill(bgColor="FDE2E2")),
            )
    if heat and highlight and last > 1:
        cols = [get_column_letter(j) for j, c in enumerate(columns, start=1) if str(c) in highlight]
        # The heat map of the matrix: white at 40, light blue at 100, blue at 160 (readable in colour-blindness).
        ws.conditional_formatting.add(f"{cols[0]}2:{cols[-1]}{last}", ColorScaleRule(
            start_type="num", start_value=40, start_color="FFFFFF", mid_type="num", mid_value=100, mid_color="C6DBEF",
            end_type="num", end_value=160, end_color="6BAED6"))
    ws.freeze_panes = "B2" if columns and columns[0] in ("own_group", "node", "scenario") else "A2"
    _print_setup(ws)
    return ws


def _numbers(column: pd.Series) -> bool:
    """Whether a column holds numbers (suppressed ones read ``..``), not text or flags."""
    values = column.dropna()
    return len(values) > 0 and all(
        (isinstance(v, (int, float, np.number)) and not isinstance(v, (bool, np.bool_))) or v == SUPPRESSED_MARK for v in values)


def _print_setup(ws) -> None:
    """A4 landscape, one page wide, the first row repeated on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"


def _sheet_name(wb, name: str) -> str:
    """Excel's limits: 31 characters, no ``[]:*?/\\``, unique."""
    base = re.sub(r"[\[\]:*?/\\]", "_", name)[:31]
    candidate, k = base, 2
    while candidate in wb.sheetnames:
        candidate = f"{base[:28]}_{k}"
        k += 1
    return candidate


def _matrix(run: RunFolder, value: str) -> pd.DataFrame:
    """Own group x target group of ``value``: a suppressed mean reads ``..``, a cell
    without ratings is empty."""
    from .matrix import pivot_matrix

    shown = _shown(run.pairs) if value == "mean" else run.pairs
    m = pivot_matrix(shown, codes=run.codes, value=value).astype(object)
    labels = run.nodes.set_index("node")["label"]
    m.insert(0, "label", labels.reindex(m.index).to_numpy())
    return m.reset_index()


def _sheet_title(run: RunFolder, stem: str, lang: str) -> str:
    """The sheet name of an optional table, in ``lang``."""
    if f"sheet.{stem}" in MESSAGES:
        return say(f"sheet.{stem}", lang)
    by = str(run.parameters.get("compare", {}).get("by", ""))
    for prefix in (f"compare_{by}", f"compare_{by.replace('.', '_')}"):
        if by and (stem == prefix or stem.startswith(prefix + "_")):
            shown = say(f"by.{by}", lang) if f"by.{by}" in MESSAGES else by
            kind = stem[len(prefix):].lstrip("_")
            return say(f"sheet.compare_{kind}" if kind else "sheet.compare", lang, by=shown)
    rerun = re.fullmatch(r"sensitivity_(.+)", stem)
    return say("sheet.sensitivity", lang, name=rerun[1]) if rerun else stem


def _summary(ws, run: RunFolder, guide: list[tuple[str, str]], *, lang: str, threshold: float) -> None:
    """The first sheet: the run's key results, then what each sheet holds."""
    from openpyxl.styles import Alignment, Font

    i, params = run.manifest.get("input", {}), run.parameters
    shown = run.pairs.loc[~run.pairs["suppressed"].astype(bool)]
    count, share = FORMATS["count"], FORMATS["share"]
    rows: list[tuple[str, Any, str | None]] = [
        (say("book.input", lang), Path(str(i.get("path") or "?")).name, None),
        (say("book.respondents", lang), i.get("respondents_read"), count),
        *((say(f"book.{k}", lang), i.get(k), count) for k in ("rows_read", "rows_scored", "rows_excluded")),
        (say("book.alpha", lang), run.manifest.get("composite", {}).get("alpha"), FORMATS["other"]),
        (say("head.modularity", lang), run.manifest.get("results", {}).get("modularity"), FORMATS["other"]),
        (say("book.over", lang, threshold=number(threshold, 0, lang)), int((shown["mean"] > threshold).sum()), count),
        (say("book.published", lang), len(shown), count),
        (say("book.suppressed", lang, min_n=params.get("min_n", "?")), int(run.pairs["suppressed"].astype(bool).sum()),
         count),
    ]
    names = run.nodes.drop_duplicates("cluster").sort_values("cluster")
    for k, name in zip(names["cluster"], names["cluster_name"]):
        members = run.nodes.loc[run.nodes["cluster"] == k, "node"]
        rows.append((say("book.cluster", lang, k=k, name=name), ", ".join(members), None))
    scenarios = run.tables.get("boundary_scenarios")
    for r in [] if scenarios is None else scenarios.to_dict("records"):
        rows.append((say("book.boundary", lang, name=_scenario_labels(run, lang)[r["scenario"]]), r["share"], share))
    _put(ws, 1, 1, say("book.title", lang)).font = Font(bold=True, size=14)
    for k, (label, value, shown_as) in enumerate(rows, start=3):
        _put(ws, k, 1, label).font = Font(bold=True)
        _put(ws, k, 2, value, shown=shown_as).alignment = Alignment(horizontal="left")
    start = len(rows) + 5
    _put(ws, start, 1, say("book.guide", lang)).font = Font(bold=True, size=12)
    for k, (sheet, about) in enumerate(guide, start=start + 1):
        _put(ws, k, 1, sheet).font = Font(bold=True)
        _put(ws, k, 2, about)
    ws.column_dimensions["A"].width = 44
    ws.column_dimensions["B"].width = 90
    _print_setup(ws)


def write_workbook(run: RunFolder, path: str | Path, /, *, threshold: float = 140.0) -> Path:
    """Write ``results.xlsx``: a summary first, the matrix next, every table, the settings last.

    Parameters
    ----------
    run : RunFolder
    path : str or pathlib.Path
    threshold : float, default 140
        Means above it turn red (conditional formatting), as on the study's slides.

    Returns
    -------
    Path

    Notes
    -----
    Sheets, named in the run's language (``Yhteenveto``/``Summary`` ...): the summary (key
    results and a guide to the sheets), the matrix of means (over the threshold red, shaded
    as a heat map), the ratings behind each cell, the heat-map figure when the run drew
    it, ``pairs``, ``clusters``, then whichever of ``reliability``, ``coassignment``,
    ``resolution_sweep``, ``compare_<by>...``, ``boundary_...`` and ``sensitivity_...``
    the run wrote, and the settings (every entry of ``manifest.json``) last. Headers are
    in the run's language; suppressed numbers read ``..``. Every sheet prints landscape
    on A4, one page wide, with its header row repeated. The only formulas are those of
    the conditional formats; text that starts with ``=``, ``+``, ``-``, ``@`` or a tab is
    stored as text with Excel's quote prefix. Dates in the file are fixed, so the same
    run gives the same bytes.
    """
    from openpyxl import Workbook

    check_threshold(threshold)
    lang = run.lang
    wb = Workbook()
    summary = wb.active
    summary.title = say("sheet.summary", lang)
    guide = []

    def sheet(title: str, table: pd.DataFrame, about: str, **kw) -> None:
        ws = _sheet(wb, title, table, lang=lang, threshold=threshold, **kw)
        guide.append((ws.title, about))

    sheet(say("sheet.matrix", lang), _matrix(run, "mean"),
          say("guide.matrix", lang, threshold=number(threshold, 0, lang)), highlight=run.codes, heat=True)
    sheet(say("sheet.matrix_n", lang), _matrix(run, "n"), say("guide.matrix_n", lang))
    picture = run.path / "matrix_heatmap.png"
    if "matrix_heatmap" in run.figures and picture.is_file():
        from openpyxl.drawing.image import Image

        ws = wb.create_sheet(_sheet_name(wb, say("sheet.heatmap", lang)))
        image = Image(str(picture))
        image.width, image.height = 900, round(900 * image.height / image.width)
        ws.add_image(image, "A1")
        _print_setup(ws)
        guide.append((ws.title, say("guide.heatmap", lang)))
    sheet(say("sheet.pairs", lang), _readable(_shown(run.pairs), run, lang), say("guide.pairs", lang), highlight=("mean",))
    sheet(say("sheet.clusters", lang), run.nodes, say("guide.clusters", lang))
    for stem, table in run.tables.items():
        table = table.reset_index(drop=True)
        means = ("mean",) if {"own_group", "target_group"} <= set(table.columns) else ()
        sheet(_sheet_title(run, stem, lang), _readable(_shown(table), run, lang), say("guide.other", lang, file=f"{stem}.csv"),
              highlight=means)
    params = pd.DataFrame(flatten(run.manifest), columns=["key", "value"])
    sheet(say("sheet.parameters", lang), params, say("guide.parameters", lang), exact=True)
    _summary(summary, run, guide, lang=lang, threshold=threshold)
    path = Path(path)
    wb.save(path)
    _fix_zip_dates(path)
    return path


def _fix_zip_dates(path: Path) -> None:
    """Same workbook, same bytes: fixed entry dates and no created/modified stamps."""
    with zipfile.ZipFile(path) as z:
        entries = [(info, z.read(info)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>", b"", data)
            z.writestr(zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)), data, compress_type=zipfile.ZIP_DEFLATED)
