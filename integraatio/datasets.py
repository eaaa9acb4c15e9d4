"""The shipped synthetic survey, loaded, and the paths of the shipped files (:mod:`integraatio.paths`).

The real Kuntaliitto microdata are not public; the package ships a synthetic survey with
the study's design (see ``survey_data/README.md``, which documents the planted truth).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .paths import codebook_path, data_dir, design_path, survey_path

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["codebook_path", "data_dir", "design_path", "load_example", "survey_path"]


def load_example() -> pd.DataFrame:
    """The shipped synthetic survey as a validated long table.

    Returns
    -------
    pandas.DataFrame
        :attr:`integraatio.survey.Survey.data` of ``survey_data/synthetic_survey.csv``.

    Examples
    --------
    >>> df = load_example()
    >>> df["respondent_id"].nunique()
    268
    """
    from .codebook import load_codebook
    from .survey import read_survey

    return read_survey(survey_path(), codebook=load_codebook()).data
