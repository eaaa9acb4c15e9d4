"""Where should the boundary run? Interface scenarios between municipality and wellbeing area.

"The interface always forms somewhere; where does it cause the least damage?" A
*scenario* assigns every task group to an organiser (``municipality``,
``wellbeing_area`` or ``external``). Its *boundary cost* is the integration need that the
boundary between municipality and wellbeing services county cuts: the summed weight of the
graph's ties whose two groups end up with different organisers. This module builds the
scenarios (the legislated one from the codebook, one from the found clusters, the user's
from a TOML file), costs them, finds the boundary of lowest cost under constraints, and puts
bootstrap intervals on costs and on differences between scenarios.

External actors (``organiser = "external"``) are neither municipality nor wellbeing area:
they stay external in every scenario, and their ties are left out of every cost and total,
since they cross an organisation boundary whatever is decided.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from types import MappingProxyType
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from .codebook import Codebook, code_key
from .composite import CENTER
from .exceptions import InputFileError, InsufficientDataError, UsageError
from .limits import check_strings
from .network import edge_weights, symmetrise_cells

__all__ = [
    "BoundaryAnalysis",
    "BoundaryBootstrap",
    "BoundaryCost",
    "Constraints",
    "Optimum",
    "Scenario",
    "ScenarioPlan",
    "analyse_boundary",
    "boundary_cost",
    "bootstrap_boundary",
    "cluster_scenario",
    "default_constraints",
    "divides",
    "legislated_scenario",
    "make_scenario",
    "optimise_boundary",
    "read_scenarios",
]

MUNICIPALITY, WELLBEING_AREA, EXTERNAL = "municipality", "wellbeing_area", "external"
#: The two organisers a scenario divides the groups between (``x = 0`` and ``x = 1`` below).
SIDES = (MUNICIPALITY, WELLBEING_AREA)
#: Names of the scenarios the toolkit builds itself; a scenario file may not reuse them.
RESERVED = ("legislated", "clusters", "optimal")
#: Above this many free groups an exhaustive search would not finish in reasonable time.
EXHAUSTIVE_MAX = 30
#: Assignments evaluated per block of the exhaustive search (bounds its memory to ~50 MB).
BLOCK = 2**20
#: Bound on the local search's passes; each pass that does not improve ends it earlier.
MAX_PASSES = 100
#: Groups re-solved exactly at a time by the local search (2**14 assignments per block).
BLOCK_WIDTH = 14
SCENARIO_COLUMNS = [
    "scenario", "cost", "share", "total", "cut_ties", "moved",
    "municipality_groups", "wellbeing_area_groups", "source", "description", "note", "name_fi", "name_en",
]
CUT_COLUMNS = ["scenario", "node_a", "node_b", "weight", "n", "mean", "organiser_a", "organiser_b", "rank", "share"]
GROUP_COLUMNS = ["scenario", "node", "organiser", "moved", "across", "within", "to_external", "share_across"]


# --------------------------------------------------------------------------- scenarios


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
    """

    name: str
    organisers: Mapping[str, str]
    description: str = ""
    source: str = "api"
    names: Mapping[str, str] = field(default_factory=dict)

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
    >>> legislated_scenario(load_codebook()).organisers["2.12"]
    'municipality'
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
    >>> s = make_scenario(load_codebook(), name="school_health", move={"2.6": "municipality"})
    >>> s.organisers["2.6"], s.organisers["2.5"]
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
    >>> resident = {"2.2", "2.3", "2.5", "2.6", "2.12", "2.13", "2.14", "2.15", "2.16", "2.17", "2.18"}
    >>> s = cluster_scenario(cb, membership={c: 1 if c in resident else 2 for c in cb.codes})
    >>> s.moved(legislated_scenario(cb))
    ['2.2', '2.3', '2.5', '2.6']
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

    def describe(self) -> str:
        """The constraints in words (for tables and figures)."""
        parts = []
        for side in SIDES:
            codes = sorted((c for c, o in self.fixed.items() if o == side), key=code_key)
            if codes:
                parts.append(f"fixed to {side}: {', '.join(codes)}")
        for word, bound in (("at least", self.min_groups), ("at most", self.max_groups)):
            parts += [f"{side} {word} {bound[side]} groups" for side in SIDES if side in bound]
        return "; ".join(parts) or "no constraints"


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


def _constraint_problems(codebook: Codebook, fixed: Mapping, min_groups: Mapping, max_groups: Mapping) -> list[str]:
    problems = _move_problems(codebook, fixed)
    for key, bound in (("min_groups", min_groups), ("max_groups", max_groups)):
        for side, value in bound.items():
            if side not in SIDES:
                problems.append(f"`{key}` names {side!r}; expected {SIDES[0]!r} or {SIDES[1]!r}")
            elif isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
                problems.append(f"`{key}` for {side} must be an integer >= 0; got {value!r}")
    if problems:
        return problems
    lo, hi, n = _count_range(codebook, Constraints(fixed, min_groups, max_groups))
    fixed_wb = sum(o == WELLBEING_AREA for o in fixed.values())
    if max(lo, fixed_wb) > min(hi, fixed_wb + n - len(fixed)):
        problems.append(
            f"no assignment of the {n} municipality and wellbeing-area groups meets them "
            f"({Constraints(fixed, min_groups, max_groups).describe()}); relax a bound or fix fewer groups"
        )
    return problems


def _count_range(codebook: Codebook, constraints: Constraints) -> tuple[int, int, int]:
    """Allowed range of the number of wellbeing-area groups, and the number of groups divided."""
    n = sum(codebook.group(c).organiser != EXTERNAL for c in codebook.codes)
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


SCENARIO_KEYS = ("name", "name_fi", "name_en", "description", "move")
OPTIMAL_KEYS = ("keep", "fixed", "min_groups", "max_groups")


def _unknown_keys(table: Mapping, allowed: Sequence[str], where: str) -> list[str]:
    return [f"{where}: unknown key `{k}`; expected {', '.join(allowed)}" for k in table if k not in allowed]


def read_scenarios(path: str | Path, /, *, codebook: Codebook) -> ScenarioPlan:
    """Read a scenario file (TOML).

    The format (see ``survey_data/scenarios.toml`` and the README)::

        [[scenarios]]
        name = "school_health_to_municipality"     # letters, digits, _ and -
        description = "School and student health care to the municipality"
        move = { "2.6" = "municipality" }          # from the legislated boundary

        [optimal]                                  # optional: the search's constraints
        keep = ["2.10", "2.11", "2.12"]            # stay where the law puts them
        fixed = { "2.7" = "wellbeing_area" }       # or pinned explicitly
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
    scenarios, names = [], []
    for i, entry in enumerate(entries, start=1):
        where = f"[[scenarios]] entry {i}"
        problems += _unknown_keys(entry, SCENARIO_KEYS, where)
        name, move = entry.get("name"), entry.get("move", {})
        description = entry.get("description", "")
        mine = _name_problems(name)
        if name in names:
            mine.append(f"the name {name!r} is used by an earlier entry; names must be unique")
        if not isinstance(move, dict) or not move:
            mine.append("`move` must be a non-empty table of group code = organiser, e.g. move = { \"2.6\" = \"municipality\" }")
        else:
            mine += _move_problems(codebook, move)
        shown = {lang: entry[f"name_{lang}"] for lang in ("fi", "en") if f"name_{lang}" in entry}
        for key, value in [("description", description), *((f"name_{lg}", v) for lg, v in shown.items())]:
            if not isinstance(value, str):
                mine.append(f"`{key}` must be a string; got {value!r}")
        problems += [f"{where}: {p}" for p in mine]
        names.append(name)
        if not mine:
            scenarios.append(
                Scenario(name, MappingProxyType({**_legislated_map(codebook), **move}), description, "file",
                         MappingProxyType(shown))
            )

    constraints = None
    if "optimal" in doc:
        table = doc["optimal"]
        problems += _unknown_keys(table, OPTIMAL_KEYS, "[optimal]")
        keep, fixed = table.get("keep", []), table.get("fixed", {})
        bounds = {k: table.get(k, {}) for k in ("min_groups", "max_groups")}
        shapes = [("keep", keep, list, "a list of group codes"), ("fixed", fixed, dict, "a table of group code = organiser")]
        shapes += [(k, v, dict, "a table of organiser = number of groups") for k, v in bounds.items()]
        bad = [f"[optimal]: `{k}` must be {what}; got {v!r}" for k, v, kind, what in shapes if not isinstance(v, kind)]
        unknown = [c for c in keep if c not in codebook.codes] if not bad else []
        if bad or unknown:
            problems += bad + [f"[optimal]: `keep` names {unknown}, which are not codebook codes"] * bool(unknown)
        else:
            pinned = {**{c: codebook.group(c).organiser for c in keep}, **fixed}
            mine = _constraint_problems(codebook, pinned, bounds["min_groups"], bounds["max_groups"])
            problems += [f"[optimal]: {p}" for p in mine]
            if not mine:
                constraints = Constraints(
                    MappingProxyType(pinned),
                    MappingProxyType(dict(bounds["min_groups"])),
                    MappingProxyType(dict(bounds["max_groups"])),
                )
    if problems:
        listed = "\n".join(f"- {p}." for p in problems)
        raise InputFileError(
            f"Scenario file {path} has {len(problems)} problem{'s' * (len(problems) != 1)}:\n{listed}\n"
            "See survey_data/scenarios.toml for the format."
        )
    return ScenarioPlan(tuple(scenarios), constraints, path, hashlib.sha256(raw).hexdigest())


# --------------------------------------------------------------------------- costs


def _weight_matrix(graph: nx.Graph, codes: Sequence[str]) -> np.ndarray:
    idx = {c: i for i, c in enumerate(codes)}
    w = np.zeros((len(codes), len(codes)))
    for a, b, weight in graph.edges(data="weight"):
        w[idx[a], idx[b]] = w[idx[b], idx[a]] = weight
    return w


def _sides(scenarios: Sequence[Scenario], codes: Sequence[str]) -> np.ndarray:
    """``(S, G)``: 0 municipality, 1 wellbeing area, NaN external."""
    value = {MUNICIPALITY: 0.0, WELLBEING_AREA: 1.0, EXTERNAL: np.nan}
    return np.array([[value[s.organisers[c]] for c in codes] for s in scenarios]).reshape(len(scenarios), len(codes))


def _costs(w: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Boundary costs and totals ``(..., S)`` of weights ``(..., G, G)`` and sides ``(S, G)``.

    Each unordered pair is counted once (the sums over ordered pairs are halved).
    """
    both = ~np.isnan(x[:, :, None]) & ~np.isnan(x[:, None, :])
    cut = both & (x[:, :, None] != x[:, None, :])
    cost = np.einsum("...ij,sij->...s", w, cut.astype(float)) / 2
    total = np.einsum("...ij,sij->...s", w, both.astype(float)) / 2
    return cost, total


@dataclass(frozen=True)
class BoundaryCost:
    """What one scenario's boundary cuts (:func:`boundary_cost`).

    Attributes
    ----------
    scenario : Scenario
    cost : float
        Summed weight of the cut ties.
    total : float
        Summed weight of all ties between municipality and wellbeing-area groups (the
        ties any boundary could cut).
    share : float
        ``cost / total``.
    cut_ties : pandas.DataFrame
        One row per cut tie, heaviest first: ``node_a``, ``node_b`` (in code order),
        ``weight``, ``n`` (ratings behind the tie), ``mean`` (symmetrised need),
        ``organiser_a``, ``organiser_b``, ``rank`` (1 = heaviest), ``share`` (of ``total``).
    groups : pandas.DataFrame
        One row per municipality or wellbeing-area group: ``node``, ``organiser``,
        ``across`` (weight of its ties across the boundary), ``within`` (to its own
        side), ``to_external`` (to external actors), ``share_across`` =
        ``across / (across + within)`` (NaN for a group without such ties).
    """

    scenario: Scenario
    cost: float
    total: float
    share: float
    cut_ties: pd.DataFrame
    groups: pd.DataFrame


def _check_covers(graph: nx.Graph, scenario: Scenario) -> None:
    missing = sorted((v for v in graph if v not in scenario.organisers), key=code_key)
    if missing:
        raise UsageError(
            f"Scenario {scenario.name!r} gives no organiser for graph nodes {missing}; "
            "build scenarios from the codebook the graph was built with."
        )


def boundary_cost(graph: nx.Graph, /, *, scenario: Scenario) -> BoundaryCost:
    """The integration need that a scenario's boundary cuts.

    Parameters
    ----------
    graph : networkx.Graph
        From :func:`integraatio.network.build_graph` (edge attributes ``weight``, ``n``,
        ``mean``): costs use the graph's own weighting, so a pair without an edge
        (suppressed, or at or below the baseline under ``excess``) cuts nothing.
    scenario : Scenario

    Returns
    -------
    BoundaryCost

    Notes
    -----
    With :math:`x_i = 0` for the municipality, 1 for the wellbeing area, and
    :math:`E` the groups that are neither (external actors),

    .. math:: \\mathrm{cost} = \\sum_{i<j;\\, i,j \\notin E} w_{ij}\\,[x_i \\ne x_j],
              \\qquad \\mathrm{share} = \\mathrm{cost} \\Big/ \\sum_{i<j;\\, i,j \\notin E} w_{ij}.

    Examples
    --------
    >>> g = nx.Graph([("a", "b", {"weight": 30.0, "n": 12, "mean": 130.0}),
    ...               ("b", "c", {"weight": 10.0, "n": 10, "mean": 110.0})])
    >>> s = Scenario("s", {"a": "municipality", "b": "municipality", "c": "wellbeing_area"})
    >>> r = boundary_cost(g, scenario=s)
    >>> r.cost, r.share  # the b-c tie is cut: 10 of 40
    (10.0, 0.25)
    """
    _check_covers(graph, scenario)
    codes = sorted(graph, key=code_key)
    w = _weight_matrix(graph, codes)
    x = _sides([scenario], codes)
    cost, total = (float(v[0]) for v in _costs(w, x))
    organisers = scenario.organisers
    rows = []
    for a, b, data in graph.edges(data=True):
        a, b = sorted((a, b), key=code_key)
        if EXTERNAL not in (organisers[a], organisers[b]) and organisers[a] != organisers[b]:
            rows.append((scenario.name, a, b, data["weight"], data["n"], data["mean"], organisers[a], organisers[b]))
    cut = pd.DataFrame(rows, columns=CUT_COLUMNS[:-2])
    cut = cut.assign(_a=cut["node_a"].map(code_key), _b=cut["node_b"].map(code_key))
    cut = cut.sort_values(["weight", "_a", "_b"], ascending=[False, True, True], kind="stable").drop(columns=["_a", "_b"])
    cut = cut.reset_index(drop=True)
    cut["rank"] = np.arange(1, len(cut) + 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        cut["share"] = cut["weight"] / total
        side = x[0]
        inside = ~np.isnan(side)
        crosses = (side[:, None] != side[None, :]) & inside[:, None] & inside[None, :]
        across = (w * crosses).sum(1)
        within = (w * (inside[:, None] & inside[None, :] & ~crosses)).sum(1)
        groups = pd.DataFrame(
            {
                "node": codes,
                "organiser": [organisers[c] for c in codes],
                "across": across,
                "within": within,
                "to_external": (w * ~inside[None, :]).sum(1),
                "share_across": across / (across + within),
            }
        ).loc[inside].reset_index(drop=True)
    return BoundaryCost(
        scenario=scenario,
        cost=cost,
        total=total,
        share=cost / total if total > 0 else float("nan"),
        cut_ties=cut,
        groups=groups,
    )


# --------------------------------------------------------------------------- optimiser


@dataclass(frozen=True)
class Optimum:
    """The boundary of lowest cost under constraints (:func:`optimise_boundary`).

    Attributes
    ----------
    scenario : Scenario
        Named ``optimal``; ``source`` is ``method``.
    cost : float
    method : str
        ``exhaustive`` (every assignment of the free groups evaluated: exact),
        ``minimum_cut`` (exact without a balance constraint) or ``local_search``
        (a heuristic: more free groups than ``exhaustive_limit`` and a balance constraint).
    free : tuple of str
        The groups the search could move.
    evaluated : int
        Assignments of the free groups evaluated (exhaustive) or 0.
    constraints : Constraints
    """

    scenario: Scenario
    cost: float
    method: str
    free: tuple[str, ...]
    evaluated: int
    constraints: Constraints


def _bits(m: int) -> np.ndarray:
    """All ``2**m`` assignments of ``m`` binary variables, one per row (row r = binary r)."""
    return ((np.arange(2**m)[:, None] >> np.arange(m)) & 1).astype(float)


def _part(x: np.ndarray, d: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Cost of assignments ``x`` (rows) of a part: linear ``d`` plus the ties ``q`` it cuts."""
    return x @ d + ((x @ q) * (1.0 - x)).sum(1)


def _exhaustive(q, d, x0, lo, hi, tol) -> np.ndarray:
    """Exact minimiser of ``d.x + sum_{i<j} q_ij [x_i != x_j]`` with ``lo <= sum x <= hi``.

    The free groups are split into a low half (``b``) and a high half (``a``); every
    assignment is a pair (h, l), and the cost matrix over all pairs is
    ``c_h + c_l + r_h + s_l - 2 (H Q_hl) L^T``: one matrix product per block of rows, no
    loop over assignments. Ties within ``tol`` go to the fewest changes from ``x0``, then
    to the lowest index.
    """
    k = len(d)
    b = (k + 1) // 2
    low, high = np.arange(b), np.arange(b, k)
    L, H = _bits(b), _bits(k - b)
    q_hl = q[np.ix_(high, low)]
    c_l = _part(L, d[low], q[np.ix_(low, low)]) + L @ q_hl.sum(0)
    c_h = _part(H, d[high], q[np.ix_(high, high)]) + H @ q_hl.sum(1)
    p = H @ q_hl
    pop_l, pop_h = L.sum(1), H.sum(1)
    moves_l, moves_h = (L != x0[low]).sum(1), (H != x0[high]).sum(1)
    rows = max(1, BLOCK >> b)

    def blocks() -> Iterator[tuple[int, np.ndarray]]:
        for start in range(0, len(H), rows):
            sl = slice(start, start + rows)
            cost = c_h[sl, None] + c_l[None, :] - 2.0 * (p[sl] @ L.T)
            pop = pop_h[sl, None] + pop_l[None, :]
            yield start, np.where((pop >= lo) & (pop <= hi), cost, np.inf)

    best = min(float(m.min()) for _, m in blocks())
    choice = (np.inf, 0)
    for start, m in blocks():
        moves = np.where(m <= best + tol, moves_h[start : start + len(m), None] + moves_l[None, :], np.inf)
        i = int(np.argmin(moves))
        if moves.flat[i] < choice[0]:
            choice = (moves.flat[i], start * len(L) + i)
    h, l = divmod(choice[1], len(L))
    return np.concatenate([L[l], H[h]])


def _flip_gains(q, d, x) -> np.ndarray:
    """Change in cost from flipping each ``x_i`` alone."""
    differ = x[:, None] != x[None, :]
    return (1.0 - 2.0 * x) * d + (q * (1.0 - 2.0 * differ)).sum(1)


def _lexmin(primary: np.ndarray, secondary: np.ndarray) -> int:
    """Flat index of the smallest ``primary``, ties broken by the smallest ``secondary``."""
    return int(np.lexsort((secondary.ravel(), primary.ravel()))[0])


def _repair(q, d, x, lo, hi) -> np.ndarray:
    """``x`` brought within the count bounds by the cheapest single flips."""
    x = x.copy()
    while x.sum() < lo or x.sum() > hi:
        i = int(np.argmin(np.where(x == (x.sum() > hi), _flip_gains(q, d, x), np.inf)))
        x[i] = 1.0 - x[i]
    return x


def _kl_search(q, d, x, x0, lo, hi, tol) -> np.ndarray:
    """Kernighan-Lin passes of single moves and pairwise swaps within the count bounds.

    A pass moves every group at most once, always taking the best move left even when it
    raises the cost (which lets it climb out of a local minimum), and keeps the best
    assignment seen; passes repeat while one finds a lower cost (or an equal one with
    fewer changes from ``x0``).
    """
    k = len(x)
    best = _repair(q, d, x, lo, hi)
    best_cost, best_moves = float(_part(best[None], d, q)[0]), int((best != x0).sum())
    for _ in range(MAX_PASSES):
        cur, cost, locked, improved = best.copy(), best_cost, np.zeros(k, bool), False
        for _ in range(k):
            gain, change, pop = _flip_gains(q, d, cur), np.where(cur != x0, -1.0, 1.0), cur.sum()
            options = []
            single = np.flatnonzero(~locked & np.where(cur == 0, pop + 1 <= hi, pop - 1 >= lo))
            if len(single):
                i = single[_lexmin(gain[single], change[single])]
                options.append((gain[i], change[i], [i]))
            ones, zeros = np.flatnonzero((cur == 1) & ~locked), np.flatnonzero((cur == 0) & ~locked)
            if len(ones) and len(zeros):
                swap = gain[ones, None] + gain[None, zeros] + 2.0 * q[np.ix_(ones, zeros)]
                i, j = np.unravel_index(_lexmin(swap, change[ones, None] + change[None, zeros]), swap.shape)
                options.append((swap[i, j], change[ones[i]] + change[zeros[j]], [ones[i], zeros[j]]))
            if not options:
                break
            delta, _, nodes = min(options, key=lambda o: (o[0], o[1]))
            cur[nodes] = 1.0 - cur[nodes]
            locked[nodes] = True
            cost += delta
            moves = int((cur != x0).sum())
            if cost < best_cost - tol or (cost <= best_cost + tol and moves < best_moves):
                best, best_moves, improved = cur.copy(), moves, True
                best_cost = float(_part(best[None], d, q)[0])  # exact, so that rounding does not drift
        if not improved:
            break
    return best


def _block_search(q, d, x, x0, lo, hi, tol) -> np.ndarray:
    """Large-neighbourhood search: re-solve blocks of ``BLOCK_WIDTH`` groups exactly.

    Each block is a group and the groups it is most tied to; with everything else held,
    :func:`_exhaustive` finds the block's best assignment, which is never worse than the
    current one. Rounds over all blocks repeat while one lowers the cost (or the changes).
    """
    k = len(x)
    width = min(BLOCK_WIDTH, k)
    blocks = [np.sort(np.r_[i, [j for j in np.argsort(-q[i], kind="stable") if j != i][: width - 1]]) for i in range(k)]
    x = x.copy()
    key = (float(_part(x[None], d, q)[0]), int((x != x0).sum()))
    for _ in range(MAX_PASSES):
        improved = False
        for block in blocks:
            rest = np.setdiff1d(np.arange(k), block)
            held = x[rest]
            d_block = d[block] + q[np.ix_(block, rest)] @ (1.0 - 2.0 * held)
            trial = x.copy()
            trial[block] = _exhaustive(q[np.ix_(block, block)], d_block, x0[block], lo - held.sum(), hi - held.sum(), tol)
            new = (float(_part(trial[None], d, q)[0]), int((trial != x0).sum()))
            if new[0] < key[0] - tol or (new[0] <= key[0] + tol and new[1] < key[1]):
                x, key, improved = trial, new, True
        if not improved:
            break
    return x


def _minimum_cut(q, d, scale) -> np.ndarray:
    """Exact minimiser of ``d.x + sum_{i<j} q_ij [x_i != x_j]`` without count bounds.

    An s-t minimum cut with s the municipality side: a group on the wellbeing side cuts
    its arc from s (capacity ``d_i`` where ``d_i > 0``), one on the municipal side its arc
    to t (``-d_i`` where ``d_i < 0``). Capacities are scaled to integers (1e-9 of
    ``scale``), as networkx's flow algorithms need.
    """
    cap = np.rint(np.abs(np.r_[d, q[np.triu_indices(len(d), 1)]]) / scale * 1e9).astype(np.int64)
    g = nx.DiGraph()
    g.add_nodes_from(["s", "t", *range(len(d))])
    for i, (v, c) in enumerate(zip(d, cap[: len(d)])):
        if c:
            g.add_edge(*(("s", i) if v > 0 else (i, "t")), capacity=int(c))
    for (i, j), c in zip(zip(*np.triu_indices(len(d), 1)), cap[len(d) :]):
        if c:
            g.add_edge(int(i), int(j), capacity=int(c))
            g.add_edge(int(j), int(i), capacity=int(c))
    _, (source_side, _) = nx.minimum_cut(g, "s", "t")
    return np.array([0.0 if i in source_side else 1.0 for i in range(len(d))])


def _beyond_the_limit(q, d, x0, lo, hi, tol, scale) -> tuple[np.ndarray, str]:
    """The minimum cut if it meets the count bounds (exact), else the local search's best."""
    cut = _minimum_cut(q, d, scale)
    if lo <= cut.sum() <= hi:
        return _kl_search(q, d, cut, x0, lo, hi, tol), "minimum_cut"  # the search only trims changes
    # Lagrangian starts: a price per wellbeing-area group moves the minimum cut's count
    # through the range, from everyone municipal to everyone wellbeing.
    reach = float(np.abs(d).max() + q.sum(1).max())
    starts = [cut, x0] + [_minimum_cut(q, d + price, scale) for price in np.linspace(-reach, reach, 17)]
    found = [_kl_search(q, d, s, x0, lo, hi, tol) for s in starts]
    # With the sides' roles nearly symmetric, a local optimum's mirror image is often a
    # better basin than any start above.
    found += [_kl_search(q, d, 1.0 - f, x0, lo, hi, tol) for f in found]
    found = [_block_search(q, d, f, x0, lo, hi, tol) for f in np.unique(np.array(found), axis=0)]
    costs = [float(_part(f[None], d, q)[0]) for f in found]
    return min((f for f, c in zip(found, costs) if c <= min(costs) + tol), key=lambda f: int((f != x0).sum())), "local_search"


def optimise_boundary(
    graph: nx.Graph,
    /,
    *,
    codebook: Codebook,
    constraints: Constraints | None = None,
    exhaustive_limit: int = 24,
) -> Optimum:
    """The assignment of the free groups with the lowest boundary cost.

    Parameters
    ----------
    graph : networkx.Graph
        From :func:`integraatio.network.build_graph`.
    codebook : Codebook
        External actors (never moved) and the legislated organisers (ties in cost go to
        the assignment that moves the fewest groups from them).
    constraints : Constraints, optional
        Fixed groups and balance bounds; default :func:`default_constraints`.
    exhaustive_limit : int, default 24
        Search exhaustively up to this many free groups (at most 30). Measured on 2
        cores: 2**20 assignments in about 0.03 s, 2**24 in 0.3 s, 2**26 in 0.9 s.

    Returns
    -------
    Optimum

    Raises
    ------
    ValueError
        Constraints that name unknown groups or organisers, or that no assignment meets.

    Notes
    -----
    With free groups :math:`x \\in \\{0, 1\\}^k` (1 = wellbeing area) the cost is
    :math:`c_0 + \\sum_i d_i x_i + \\sum_{i<j} q_{ij} [x_i \\ne x_j]`, where :math:`q`
    holds the ties between free groups, :math:`d_i` is the weight of group i's ties to
    fixed municipal groups minus that to fixed wellbeing-area groups, and :math:`c_0` the
    cost among fixed groups. Balance bounds the number of groups per organiser.

    - Up to ``exhaustive_limit`` free groups: every assignment is evaluated, in blocks of
      one matrix product each (the free groups split in two halves h and l; the costs of
      all pairs are :math:`c_h + c_l - 2 (H Q_{hl}) L^T` plus the halves' own terms).
      Exact.
    - Beyond it, when the s-t minimum cut (fixed municipal groups on one side, fixed
      wellbeing-area groups on the other, solved by max-flow) meets the balance bounds:
      that cut is the optimum. Exact (method ``minimum_cut``).
    - Otherwise (balance bounds bind: NP-hard, like minimum bisection) a heuristic
      (``local_search``): Kernighan-Lin passes of single moves and pairwise swaps from
      the legislated boundary, the minimum cut and 17 minimum cuts with a price per
      wellbeing-area group, and from the mirror image of each result; then each distinct
      local optimum is improved by re-solving blocks of 14 closely tied groups
      exhaustively. Not guaranteed optimal: on 40 random instances of 17-22 free groups
      it found the exhaustive optimum in all 40, in a median of about 0.15 s
      (``benchmarks/bench_boundary.py``).

    Costs within 1e-9 of the total weight count as equal; among equal costs the
    assignment closest to the legislated one wins.

    Examples
    --------
    >>> from integraatio.analysis import analyse
    >>> from integraatio.codebook import load_codebook
    >>> from integraatio.datasets import load_example
    >>> cb = load_codebook()
    >>> a = analyse(load_example(), codebook=cb, seed=1)
    >>> best = optimise_boundary(a.graph, codebook=cb)
    >>> best.method, best.evaluated, best.scenario.moved(legislated_scenario(cb))
    ('exhaustive', 262144, ['2.2', '2.3', '2.5', '2.6'])
    """
    if isinstance(exhaustive_limit, bool) or not isinstance(exhaustive_limit, (int, np.integer)) or not (
        0 <= exhaustive_limit <= EXHAUSTIVE_MAX
    ):
        raise UsageError(f"`exhaustive_limit` must be an integer from 0 to {EXHAUSTIVE_MAX}; got {exhaustive_limit!r}.")
    constraints = default_constraints(codebook) if constraints is None else constraints
    problems = _constraint_problems(codebook, constraints.fixed, constraints.min_groups, constraints.max_groups)
    if problems:
        raise UsageError("Constraints: " + "; ".join(problems) + ".")
    legislated = legislated_scenario(codebook)
    _check_covers(graph, legislated)
    codes = [c for c in codebook.codes if legislated.organisers[c] != EXTERNAL]
    w = _weight_matrix(graph, codebook.codes)[np.ix_(*[[codebook.codes.index(c) for c in codes]] * 2)]
    x_legal = _sides([legislated], codes)[0]
    is_fixed = np.array([c in constraints.fixed for c in codes], dtype=bool)
    x_fixed = np.array([float(constraints.fixed.get(c) == WELLBEING_AREA) for c in codes])
    free = np.flatnonzero(~is_fixed)
    q = w[np.ix_(free, free)]
    to_fixed = w[np.ix_(free, np.flatnonzero(is_fixed))]
    fixed_side = x_fixed[is_fixed]
    d1, d0 = to_fixed @ (1.0 - fixed_side), to_fixed @ fixed_side  # cut if free group is 1 / is 0
    lo, hi, _ = _count_range(codebook, constraints)
    lo, hi = lo - fixed_side.sum(), hi - fixed_side.sum()
    x0 = x_legal[free]
    scale = max(float(np.triu(w, 1).sum()), 1e-300)
    tol = 1e-9 * scale
    k = len(free)
    if k <= exhaustive_limit:
        x, method, evaluated = _exhaustive(q, d1 - d0, x0, lo, hi, tol), "exhaustive", 2**k
    else:
        (x, method), evaluated = _beyond_the_limit(q, d1 - d0, x0, lo, hi, tol, scale), 0
    organisers = dict(legislated.organisers)
    organisers.update({codes[i]: SIDES[int(v)] for i, v in zip(free, x)})
    organisers.update(constraints.fixed)
    scenario = Scenario(
        "optimal", MappingProxyType(organisers), f"lowest boundary cost ({method}); {constraints.describe()}", method
    )
    return Optimum(
        scenario=scenario,
        cost=boundary_cost(graph, scenario=scenario).cost,
        method=method,
        free=tuple(codes[i] for i in free),
        evaluated=evaluated,
        constraints=constraints,
    )


# --------------------------------------------------------------------------- bootstrap


@dataclass(frozen=True)
class BoundaryBootstrap:
    """Boundary costs over bootstrap replicates (:func:`bootstrap_boundary`).

    Attributes
    ----------
    costs, shares : numpy.ndarray
        ``(B, S)``: each scenario's cost and share in each replicate.
    intervals : pandas.DataFrame
        One row per scenario: ``scenario``, ``ci_low``, ``ci_high`` (cost),
        ``share_ci_low``, ``share_ci_high``.
    differences : pandas.DataFrame
        One row per pair of scenarios (``scenario`` before ``versus`` in the given
        order): ``ci_low``, ``ci_high`` of ``cost(scenario) - cost(versus)`` and
        ``share_lower``, the share of replicates in which ``scenario`` cuts less.
    level : float
    scenarios : tuple of str
    """

    costs: np.ndarray
    shares: np.ndarray
    intervals: pd.DataFrame
    differences: pd.DataFrame
    level: float
    scenarios: tuple[str, ...]


def bootstrap_boundary(
    means: np.ndarray,
    /,
    *,
    scenarios: Sequence[Scenario],
    codes: Sequence[str],
    weighting: str = "excess",
    symmetrise: str = "mean",
    baseline: float = CENTER,
    level: float = 0.95,
) -> BoundaryBootstrap:
    """Percentile intervals of boundary costs from bootstrap replicates of the cell means.

    Parameters
    ----------
    means : numpy.ndarray
        ``(B, G, G)`` directed cell means per replicate in ``codes`` order, NaN where a
        cell is absent or suppressed (``Bootstrap.means`` of :mod:`integraatio.stability`).
    scenarios : sequence of Scenario
        Fixed assignments: each is costed in every replicate (the optimum is not searched
        again per replicate, so its interval is that of the boundary found).
    codes : sequence of str
    weighting, symmetrise, baseline
        As the graph was built (``Analysis.parameters``), so that every replicate is
        weighted like the graph.
    level : float, default 0.95

    Returns
    -------
    BoundaryBootstrap

    Raises
    ------
    ValueError
        ``means`` of the wrong shape, fewer than 2 replicates, or ``level`` not in (0, 1).

    Notes
    -----
    Replicate b's weights are those of :func:`integraatio.network.build_graph`:
    :math:`w^{(b)} = \\mathrm{weight}(\\mathrm{symmetrise}(m^{(b)}))`, absent pairs 0.
    Cost and share follow :func:`boundary_cost`. The interval is the percentile interval
    :math:`[q_{(1-\\mathrm{level})/2}, q_{(1+\\mathrm{level})/2}]` of the replicates; a
    difference is taken within each replicate, so the pairing of scenarios on the same
    resample is kept.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> cells = np.array([[np.nan, 130, 110], [130, np.nan, 150], [110, 150, np.nan]])
    >>> means = cells + rng.normal(0, 2, size=(200, 3, 3))
    >>> s = [Scenario("ab_c", {"a": "municipality", "b": "municipality", "c": "wellbeing_area"})]
    >>> bb = bootstrap_boundary(means, scenarios=s, codes=["a", "b", "c"])
    >>> bool(bb.intervals.loc[0, "ci_low"] < 60 < bb.intervals.loc[0, "ci_high"])  # 10 + 50 cut
    True
    """
    means = np.asarray(means, dtype=float)
    g = len(codes)
    if means.ndim != 3 or means.shape[1:] != (g, g):
        raise ValueError(f"`means` must have shape (B, {g}, {g}) for {g} codes; got {means.shape}.")
    if means.shape[0] < 2:
        raise ValueError(f"`means` must hold at least 2 replicates; got {means.shape[0]}.")
    if not 0 < level < 1:
        raise UsageError(f"`level` must be between 0 and 1; got {level!r}.")
    w = np.nan_to_num(edge_weights(symmetrise_cells(means, how=symmetrise), weighting=weighting, baseline=baseline))
    w = np.clip(w, 0.0, None)  # a non-positive weight is no edge in the graph either
    costs, totals = _costs(w, _sides(scenarios, codes))
    shares = np.divide(costs, totals, out=np.full(costs.shape, np.nan), where=totals > 0)
    q = [(1 - level) / 2, (1 + level) / 2]
    names = tuple(s.name for s in scenarios)
    lo, hi = np.quantile(costs, q, axis=0)
    # A replicate without any tie has no share; the interval is over the others.
    slo, shi = np.array([np.quantile(c[np.isfinite(c)], q) if np.isfinite(c).any() else [np.nan] * 2 for c in shares.T]).T.reshape(2, -1)
    intervals = pd.DataFrame(
        {"scenario": names, "ci_low": lo, "ci_high": hi, "share_ci_low": slo, "share_ci_high": shi}
    )
    rows = []
    for i, j in combinations(range(len(names)), 2):
        diff = costs[:, i] - costs[:, j]
        d_lo, d_hi = np.quantile(diff, q)
        rows.append((names[i], names[j], d_lo, d_hi, float(np.mean(diff < 0))))
    differences = pd.DataFrame(rows, columns=["scenario", "versus", "ci_low", "ci_high", "share_lower"])
    return BoundaryBootstrap(costs, shares, intervals, differences, float(level), names)


# --------------------------------------------------------------------------- the whole step


@dataclass(frozen=True)
class BoundaryAnalysis:
    """Scenarios compared (:func:`analyse_boundary`).

    Attributes
    ----------
    scenarios : pandas.DataFrame
        One row per scenario: ``scenario``, ``cost``, ``share``, ``total``, ``cut_ties``
        (how many), ``moved`` (codes moved from the legislated boundary, space-separated),
        ``municipality_groups``, ``wellbeing_area_groups``, ``source``, ``description``,
        ``note`` (why there is no cost: a side with no group that has data; else empty),
        ``name_fi``, ``name_en`` (display names a scenario file gives; else empty);
        with a bootstrap also ``ci_low``, ``ci_high``, ``share_ci_low``, ``share_ci_high``
        and ``replicates``.
    cut_ties : pandas.DataFrame
        Every scenario's cut ties (columns of :attr:`BoundaryCost.cut_ties` with
        ``scenario`` first).
    groups : pandas.DataFrame
        Per scenario and group: ``scenario``, ``node``, ``organiser``, ``moved``,
        ``across``, ``within``, ``to_external``, ``share_across``.
    differences : pandas.DataFrame
        Every pair of scenarios: ``scenario``, ``versus``, ``diff`` = cost(scenario) -
        cost(versus); with a bootstrap also ``ci_low``, ``ci_high``, ``share_lower``.
    results : Mapping[str, BoundaryCost]
    optimum : Optimum
    bootstrap : BoundaryBootstrap or None
    parameters : Mapping
    """

    scenarios: pd.DataFrame
    cut_ties: pd.DataFrame
    groups: pd.DataFrame
    differences: pd.DataFrame
    results: Mapping[str, BoundaryCost]
    optimum: Optimum
    bootstrap: BoundaryBootstrap | None
    parameters: Mapping[str, Any]


def _one_sided(scenario: Scenario, graph: nx.Graph) -> str:
    """Why a scenario has no cost: a side of its boundary with no group that has data ("" if both have)."""
    held = {scenario.organisers[v] for v in graph.nodes}
    empty = [side for side in SIDES if side not in held]
    return "; ".join(f"no group with data on the {side.replace('_', ' ')} side" for side in empty)


def analyse_boundary(
    analysis,
    /,
    *,
    codebook: Codebook,
    plan: ScenarioPlan | None = None,
    means: np.ndarray | None = None,
    level: float | None = None,
    exhaustive_limit: int = 24,
) -> BoundaryAnalysis:
    """Compare the legislated, cluster, optimal and user scenarios in one call.

    Parameters
    ----------
    analysis : Analysis
        From :func:`integraatio.analysis.analyse` (graph, clusters, weighting).
    codebook : Codebook
    plan : ScenarioPlan, optional
        User scenarios and constraints (:func:`read_scenarios`).
    means : numpy.ndarray, optional
        ``(B, G, G)`` bootstrap cell means for intervals (:func:`bootstrap_boundary`).
        Default: ``analysis.bootstrap.means`` when the analysis carries a bootstrap
        (:func:`integraatio.stability.attach_bootstrap`); without either, no intervals.
    level : float, optional
        Interval level; default the bootstrap's ``level``, else 0.95.
    exhaustive_limit : int, default 24
        See :func:`optimise_boundary`.

    Returns
    -------
    BoundaryAnalysis

    Raises
    ------
    InsufficientDataError
        The codebook puts no group with the municipality, or none with the wellbeing area.

    Examples
    --------
    >>> from integraatio.analysis import analyse
    >>> from integraatio.codebook import load_codebook
    >>> from integraatio.datasets import load_example
    >>> cb = load_codebook()
    >>> b = analyse_boundary(analyse(load_example(), codebook=cb, seed=1), codebook=cb)
    >>> b.scenarios["scenario"].tolist()
    ['legislated', 'clusters', 'optimal']
    >>> bool(b.scenarios.set_index("scenario").loc["clusters", "share"] < 0.1)
    True
    """
    if not divides(codebook):
        raise InsufficientDataError(
            "The codebook puts no group with the municipality or none with the wellbeing area, so there is no "
            "boundary to cost; set `organiser` to 'municipality' or 'wellbeing_area' for the groups."
        )
    plan = plan or ScenarioPlan()
    legislated = legislated_scenario(codebook)
    optimum = optimise_boundary(
        analysis.graph, codebook=codebook, constraints=plan.constraints, exhaustive_limit=exhaustive_limit
    )
    scenarios = [
        legislated,
        cluster_scenario(codebook, membership=analysis.partition.membership),
        optimum.scenario,
        *plan.scenarios,
    ]
    results = {s.name: boundary_cost(analysis.graph, scenario=s) for s in scenarios}
    table = pd.DataFrame(
        [
            (
                s.name, r.cost, r.share, r.total, len(r.cut_ties), " ".join(s.moved(legislated)),
                sum(o == MUNICIPALITY for o in s.organisers.values()),
                sum(o == WELLBEING_AREA for o in s.organisers.values()),
                s.source, s.description, _one_sided(s, analysis.graph), s.names.get("fi", ""), s.names.get("en", ""),
            )
            for s, r in ((s, results[s.name]) for s in scenarios)
        ],
        columns=SCENARIO_COLUMNS,
    )
    # A boundary with no data on one side cuts nothing because nothing is known: no cost.
    table.loc[table["note"] != "", ["cost", "share"]] = np.nan
    groups = pd.concat([r.groups.assign(scenario=name) for name, r in results.items()], ignore_index=True)
    groups["moved"] = groups["organiser"].to_numpy() != groups["node"].map(legislated.organisers).to_numpy()
    groups = groups[GROUP_COLUMNS]
    cost = table.set_index("scenario")["cost"]
    differences = pd.DataFrame(
        [(a, b, cost[a] - cost[b]) for a, b in combinations(table["scenario"], 2)], columns=["scenario", "versus", "diff"]
    )
    boot = None
    carried = analysis.bootstrap
    if means is None and carried is not None:
        means = carried.means
    if level is None:
        level = carried.parameters["level"] if carried is not None else 0.95
    if means is not None:
        params = analysis.parameters
        boot = bootstrap_boundary(
            means, scenarios=scenarios, codes=analysis.codes, weighting=params["weighting"],
            symmetrise=params["symmetrise"], level=level,
        )
        table = table.merge(boot.intervals, on="scenario").assign(replicates=len(boot.costs))
        differences = differences.merge(boot.differences, on=["scenario", "versus"])
    return BoundaryAnalysis(
        scenarios=table,
        cut_ties=pd.concat([r.cut_ties for r in results.values()], ignore_index=True)[CUT_COLUMNS],
        groups=groups,
        differences=differences,
        results=MappingProxyType(results),
        optimum=optimum,
        bootstrap=boot,
        parameters={
            "scenario_file": plan.path.name if plan.path else None,  # never the folder: it names the analyst
            "scenario_file_sha256": plan.sha256,
            "constraints": optimum.constraints.describe(),
            "method": optimum.method,
            "exhaustive_limit": exhaustive_limit,
            "level": level,
            "replicates": None if boot is None else len(boot.costs),
        },
    )
