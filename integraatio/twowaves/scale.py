"""One scale for both waves.

Each wave standardised on its own has mean 100 in every wave, so a general rise or fall of
the need for cooperation would vanish. The waves are put on one scale instead:

- ``"base"`` (the default): the base wave's item means and SDs and its composite's mean and
  SD, applied to the new wave's answers. The base wave keeps exactly the numbers its own
  ``integraatio run`` published, so the change reads in the units of the last report (a
  cell of 140 means the same in both), and a general shift shows as a change of every cell.
- ``"pooled"``: both waves scored together (the contract's composite over all ratings).
  Neither wave is privileged, but the base wave's published numbers move when the new wave
  arrives. Shown as the sensitivity line.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from ..checks import check_choice
from ..composite import CENTER, SPREAD, Scores, score

__all__ = ["SCALES", "common_scores", "rescore"]

SCALES = ("base", "pooled")


def rescore(scores: Scores, /, *, on: Scores) -> Scores:
    """``scores`` put on the scale of ``on``: its item means and SDs and its composite's.

    Parameters
    ----------
    scores : Scores
        A wave scored on its own (which ratings are scored, the exclusions, reliability).
    on : Scores
        The wave whose scale is used; same measure and missing-item policy.

    Returns
    -------
    Scores
        ``scores`` with ``values`` and ``parameters`` of the scale of ``on``.

    Notes
    -----
    With item means :math:`m_j`, SDs :math:`s_j` and the composite's mean :math:`\\bar c`
    and SD :math:`s_c` of ``on``: :math:`c = \\operatorname{mean}_j (x_j - m_j)/s_j` and
    :math:`\\text{integration\\_need} = 100 + 40\\,(c - \\bar c)/s_c` (docs/contract.md,
    "Composite", with the parameters held fixed).

    Examples
    --------
    >>> df = pd.DataFrame({"row": [2, 3, 4], "respondent_id": ["a", "b", "c"], "own_group": ["1", "2", "1"],
    ...                    "target_group": ["2", "1", "2"], "frequency": [1, 3, 5],
    ...                    "reciprocity": [1, 3, 5], "need": [1, 3, 5]})
    >>> s = score(df)
    >>> rescore(s, on=s).values.tolist() == s.values.tolist()
    True
    """
    p = on.parameters
    data = scores.data.loc[scores.scored]
    z = np.stack([(data[i].to_numpy(dtype=float, na_value=np.nan) - p["item_mean"][i]) / p["item_sd"][i]
                  for i in p["items"]])
    c = np.nanmean(z, axis=0) if p["missing"] == "available" else z.mean(axis=0)
    values = CENTER + SPREAD * (c - p["combined_mean"]) / p["combined_sd"]
    return replace(scores, values=values, parameters=dict(p))


def common_scores(base: pd.DataFrame, new: pd.DataFrame, /, *, scale: str = "base", measure: str = "composite",
                  missing: str = "complete") -> tuple[Scores, Scores]:
    """Both waves scored on one scale.

    Parameters
    ----------
    base, new : pandas.DataFrame
        The waves' long tables on the common codes (a table without the reader's ``row``
        gets rows numbered as a file's, from 2).
    scale : {"base", "pooled"}, default "base"
        The base wave's scale, or both waves scored together (module docstring).
    measure, missing
        As in :func:`integraatio.composite.score`.

    Returns
    -------
    (Scores, Scores)
        The base wave's and the new wave's scores; ``data`` of each is its own wave.

    Examples
    --------
    >>> from integraatio.synth import generate_waves
    >>> b, n = generate_waves(respondents=60, change={}, seed=1)
    >>> sb, sn = common_scores(b.data, n.data)
    >>> round(float(sb.values.mean()), 6)
    100.0
    """
    check_choice("scale", scale, SCALES)
    base, new = (d if "row" in d else d.assign(row=np.arange(2, len(d) + 2)) for d in (base, new))
    own = [score(d, measure=measure, missing=missing) for d in (base, new)]
    if scale == "base":
        return own[0], rescore(own[1], on=own[0])
    pooled = score(pd.concat([base, new], ignore_index=True), measure=measure, missing=missing)
    return rescore(own[0], on=pooled), rescore(own[1], on=pooled)
