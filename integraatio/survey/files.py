"""The survey file: which suffixes are read, its bytes, and what to do when it cannot be read."""

from __future__ import annotations

from pathlib import Path

from ..exceptions import InputFileError
from ..messages import said

__all__ = ["EXCEL_SUFFIXES", "SPSS_SUFFIXES", "TEXT_SUFFIXES", "file_fix", "read_bytes"]

TEXT_SUFFIXES = (".csv", ".tsv")
EXCEL_SUFFIXES = (".xlsx",)
SPSS_SUFFIXES = (".sav", ".zsav")


def file_fix() -> str:
    """The fix of a file that cannot be read at all, in the language spoken."""
    return said("file.fix")


def read_bytes(path: Path) -> bytes:
    """The bytes of a survey file, which must have a supported suffix and hold something."""
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES + EXCEL_SUFFIXES + SPSS_SUFFIXES:
        raise InputFileError(
            said("file.suffix", path=path, suffix=suffix or said("file.no_suffix"), fix=file_fix())
        )
    try:
        raw = path.read_bytes()
    except FileNotFoundError as err:
        raise InputFileError(said("file.not_found", path=path)) from err
    except OSError as err:
        raise InputFileError(said("file.unreadable", path=path, error=err.strerror)) from err
    if not raw or raw.isspace():
        raise InputFileError(said("file.empty", path=path, fix=file_fix()))
    return raw
