"""What reading gives: the survey as read (:class:`Survey`) and how it was read (:class:`Inspection`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..messages import Message

__all__ = ["EXCLUSION_COLUMNS", "PLAN_COLUMNS", "Inspection", "Survey"]

#: Columns of :attr:`Survey.exclusions` and of ``exclusions.csv``; ``column`` is empty when a
#: whole rating (its item cells) was not scored.
EXCLUSION_COLUMNS = ["row", "respondent_id", "target_group", "column", "reason"]
#: Columns of the column plan (:attr:`Inspection.plan`): how each column of the file is read.
PLAN_COLUMNS = ["column", "heading", "use", "detail"]


@dataclass(frozen=True)
class Survey:
    """A survey file as read and validated.

    Attributes
    ----------
    data : pandas.DataFrame
        The validated canonical long table (see :func:`integraatio.survey.checks.check_long`);
        ``respondent_id`` holds pseudonyms (see ``respondent_ids``); it, ``municipality``,
        ``size_class`` and ``subgroup`` are text, or categoricals of their texts when read with
        ``read_survey(categorical=True)`` (as ``integraatio run`` reads them).
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
    notes : tuple of Message
        Non-fatal notices, e.g. columns dropped because they identify a person; each is
        given the run's language where it is shown or written (``note.text("fi")``;
        ``str(note)`` is English).
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
    warnings : tuple of Message
        What may change the results and the user should check (occasional self-ratings, a
        repeated column name, the shipped codebook used for a file of one's own);
        recorded in the manifest's ``warnings`` and shown in the report, in the run's language.
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
    notes: tuple[Message, ...]
    exclusions: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=EXCLUSION_COLUMNS))
    respondent_ids: str = "sequential"
    dropped_columns: dict[str, str] = field(default_factory=dict)
    cells_read: int = 0
    cells_used: int = 0
    header_rows: int = 1
    blank_rows: int = 0
    warnings: tuple[Message, ...] = ()
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
    encoding, delimiter : str or None
        Of a text file, as read (the delimiter set or chosen).
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
    encoding: str | None = None
    delimiter: str | None = None

