"""A synthetic survey with the Kuntaliitto study's design.

The real microdata are not public. :func:`generate` draws a survey of the same shape from
a planted design (``survey_data/design.toml``), so that every method can be checked against
a known truth: the clusters, the bridging groups, the subgroup that leans elsewhere and the
size-class effect. The design lives in data, not here.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from .codebook import ITEMS, Codebook, load_codebook
from .exceptions import CodebookError, InputFileError, UsageError

__all__ = ["SyntheticSurvey", "generate", "load_design"]


@dataclass(frozen=True)
class SyntheticSurvey:
    """A generated survey with its planted truth.

    Attributes
    ----------
    data : pandas.DataFrame
        The canonical long table (one row per respondent x target group).
    invitations : pandas.DataFrame
        ``municipality``, ``size_class``, ``invited``, ``answered`` per organisation.
    truth : Mapping
        Planted block of every group, per structure name (``"composite"``,
        ``"frequency"``): ``truth["composite"]["2.3"] == "resident"``.
    parameters : Mapping
        Everything needed to generate the same survey again, the seed included.
    """

    data: pd.DataFrame
    invitations: pd.DataFrame
    truth: Mapping[str, Mapping[str, str]]
    parameters: Mapping[str, Any]


def load_design(path: str | Path | None = None, *, codebook: Codebook) -> dict:
    """Read a planted design TOML and check it against the codebook.

    Parameters
    ----------
    path : str or Path, optional
        Default: the shipped ``survey_data/design.toml``.
    codebook : Codebook
        Every group code the design names must be in it.

    Returns
    -------
    dict
        The parsed design.
    """
    if path is None:
        from .datasets import design_path

        path = design_path()
    path = Path(path)
    try:
        design = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise InputFileError(f"Cannot read the design file {path}: {err}.") from err
    codes = set(codebook.codes)
    named = set(design["population"]["group_weights"])
    for s in design.get("structures", []):
        for members in s["blocks"].values():
            named.update(members)
        named.update(s.get("bridges", {}))
        unknown_items = set(s["items"]) - set(ITEMS)
        if unknown_items:
            raise CodebookError(f"Design {path}: structure {s['name']!r} names items {sorted(unknown_items)}; items are {ITEMS}.")
    named.update(sg["group"] for sg in design.get("subgroups", []))
    unknown = sorted(named - codes)
    if unknown:
        raise CodebookError(f"Design {path} names groups {unknown} that the codebook does not list.")
    not_responding = sorted(c for c in design["population"]["group_weights"] if not codebook.group(c).responds)
    if not_responding:
        raise CodebookError(f"Design {path} gives respondents to groups {not_responding}, which do not respond in the codebook.")
    return design


def _organisations(codebook: Codebook, n: int | None, large: int | None) -> tuple[pd.DataFrame, bool]:
    """Organisations and their size classes; True when they all come from the codebook."""
    if n is None:
        names = list(codebook.municipalities)
        classes = list(codebook.municipalities.values())
        return pd.DataFrame({"municipality": names, "size_class": classes}), True
    if large is None or not 0 <= large <= n:
        raise UsageError(f"`large` must be an integer from 0 to organisations ({n}); got {large!r}.")
    names = [f"Organisation {i:02d}" for i in range(1, n + 1)]
    classes = ["large"] * large + ["other"] * (n - large)
    return pd.DataFrame({"municipality": names, "size_class": classes}), False


def _ties(structure: dict, codes: list[str], own_block: np.ndarray, own: np.ndarray) -> np.ndarray:
    """Planted tie (in latent scale points, before `signal`) of every respondent x target.

    ``own_block`` is each respondent's block in this structure (a subgroup may override
    its group's), ``own`` each respondent's group index.
    """
    blocks = list(structure["blocks"])
    block_of = np.full(len(codes), -1)
    for b, members in enumerate(structure["blocks"].values()):
        block_of[[codes.index(c) for c in members]] = b
    bridges = np.zeros((len(codes), len(blocks)), dtype=bool)
    for code, to in structure.get("bridges", {}).items():
        bridges[codes.index(code), [blocks.index(b) for b in to]] = True
    target_block = block_of[None, :]
    rb = own_block[:, None]
    same = (rb == target_block) & (rb >= 0)
    # A tie bridges when the respondent's group reaches into the target's block or the
    # target reaches into the respondent's.
    reach_out = np.where(target_block >= 0, bridges[own][:, np.maximum(block_of, 0)], False)
    reach_in = np.where(rb >= 0, bridges.T[np.maximum(own_block, 0)], False)
    bridged = ~same & (reach_out | reach_in)
    return structure["within"] * same + structure.get("bridge", 0.0) * bridged


def generate(
    codebook: Codebook | None = None,
    design: dict | None = None,
    *,
    respondents: int | None = None,
    invited: int | None = None,
    organisations: int | None = None,
    large: int | None = None,
    signal: float = 1.0,
    seed: int,
) -> SyntheticSurvey:
    """Draw a synthetic survey from a planted design.

    Parameters
    ----------
    codebook : Codebook, optional
        Default: the shipped codebook.
    design : dict, optional
        A design from :func:`load_design`. Default: the shipped ``design.toml``.
    respondents, invited : int, optional
        Number answering and number invited. Default: the design's (268 of 719).
    organisations : int, optional
        Number of organisations. Default: the codebook's municipalities, with their
        size classes. Otherwise ``Organisation 01`` ... with the first ``large`` of size
        class ``large``, and the table gets a ``size_class`` column.
    large : int, optional
        With ``organisations``: how many of them are large.
    signal : float, default 1
        Multiplies every planted tie and effect; 0 gives a survey with no structure.
    seed : int
        Seed of the one random generator used. Same seed, same survey.

    Returns
    -------
    SyntheticSurvey

    Notes
    -----
    Each answer is drawn on a latent scale and rounded and clipped to the codebook scale:
    ``baseline + signal * (tie + shift) + cell + respondent + noise``, where ``tie`` is the
    structure's ``within`` for two groups in one block, ``bridge`` for a bridging pair and 0
    otherwise; ``shift`` is a size-class effect on targets of one organiser; ``cell``,
    ``respondent`` and ``noise`` are normal with the design's standard deviations. A share
    of answers becomes the scale's "can't say" code or is left empty; nobody rates their
    own group.

    Examples
    --------
    >>> s = generate(respondents=60, invited=150, seed=1)
    >>> s.data["respondent_id"].nunique(), len(s.data) == 60 * 21
    (60, True)
    """
    codebook = codebook or load_codebook()
    design = design or load_design(codebook=codebook)
    rng = np.random.default_rng(seed)
    pop, ans = design["population"], design["answers"]
    n_resp = respondents if respondents is not None else pop["respondents"]
    n_inv = invited if invited is not None else pop["invited"]
    if not 0 < n_resp <= n_inv:
        raise UsageError(f"Need 0 < respondents <= invited; got respondents={n_resp}, invited={n_inv}.")
    codes = codebook.codes
    orgs, from_codebook = _organisations(codebook, organisations, large)

    # Invited per organisation by size-class weight; respondents drawn from the invited.
    w = orgs["size_class"].map(pop["organisation_weights"]).fillna(1.0).to_numpy(float)
    orgs["invited"] = rng.multinomial(n_inv, w / w.sum())
    pool = np.repeat(np.arange(len(orgs)), orgs["invited"].to_numpy())
    org = np.sort(rng.choice(pool, size=n_resp, replace=False))
    orgs["answered"] = np.bincount(org, minlength=len(orgs))

    # Own groups: the minimum for every responding group, the rest by weight.
    gw = pop["group_weights"]
    resp_codes = [c for c in codes if c in gw]
    p = np.array([gw[c] for c in resp_codes], float)
    floor = min(pop.get("min_per_group", 0), n_resp // len(resp_codes))
    counts = floor + rng.multinomial(n_resp - floor * len(resp_codes), p / p.sum())
    own_code = rng.permutation(np.repeat(resp_codes, counts))
    own = np.array([codes.index(c) for c in own_code])
    order = np.lexsort((own, org))  # tidy order: organisation, then group
    org, own, own_code = org[order], own[order], own_code[order]

    subgroup = np.full(n_resp, "", dtype=object)
    override = {}
    for sg in design.get("subgroups", []):
        members = (own_code == sg["group"]) & (rng.random(n_resp) < sg["share"])
        subgroup[members] = sg["name"]
        override[sg["name"]] = sg["block"]

    scale = codebook.scale
    n_t = len(codes)
    size_class = orgs["size_class"].to_numpy()[org]
    resp_effect = rng.normal(0.0, ans["respondent_sd"], size=n_resp)[:, None]
    truth = {}
    answers = {}
    for item in ITEMS:
        latent = np.full((n_resp, n_t), float(ans["baseline"]))
        for s in design["structures"]:
            if item not in s["items"]:
                continue
            blocks = list(s["blocks"])
            block_of = {c: blocks.index(b) for b, m in s["blocks"].items() for c in m}
            own_block = np.array(
                [blocks.index(override[sg]) if sg in override else block_of.get(c, -1) for c, sg in zip(own_code, subgroup)]
            )
            latent += signal * _ties(s, codes, own_block, own)
        for eff in design.get("size_effects", []):
            hit_t = np.array([codebook.group(c).organiser == eff["target_organiser"] for c in codes])
            latent += signal * eff["shift"] * np.outer(size_class == eff["size_class"], hit_t)
        cell = rng.normal(0.0, ans["cell_sd"], size=(n_t, n_t))
        latent += cell[own] + resp_effect + rng.normal(0.0, ans["noise_sd"], size=(n_resp, n_t))
        x = np.clip(np.rint(latent), scale.min, scale.max)
        u = rng.random((n_resp, n_t))
        x[u < ans["cant_say"]] = scale.missing[0] if scale.missing else np.nan
        x[(u >= ans["cant_say"]) & (u < ans["cant_say"] + ans["skipped"])] = np.nan
        x[np.arange(n_resp), own] = np.nan  # nobody rates their own group
        answers[item] = pd.array(x.ravel(), dtype="Float64").astype("Int64")
    for s in design["structures"]:
        truth[s["name"]] = MappingProxyType({c: b for b, m in s["blocks"].items() for c in m})

    width = len(str(n_resp))
    ids = np.array([f"R{i:0{width}d}" for i in range(1, n_resp + 1)])
    data = pd.DataFrame(
        {
            "respondent_id": np.repeat(ids, n_t),
            "municipality": np.repeat(orgs["municipality"].to_numpy()[org], n_t),
            "size_class": np.repeat(size_class, n_t),
            "own_group": np.repeat(own_code, n_t),
            "subgroup": np.repeat(subgroup, n_t),
            "target_group": np.tile(codes, n_resp),
            **answers,
        }
    )
    if from_codebook:
        data = data.drop(columns="size_class")  # the codebook gives it
    parameters = {
        "seed": seed,
        "respondents": n_resp,
        "invited": n_inv,
        "organisations": organisations,
        "large": large,
        "signal": signal,
    }
    return SyntheticSurvey(
        data=data,
        invitations=orgs[["municipality", "size_class", "invited", "answered"]],
        truth=MappingProxyType(truth),
        parameters=MappingProxyType(parameters),
    )
