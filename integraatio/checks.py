"""Checks of the library's parameters, worded one way everywhere.

A bad parameter is the caller's mistake, not the data's: each check raises
:class:`~integraatio.exceptions.UsageError` (exit 2 on the command line).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from .exceptions import UsageError
from .options import FIGURE_FORMATS

__all__ = ["check_choice", "check_integer", "check_threshold", "figure_formats", "is_integer"]


def is_integer(value: Any) -> bool:
    """True for a Python or numpy integer; never for a bool (``True`` is not a count).

    Examples
    --------
    >>> is_integer(3), is_integer(np.int64(3)), is_integer(True), is_integer(3.0)
    (True, True, False, False)
    """
    return not isinstance(value, bool) and isinstance(value, (int, np.integer))


def check_integer(name: str, value: Any, /, *, low: int) -> None:
    """Raise unless ``value`` is an integer of at least ``low``.

    Examples
    --------
    >>> check_integer("replicates", 1, low=2)
    Traceback (most recent call last):
    ...
    integraatio.exceptions.UsageError: `replicates` must be an integer >= 2; got 1.
    """
    if not is_integer(value) or value < low:
        raise UsageError(f"`{name}` must be an integer >= {low}; got {value!r}.")


def check_choice(name: str, value: Any, allowed: Sequence[str], /) -> None:
    """Raise unless ``value`` is one of ``allowed``.

    Examples
    --------
    >>> check_choice("how", "median", ("mean", "max"))
    Traceback (most recent call last):
    ...
    integraatio.exceptions.UsageError: `how` must be one of mean, max; got 'median'.
    """
    if value not in allowed:
        raise UsageError(f"`{name}` must be one of {', '.join(allowed)}; got {value!r}.")


def check_threshold(threshold: float, /) -> None:
    """The highlighting threshold must be a finite number (the workbook and the report)."""
    if not isinstance(threshold, (int, float)) or isinstance(threshold, bool) or not np.isfinite(threshold):
        raise UsageError(f"`threshold` must be a finite number; got {threshold!r}.")


def figure_formats(figures: bool | Iterable[str], /) -> tuple[str, ...]:
    """The formats a writer's ``figures`` asks for: every one for True, none for False,
    else those named (in :data:`~integraatio.options.FIGURE_FORMATS` order).

    Examples
    --------
    >>> figure_formats(True), figure_formats(False), figure_formats(["pdf", "png"])
    (('png', 'svg', 'pdf'), (), ('png', 'pdf'))
    """
    if isinstance(figures, bool):
        return FIGURE_FORMATS if figures else ()
    named = list(figures)
    for f in named:
        check_choice("figure format", f, FIGURE_FORMATS)
    return tuple(f for f in FIGURE_FORMATS if f in named)
