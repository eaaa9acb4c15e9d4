"""Errors raised by integraatio.

Our exception hierarchy::

    IntegraatioError (Exception)
    ├── InputFileError (+ ValueError)        a file cannot be found, read or parsed
    ├── CodebookError (+ ValueError)          the codebook itself is malformed
    ├── DataValidationError (+ ValueError)    the survey breaks the data contract; ``.report``
    │                                         lists every problem found (row, column, value)
    ├── InsufficientDataError (+ ValueError)  the data are valid but too few for the analysis
    ├── PrivacyError (+ ValueError)           an option would publish a column that identifies a person
    └── UsageError (+ ValueError)             options that cannot work together (exit 2)

Every message says what was found, where (file, row, column), what was expected and
how to fix it, in the language spoken where it is made (English, or the language of a
command: :func:`integraatio.messages.speaking`). The command line turns these into a message
and a non-zero exit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is loaded only when a report is made: the command line starts fast
    import pandas as pd

__all__ = [
    "REPORT_COLUMNS",
    "report_row",
    "IntegraatioError",
    "InputFileError",
    "CodebookError",
    "DataValidationError",
    "InsufficientDataError",
    "PrivacyError",
    "UsageError",
]

REPORT_COLUMNS = ["file", "row", "column", "value", "problem", "fix"]


def report_row(column: str, problem: str, fix: str, file: str, *, row: int | None = None, value: str = "") -> dict:
    """One problem of a :class:`DataValidationError` report, as a record of :data:`REPORT_COLUMNS`."""
    return {"file": file, "row": row, "column": column, "value": value, "problem": problem, "fix": fix}


class IntegraatioError(Exception):
    """Base class of every error integraatio raises on purpose."""


class InputFileError(IntegraatioError, ValueError):
    """A file cannot be found, read or parsed."""


class CodebookError(IntegraatioError, ValueError):
    """The codebook is malformed or inconsistent."""


class InsufficientDataError(IntegraatioError, ValueError):
    """The data are valid but too few for the requested analysis."""


class PrivacyError(IntegraatioError, ValueError):
    """An option would carry a column that identifies a person into an output."""


class UsageError(IntegraatioError, ValueError):
    """Options that cannot work together or a value out of range (the command exits 2)."""


class DataValidationError(IntegraatioError, ValueError):
    """The survey data break the data contract.

    Parameters
    ----------
    report : pandas.DataFrame
        One row per problem with the columns ``file``, ``row`` (the line number a
        spreadsheet shows, header = 1), ``column``, ``value``, ``problem`` and ``fix``.
    """

    def __init__(self, report: pd.DataFrame):
        self.report = _without_identifiers(report.reindex(columns=REPORT_COLUMNS).reset_index(drop=True))
        # The message, one line per kind of problem in the language the problems are in, is
        # written by integraatio.survey.problems.validation_error, which raises every one.
        super().__init__()


def _without_identifiers(report: pd.DataFrame) -> pd.DataFrame:
    """The report with every e-mail address, phone number and identity code in its values
    and texts replaced by ``[removed]`` (:func:`integraatio.privacy.sanitise`): every message
    and problems file is made from it, and a respondent id can be an e-mail address."""
    from .identifiers import sanitise

    for column in ("value", "problem", "fix"):
        texts = report[column].map(lambda v: isinstance(v, str))
        if texts.any():
            shown = {t: sanitise(t) for t in report.loc[texts, column].unique()}
            report.loc[texts, column] = report.loc[texts, column].map(shown)
    return report
