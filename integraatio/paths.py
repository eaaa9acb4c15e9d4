"""Where the shipped files are: the synthetic survey, its codebook, the design and presets.

Paths only, nothing read: the codebook and survey readers find their defaults here.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["codebook_path", "data_dir", "design_path", "survey_path"]


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
