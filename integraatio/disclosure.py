"""Disclosure control: no suppressed cell can be worked out from what is published.

Small cells (fewer than ``min_n`` ratings) are suppressed. That alone does not protect
them: the composite is standardised over all scored ratings, so the published cells and
the number of ratings close a system of equations (Notes of :func:`companion_cells`).
This module chooses the published cells that must be suppressed with them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["companion_cells"]


def companion_cells(pairs: pd.DataFrame, /, *, min_n: int) -> np.ndarray:
    """Published cells to suppress so that the suppressed cells stay unknown.

    Parameters
    ----------
    pairs : pandas.DataFrame
        ``n`` and ``suppressed`` per cell (:func:`integraatio.matrix.pair_table`), in the
        order the companions are chosen from on ties (code order).
    min_n : int
        The suppression threshold.

    Returns
    -------
    numpy.ndarray of bool
        True for the cells to suppress in addition (none when no cell needs a companion).

    Notes
    -----
    The integration need :math:`y` has mean 100 and SD 40 over all :math:`N` scored
    ratings, and each rating lies in exactly one cell :math:`k` (count :math:`n_k`, mean
    :math:`m_k`, SD :math:`s_k`). So

    .. math::

        \\sum_k n_k m_k = 100 N, \\qquad
        \\sum_k \\left[(n_k - 1) s_k^2 + n_k (m_k - 100)^2\\right] = 1600 (N - 1),

    and whoever holds every published cell and :math:`N` knows the sum and the sum of
    squares of the ratings of the suppressed cells :math:`S` taken together: their mean
    over :math:`n_S = \\sum_{k \\in S} n_k` ratings. The rule: when
    :math:`0 < n_S <` ``min_n``, the published cell with the fewest ratings (the first in
    code order on a tie) is suppressed too, which makes :math:`n_S \\ge` ``min_n``.
    What can then be derived is the mean of at least ``min_n`` ratings of two or more
    cells together, never a single cell's mean or SD: two equations cannot give the four
    unknowns of two cells.

    Examples
    --------
    One cell of 4 ratings is suppressed: alone, its mean would follow from the others and
    N. The smallest published cell (6 ratings) is suppressed with it.

    >>> pairs = pd.DataFrame({"n": [4, 9, 6, 0, 12], "suppressed": [True, False, False, True, False]})
    >>> companion_cells(pairs, min_n=5).tolist()
    [False, False, True, False, False]

    Two small cells with 7 ratings in all give away only their joint mean of 7 ratings:

    >>> pairs = pd.DataFrame({"n": [4, 3, 9], "suppressed": [True, True, False]})
    >>> companion_cells(pairs, min_n=5).tolist()
    [False, False, False]
    """
    n = pairs["n"].to_numpy(dtype=np.int64)
    hidden = pairs["suppressed"].to_numpy(dtype=bool)
    extra = np.zeros(len(pairs), dtype=bool)
    if not 0 < n[hidden].sum() < min_n:
        return extra
    shown = np.flatnonzero(~hidden & (n > 0))
    if len(shown):
        extra[shown[np.argmin(n[shown])]] = True  # argmin: the first of the smallest
    return extra
