"""Read survey files into the validated canonical long table: the reading pipeline in order.

:func:`read_survey` accepts the canonical long table and the wide layout of survey tools, as
``.csv`` (comma, semicolon or tab; UTF-8, UTF-8 with BOM or cp1252; decimal comma),
``.xlsx``, SPSS ``.sav`` (with the ``spss`` extra), or an already loaded DataFrame. Every
cell is read as text and checked by :func:`integraatio.survey.checks.check_long`; any
problem raises one :class:`~integraatio.exceptions.DataValidationError` that lists them all.

Text files: the delimiter is the one set (``delimiter``, the codebook's ``[wide] delimiter``),
else the one of ``,``, ``;`` and tab that splits the most of the first rows, header and data
together, into the same number of fields; the encoding is UTF-8 (with or without BOM), else cp1252. Blank rows
are skipped. Item cells may use a decimal comma (``3,0`` is 3). SPSS files: user-missing
codes are read as missing; value labels replace the codes of the other columns
(municipality, own group, ...), and of an item column only where the codebook's ``[wide]``
``values`` or ``missing`` names the label.

Nothing is lost and nobody is exposed: columns that identify a person
(:func:`integraatio.privacy.identifying_columns`) and those matching ``[wide] drop`` are
not read; every input cell not passed on is listed in :attr:`Survey.exclusions` with its
reason (``cells_read = cells_used + len(exclusions)``), and respondent ids are replaced
by pseudonyms.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from ..checks import check_choice
from ..codebook import RESUBMISSIONS, Codebook
from ..exceptions import REPORT_COLUMNS
from ..messages import Message
from .accounting import account
from .checks import CATEGORICAL_TEXT, check_long, check_self_ratings, check_text, check_wide_rows, municipality_warnings
from .cells import remembered_texts, uncategorised
from .columns import Columns, resolve_columns
from .grid import read_grid
from .identifying import set_aside_identifying
from .layout import Layout, find_layout
from .plan import inspection
from .problems import sorted_report, validation_error
from .reshape import wide_to_long
from .responses import Selection, select_responses
from .sheet import apply_structure
from .spec import file_delimiter
from .spss import label_direction
from .result import Inspection, Survey

__all__ = ["inspect_survey", "read_survey", "shipped_codebook_warning"]


def read_survey(
    source: str | Path | pd.DataFrame, /, *, codebook: Codebook, pseudonym_key: str | bytes | None = None,
    sheet: str | int | None = None, self_ratings: bool = False, include_incomplete: bool = False,
    resubmissions: str | None = None,
    delimiter: str | None = None, categorical: bool = False,
) -> Survey:
    """Read a survey file (or DataFrame), check it and return the canonical long table.

    Parameters
    ----------
    source : str, Path or pandas.DataFrame
        A ``.csv``/``.tsv``, ``.xlsx`` or ``.sav`` file, or a DataFrame shaped like such a
        file. The layout is long when there is a ``target_group`` column, else wide: one
        row per respondent with item columns named ``<target code>.<item>`` (items 1 =
        frequency, 2 = reciprocity, 3 = need), or as the codebook's ``[wide]`` table says.
    codebook : Codebook
        The survey's groups, organisations and layout (``load_codebook()`` is the shipped
        study's). Always given: another survey read with the shipped codebook is misread.
    pseudonym_key : str or bytes, optional
        Key of the HMAC-SHA256 pseudonyms of the respondent ids; without it the ids become
        ``R0001``, ``R0002``, ... in order of appearance (:func:`integraatio.privacy.pseudonymise`).
    sheet : str or int, optional
        The workbook sheet, by name or number (1 = the first tab). Default: the only
        visible sheet that holds anything (a hidden sheet is read only when named).
    self_ratings : bool, default False
        The survey asked respondents to rate their own group. Otherwise a group where
        :data:`~integraatio.survey.checks.MISREAD_SELF_RATERS` respondents and
        :data:`~integraatio.survey.checks.MISREAD_SELF_SHARE` of them did so is an error (a
        misread own group), and fewer are a warning. Self-ratings are never scored.
    include_incomplete : bool, default False
        Keep the responses that the codebook's ``[wide] complete`` rule calls incomplete
        when they have an own group. Left-out responses are in :attr:`Survey.exclusions`
        and counted in :attr:`Survey.responses`.
    resubmissions : {"drop", "keep", "stop"}, optional
        What to do with a response that repeats an earlier one's answers under another id
        (the rule: :mod:`integraatio.survey.responses`): leave out the later one (``drop``,
        listed in :attr:`Survey.exclusions`), read both, or make each a problem. Default:
        the codebook's ``[responses] resubmissions``, else ``drop``; a warning either way.
    delimiter : str, optional
        Of a text file: ``","``, ``";"``, ``"\t"`` (or ``comma``, ``semicolon``, ``tab``).
        Default: the codebook's ``[wide] delimiter``, else chosen from the file's first rows.
    categorical : bool, default False
        ``respondent_id``, ``municipality``, ``size_class`` and ``subgroup`` of ``data`` as
        categoricals of their texts (the texts that occur, sorted), as ``integraatio run``
        reads them: millions of rows are then grouped, hashed and written by their codes.
        Default: text (``str``) columns, which take any text operation.

    Returns
    -------
    Survey
        ``data`` is the clean long table; its ``row`` is the source row as a spreadsheet
        numbers it (header = 1), the link back to the file now that the ids are pseudonyms.

    Raises
    ------
    InputFileError
        The file is missing, unreadable, empty, has no data rows, cannot be decoded or
        parsed, or has an unsupported suffix.
    DataValidationError
        The data break the contract; ``.report`` lists every problem (row, column, value,
        what is wrong, how to fix it).
    CodebookError
        The codebook's ``[wide]`` or ``[privacy]`` table is malformed.
    UsageError
        ``pseudonym_key`` is too weak (:func:`integraatio.privacy.check_key`).

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
    read = _read(source, codebook=codebook, pseudonym_key=pseudonym_key, sheet=sheet, self_ratings=self_ratings,
                 include_incomplete=include_incomplete, resubmissions=resubmissions, delimiter=delimiter,
                 categorical=categorical)
    if read.survey is None:
        raise validation_error(read.report)
    return read.survey


def inspect_survey(
    source: str | Path | pd.DataFrame,
    /,
    *,
    codebook: Codebook,
    sheet: str | int | None = None,
    self_ratings: bool = False,
    include_incomplete: bool = False,
    resubmissions: str | None = None,
    delimiter: str | None = None,
) -> Inspection:
    """How a survey file is read, column by column: what ``integraatio inspect`` prints.

    The file is read exactly as :func:`read_survey` reads it (one code path), and the
    problems it has are returned, not raised.

    Parameters
    ----------
    source, codebook, sheet, self_ratings, include_incomplete, resubmissions, delimiter
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
    return _read(source, codebook=codebook, pseudonym_key=None, sheet=sheet, self_ratings=self_ratings,
                 include_incomplete=include_incomplete, resubmissions=resubmissions, delimiter=delimiter)


def _read(
    source: str | Path | pd.DataFrame,
    *,
    codebook: Codebook,
    pseudonym_key: str | bytes | None,
    sheet: str | int | None,
    self_ratings: bool,
    include_incomplete: bool,
    resubmissions: str | None,
    delimiter: str | None,
    categorical: bool = False,
) -> Inspection:
    """Read and check a survey, step by step; the inspection's survey is None when it has problems."""
    with remembered_texts():  # each column's distinct texts cleaned once, and forgotten after the read
        return _steps(source, codebook=codebook, pseudonym_key=pseudonym_key, sheet=sheet, self_ratings=self_ratings,
                      include_incomplete=include_incomplete, resubmissions=resubmissions, delimiter=delimiter,
                      categorical=categorical)


def _steps(
    source: str | Path | pd.DataFrame, *, codebook: Codebook, pseudonym_key: str | bytes | None, sheet: str | int | None,
    self_ratings: bool, include_incomplete: bool, resubmissions: str | None, delimiter: str | None, categorical: bool,
) -> Inspection:
    """:func:`_read`'s steps."""
    how = resubmissions or codebook.resubmissions or "drop"
    check_choice("resubmissions", how, RESUBMISSIONS)
    given = None if isinstance(source, pd.DataFrame) else file_delimiter(codebook, delimiter)
    grid = read_grid(source, sheet=sheet, delimiter=given)
    layout = find_layout(grid, codebook=codebook)
    read = resolve_columns(layout, codebook=codebook, labels=grid.labels, file=grid.file)
    read = set_aside_identifying(read, spec=layout.spec, codebook=codebook)
    read = apply_structure(read, grid=grid, layout=layout)
    text_problems = check_text(read.names, read.columns, layout.rows, grid.file)
    label_problems, label_warned = label_direction(read.names, read.position, grid.labels, spec=layout.spec,
                                                   codebook=codebook, file=grid.file)
    selection = select_responses(layout, read, include_incomplete=include_incomplete, file=grid.file, codebook=codebook,
                                 resubmissions=how)
    long, rows, cite, wide_problems, wide_warned = _long_table(layout, read, selection, codebook=codebook,
                                                               file=grid.file)
    # Categorical text to the end: the ids are pseudonymised by their codes.
    clean, report, check_notes = check_long(long, codebook=codebook, file=grid.file, rows=rows, item_columns=cite,
                                            reverse=codebook.scale.reversed if layout.spec is None else (),
                                            categorical=True)
    problems = [*layout.problems, *read.problems, *text_problems, *label_problems, *selection.problems, *wide_problems]
    notes = [*grid.notes, *layout.notes, *read.notes, *selection.notes, *check_notes]
    # Every warning changes what is scored: the manifest's warnings and the report's first screen list them.
    warned = [*read.warnings, *label_warned, *selection.warnings, *wide_warned]
    position = read.position
    if layout.spec is not None:
        report = check_wide_rows(report, read.names, selection.columns, selection.rows, sources=read.sources,
                                 file=grid.file)
        # Report columns are named as the file names them.
        position = {**position, **{read.sources.get(k, k): j for k, j in position.items()}}
    if not len(report):
        selfish, self_warned = check_self_ratings(clean, grid.file, allowed=self_ratings)
        problems += selfish
        warned += [*self_warned, *municipality_warnings(clean, codebook, size_column="size_class" in read.names)]
    report = pd.concat([pd.DataFrame(problems, columns=REPORT_COLUMNS), report], ignore_index=True)
    report = sorted_report(report, position)
    survey = None if len(report) else account(clean, grid=grid, layout=layout, read=read, selection=selection,
                                              notes=notes, warnings=warned, pseudonym_key=pseudonym_key)
    if survey is not None and not categorical:
        survey = replace(survey, data=uncategorised(survey.data, CATEGORICAL_TEXT))
    return inspection(read, grid=grid, layout=layout, selection=selection, codebook=codebook, clean=clean,
                      report=report, survey=survey)


def _long_table(
    layout: Layout, read: Columns, selection: Selection, /, *, codebook: Codebook, file: str
) -> tuple[pd.DataFrame, np.ndarray, dict | None, list[dict], list[str]]:
    """The responses kept as a raw long table: as they are (long layout), or reshaped (wide)."""
    if layout.spec is None:
        return pd.DataFrame(dict(zip(read.names, selection.columns))), selection.rows, None, [], []
    return wide_to_long(read.names, selection.columns, selection.rows, codebook=codebook, spec=layout.spec, file=file)


def shipped_codebook_warning(source: str | Path | None) -> Message | None:
    """What to tell a user whose survey is read with the shipped study's codebook by default.

    For the command line and :func:`integraatio.run` without a codebook: None for the
    shipped survey (or no input), else a warning naming the file.

    Examples
    --------
    >>> from integraatio.paths import survey_path
    >>> shipped_codebook_warning(survey_path()) is None, str(shipped_codebook_warning("my_survey.csv"))[:31]
    (True, 'my_survey.csv is read with the ')
    """
    from ..paths import data_dir

    if source is None or Path(os.path.abspath(source)).parent == Path(os.path.abspath(data_dir())):
        return None
    return Message.of("read.shipped_codebook", file=Path(source).name)
