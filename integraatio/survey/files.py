"""The survey file: which suffixes are read, its bytes, and what to do when it cannot be read."""

from __future__ import annotations

from pathlib import Path

from ..exceptions import InputFileError

__all__ = ["EXCEL_SUFFIXES", "FILE_FIX", "SPSS_SUFFIXES", "TEXT_SUFFIXES", "read_bytes"]

TEXT_SUFFIXES = (".csv", ".tsv")
EXCEL_SUFFIXES = (".xlsx",)
SPSS_SUFFIXES = (".sav", ".zsav")
#: The fix of a file that cannot be read at all.
FILE_FIX = "Export the survey again as .csv (UTF-8, comma or semicolon), .xlsx or .sav with one header row."


def read_bytes(path: Path) -> bytes:
    """The bytes of a survey file, which must have a supported suffix and hold something."""
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES + EXCEL_SUFFIXES + SPSS_SUFFIXES:
        raise InputFileError(
            f"Cannot read {path}: files ending in {suffix or '(no suffix)'!r} are not supported. {FILE_FIX}"
        )
    try:
        raw = path.read_bytes()
    except FileNotFoundError as err:
        raise InputFileError(f"Survey file {path} not found. Check the path and the file name.") from err
    except OSError as err:
        raise InputFileError(f"Cannot read {path}: {err.strerror}. Check that it is a readable file.") from err
    if not raw or raw.isspace():
        raise InputFileError(f"Survey file {path} is empty. {FILE_FIX}")
    return raw
