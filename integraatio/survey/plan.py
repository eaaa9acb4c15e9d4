"""The column plan of ``integraatio inspect``: how each column of the file is read, and why."""

from __future__ import annotations

import pandas as pd

from ..codebook import ITEMS, Codebook
from ..messages import Message, said
from .cells import letter
from .columns import Columns
from .grid import Grid
from .layout import Layout
from .responses import Selection
from .result import PLAN_COLUMNS, Inspection, Survey
from .spec import BACKGROUND_COLUMNS, WideSpec, group_lookup, normalise, target_code

__all__ = ["inspection"]


def inspection(
    read: Columns, /, *, grid: Grid, layout: Layout, selection: Selection, codebook: Codebook,
    clean: pd.DataFrame, report: pd.DataFrame, survey: Survey | None,
) -> Inspection:
    """How the file was read: its column plan, the groups found, and the survey or its problems."""
    if len(report):
        groups, targets = _present(pd.unique(selection.own[selection.keep]), codebook.codes), ()
    else:
        groups = _present(clean["own_group"].unique(), codebook.codes)
        targets = _present(clean["target_group"].unique(), codebook.codes)
    return Inspection(
        plan=column_plan(read, spec=layout.spec, codebook=codebook, rule=selection.rule), layout=layout.kind,
        sheet=grid.sheet, header_rows=layout.header_rows, responses=selection.responses, groups=groups,
        targets=targets, survey=survey, report=report, encoding=grid.encoding, delimiter=grid.delimiter,
    )


def _present(values, codes: list[str]) -> tuple[str, ...]:
    """The codes among ``values`` (as text), in codebook order."""
    # One set of the distinct values: a set per code costs a pass over every rating each.
    found = set(pd.Series(values, dtype=object).astype(str))
    return tuple(c for c in codes if c in found)


def column_plan(read: Columns, /, *, spec: WideSpec | None, codebook: Codebook, rule: Message | None) -> pd.DataFrame:
    """One row per column of the file, in file order (:data:`~integraatio.survey.result.PLAN_COLUMNS`)."""
    final_of = {j: name for name, j in read.position.items()}
    lookup = group_lookup(codebook)
    rows = []
    for j, heading in enumerate(read.headings):
        if j in read.plan:
            use, detail = read.plan[j]
            detail += _unmatched(heading, spec, always=False)
        elif j in final_of:
            name = final_of[j]
            item = _item_of(name, spec, codebook, lookup)
            if name in BACKGROUND_COLUMNS or name == "target_group":
                use, detail = "background", name
            elif item is not None:
                use, detail = "item", item
            else:
                use, detail = "other", said("plan.other") + _unmatched(heading, spec)
        else:
            continue  # a trailing delimiter
        if rule is not None and dict(rule.fields)["column"] == heading:
            detail += said("plan.decides", rule=rule)
        rows.append({"column": letter(j), "heading": heading, "use": use, "detail": detail})
    return pd.DataFrame(rows, columns=PLAN_COLUMNS)


def _item_of(name: str, spec: WideSpec | None, codebook: Codebook, lookup: dict[str, str]) -> str | None:
    """``<target> x <item>`` of an item column, as :func:`integraatio.survey.reshape.wide_to_long` reads it."""
    if spec is None:
        return f"* x {name}" if name in ITEMS else None  # every target group: the long layout
    match = None if name in BACKGROUND_COLUMNS else spec.pattern.search(name)
    if match is None:
        return None
    item = spec.items.get(normalise(match["item"]))
    code, wrong = target_code(match["target"], spec, codebook, lookup)
    if item is None or wrong or code not in codebook.codes:
        return said("plan.not_readable")
    return f"{code} x {item}"


def _unmatched(heading: str, spec: WideSpec | None, *, always: bool = True) -> str:
    """Why a column of a wide file is not an item column: its heading does not match the pattern, and
    whether it holds a question of ``[wide] items`` (a separator or label the pattern does not expect).
    Not ``always``: only when it holds a question (a column set aside for another reason).

    Examples
    --------
    >>> from dataclasses import replace
    >>> from integraatio.codebook import load_codebook
    >>> from integraatio.survey.spec import wide_spec
    >>> spec = replace(wide_spec(load_codebook()), items={"kuinka usein?": "frequency"})
    >>> _unmatched("Kuinka usein? / Vanhuspalvelut", spec)[:70]
    '; not an item column: holds the question of frequency, but its heading'
    """
    if spec is None:
        return ""
    key = normalise(heading)
    item = next((name for token, name in spec.items.items() if len(token) >= 4 and token in key), None)
    if item is None:
        return said("plan.unmatched") if always else ""
    return said("plan.unmatched_question", item=Message.of(f"item.{item}"), expected=spec.expected_items())
