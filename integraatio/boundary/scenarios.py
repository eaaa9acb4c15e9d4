"""Scenarios of the boundary: which organiser holds each task group.

The legislated scenario comes from the codebook, one from the found clusters, the user's
from a TOML file (:func:`read_scenarios`), with the constraints of the search for the
boundary of lowest cost.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..checks import is_integer
from ..codebook import Codebook, code_key
from ..exceptions import InputFileError, UsageError
from ..limits import check_strings
from ..messages import text

MUNICIPALITY, WELLBEING_AREA, EXTERNAL = "municipality", "wellbeing_area", "external"
#: The two organisers a scenario divides the groups between (``x = 0`` and ``x = 1`` below).
SIDES = (MUNICIPALITY, WELLBEING_AREA)
#: Names of the scenarios the toolkit builds itself; a scenario file may not reuse them.
RESERVED = ("legislated", "clusters", "optimal")



@dataclass(frozen=True)
class Scenario:
    """An assignment of every group to an organiser.

    Attributes
    ----------
    name : str
        ``legislated``, ``clusters``, ``optimal`` or a name from a scenario file.
    organisers : Mapping[str, str]
        Group code -> ``municipality``, ``wellbeing_area`` or ``external``, for every group
        of the codebook.
    description : str
    source : str
        Where it comes from: ``codebook``, ``clusters``, ``file``, ``api`` or the
        optimiser's method.
    names : Mapping[str, str]
        Display names by language (a scenario file's ``name_fi``, ``name_en``); the
        built-in scenarios' are in the message catalogue.
    descriptions : Mapping[str, str]
        Descriptions by language (a scenario file's ``description_fi``,
        ``description_en``); ``description`` serves a language without one.
    """

    name: str
    organisers: Mapping[str, str]
    description: str = ""
    source: str = "api"
    names: Mapping[str, str] = field(default_factory=dict)
    descriptions: Mapping[str, str] = field(default_factory=dict)

    def moved(self, base: Scenario, /) -> list[str]:
        """Codes whose organiser differs from ``base`` (in code order)."""
        return sorted((c for c, o in self.organisers.items() if base.organisers[c] != o), key=code_key)


def divides(codebook: Codebook, /) -> bool:
    """Whether the codebook puts groups on both sides of the boundary.

    Returns
    -------
    bool
        True when some group is organised by the municipality and some by the wellbeing
        area: only then is there a boundary to cost.

    Examples
    --------
    >>> from integraatio.codebook import load_codebook
    >>> divides(load_codebook())
    True
    """
    present = {g.organiser for g in codebook.groups}
    return set(SIDES) <= present


def _legislated_map(codebook: Codebook) -> dict[str, str]:
    return {c: codebook.group(c).organiser for c in codebook.codes}


def legislated_scenario(codebook: Codebook, /) -> Scenario:
    """The boundary the law draws: each group's ``organiser`` in the codebook.

    Returns
    -------
    Scenario
        Named ``legislated``.

    Examples
    --------
    >>> from integraatio.codebook import load_codebook
    >>> cb = load_codebook()
    >>> all(legislated_scenario(cb).organisers[c] == cb.group(c).organiser for c in cb.codes)
    True
    """
    return Scenario(
        "legislated",
        MappingProxyType(_legislated_map(codebook)),
        "each group with the organiser the codebook gives it",
        "codebook",
    )


def _move_problems(codebook: Codebook, move: Mapping[str, Any]) -> list[str]:
    problems = []
    for code, organiser in move.items():
        if code not in codebook.codes:
            problems.append(f"group {code!r} is not in the codebook (codes are strings such as {codebook.codes[0]!r})")
        elif codebook.group(code).organiser == EXTERNAL:
            problems.append(f"group {code!r} is an external actor; external actors stay external in every scenario")
        elif organiser not in SIDES:
            problems.append(f"group {code!r} is moved to {organiser!r}; expected {SIDES[0]!r} or {SIDES[1]!r}")
    return problems


def make_scenario(
    codebook: Codebook, /, *, name: str, move: Mapping[str, str], description: str = ""
) -> Scenario:
    """A scenario: the legislated boundary with some groups moved to the other side.

    Parameters
    ----------
    codebook : Codebook
    name : str
        Letters, digits, ``_`` and ``-`` (it names files); not one of ``legislated``,
        ``clusters``, ``optimal``.
    move : Mapping[str, str]
        Group code -> ``municipality`` or ``wellbeing_area``.
    description : str, optional

    Returns
    -------
    Scenario

    Raises
    ------
    ValueError
        A bad name, an unknown code or organiser, or an external actor moved.

    Examples
    --------
    >>> from integraatio.codebook import load_codebook
    >>> cb = load_codebook()
    >>> first, second = [c for c in cb.codes if cb.group(c).organiser == "wellbeing_area"][:2]
    >>> s = make_scenario(cb, name="one_moved", move={first: "municipality"})
    >>> s.organisers[first], s.organisers[second]
    ('municipality', 'wellbeing_area')
    """
    problems = _name_problems(name) + _move_problems(codebook, move)
    if problems:
        raise UsageError(f"Scenario {name!r}: " + "; ".join(problems) + ".")
    return Scenario(name, MappingProxyType({**_legislated_map(codebook), **move}), description, "api")


def _name_problems(name: Any) -> list[str]:
    if not isinstance(name, str) or not re.fullmatch(r"[\w-]+", name):
        return [f"the name {name!r} must be a non-empty string of letters, digits, '_' and '-'"]
    if name in RESERVED:
        return [f"the name {name!r} is reserved for the scenario the toolkit builds; choose another"]
    return []


def cluster_scenario(codebook: Codebook, /, *, membership: Mapping[str, int]) -> Scenario:
    """The boundary along the found clusters.

    Each cluster goes to the organiser that most of its members have in the codebook
    (its external members are not counted and stay external). A cluster with as many
    members of one organiser as of the other has no majority: its members keep their
    legislated organisers.

    Parameters
    ----------
    codebook : Codebook
    membership : Mapping[str, int]
        Node -> cluster (``Partition.membership``); a group without one (no data) keeps its
        legislated organiser.

    Returns
    -------
    Scenario
        Named ``clusters``.

    Examples
    --------
    >>> from integraatio.codebook import load_codebook
    >>> cb = load_codebook()
    >>> moved = [c for c in cb.codes if cb.group(c).organiser == "wellbeing_area"][:2]
    >>> municipal = {c for c in cb.codes if cb.group(c).organiser == "municipality"} | set(moved)
    >>> s = cluster_scenario(cb, membership={c: 1 if c in municipal else 2 for c in cb.codes})
    >>> s.moved(legislated_scenario(cb)) == moved
    True
    """
    organisers = _legislated_map(codebook)
    for cluster in sorted(set(membership.values())):
        members = [c for c in codebook.codes if membership.get(c) == cluster and organisers[c] != EXTERNAL]
        votes = [sum(organisers[c] == side for c in members) for side in SIDES]
        if votes[0] != votes[1]:
            winner = SIDES[int(votes[1] > votes[0])]
            organisers.update({c: winner for c in members})
    return Scenario(
        "clusters",
        MappingProxyType(organisers),
        "each found cluster with the organiser most of its members have by law",
        "clusters",
    )


# --------------------------------------------------------------------------- constraints


@dataclass(frozen=True)
class Constraints:
    """What the search for the best boundary must respect.

    Attributes
    ----------
    fixed : Mapping[str, str]
        Group code -> organiser that the search may not change (e.g. specialised care
        always in the wellbeing area). Every other municipality or wellbeing-area group
        is free.
    min_groups, max_groups : Mapping[str, int]
        Balance: bounds on the number of groups per organiser (``municipality``,
        ``wellbeing_area``); an organiser not named is unbounded.
    """

    fixed: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    min_groups: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    max_groups: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))

    def describe(self, lang: str = "en") -> str:
        """The constraints in words (for tables and figures), in ``lang`` (English names the
        organisers by their ids, as the tables do)."""
        def named(side: str) -> str:
            return side if lang == "en" else text(f"organiser.{side}", lang)

        parts = []
        for side in SIDES:
            codes = sorted((c for c, o in self.fixed.items() if o == side), key=code_key)
            if codes:
                parts.append(text("constraint.fixed", lang, side=named(side), codes=", ".join(codes)))
        for key, bound in (("constraint.at_least", self.min_groups), ("constraint.at_most", self.max_groups)):
            parts += [text(key, lang, side=named(side), n=bound[side]) for side in SIDES if side in bound]
        return "; ".join(parts) or text("constraint.none", lang)


def default_constraints(codebook: Codebook, /) -> Constraints:
    """The constraints used when a scenario file sets none.

    Nothing is fixed, and each organiser keeps at least as many groups as the smaller one
    has by law. Without some constraint the cheapest boundary is none at all (every group
    with one organiser, cost 0); this one asks where a boundary of the legislated scale
    should run.

    Returns
    -------
    Constraints

    Examples
    --------
    >>> from integraatio.codebook import load_codebook
    >>> default_constraints(load_codebook()).describe()  # 11 wellbeing-area, 7 municipal groups
    'municipality at least 7 groups; wellbeing_area at least 7 groups'
    """
    legislated = _legislated_map(codebook)
    smaller = min(sum(o == side for o in legislated.values()) for side in SIDES)
    return Constraints(min_groups=MappingProxyType({side: smaller for side in SIDES}))


def constraint_problems(codebook: Codebook, fixed: Mapping, min_groups: Mapping, max_groups: Mapping) -> list[str]:
    problems = _move_problems(codebook, fixed)
    for key, bound in (("min_groups", min_groups), ("max_groups", max_groups)):
        for side, value in bound.items():
            if side not in SIDES:
                problems.append(f"`{key}` names {side!r}; expected {SIDES[0]!r} or {SIDES[1]!r}")
            elif not is_integer(value) or value < 0:
                problems.append(f"`{key}` for {side} must be an integer >= 0; got {value!r}")
    if problems:
        return problems
    lo, hi, n = count_range(codebook, Constraints(fixed, min_groups, max_groups))
    fixed_wb = sum(o == WELLBEING_AREA for o in fixed.values())
    if max(lo, fixed_wb) > min(hi, fixed_wb + n - len(fixed)):
        problems.append(
            f"no assignment of the {n} municipality and wellbeing-area groups meets them "
            f"({Constraints(fixed, min_groups, max_groups).describe()}); relax a bound or fix fewer groups"
        )
    return problems


def count_range(codebook: Codebook, constraints: Constraints, codes: Sequence[str] | None = None) -> tuple[int, int, int]:
    """Allowed range of the number of wellbeing-area groups, and the number of groups divided:
    of ``codes`` (default all the codebook's), so a group without data counts towards no bound."""
    n = sum(codebook.group(c).organiser != EXTERNAL for c in (codebook.codes if codes is None else codes))
    lo = max(constraints.min_groups.get(WELLBEING_AREA, 0), n - constraints.max_groups.get(MUNICIPALITY, n))
    hi = min(constraints.max_groups.get(WELLBEING_AREA, n), n - constraints.min_groups.get(MUNICIPALITY, 0))
    return lo, hi, n


# --------------------------------------------------------------------------- scenario file


@dataclass(frozen=True)
class ScenarioPlan:
    """A parsed scenario file (:func:`read_scenarios`).

    Attributes
    ----------
    scenarios : tuple of Scenario
        The user's scenarios, in file order.
    constraints : Constraints or None
        From the ``[optimal]`` table; None when the file has none (then
        :func:`default_constraints` apply).
    path : Path or None
    sha256 : str or None
        Hash of the file, for the run manifest.
    """

    scenarios: tuple[Scenario, ...] = ()
    constraints: Constraints | None = None
    path: Path | None = None
    sha256: str | None = None


SCENARIO_KEYS = ("name", "name_fi", "name_en", "description", "description_fi", "description_en", "move")
OPTIMAL_KEYS = ("keep", "fixed", "min_groups", "max_groups")


def _unknown_keys(table: Mapping, allowed: Sequence[str], where: str) -> list[str]:
    return [f"{where}: unknown key `{k}`; expected {', '.join(allowed)}" for k in table if k not in allowed]


def read_scenarios(path: str | Path, /, *, codebook: Codebook) -> ScenarioPlan:
    """Read a scenario file (TOML).

    The format (see ``survey_data/scenarios.toml`` and the README)::

        [[scenarios]]
        name = "school_health_to_municipality"     # letters, digits, _ and -
        description = "School and student health care to the municipality"
        description_fi = "Koulu- ja opiskeluterveydenhuolto kunnalle"   # optional, by language
        move = { "<code>" = "municipality" }       # codes of the codebook, from the legislated boundary

        [optimal]                                  # optional: the search's constraints
        keep = ["<code>", "<code>"]                # stay where the law puts them
        fixed = { "<code>" = "wellbeing_area" }    # or pinned explicitly
        min_groups = { municipality = 5 }          # balance (number of groups)
        max_groups = { wellbeing_area = 12 }

    Parameters
    ----------
    path : str or Path
    codebook : Codebook
        Codes and legislated organisers to check the file against.

    Returns
    -------
    ScenarioPlan

    Raises
    ------
    InputFileError
        The file cannot be read, is not TOML, or breaks the format; every problem is
        listed with the entry it is in.

    Examples
    --------
    >>> from integraatio.codebook import load_codebook
    >>> from integraatio.datasets import data_dir
    >>> plan = read_scenarios(data_dir() / "scenarios.toml", codebook=load_codebook())
    >>> plan.scenarios[0].name
    'school_health_to_municipality'
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise InputFileError(f"Cannot read the scenario file {path}: {err.strerror}. Check the --scenarios path.") from err
    try:
        doc = tomllib.loads(raw.decode("utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise InputFileError(f"Scenario file {path} is not valid UTF-8 TOML: {err}.") from err
    check_strings(doc, where=f"Scenario file {path}")

    problems = _unknown_keys(doc, ("scenarios", "optimal"), "the file")
    entries = doc.get("scenarios", [])
    if not isinstance(entries, list):
        problems.append("`scenarios` must be an array of tables, written [[scenarios]]")
        entries = []
    scenarios, mine = _file_scenarios(entries, codebook)
    problems += mine
    constraints, mine = _file_constraints(doc["optimal"], codebook) if "optimal" in doc else (None, [])
    problems += mine
    if problems:
        listed = "\n".join(f"- {p}." for p in problems)
        raise InputFileError(
            f"Scenario file {path} has {len(problems)} problem{'s' * (len(problems) != 1)}:\n{listed}\n"
            "See survey_data/scenarios.toml for the format."
        )
    return ScenarioPlan(tuple(scenarios), constraints, path, hashlib.sha256(raw).hexdigest())


def _file_scenarios(entries: list, codebook: Codebook) -> tuple[list[Scenario], list[str]]:
    """The valid ``[[scenarios]]`` entries as scenarios, and the problems of all entries."""
    scenarios, names, problems = [], [], []
    for i, entry in enumerate(entries, start=1):
        where = f"[[scenarios]] entry {i}"
        problems += _unknown_keys(entry, SCENARIO_KEYS, where)
        name, move = entry.get("name"), entry.get("move", {})
        about = {lang: entry[f"description_{lang}"] for lang in ("fi", "en") if f"description_{lang}" in entry}
        description = entry.get("description", about.get("en", about.get("fi", "")))
        mine = _name_problems(name)
        if name in names:
            mine.append(f"the name {name!r} is used by an earlier entry; names must be unique")
        if not isinstance(move, dict) or not move:
            mine.append("`move` must be a non-empty table of group code = organiser, e.g. move = { \"2.6\" = \"municipality\" }")
        else:
            mine += _move_problems(codebook, move)
        shown = {lang: entry[f"name_{lang}"] for lang in ("fi", "en") if f"name_{lang}" in entry}
        for key, value in [("description", description), *((f"name_{lg}", v) for lg, v in shown.items()),
                           *((f"description_{lg}", v) for lg, v in about.items())]:
            if not isinstance(value, str):
                mine.append(f"`{key}` must be a string; got {value!r}")
        problems += [f"{where}: {p}" for p in mine]
        names.append(name)
        if not mine:
            scenarios.append(
                Scenario(name, MappingProxyType({**_legislated_map(codebook), **move}), description, "file",
                         MappingProxyType(shown), MappingProxyType(about))
            )
    return scenarios, problems


def _file_constraints(table: Mapping, codebook: Codebook) -> tuple[Constraints | None, list[str]]:
    """The ``[optimal]`` table as constraints (None when it has problems), and its problems."""
    problems = _unknown_keys(table, OPTIMAL_KEYS, "[optimal]")
    keep, fixed = table.get("keep", []), table.get("fixed", {})
    bounds = {k: table.get(k, {}) for k in ("min_groups", "max_groups")}
    shapes = [("keep", keep, list, "a list of group codes"), ("fixed", fixed, dict, "a table of group code = organiser")]
    shapes += [(k, v, dict, "a table of organiser = number of groups") for k, v in bounds.items()]
    bad = [f"[optimal]: `{k}` must be {what}; got {v!r}" for k, v, kind, what in shapes if not isinstance(v, kind)]
    unknown = [c for c in keep if c not in codebook.codes] if not bad else []
    if bad or unknown:
        return None, problems + bad + [f"[optimal]: `keep` names {unknown}, which are not codebook codes"] * bool(unknown)
    pinned = {**{c: codebook.group(c).organiser for c in keep}, **fixed}
    mine = constraint_problems(codebook, pinned, bounds["min_groups"], bounds["max_groups"])
    problems += [f"[optimal]: {p}" for p in mine]
    if mine:
        return None, problems
    bounded = (MappingProxyType(dict(bounds["min_groups"])), MappingProxyType(dict(bounds["max_groups"])))
    return Constraints(MappingProxyType(pinned), *bounded), problems
