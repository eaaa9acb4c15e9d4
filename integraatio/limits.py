"""Bounded work on any input: the checks that run before a file or a pattern costs anything.

A small file can ask for a great deal: a workbook that declares a cell at XFD1048576, a
zip bomb, an SPSS file that declares fifty million cases, a regular expression that
backtracks for hours, a preset that is ``/dev/zero``. Each is refused here with a message
saying what the limit is and why, before any memory is spent on it.
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
import zlib
from pathlib import Path

from .exceptions import CodebookError, InputFileError, UsageError

__all__ = [
    "MAX_CELLS",
    "MAX_CELL_CHARS",
    "MAX_PRESET_BYTES",
    "MAX_UNPACKED_BYTES",
    "MAX_RATIO",
    "check_memory",
    "check_regular_file",
    "check_strings",
    "control_characters",
    "check_workbook",
    "compile_pattern",
    "memory_available",
]

#: Cells a workbook sheet may declare (rows x columns): far above any survey (50,000 x 200).
MAX_CELLS = 10_000_000
#: Bytes the parts of a workbook may unpack to, and how much they may grow in unpacking.
MAX_UNPACKED_BYTES = 500_000_000
MAX_RATIO = 200
#: Characters a survey cell may hold: a long answer is a few thousand.
MAX_CELL_CHARS = 100_000
#: A preset is a short TOML file.
MAX_PRESET_BYTES = 1_000_000

#: Characters no label or survey text may hold: C0 controls but tab and line feed, DEL, a
#: carriage return (a lone one splits a CSV row) and the byte-order mark U+FEFF. XML, XLSX
#: and PDF writers cannot carry them, and no survey answer needs them.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\ufeff]")

_DIMENSION = re.compile(rb"<(?:\w+:)?dimension ref=\"(?:[A-Z]+\d+:)?([A-Z]+)(\d+)\"")


def control_characters(text: str, /) -> str:
    """The characters of :data:`CONTROL` in a text, as ``U+0001, U+FEFF`` ("" when none).

    Examples
    --------
    >>> control_characters("Vanhus\x01palvelut\ufeff"), control_characters("Kunta A")
    ('U+0001, U+FEFF', '')
    """
    return ", ".join(dict.fromkeys(f"U+{ord(ch):04X}" for ch in CONTROL.findall(text)))


def check_strings(doc: object, /, *, where: str) -> None:
    """Refuse a parsed TOML document (codebook, scenarios) that has a control character in a string.

    Raises
    ------
    CodebookError
        Naming the key and the characters.
    """
    stack = [(doc, "")]
    while stack:
        value, key = stack.pop()
        if isinstance(value, dict):
            stack += [(v, f"{key}.{k}" if key else str(k)) for k, v in value.items()]
        elif isinstance(value, list):
            stack += [(v, f"{key}[{i + 1}]") for i, v in enumerate(value)]
        elif isinstance(value, str) and (found := control_characters(value)):
            raise CodebookError(
                f"{where}: `{key}` holds the control character(s) {found}, which no output can carry. "
                "Delete them (an editor that shows invisible characters helps)."
            )


def compile_pattern(text: object, *, where: str):
    """A user's regular expression, compiled by RE2: matching takes time linear in the text.

    Python's own engine backtracks, so a pattern such as ``(a+)+$`` takes hours on a
    30-character column name; RE2 has no backtracking (and so no back-references or
    look-arounds).

    Parameters
    ----------
    text : str
        The pattern; ``(?i)`` in front for case-insensitive matching.
    where : str
        Where it was given, for the message (``"Codebook c.toml: [wide] `pattern`"``).

    Returns
    -------
    re2._Regexp
        With ``search``, ``fullmatch`` and ``groupindex`` as :mod:`re` has them.

    Raises
    ------
    CodebookError
        Not a string, or not a pattern RE2 can run.

    Examples
    --------
    >>> compile_pattern(r"(?P<item>\\w+)\\[(?P<target>\\d+)\\]", where="test").fullmatch("NEED[7]").group("target")
    '7'
    """
    import re2

    if not isinstance(text, str):
        raise CodebookError(f"{where} must be a regular expression in a string; got {text!r}.")
    try:
        re.compile(text)  # Python's message is the clearer one for plain syntax errors
    except re.error as err:
        raise CodebookError(f"{where} {text!r} is not a valid regular expression: {err}.") from err
    try:
        return re2.compile(text)
    except re2.error as err:
        raise CodebookError(
            f"{where} {text!r} uses a feature that cannot run in bounded time (a back-reference or look-around): {err}. "
            "Write it without them."
        ) from err


def check_regular_file(path: Path, /, *, max_bytes: int, what: str) -> None:
    """Refuse what is not a regular file under ``max_bytes`` (a device, a FIFO, a huge file).

    Raises
    ------
    CodebookError
    """
    try:
        info = os.stat(path)
    except OSError as err:
        raise CodebookError(f"{what} {path}: {err.strerror}. Give the path of a readable file.") from err
    if not stat.S_ISREG(info.st_mode):
        raise CodebookError(f"{what} {path} is not a regular file (a device or a pipe); give the path of a TOML file.")
    if info.st_size > max_bytes:
        raise CodebookError(f"{what} {path} has {info.st_size} bytes; at most {max_bytes} are read. Is it the right file?")


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def check_workbook(raw: bytes, /, *, name: str) -> None:
    """Look inside a workbook before it is opened: unpacked size, growth and declared sheet size.

    Raises
    ------
    InputFileError
        The workbook would unpack to more than :data:`MAX_UNPACKED_BYTES`, a part grows more
        than :data:`MAX_RATIO` times (a zip bomb), or a sheet declares more than
        :data:`MAX_CELLS` cells (a cell at XFD1048576 makes a 17-billion-cell grid).
    """
    import io

    try:
        book = zipfile.ZipFile(io.BytesIO(raw))
        parts = book.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as err:
        raise InputFileError(f"Cannot read {name} as an Excel workbook ({err}). Save it again as .xlsx.") from err
    unpacked = sum(p.file_size for p in parts)
    if unpacked > MAX_UNPACKED_BYTES:
        raise InputFileError(
            f"{name} unpacks to {unpacked} bytes, more than the {MAX_UNPACKED_BYTES} read; a survey is far smaller. "
            "Export only the responses, or save them as .csv."
        )
    for p in parts:
        if p.file_size > 1_000_000 and p.file_size > MAX_RATIO * max(p.compress_size, 1):
            raise InputFileError(
                f"{name}: its part {p.filename} grows {p.file_size // max(p.compress_size, 1)} times when unpacked "
                f"(at most {MAX_RATIO}), as a zip bomb does. Save the survey again from the survey tool or Excel."
            )
        if p.filename.startswith("xl/worksheets/") and p.filename.endswith(".xml"):
            try:
                with book.open(p) as f:
                    head = f.read(4096)
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError) as err:
                raise InputFileError(f"Cannot read {name} as an Excel workbook: its part {p.filename} is damaged "
                                     f"({err}). Save it again as .xlsx.") from err
            found = _DIMENSION.search(head)
            if found:
                cells = _column_number(found.group(1)) * int(found.group(2))
                if cells > MAX_CELLS:
                    raise InputFileError(
                        f"{name}: the sheet {p.filename} declares {cells} cells (up to column "
                        f"{found.group(1).decode()}, row {int(found.group(2))}), more than the {MAX_CELLS} read. "
                        "Delete the far-away cells (Ctrl+End shows the last one) or copy the survey to a new sheet."
                    )


def memory_available() -> int:
    """Bytes of memory available now (``MemAvailable`` of /proc/meminfo; else all physical memory)."""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def check_memory(option: str, value: int, *, bytes_each: float, share: float = 0.5) -> None:
    """Refuse a count whose arrays would not fit in memory, before any work starts.

    Parameters
    ----------
    option : str
        The option, for the message (``"--bootstrap"``).
    value : int
        What was asked for.
    bytes_each : float
        Memory one unit of ``value`` keeps (e.g. one replicate's arrays).
    share : float, default 0.5
        The share of the available memory a run may take.

    Raises
    ------
    UsageError
        With the largest value that fits.
    """
    budget = share * memory_available()
    if value * bytes_each > budget:
        fits = int(budget // bytes_each)
        raise UsageError(
            f"{option} {value} would keep about {value * bytes_each / 2**30:.1f} GiB in memory, more than the "
            f"{budget / 2**30:.1f} GiB available here; the largest value that fits is {fits}."
        )
