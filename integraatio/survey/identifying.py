"""Columns that identify a person set aside before any later step reads them.

:func:`integraatio.privacy.identifying_columns` finds them by name and content; their
cells reach no output and are listed in the exclusions.
"""

from __future__ import annotations

import re

from dataclasses import replace

import numpy as np
import pandas as pd

from ..codebook import Codebook
from ..messages import MESSAGES, Message, said
from ..identifiers import sanitise
from ..privacy import identifying_columns, privacy_settings
from .columns import PROTECTED, Columns
from .spec import WideSpec, is_item

__all__ = ["set_aside_identifying"]


def set_aside_identifying(read: Columns, /, *, spec: WideSpec | None, codebook: Codebook) -> Columns:
    """``read`` without the columns that identify a person: each set aside with why, and a note.

    The background, ``target_group`` and item columns are never set aside; the codebook's
    ``[privacy]`` table names more columns to drop or to keep.
    """
    names, columns = read.names, read.columns
    others = [n for n in names if n not in PROTECTED and not is_item(n, spec)]
    identifying, keep = privacy_settings(codebook)
    frame = pd.DataFrame({n: columns[names.index(n)] for n in others})
    ids = columns[names.index("respondent_id")] if "respondent_id" in names else None
    if ids is not None and len(frame.columns):  # one row per respondent: a long layout repeats a comment per row
        first = ~pd.Series(np.asarray(ids)).duplicated().to_numpy()
        frame, ids = frame.loc[first].reset_index(drop=True), ids[first].reset_index(drop=True)
    found = identifying_columns(frame, respondent_ids=ids, identifying=identifying, keep=keep)
    if not found:
        return read
    reasons = {name: _reason(why) for name, why in found.items()}
    listed = ", ".join(f"{sanitise(n)!r} ({why})" for n, why in reasons.items())
    note = (Message.of("read.identifying_one", listed=listed) if len(found) == 1
            else Message.of("read.identifying", n=len(found), listed=listed))
    aside, plan = dict(read.aside), dict(read.plan)
    for name, why in found.items():
        aside[name] = f"identifies a person ({why}): dropped at load"
        plan[read.position[name]] = ("dropped", said("plan.identifies", why=reasons[name]))
    kept = [j for j, name in enumerate(names) if name not in found]
    return replace(read, names=[names[j] for j in kept], columns=[columns[j] for j in kept], aside=aside, plan=plan,
                   notes=[*read.notes, note])


def _reason(why: str) -> str:
    """Why a column identifies a person (:func:`integraatio.privacy.identifying_columns`), in the
    language spoken: ``"e-mail address"`` is the catalogue's ``identifies.e_mail_address``."""
    name = re.sub(r"\W+", "_", why.lower()).strip("_")
    key = f"identifies.{name}"
    return said(key) if key in MESSAGES else why
