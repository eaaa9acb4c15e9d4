"""The shipped synthetic survey and its codebook.

The real Kuntaliitto microdata are not public; the package ships a synthetic survey with
the study's design (see ``survey_data/README.md``, which documents the planted truth).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

__all__ = ["codebook_path", "data_dir", "design_path", "load_example", "survey_path"]


def data_dir() -> Path:
    """The ``survey_data`` folder: inside the package when installed, else in the checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "survey_data", here.parent / "survey_data"):
        if (candidate / "codebook.toml").is_file():
            return candidate
    raise FileNotFoundError(f"survey_data/ not found next to {here}; reinstall integraatio.")


def codebook_path() -> Path:
    """Path of the shipped codebook ``codebook.toml``."""
    return data_dir() / "codebook.toml"


def design_path() -> Path:
    """Path of the planted design ``design.toml`` that :func:`integraatio.synth.generate` reads."""
    return data_dir() / "design.toml"


def survey_path(layout: str = "long") -> Path:
    """Path of the shipped synthetic survey: ``"long"`` (CSV) or ``"wide"`` (XLSX)."""
    name = {"long": "synthetic_survey.csv", "wide": "synthetic_survey_wide.xlsx"}[layout]
    return data_dir() / name


def load_example() -> pd.DataFrame:
    """The shipped synthetic survey as a validated long table.

    Returns
    -------
    pandas.DataFrame
        :attr:`integraatio.io.Survey.data` of ``survey_data/synthetic_survey.csv``.

    Examples
    --------
    >>> df = load_example()
    >>> df["respondent_id"].nunique()
    268
    """
    from .io import read_survey

    return read_survey(survey_path()).data
