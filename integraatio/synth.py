"""A synthetic survey with the Kuntaliitto study's design.

The real microdata are not public. :func:`generate` draws a survey of the same shape from
a planted design (``survey_data/design.toml``), so that every method can be checked against
a known truth: the clusters, the bridging groups, the subgroup that leans elsewhere and the
size-class effect. The design lives in data, not here.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from .codebook import ITEMS, Codebook, load_codebook
from .exceptions import CodebookError, InputFileError, InsufficientDataError, UsageError
from .matrix import code_positions

__all__ = ["SyntheticSurvey", "generate", "generate_waves", "load_design", "selective_response"]


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
        ``"frequency"``): ``truth["composite"][code]`` names the block of group ``code``.
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
    parameters = {"seed": seed, "organisations": organisations, "large": large, "signal": signal}
    return _survey(codebook, design, respondents=respondents, invited=invited, rng=np.random.default_rng(seed),
                   parameters=parameters)


def _survey(codebook: Codebook, design: dict, *, respondents: int | None, invited: int | None, rng: np.random.Generator,
            parameters: dict, cells: np.ndarray | None = None, shift: np.ndarray | None = None) -> SyntheticSurvey:
    """:func:`generate`'s survey from one generator; ``cells`` (items x G x G) fixes the
    cell effects instead of drawing them, ``shift`` (G x G) adds a planted change."""
    pop = design["population"]
    n_resp = respondents if respondents is not None else pop["respondents"]
    n_inv = invited if invited is not None else pop["invited"]
    if not 0 < n_resp <= n_inv:
        raise UsageError(f"Need 0 < respondents <= invited; got respondents={n_resp}, invited={n_inv}.")
    organisations, large, signal = parameters["organisations"], parameters["large"], parameters["signal"]
    orgs, from_codebook = _organisations(codebook, organisations, large)
    orgs, org = _invite(orgs, pop, n_inv=n_inv, n_resp=n_resp, rng=rng)
    org, own, own_code = _own_groups(codebook.codes, pop, org, rng)
    subgroup, override = _subgroups(design, own_code, rng)
    size_class = orgs["size_class"].to_numpy()[org]
    answers = _answers(
        design, codebook, own=own, own_code=own_code, subgroup=subgroup, override=override,
        size_class=size_class, signal=signal, rng=rng, cells=cells, shift=shift,
    )
    data = _long_table(codebook.codes, orgs["municipality"].to_numpy()[org], size_class, own_code, subgroup, answers)
    if from_codebook:
        data = data.drop(columns="size_class")  # the codebook gives it
    truth = {s["name"]: MappingProxyType({c: b for b, m in s["blocks"].items() for c in m}) for s in design["structures"]}
    parameters = {"seed": parameters["seed"], "respondents": n_resp, "invited": n_inv, **parameters}
    return SyntheticSurvey(
        data=data,
        invitations=orgs[["municipality", "size_class", "invited", "answered"]],
        truth=MappingProxyType(truth),
        parameters=MappingProxyType(parameters),
    )


def _long_table(
    codes: list[str], municipality: np.ndarray, size_class: np.ndarray, own_code: np.ndarray, subgroup: np.ndarray,
    answers: Mapping[str, pd.api.extensions.ExtensionArray],
) -> pd.DataFrame:
    """The canonical long table: one row per respondent x target, respondents numbered R1 ... in order."""
    n_resp, n_t = len(own_code), len(codes)
    width = len(str(n_resp))
    ids = np.array([f"R{i:0{width}d}" for i in range(1, n_resp + 1)])
    return pd.DataFrame(
        {
            "respondent_id": np.repeat(ids, n_t),
            "municipality": np.repeat(municipality, n_t),
            "size_class": np.repeat(size_class, n_t),
            "own_group": np.repeat(own_code, n_t),
            "subgroup": np.repeat(subgroup, n_t),
            "target_group": np.tile(codes, n_resp),
            **answers,
        }
    )


def _invite(
    orgs: pd.DataFrame, pop: dict, *, n_inv: int, n_resp: int, rng: np.random.Generator
) -> tuple[pd.DataFrame, np.ndarray]:
    """Invited per organisation by size-class weight, and each respondent's organisation
    (sorted) drawn from the invited; ``orgs`` with ``invited`` and ``answered``."""
    w = orgs["size_class"].map(pop["organisation_weights"]).fillna(1.0).to_numpy(float)
    invited = rng.multinomial(n_inv, w / w.sum())
    pool = np.repeat(np.arange(len(orgs)), invited)
    org = np.sort(rng.choice(pool, size=n_resp, replace=False))
    return orgs.assign(invited=invited, answered=np.bincount(org, minlength=len(orgs))), org


def _own_groups(
    codes: list[str], pop: dict, org: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Own groups: the minimum for every responding group, the rest by weight. Returns the
    respondents' organisations, group indices and group codes in tidy order
    (organisation, then group)."""
    gw = pop["group_weights"]
    resp_codes = [c for c in codes if c in gw]
    p = np.array([gw[c] for c in resp_codes], float)
    floor = min(pop.get("min_per_group", 0), len(org) // len(resp_codes))
    counts = floor + rng.multinomial(len(org) - floor * len(resp_codes), p / p.sum())
    own_code = rng.permutation(np.repeat(resp_codes, counts))
    own = np.array([codes.index(c) for c in own_code])
    order = np.lexsort((own, org))
    return org[order], own[order], own_code[order]


def _subgroups(design: dict, own_code: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, dict[str, str]]:
    """Each respondent's subgroup ("" for none), drawn by the design's shares, and the
    block each subgroup leans to instead of its group's."""
    subgroup = np.full(len(own_code), "", dtype=object)
    override = {}
    for sg in design.get("subgroups", []):
        members = (own_code == sg["group"]) & (rng.random(len(own_code)) < sg["share"])
        subgroup[members] = sg["name"]
        override[sg["name"]] = sg["block"]
    return subgroup, override


def _answers(
    design: dict,
    codebook: Codebook,
    *,
    own: np.ndarray,
    own_code: np.ndarray,
    subgroup: np.ndarray,
    override: Mapping[str, str],
    size_class: np.ndarray,
    signal: float,
    rng: np.random.Generator,
    cells: np.ndarray | None = None,
    shift: np.ndarray | None = None,
) -> dict[str, pd.api.extensions.ExtensionArray]:
    """Every respondent's answers to every target, per item (``respondents * targets``, row-major);
    the cell effects ``cells[item]`` when given, else drawn, and a planted ``shift`` per cell."""
    ans, codes, scale = design["answers"], codebook.codes, codebook.scale
    n_resp, n_t = len(own), len(codes)
    resp_effect = rng.normal(0.0, ans["respondent_sd"], size=n_resp)[:, None]
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
        cell = rng.normal(0.0, ans["cell_sd"], size=(n_t, n_t)) if cells is None else cells[ITEMS.index(item)]
        if shift is not None:
            cell = cell + signal * shift
        latent += cell[own] + resp_effect + rng.normal(0.0, ans["noise_sd"], size=(n_resp, n_t))
        x = np.clip(np.rint(latent), scale.min, scale.max)
        u = rng.random((n_resp, n_t))
        x[u < ans["cant_say"]] = scale.missing[0] if scale.missing else np.nan
        x[(u >= ans["cant_say"]) & (u < ans["cant_say"] + ans["skipped"])] = np.nan
        x[np.arange(n_resp), own] = np.nan  # nobody rates their own group
        answers[item] = pd.array(x.ravel(), dtype="Float64").astype("Int64")
    return answers


def _moved_design(design: dict, move: Mapping[str, str]) -> dict:
    """The design with each group of ``move`` in the named block of every structure that has one."""
    structures = []
    for s in design["structures"]:
        blocks = {b: [c for c in m if not (c in move and move[c] in s["blocks"])] for b, m in s["blocks"].items()}
        for code, block in move.items():
            if block in blocks:
                blocks[block].append(code)
        structures.append({**s, "blocks": blocks})
    return {**design, "structures": structures}


def _planted_change(design: dict, codebook: Codebook, change: Mapping[str, Any]) -> tuple[dict, np.ndarray, list]:
    """The second wave's design, its cell shifts (G x G) and every cell whose expected answer changes."""
    codes = codebook.codes
    move = dict(change.get("move", {}))
    unknown = sorted({*move, *(c for cell in change.get("cells", []) for c in (cell["own"], cell["target"]))} - set(codes))
    blocks = {b for s in design["structures"] for b in s["blocks"]}
    if unknown or not set(move.values()) <= blocks:
        raise CodebookError(f"The second wave's change names groups {unknown} or blocks "
                            f"{sorted(set(move.values()) - blocks)} that the codebook and design do not have.")
    shift = np.zeros((len(codes), len(codes)))
    for cell in change.get("cells", []):
        shift[codes.index(cell["own"]), codes.index(cell["target"])] += float(cell["shift"])
    moved = _moved_design(design, move)
    every = np.arange(len(codes))
    changed = shift != 0
    for before, after in zip(design["structures"], moved["structures"]):
        of = [{c: i for i, m in enumerate(s["blocks"].values()) for c in m} for s in (before, after)]
        ties = [_ties(s, codes, np.array([o.get(c, -1) for c in codes]), every) for s, o in zip((before, after), of)]
        changed |= ties[0] != ties[1]
    np.fill_diagonal(changed, False)
    return moved, shift, [(codes[i], codes[j]) for i, j in zip(*np.nonzero(changed))]


def generate_waves(
    codebook: Codebook | None = None,
    design: dict | None = None,
    *,
    change: Mapping[str, Any] | None = None,
    respondents: int | None = None,
    seed: int,
) -> tuple[SyntheticSurvey, SyntheticSurvey]:
    """Two survey waves from one population, the second with a planted change.

    Parameters
    ----------
    codebook, design
        As in :func:`generate`.
    change : Mapping, optional
        What changes in the second wave: ``cells`` (a list of ``{own, target, shift}``:
        ``shift`` latent answer points added to every item of the cell), ``move``
        (``{code: block}``: the group moves to that block in every structure that has it)
        and ``respondents`` (the second wave's number answering). Default: the design's
        ``[second_wave]`` table; ``{}`` draws two waves of the same population.
    respondents : int, optional
        The first wave's number answering (default: the design's).
    seed : int
        One seed for both waves: the population's cell effects and each wave's sample
        come from its child seeds (``SeedSequence(seed).spawn(3)``).

    Returns
    -------
    (SyntheticSurvey, SyntheticSurvey)
        The base wave, then the second; the second's respondent ids start with ``W2-``
        (other people), its ``truth`` has the moved blocks and its ``parameters`` the
        ``change`` with ``changed_cells``: every (own, target) cell whose expected
        answers differ between the waves (planted shifts, and the moved group's ties).

    Notes
    -----
    Both waves share everything :func:`generate` draws once per survey and not per
    respondent (the cell effects), so that without a change they are two samples of one
    population. The respondents, their organisations and groups are drawn anew.

    Examples
    --------
    >>> base, new = generate_waves(respondents=80, change={"respondents": 70}, seed=1)
    >>> base.data["respondent_id"].nunique(), new.data["respondent_id"].nunique()
    (80, 70)
    """
    codebook = codebook or load_codebook()
    design = design or load_design(codebook=codebook)
    change = dict(design.get("second_wave", {}) if change is None else change)
    population, first, second = (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(3))
    g, sd = len(codebook.codes), design["answers"]["cell_sd"]
    cells = np.stack([population.normal(0.0, sd, size=(g, g)) for _ in ITEMS])
    moved, shift, changed = _planted_change(design, codebook, change)
    common = {"seed": seed, "organisations": None, "large": None, "signal": 1.0}
    base = _survey(codebook, design, respondents=respondents, invited=None, rng=first, parameters=common, cells=cells)
    new = _survey(codebook, moved, respondents=change.get("respondents", respondents), invited=None, rng=second,
                  parameters={**common, "change": {**change, "changed_cells": changed}}, cells=cells, shift=shift)
    return base, replace(new, data=new.data.assign(respondent_id="W2-" + new.data["respondent_id"]))


# --------------------------------------------------------------------------- fitted surveys
# A second generator for planning the next survey (integraatio.planning): instead of a planted
# design it draws from what a pilot or an earlier survey shows (`fit_survey`), at any
# number of respondents per group (`generate_fitted`). The generator above is unchanged.


@dataclass(frozen=True)
class SurveyFit:
    """What simulating a survey like a pilot needs, estimated from the pilot (:func:`fit_survey`).

    Answers are modelled on the answer scale, item by item, as
    ``cell mean + organisation effect + respondent effect + noise``, rounded and clipped
    to the scale, with the pilot's share of missing answers.

    Attributes
    ----------
    codes : tuple of str
        Every group code (the targets), in codebook order.
    responding : tuple of str
        The groups with respondents in the pilot (the own groups of a simulated survey).
    means : numpy.ndarray
        ``(G, G, 3)`` cell means of the three items (own group x target group x item),
        shrunk towards the item's mean in small cells; NaN on the diagonal.
    noise_sd : numpy.ndarray
        ``(G, G, 3)`` SD of the answer-to-answer noise of each cell and item (the cell's
        SD less the respondent and organisation effects, shrunk towards the pooled SD).
    noise_corr : numpy.ndarray
        ``(3, 3)`` correlation of the three items' noise within a rating.
    respondent_cov : numpy.ndarray
        ``(3, 3)`` covariance of the respondent effects (how high a respondent answers
        overall, per item).
    organisation_sd : numpy.ndarray
        ``(3,)`` SD of the organisation effects.
    missing : numpy.ndarray
        ``(3,)`` share of ratings whose item is missing ("can't say" or empty).
    organisations : pandas.DataFrame
        ``municipality``, ``size_class`` and ``respondents`` of the pilot's organisations.
    respondents : pandas.Series
        Respondents per responding group in the pilot.
    scale : Scale
        The codebook's answer scale.
    """

    codes: tuple[str, ...]
    responding: tuple[str, ...]
    means: np.ndarray
    noise_sd: np.ndarray
    noise_corr: np.ndarray
    respondent_cov: np.ndarray
    organisation_sd: np.ndarray
    missing: np.ndarray
    organisations: pd.DataFrame
    respondents: pd.Series
    scale: Any


def _psd(cov: np.ndarray) -> np.ndarray:
    """The nearest positive semi-definite matrix (negative eigenvalues set to 0)."""
    w, v = np.linalg.eigh((cov + cov.T) / 2)
    return (v * np.maximum(w, 0.0)) @ v.T


def fit_survey(data: pd.DataFrame, /, *, codebook: Codebook, shrinkage: float = 2.0) -> SurveyFit:
    """Estimate what :func:`generate_fitted` needs from a pilot or earlier survey.

    Parameters
    ----------
    data : pandas.DataFrame
        The canonical long table as read (:attr:`integraatio.survey.Survey.data`): items on
        the codebook scale, missing answers empty.
    codebook : Codebook
        The group order and the organisations' size classes (when ``data`` has no
        ``size_class`` column).
    shrinkage : float, default 2
        Prior weight, in ratings, of the item's overall mean and SD in each cell's mean
        and SD: a cell with 2 ratings is half its own mean and half the item's.

    Returns
    -------
    SurveyFit

    Raises
    ------
    InsufficientDataError
        Fewer than two respondents with answers, or a group code the codebook lacks.

    Notes
    -----
    With :math:`x_{rti}` respondent :math:`r`'s answer on item :math:`i` about target
    :math:`t`, :math:`\\hat\\mu_{gti}` the (shrunk) mean of cell :math:`(g, t)` and the
    residual :math:`e_{rti} = x_{rti} - \\hat\\mu_{g(r)ti}`: the respondent effect is
    estimated by moments from the respondents' mean residuals :math:`\\bar e_{ri}`,
    :math:`\\widehat{\\mathrm{Cov}}(u) = \\mathrm{Cov}(\\bar e_r) - \\overline{\\Sigma_w / k_r}`
    (:math:`\\Sigma_w` the within-respondent covariance, :math:`k_r` ratings), made
    positive semi-definite; the organisation effect likewise from the organisations'
    mean respondent effects. The noise SD of a cell is
    :math:`\\sqrt{\\max(s^2_{gti} - \\sigma^2_{u,i} - \\sigma^2_{m,i},\\ s^2_{w,i}/4)}` with
    the cell SD :math:`s_{gti}` shrunk towards the item's.

    Examples
    --------
    >>> from integraatio.datasets import load_example
    >>> from integraatio.codebook import load_codebook
    >>> fit = fit_survey(load_example(), codebook=load_codebook())
    >>> fit.means.shape, len(fit.responding), int(fit.respondents.sum())
    ((21, 21, 3), 18, 268)
    """
    ratings = survey_ratings(data, codebook=codebook)
    answers = _answer_model(ratings, len(codebook.codes), shrinkage)
    organisations, respondents = _pilot_respondents(data.iloc[ratings.rows], codebook)
    responding = tuple(c for c in codebook.codes if c in respondents.index)
    return SurveyFit(
        codes=tuple(codebook.codes),
        responding=responding,
        organisations=organisations,
        respondents=respondents.reindex(list(responding)).rename("respondents"),
        scale=codebook.scale,
        **answers,
    )


@dataclass(frozen=True)
class Ratings:
    """A survey's ratings of other groups as arrays: what :func:`fit_survey` estimates from.

    Attributes
    ----------
    x : numpy.ndarray
        ``(m, 3)`` answers to the three items, missing codes and empty cells NaN.
    own, target : numpy.ndarray
        ``(m,)`` each rating's own and target group (index into the codebook's codes).
    respondent : numpy.ndarray
        ``(m,)`` each rating's respondent, numbered 0, 1, ... in order of first appearance.
    organisation : numpy.ndarray
        ``(m,)`` each rating's municipality.
    rows : numpy.ndarray
        ``(m,)`` each rating's row in the table (its position).
    """

    x: np.ndarray
    own: np.ndarray
    target: np.ndarray
    respondent: np.ndarray
    organisation: np.ndarray
    rows: np.ndarray

    def take(self, at: np.ndarray, /, *, respondent: np.ndarray | None = None) -> Ratings:
        """The ratings at positions ``at``, in that order; ``respondent``: each one's
        respondent (default: as they were; a bootstrap draw gives each drawn respondent
        a number of its own), numbered anew in order of first appearance.

        Examples
        --------
        >>> r = Ratings(np.ones((3, 3)), np.zeros(3, int), np.array([1, 2, 1]), np.array([0, 0, 1]),
        ...             np.array(["a", "a", "b"]), np.array([1, 2, 4]))
        >>> r.take(np.array([2, 0, 1])).respondent.tolist(), r.take(np.array([2, 2]), respondent=np.array([7, 3])).respondent.tolist()
        ([0, 1, 1], [0, 1])
        """
        who = self.respondent[at] if respondent is None else respondent
        return Ratings(self.x[at], self.own[at], self.target[at], pd.factorize(who)[0], self.organisation[at],
                       self.rows[at])


def survey_ratings(data: pd.DataFrame, /, *, codebook: Codebook) -> Ratings:
    """The ratings of other groups in a canonical long table, as arrays (self-ratings left out).

    Raises
    ------
    InsufficientDataError
        A group code the codebook lacks.

    Examples
    --------
    >>> from integraatio.datasets import load_example
    >>> r = survey_ratings(load_example(), codebook=load_codebook())
    >>> r.x.shape, int(r.respondent.max()) + 1
    ((5360, 3), 268)
    """
    own, target = code_positions(data["own_group"], codebook.codes), code_positions(data["target_group"], codebook.codes)
    if (own < 0).any() or (target < 0).any():
        raise InsufficientDataError("The survey names group codes the codebook does not list; read it with read_survey first.")
    rated = np.flatnonzero(own != target)
    x = np.column_stack([pd.to_numeric(data[item], errors="coerce").to_numpy(float) for item in ITEMS])[rated]
    for m in codebook.scale.missing:
        x[x == m] = np.nan
    respondent, _ = pd.factorize(data["respondent_id"].to_numpy()[rated])
    return Ratings(x, own[rated], target[rated], respondent, data["municipality"].to_numpy()[rated], rated)


def fit_ratings(ratings: Ratings, /, *, design: SurveyFit, shrinkage: float = 2.0) -> SurveyFit:
    """:func:`fit_survey` of ``ratings`` (:func:`survey_ratings`, or ratings taken from them),
    with the design of ``design``: its groups, organisations and respondents per group.

    A pilot's bootstrap resample is fitted so: its answers, the pilot's design.

    Examples
    --------
    >>> from integraatio.datasets import load_example
    >>> data, cb = load_example(), load_codebook()
    >>> fit, ratings = fit_survey(data, codebook=cb), survey_ratings(data, codebook=cb)
    >>> bool((fit_ratings(ratings, design=fit).noise_sd == fit.noise_sd).all())
    True
    """
    return replace(design, **_answer_model(ratings, len(design.codes), shrinkage))


def _answer_model(ratings: Ratings, g: int, shrinkage: float) -> dict[str, np.ndarray]:
    """The fields of :class:`SurveyFit` that describe the answers (see :func:`fit_survey`'s notes)."""
    if shrinkage < 0:
        raise UsageError(f"`shrinkage` must be >= 0; got {shrinkage!r}.")
    x, resp = ratings.x, ratings.respondent
    if resp.max(initial=-1) < 1 or np.isnan(x).all():
        raise InsufficientDataError("Fitting a survey needs at least two respondents with answers.")
    present = ~np.isnan(x)
    cell = ratings.own * g + ratings.target
    means, sds = _cell_moments(x, present, cell, g * g, shrinkage)
    resid = x - means[cell]
    mean_r, keep, w_cov, r_cov = _respondent_effects(resid, present, resp)
    org_sd = _organisation_sd(ratings.organisation, resp, mean_r, keep)
    noise_var = sds.reshape(g, g, 3) ** 2 - np.diag(r_cov) - org_sd**2
    noise_sd = np.sqrt(np.maximum(noise_var, np.diag(w_cov) / 4))
    d = np.sqrt(np.diag(w_cov))
    means = means.reshape(g, g, 3)
    idx = np.arange(g)
    means[idx, idx] = np.nan
    return {
        "means": means,
        "noise_sd": noise_sd,
        "noise_corr": np.clip(w_cov / np.outer(d, d), -1, 1),
        "respondent_cov": r_cov,
        "organisation_sd": org_sd,
        "missing": 1.0 - present.mean(axis=0),
    }


def _cell_moments(
    x: np.ndarray, present: np.ndarray, cell: np.ndarray, cells: int, shrinkage: float
) -> tuple[np.ndarray, np.ndarray]:
    """``(cells, 3)`` means and SDs of every cell's ratings, each shrunk towards the item's
    overall mean (pooled SD) with weight ``shrinkage``."""
    grand = np.nanmean(x, axis=0)
    means = np.empty((cells, 3))
    sds = np.empty((cells, 3))
    counts = np.empty((cells, 3))
    for i in range(3):
        ok = present[:, i]
        n = np.bincount(cell[ok], minlength=cells).astype(float)
        s = np.bincount(cell[ok], weights=x[ok, i], minlength=cells)
        means[:, i] = (s + shrinkage * grand[i]) / (n + shrinkage)
        counts[:, i] = n
    resid = x - means[cell]
    pooled = np.nanvar(resid, axis=0, ddof=1)
    for i in range(3):
        ok = present[:, i]
        ss = np.bincount(cell[ok], weights=resid[ok, i] ** 2, minlength=cells)
        sds[:, i] = np.sqrt((ss + shrinkage * pooled[i]) / (np.maximum(counts[:, i] - 1, 0) + shrinkage))
    return means, sds


def _respondent_effects(
    resid: np.ndarray, present: np.ndarray, resp: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Respondents' mean residuals, which have at least two of every item, the
    within-respondent noise covariance and the respondent effects' covariance."""
    # By moments: the covariance of respondents' mean residuals less the part the
    # within-respondent noise adds to a mean of k ratings.
    n = resp.max() + 1
    n_r = np.stack([np.bincount(resp[present[:, i]], minlength=n) for i in range(3)], axis=1)
    sum_r = np.stack([np.bincount(resp[present[:, i]], weights=resid[present[:, i], i], minlength=n)
                      for i in range(3)], axis=1)
    keep = (n_r >= 2).all(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_r = sum_r / n_r
    within = resid - mean_r[resp]
    both = present.all(axis=1) & keep[resp]
    k = n_r[keep].mean(axis=0)
    w_cov = np.cov(within[both].T) * (k.mean() / max(k.mean() - 1, 1))
    r_cov = _psd(np.cov(mean_r[keep].T) - w_cov * np.mean(1.0 / n_r[keep].min(axis=1)))
    return mean_r, keep, w_cov, r_cov


def _organisation_sd(municipality: np.ndarray, resp: np.ndarray, mean_r: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """``(3,)`` SD of the organisation effects, by moments from the respondents' mean
    residuals as the respondent effects are (0 with fewer than two organisations)."""
    org_of = pd.Series(municipality).groupby(resp).first()
    org_sd = np.zeros(3)
    orgs, org_index = np.unique(org_of.to_numpy(str), return_inverse=True)
    if len(orgs) >= 2:
        m = mean_r[keep]
        o = org_index[keep]
        sizes = np.bincount(o, minlength=len(orgs))
        org_means = np.stack([np.bincount(o, weights=m[:, i], minlength=len(orgs)) for i in range(3)], axis=1)
        used = sizes > 0
        org_means = org_means[used] / sizes[used, None]
        between = org_means.var(axis=0, ddof=1) if used.sum() >= 2 else np.zeros(3)
        org_sd = np.sqrt(np.maximum(between - m.var(axis=0, ddof=1) * np.mean(1.0 / sizes[used]), 0.0))
    return org_sd


def _pilot_respondents(rated: pd.DataFrame, codebook: Codebook) -> tuple[pd.DataFrame, pd.Series]:
    """The pilot's organisations (``municipality``, ``size_class``, ``respondents``) and its
    respondents per own group, from its rating rows."""
    frame = rated.drop_duplicates("respondent_id")
    if "size_class" in frame:
        size_class = frame["size_class"].astype(str)
    else:
        size_class = frame["municipality"].map(codebook.municipalities).fillna("").astype(str)
    organisations = (
        pd.DataFrame({"municipality": frame["municipality"].astype(str).to_numpy(), "size_class": size_class.to_numpy()})
        .groupby(["municipality", "size_class"], sort=True).size().rename("respondents").reset_index()
    )
    return organisations, frame["own_group"].astype(str).value_counts()


def planned_organisations(fit: SurveyFit, organisations: int | None) -> pd.DataFrame:
    """``municipality``, ``size_class`` and relative ``weight`` of the planned organisations.

    None: the pilot's, weighted by their respondents. A number: ``Organisation 01`` ...,
    the size classes in the pilot's proportions (largest remainder) and each weighted by
    the mean respondents per organisation of its class in the pilot.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> from integraatio.datasets import load_example
    >>> from integraatio.codebook import load_codebook
    >>> fit = fit_survey(load_example(), codebook=load_codebook())
    >>> planned_organisations(fit, 40)["size_class"].value_counts().to_dict()
    {'other': 30, 'large': 10}
    """
    pilot = fit.organisations
    if organisations is None:
        return pilot.assign(weight=pilot["respondents"].astype(float))[["municipality", "size_class", "weight"]]
    if isinstance(organisations, bool) or not isinstance(organisations, (int, np.integer)) or organisations < 1:
        raise UsageError(f"`organisations` must be a positive integer or None (the pilot's); got {organisations!r}.")
    per_class = pilot.groupby("size_class", sort=True)["respondents"].agg(["size", "mean"])
    quota = per_class["size"] / per_class["size"].sum() * organisations
    counts = np.floor(quota).astype(int)
    left = organisations - counts.sum()
    order = np.argsort(-(quota - counts).to_numpy(), kind="stable")
    counts.iloc[order[:left]] += 1
    classes = np.repeat(per_class.index.to_numpy(), counts.to_numpy())
    weights = np.repeat(per_class["mean"].to_numpy(float), counts.to_numpy())
    width = len(str(organisations))
    names = [f"Organisation {i:0{max(width, 2)}d}" for i in range(1, organisations + 1)]
    return pd.DataFrame({"municipality": names, "size_class": classes, "weight": weights})


@dataclass(frozen=True)
class FittedAnswers:
    """One survey drawn by :func:`draw_fitted`, as arrays (what :func:`generate_fitted` tabulates).

    Attributes
    ----------
    codes : tuple of str
        Every group code (the targets), in codebook order.
    organisations : pandas.DataFrame
        The planned organisations (:func:`planned_organisations`).
    org, own : numpy.ndarray
        ``(n,)`` each respondent's organisation (row of ``organisations``) and own group
        (index into ``codes``).
    answers : numpy.ndarray
        ``(n, G, 3)`` float answers to the three items (NaN: missing), respondent x target x item.
    """

    codes: tuple[str, ...]
    organisations: pd.DataFrame
    org: np.ndarray
    own: np.ndarray
    answers: np.ndarray

    def table(self) -> pd.DataFrame:
        """The canonical long table, as :func:`generate_fitted` returns it."""
        n, g = self.answers.shape[:2]
        codes = np.asarray(self.codes, dtype=object)
        width = len(str(n))
        ids = np.array([f"R{i:0{width}d}" for i in range(1, n + 1)])
        names, classes = self.organisations["municipality"].to_numpy(), self.organisations["size_class"].to_numpy()
        return pd.DataFrame(
            {
                "row": np.arange(2, n * g + 2),  # as read_survey numbers rows (header = 1)
                "respondent_id": np.repeat(ids, g),
                "municipality": np.repeat(names[self.org], g),
                "size_class": np.repeat(classes[self.org], g),
                "own_group": np.repeat(codes[self.own], g),
                "subgroup": "",
                "target_group": np.tile(codes, n),
                **{item: pd.array(self.answers[:, :, i].ravel(), dtype="Float64").astype("Int64")
                   for i, item in enumerate(ITEMS)},
            }
        )


def draw_fitted(
    fit: SurveyFit,
    /,
    *,
    respondents: int,
    organisations: int | pd.DataFrame | None = None,
    seed: int | np.random.SeedSequence,
) -> FittedAnswers:
    """The answers of :func:`generate_fitted` as arrays, without building the table.

    :func:`integraatio.planning.plan` draws hundreds of surveys and aggregates them as
    arrays; the table's text columns would cost more than the draw. Parameters as
    :func:`generate_fitted`, but ``organisations`` may also be the table
    :func:`planned_organisations` gives, made once for many surveys (making it costs
    more than drawing a small survey). The same seed gives the same answers.

    Examples
    --------
    >>> from integraatio.datasets import load_example
    >>> from integraatio.codebook import load_codebook
    >>> fit = fit_survey(load_example(), codebook=load_codebook())
    >>> draw_fitted(fit, respondents=10, seed=1).answers.shape
    (180, 21, 3)
    """
    if isinstance(respondents, bool) or not isinstance(respondents, (int, np.integer)) or respondents < 1:
        raise UsageError(f"`respondents` must be a positive integer; got {respondents!r}.")
    rng = np.random.default_rng(seed)
    orgs = organisations if isinstance(organisations, pd.DataFrame) else planned_organisations(fit, organisations)
    codes = list(fit.codes)
    g = len(codes)
    own = np.repeat([codes.index(c) for c in fit.responding], respondents)
    n = len(own)
    org = rng.choice(len(orgs), size=n, p=orgs["weight"].to_numpy() / orgs["weight"].sum())
    u = rng.multivariate_normal(np.zeros(3), fit.respondent_cov, size=n, method="eigh")
    m = rng.normal(0.0, 1.0, size=(len(orgs), 3)) * fit.organisation_sd
    chol = np.linalg.cholesky(fit.noise_corr + 1e-9 * np.eye(3))
    z = rng.standard_normal((n, g, 3)) @ chol.T
    latent = fit.means[own] + (u + m[org])[:, None, :] + z * fit.noise_sd[own]
    x = np.clip(np.rint(latent), fit.scale.min, fit.scale.max)
    x[rng.random((n, g, 3)) < fit.missing] = np.nan
    x[np.arange(n), own] = np.nan  # nobody rates their own group
    return FittedAnswers(codes=tuple(codes), organisations=orgs, org=org, own=own, answers=x)


def generate_fitted(
    fit: SurveyFit,
    /,
    *,
    respondents: int,
    organisations: int | None = None,
    seed: int | np.random.SeedSequence,
) -> pd.DataFrame:
    """Draw a survey like the pilot with ``respondents`` per responding group.

    Parameters
    ----------
    fit : SurveyFit
        From :func:`fit_survey`.
    respondents : int
        Respondents in every group that responded in the pilot.
    organisations : int, optional
        Number of organisations; default the pilot's. See :func:`fit_survey` for how a
        number keeps the pilot's mix of size classes.
    seed : int or numpy.random.SeedSequence
        Seed of the one random generator used. Same seed, same survey.

    Returns
    -------
    pandas.DataFrame
        The canonical long table as :func:`integraatio.survey.read_survey` gives it (with
        ``row``, and a ``size_class`` column); items ``Int64`` with missing answers
        empty; nobody rates their own group.

    Examples
    --------
    >>> from integraatio.datasets import load_example
    >>> from integraatio.codebook import load_codebook
    >>> fit = fit_survey(load_example(), codebook=load_codebook())
    >>> d = generate_fitted(fit, respondents=10, seed=1)
    >>> d["respondent_id"].nunique(), int(d.groupby("own_group")["respondent_id"].nunique().min())
    (180, 10)
    """
    return draw_fitted(fit, respondents=respondents, organisations=organisations, seed=seed).table()


def selective_response(
    codebook: Codebook,
    /,
    *,
    population: Mapping[str, int],
    respondents: Mapping[str, int],
    lean: Mapping[str, float],
    seed: int,
) -> tuple[pd.DataFrame, np.ndarray]:
    """A survey whose organisations answered at different rates and need differently.

    Every responding group of each organisation has ``population[org]`` task holders and
    ``respondents[org]`` of them answer (the rest did not); each rates every other group's
    need on 1..5, with a cell distribution shared by all organisations and tilted by
    ``lean[org]`` (positive: higher). The population truth of a cell is the mean over all
    task holders, answering or not: what non-response weights should recover.

    Returns
    -------
    (pandas.DataFrame, numpy.ndarray)
        The long table as :func:`integraatio.survey.read_survey` gives it (``need`` only,
        ``frequency`` and ``reciprocity`` equal to it) with ``municipality`` the
        organisation, and ``(G, G)`` population cell means of ``need`` (NaN on the
        diagonal and for groups that do not answer).

    Examples
    --------
    >>> from integraatio.codebook import load_codebook
    >>> data, truth = selective_response(load_codebook(), population={"A": 30, "B": 10},
    ...                                  respondents={"A": 3, "B": 6}, lean={"A": -0.5, "B": 0.5}, seed=1)
    >>> data.groupby("municipality")["respondent_id"].nunique().to_dict()["B"] // 18
    6
    """
    rng = np.random.default_rng(seed)
    codes, answering = codebook.codes, [codebook.codes.index(c) for c in codebook.responding_codes]
    g = len(codes)
    base = rng.uniform(0.3, 3.0, size=(g, g, 5))
    block = np.arange(g) % 3  # some structure, so that the layout converges quickly
    base[block[:, None] == block[None, :]] *= [0.3, 0.5, 1.0, 2.0, 3.0]
    scale = np.arange(1, 6)
    total = np.zeros((g, g))
    rows = []
    for org in population:
        p = base * np.exp(lean[org] * (scale - 3))
        p /= p.sum(axis=-1, keepdims=True)
        total += population[org] * (p * scale).sum(axis=-1)
        cum = np.cumsum(p, axis=-1)
        for own in answering:
            for k in range(respondents[org]):
                target = np.array([t for t in range(g) if t != own])
                need = (rng.random(len(target))[:, None] > cum[own, target]).sum(axis=1) + 1
                rows.append(pd.DataFrame({"respondent_id": f"{org}-{codes[own]}-{k}", "municipality": org,
                                          "own_group": codes[own], "target_group": np.asarray(codes)[target],
                                          "need": need}))
    data = pd.concat(rows, ignore_index=True)
    data = data.assign(frequency=data["need"], reciprocity=data["need"]).astype({c: "Int64" for c in ITEMS})
    data.insert(0, "row", np.arange(len(data)) + 2)
    truth = np.full((g, g), np.nan)
    shown = np.ix_(answering, range(g))
    truth[shown] = (total / sum(population.values()))[shown]
    np.fill_diagonal(truth, np.nan)
    return data, truth
