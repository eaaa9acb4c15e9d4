"""The task groups of two waves put on one list of codes.

Codebooks change between waves: a group is renamed (a new code), split (one group became
two) or merged (two became one). A small mapping file declares each such change; every
other group must have the same code in both codebooks. A group of either wave without a
counterpart stops the run with its name: it is never dropped in silence.

Mapping file (TOML), one ``[[groups]]`` entry per change::

    [[groups]]            # renamed: A is called A2 in the new codebook
    base = "A"
    new = "A2"

    [[groups]]            # split: B became B1 and B2; compared as B
    base = "B"
    new = ["B1", "B2"]

    [[groups]]            # merged: C and D became CD; compared as CD
    base = ["C", "D"]
    new = "CD"
    code = "CD"         # optional: the code both waves are shown under

The common code is the base wave's when one base group is mapped, else the new wave's;
``code`` overrides it. A split is compared as the base group (the new parts merged back), a
merge as the new group (the base parts merged): the finer side is merged, never the other
way, because the ratings of a merged group cannot be divided again. The common group takes
the labels and organiser of the codebook whose code it keeps.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from ..codebook import Codebook, ReferenceCluster, code_key
from ..exceptions import CodebookError, InputFileError

__all__ = ["GroupMap", "map_groups", "read_map", "recode"]

#: Kinds of correspondence between the waves' groups.
KINDS = ("same", "renamed", "split", "merged")


@dataclass(frozen=True)
class GroupMap:
    """How the groups of two waves correspond (:func:`map_groups`).

    Attributes
    ----------
    base, new : Mapping[str, str]
        Each wave's code -> the common code.
    table : pandas.DataFrame
        One row per common group: ``code``, ``base`` and ``new`` (the waves' codes,
        space-separated), ``kind`` (``same``, ``renamed``, ``split`` or ``merged``).
    codebook : Codebook
        The common codebook: every common group once, with labels and organiser; the
        municipalities of both codebooks; the base wave's reference clusters on the
        common codes.
    path : str or None
        The mapping file's name (never its folder).
    sha256 : str or None
    """

    base: Mapping[str, str]
    new: Mapping[str, str]
    table: pd.DataFrame
    codebook: Codebook
    path: str | None = None
    sha256: str | None = None


def _codes(value, where: str, path: Path) -> list[str]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values or not all(isinstance(v, str) and v.strip() for v in values):
        raise CodebookError(f"Mapping {path}: {where} must be a group code or a list of codes; got {value!r}.")
    return [v.strip() for v in values]


def read_map(path: str | Path, /) -> tuple[list[dict], str]:
    """Read a mapping file: its ``[[groups]]`` entries and the file's SHA-256.

    Returns
    -------
    (list of dict, str)
        Each entry's ``base`` and ``new`` as lists of codes and ``code`` (None when not
        given), and the SHA-256 of the file.

    Raises
    ------
    InputFileError
        The file cannot be read or is not TOML.
    CodebookError
        An entry lacks ``base`` or ``new``, or has a key other than those and ``code``.

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "map.toml"
    >>> _ = p.write_text('[[groups]]\\nbase = "B"\\nnew = ["B1", "B2"]\\n', encoding="utf-8")
    >>> read_map(p)[0]
    [{'base': ['B'], 'new': ['B1', 'B2'], 'code': None}]
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
        doc = tomllib.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise InputFileError(f"Cannot read the mapping file {path}: {error}. It must be a TOML file "
                             "with [[groups]] entries (README: 'Comparing two waves').") from error
    entries = []
    for i, entry in enumerate(doc.get("groups", []), start=1):
        where = f"[[groups]] entry {i}"
        extra = sorted(set(entry) - {"base", "new", "code"})
        if extra or "base" not in entry or "new" not in entry:
            raise CodebookError(f"Mapping {path}: {where} must have `base` and `new` (and optionally `code`); "
                                f"found keys {sorted(entry)}.")
        code = entry.get("code")
        if code is not None and not (isinstance(code, str) and code.strip()):
            raise CodebookError(f"Mapping {path}: {where} has `code` = {code!r}; give a group code as text.")
        entries.append({"base": _codes(entry["base"], f"{where} `base`", path),
                        "new": _codes(entry["new"], f"{where} `new`", path),
                        "code": code.strip() if code else None})
    return entries, hashlib.sha256(raw).hexdigest()


def _kind(base: list[str], new: list[str]) -> str:
    if len(base) > 1:
        return "merged"
    if len(new) > 1:
        return "split"
    return "same" if base == new else "renamed"


def _check_entries(entries: list[dict], base_cb: Codebook, new_cb: Codebook, where: str) -> None:
    """Every code an entry names is in its wave's codebook and named once; none maps many to many."""
    problems = []
    for side, cb in (("base", base_cb), ("new", new_cb)):
        named = [c for e in entries for c in e[side]]
        unknown = sorted({c for c in named if c not in cb.codes}, key=code_key)
        twice = sorted({c for c in named if named.count(c) > 1}, key=code_key)
        if unknown:
            problems.append(f"`{side}` names {', '.join(unknown)}, not in the {side} wave's codebook")
        if twice:
            problems.append(f"`{side}` names {', '.join(twice)} in more than one entry")
    many = [f"{' '.join(e['base'])} -> {' '.join(e['new'])}" for e in entries if len(e["base"]) > 1 and len(e["new"]) > 1]
    if many:
        problems.append(f"{'; '.join(many)} maps several groups to several; split it into a merge and a split")
    if problems:
        raise CodebookError(f"Mapping {where}: " + "; ".join(problems) + ".")


def map_groups(base_cb: Codebook, new_cb: Codebook, /, *, entries: list[dict] | None = None,
               path: str | Path | None = None, sha256: str | None = None) -> GroupMap:
    """Match the groups of two codebooks, by code and by the declared changes.

    Parameters
    ----------
    base_cb, new_cb : Codebook
        The base wave's and the new wave's codebooks.
    entries : list of dict, optional
        The mapping's entries (:func:`read_map`); none when the codebooks have the same codes.
    path, sha256 : optional
        The mapping file, recorded (its name only).

    Returns
    -------
    GroupMap

    Raises
    ------
    CodebookError
        A group of either wave has no counterpart (named, with what to add to the
        mapping), an entry names an unknown code or one twice, or the scales differ.

    Examples
    --------
    >>> from integraatio.codebook import load_codebook
    >>> cb = load_codebook()
    >>> m = map_groups(cb, cb)
    >>> set(m.table["kind"]), len(m.codebook.codes)
    ({'same'}, 21)
    """
    entries = list(entries or [])
    where = Path(path).name if path else "(none)"
    _check_entries(entries, base_cb, new_cb, where)
    if (base_cb.scale.min, base_cb.scale.max) != (new_cb.scale.min, new_cb.scale.max):
        raise CodebookError(f"The waves' answer scales differ ({base_cb.scale.min}-{base_cb.scale.max} and "
                            f"{new_cb.scale.min}-{new_cb.scale.max}); one scale is needed to compare them.")
    declared_base = {c for e in entries for c in e["base"]}
    declared_new = {c for e in entries for c in e["new"]}
    same = [c for c in base_cb.codes if c not in declared_base and c in new_cb.codes and c not in declared_new]
    entries += [{"base": [c], "new": [c], "code": None} for c in same]
    _check_counterparts(base_cb, new_cb, entries, where)
    base, new, groups, rows = {}, {}, [], []
    for e in sorted(entries, key=lambda e: code_key(e["code"] or (e["base"] if len(e["base"]) == 1 else e["new"])[0])):
        from_base = len(e["base"]) == 1
        code = e["code"] or (e["base"][0] if from_base else e["new"][0])
        source = base_cb.group(e["base"][0]) if from_base else new_cb.group(e["new"][0])
        groups.append(replace(source, code=code))
        base |= {c: code for c in e["base"]}
        new |= {c: code for c in e["new"]}
        rows.append((code, " ".join(e["base"]), " ".join(e["new"]), _kind(e["base"], e["new"])))
    return GroupMap(base=base, new=new, table=pd.DataFrame(rows, columns=["code", "base", "new", "kind"]),
                    codebook=_common_codebook(base_cb, new_cb, tuple(groups), base), path=where if path else None,
                    sha256=sha256)


def _check_counterparts(base_cb: Codebook, new_cb: Codebook, entries: list[dict], where: str) -> None:
    """Stop with the name of every group left without a counterpart."""
    mapped_base = {c for e in entries for c in e["base"]}
    mapped_new = {c for e in entries for c in e["new"]}
    lonely = [f"{c} ({base_cb.label(c, 'en')}) of the base wave" for c in base_cb.codes if c not in mapped_base]
    lonely += [f"{c} ({new_cb.label(c, 'en')}) of the new wave" for c in new_cb.codes if c not in mapped_new]
    if lonely:
        raise CodebookError(
            f"No counterpart in the other wave for {'; '.join(lonely)} (mapping: {where}). Declare each in the "
            "mapping file (--map) as renamed, split or merged, e.g. [[groups]] base = \"2.6\" new = \"2.6b\"; a "
            "group is never dropped from a comparison in silence."
        )


def _common_codebook(base_cb: Codebook, new_cb: Codebook, groups: tuple, base: Mapping[str, str]) -> Codebook:
    """The base codebook with the common groups, both waves' municipalities and its reference
    clusters on the common codes."""
    clusters = tuple(ReferenceCluster(r.fi, r.en, frozenset(base[c] for c in r.members)) for r in base_cb.reference_clusters)
    return replace(base_cb, groups=groups, municipalities={**new_cb.municipalities, **base_cb.municipalities},
                   municipality_attributes={**new_cb.municipality_attributes, **base_cb.municipality_attributes},
                   reference_clusters=clusters)


def recode(data: pd.DataFrame, /, *, codes: Mapping[str, str]) -> pd.DataFrame:
    """A wave's long table with ``own_group`` and ``target_group`` on the common codes.

    A respondent's ratings of two groups that are merged become two ratings of the merged
    group; a rating between two merged parts becomes a self-rating, which is not scored.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> df = pd.DataFrame({"own_group": ["C", "A"], "target_group": ["D", "C"]})
    >>> recode(df, codes={"A": "A", "C": "CD", "D": "CD"}).values.tolist()
    [['CD', 'CD'], ['A', 'CD']]
    """
    return data.assign(**{c: data[c].astype(str).map(codes).astype(str) for c in ("own_group", "target_group")})
