"""The survey reader: files of survey tools in, the validated canonical long table out.

Reading is a pipeline of steps, one module each, the data flowing one way
(:func:`~integraatio.survey.read.read_survey` calls them in this order):

- :mod:`~integraatio.survey.grid`: bytes to a grid of text cells, by format
  (:mod:`~integraatio.survey.files`, :mod:`~integraatio.survey.text`,
  :mod:`~integraatio.survey.excel`, :mod:`~integraatio.survey.spss`, whose reader runs in
  :mod:`~integraatio.survey.sav_process`, a process of its own);
- :mod:`~integraatio.survey.layout`: the header, long or wide, the data rows
  (:mod:`~integraatio.survey.spec` reads the codebook's ``[wide]`` table);
- :mod:`~integraatio.survey.columns`: the columns to read, renamed, dropped, each once;
- :mod:`~integraatio.survey.identifying`: columns that identify a person set aside;
- :mod:`~integraatio.survey.responses`: the responses read, by the completion rule;
- :mod:`~integraatio.survey.reshape`: wide to long;
- :mod:`~integraatio.survey.checks`: the data contract, one function per rule
  (:mod:`~integraatio.survey.problems` groups the problems into the error's message);
- :mod:`~integraatio.survey.accounting`: pseudonyms, exclusions and counts: the :class:`Survey`;
- :mod:`~integraatio.survey.plan`: the column plan of ``integraatio inspect``.

:mod:`~integraatio.survey.write` writes surveys; :mod:`~integraatio.survey.cells` holds the
text-cell helpers every step uses, and :mod:`~integraatio.survey.result` what reading returns.
"""

from .accounting import exclusions_table
from .problems import listed_lines, summary_lines
from .read import inspect_survey, read_survey, shipped_codebook_warning
from .result import EXCLUSION_COLUMNS, PLAN_COLUMNS, Inspection, Survey
from .write import to_wide, write_survey

__all__ = [
    "EXCLUSION_COLUMNS",
    "PLAN_COLUMNS",
    "Inspection",
    "Survey",
    "exclusions_table",
    "inspect_survey",
    "listed_lines",
    "read_survey",
    "shipped_codebook_warning",
    "summary_lines",
    "to_wide",
    "write_survey",
]
