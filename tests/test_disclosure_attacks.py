"""The attacks of issue 21, played on surveys built for them, reading only published files.

Each attack builds a small survey whose true answers are known, runs integraatio on it as
a user would (one run, or two runs an attacker can ask for), reads only what a run
publishes (never ``scores.csv`` or ``exclusions.csv``) and returns its estimates of single
respondents' answers beside the truth (:class:`Outcome`). The truth is the composite
worked out here, independently of the package, from the answers the survey was built with.

1. ``levels``: one run with ``--compare-by``: each level's node strength
   (``compare_<by>_clusters.csv``) minus its published ties gives the pooled companion's
   level means, hence its pooled mean, hence the small cell: one respondent's rating.
2. ``rerun_companion``: one run with a sensitivity rerun that hides the subgroup's cells;
   the rerun then needs no companion and its graph holds the full run's companion: the
   handshake identity (sum of strengths = 2 x sum of ties) on the rerun gives it.
3. ``two_reruns``: one run with two ``--exclude-subgroup`` reruns: rerun 1 + rerun 2 -
   full gives the one respondent of the group who is in neither subgroup.
4. ``weights``: weighted and unweighted runs of one file; a respondent alone in their
   stratum (weights from ``response.csv``) is the difference.
5. ``municipality``: runs with and without one municipality's rows; each cell's exact
   integer item totals (the lattice, 7) in both runs give its lone respondent's answers.
6. ``floor``: the suppressed cells' joint mean (mean 100 over all ratings) at the lowest or
   highest value the index can take: every suppressed rating is at the floor or ceiling.
7. ``lattice``: every rating is one of 125 index values, rebuilt from the manifest's item
   means and SDs and ``reliability.csv``'s alpha-if-deleted; every published cell's n x mean
   then gives the cell's exact integer item totals (item level, not index points).
8. ``extremes``: attack 4 on respondents who answered 1, 1, 1 somewhere and 5, 5, 5
   somewhere else. Noise that depends only on the set of respondents in a cell is the
   same in every cell of that set (one respondent's cells 1.k -> u): the scale's floor
   and ceiling then measure it, and taking it off leaves the ratings.

The criteria (:func:`recovered` and :func:`defeated`): an attack SUCCEEDS when every
target is within 10 index points and their median error is under 2 points (what rounding
to one decimal still allows); item level, when at least 90 % of the cells' decoded item
totals are the true integers. An attack is DEFEATED when the median absolute error over
its targets is at least 10 index points and at most 20 % of targets fall within 2 points
(a guess may land close by chance); item level, when at most 10 % of the decoded totals
are the true integers (rounding alone leaves tens of lattice points per cell in the
window, so a nearest-point guess hits a few percent).

With the defences of issue 21 (``integraatio.disclosure``: ``NOISE``, the cell-key noise
scale; ``AUDIT``, the linked-table audit; ``DECIMALS`` and ``ITEM_DECIMALS``, the published
precision) every attack must be defeated; with all of them off (:data:`DEFENCE_OFF`) every
attack must succeed, which shows each test bites. Runs use ``--weighting raw``
(each tie is its pair's mean); the default ``excess`` clips ties below 100 at zero, which
hides some ties from the strength attacks but not all (issue 21: 6 of 18 targets).
benchmarks/attacks.py plays the same attacks with many more targets.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from pathlib import Path

import layouts
import numpy as np
import pandas as pd
import pytest

import integraatio
from integraatio import disclosure
from integraatio.exceptions import IntegraatioError

MIN_N = 5  # the default --min-n
ITEMS = ("frequency", "reciprocity", "need")
CODES = [f"1.{i}" for i in range(1, 7)]  # six task groups: 1.1 ... 1.6
RUN = dict(figures=False, exports=False, report=False, weighting="raw", lang="en", seed=1)
# The switches of the defences: no noise, no audit, full precision.
DEFENCE_OFF = {"NOISE": 0.0, "AUDIT": False, "DECIMALS": 12, "ITEM_DECIMALS": 12}


@dataclass(frozen=True)
class Outcome:
    """An attack's estimates of its targets and their true values (index points, or
    integer item totals with ``items=True``)."""

    estimates: np.ndarray
    truth: np.ndarray
    items: bool = False

    def errors(self) -> np.ndarray:
        """Absolute errors; infinite where the attack gave no estimate."""
        e = np.abs(self.estimates - self.truth)
        return np.where(np.isfinite(e), e, np.inf)


def recovered(outcome: Outcome) -> bool:
    """Success: every target within 10 index points and the median within 2; item
    level, the true integer totals in at least 90 % of the cells."""
    if outcome.items:
        return exact_share(outcome) >= 0.9
    e = outcome.errors()
    return bool(len(e) and np.all(e < 10) and np.median(e) < 2)


def defeated(outcome: Outcome) -> bool:
    """Failure: median absolute error >= 10 index points and at most 20 % of targets
    within 2 points; item level, the true integer totals in at most 10 % of the cells."""
    if outcome.items:
        return exact_share(outcome) <= 0.1
    e = outcome.errors()
    return bool(len(e) and np.median(e) >= 10 and np.mean(e < 2) <= 0.2)


def exact_share(outcome: Outcome) -> float:
    """Share of targets whose every item total the attacker has right."""
    hit = np.all(outcome.estimates == outcome.truth, axis=-1)
    return float(np.mean(hit))


# ------------------------------------------------------------------------------ surveys


def answers(rng, rid, municipality, own, *, subgroup="", skip=(), fixed=None) -> list[dict]:
    """One respondent's rows of the long table: every other group rated on three correlated
    items (a latent level plus noise, rounded onto 1-5), or the answers ``fixed`` gives the
    target; targets in ``skip`` left empty, as a survey tool exports an unanswered question."""
    rows = []
    for target in CODES:
        if target == own:
            continue
        level = rng.normal(3, 1)
        values = (fixed or {}).get(target) or np.clip(np.rint(level + rng.normal(0, 0.7, 3)), 1, 5).astype(int)
        cells = ["", "", ""] if target in skip else [str(v) for v in values]
        rows.append(dict(respondent_id=rid, municipality=municipality, own_group=own, subgroup=subgroup,
                         target_group=target, **dict(zip(ITEMS, cells))))
    return rows


def write_survey(folder: Path, rows: list[dict], municipalities: dict[str, str], name="survey.csv") -> Path:
    """The long table as a CSV file and, beside it, a codebook of the six groups and these
    municipalities (name -> size class)."""
    folder.mkdir(parents=True, exist_ok=True)
    groups = "".join(f'[[groups]]\ncode = "{c}"\nfi = "Ryhmä {c}"\nen = "Group {c}"\norganiser = "municipality"\n\n'
                     for c in CODES)
    towns = "".join(f'[[municipalities]]\nname = "{m}"\nsize_class = "{s}"\n\n' for m, s in municipalities.items())
    (folder / "codebook.toml").write_text(f"[scale]\nmin = 1\nmax = 5\nmissing = [6]\n\n{groups}{towns}", encoding="utf-8")
    return layouts.write_text(pd.DataFrame(rows), folder / name)


def true_index(rows: list[dict]) -> pd.DataFrame:
    """The scored ratings with their integration need, by the contract's formula: z of
    each item over all scored ratings (ddof 1), c their mean, 100 + 40 (c - mean) / sd."""
    frame = pd.DataFrame(rows)
    frame = frame.loc[(frame[list(ITEMS)] != "").all(axis=1)].copy()
    x = frame[list(ITEMS)].astype(int)
    frame[list(ITEMS)] = x
    c = ((x - x.mean()) / x.std(ddof=1)).mean(axis=1)
    frame["need_index"] = 100 + 40 * (c - c.mean()) / c.std(ddof=1)
    return frame


def run(path: Path, out: Path, **options) -> Path | None:
    """The results folder of a run, or None when the run refuses to publish (then the
    attacker reads nothing, and each estimate of the attack is missing)."""
    try:
        return integraatio.run(path, codebook=path.parent / "codebook.toml", out=out, **(RUN | options)).path
    except IntegraatioError:
        return None


# ---------------------------------------------------------------- what an attacker reads


def read_csv(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / name, dtype={c: str for c in ("own_group", "target_group", "node", "level")})


def manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def ties(cells: pd.DataFrame) -> dict[frozenset, float]:
    """The graph's ties under raw weighting and the mean symmetrisation: each pair's weight
    is the mean of the cell means a->b and b->a that are in the graph."""
    means = cells.set_index(["own_group", "target_group"])["mean"].to_dict()
    out = {}
    for a, b in itertools.combinations(CODES, 2):
        present = [means[k] for k in ((a, b), (b, a)) if k in means and np.isfinite(means[k])]
        if present:
            out[frozenset((a, b))] = float(np.mean(present))
    return out


def sum_identity(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame, float]:
    """The composite has mean 100 over all N scored ratings: sum(n mean) over the published
    cells leaves the suppressed cells' summed index. Returns the small cells (n < min_n),
    the companions and that sum."""
    pairs = read_csv(folder, "pairs.csv")
    total = manifest(folder)["input"]["rows_scored"]
    shown = pairs.loc[~pairs["suppressed"]]
    hidden = pairs.loc[pairs["suppressed"] & (pairs["n"] > 0)]
    return hidden.loc[hidden["n"] < MIN_N], hidden.loc[hidden["n"] >= MIN_N], 100 * total - float((shown["n"] * shown["mean"]).sum())


def lattice(folder: Path) -> tuple[float, np.ndarray] | None:
    """The index as a linear map of the three items, y = a + b . x, rebuilt from the
    manifest's item means and SDs and reliability.csv's alpha-if-deleted (None when the
    published parameters do not give one).

    Alpha of two items i, j is 4 c_ij / (v_i + v_j + 2 c_ij), so the item deleted gives
    c_ij = alpha (v_i + v_j) / (4 - 2 alpha); the composite c = mean of the three z has
    variance (1/9) sum of the item correlations, and y = 100 + 40 c / sd(c).
    """
    try:
        composite = manifest(folder)["composite"]
        mean = np.array([composite["item_mean"][k] for k in ITEMS], float)
        sd = np.array([composite["item_sd"][k] for k in ITEMS], float)
        alpha = read_csv(folder, "reliability.csv").set_index("item").loc[list(ITEMS), "alpha_if_deleted"].to_numpy(float)
    except (KeyError, FileNotFoundError, TypeError):
        return None
    corr = np.eye(3)
    for k, (i, j) in zip(range(3), [(1, 2), (0, 2), (0, 1)]):
        cov = alpha[k] * (sd[i] ** 2 + sd[j] ** 2) / (4 - 2 * alpha[k])
        corr[i, j] = corr[j, i] = cov / (sd[i] * sd[j])
    if not np.all(np.isfinite(corr)) or corr.sum() <= 0:
        return None
    b = 40 / (3 * np.sqrt(corr.sum() / 9) * sd)
    return float(100 - b @ mean), b


def decode(total: float, n: int, line: tuple[float, np.ndarray] | None, tol: float = 1e-6) -> np.ndarray | None:
    """The integer item totals T (each n..5n) with n a + b . T = ``total``: the one lattice
    point within ``tol`` index points (the nearest of several), or None."""
    if line is None or not np.isfinite(total):
        return None
    a, b = line
    t1, t2 = np.meshgrid(np.arange(n, 5 * n + 1), np.arange(n, 5 * n + 1), indexing="ij")
    t3 = (total - n * a - b[0] * t1 - b[1] * t2) / b[2]
    miss = np.abs(t3 - np.rint(t3)) * b[2]
    ok = (miss < tol) & (np.rint(t3) >= n) & (np.rint(t3) <= 5 * n)
    if not ok.any():
        return None
    best = np.argmin(np.where(ok, miss, np.inf))
    return np.array([t1.flat[best], t2.flat[best], np.rint(t3.flat[best])], dtype=int)


def cell_truth(rows: list[dict], own: str, target: str) -> np.ndarray:
    index = true_index(rows)
    return index.loc[(index["own_group"] == own) & (index["target_group"] == target), "need_index"].to_numpy()


def small_cell(folder: Path, companion_mean: float) -> float:
    """The sum identity with the companion's mean found: the small cell's summed index over
    its ratings (the mean of its ratings; one rating in most surveys built here)."""
    small, companion, summed = sum_identity(folder)
    return (summed - int(companion["n"].iloc[0]) * companion_mean) / int(small["n"].iloc[0])


def attempt(estimate, size: int) -> np.ndarray:
    """The attacker's ``size`` estimates, or NaN when the published files lack what the
    attack reads (a defence may suppress or drop it): such an attack learns nothing."""
    try:
        values = np.asarray(estimate(), dtype=float).reshape(-1)
    except (KeyError, IndexError, ValueError, TypeError, FileNotFoundError):
        return np.full(size, np.nan)
    return np.broadcast_to(values, (size,)).copy() if values.size == 1 else values


# ----------------------------------------------------------------------------- attacks


def small_cell_survey(rng, municipalities: list[str], *, per_group: int, subgroup: dict[str, tuple[str, int]] | None = None):
    """``per_group`` respondents in each group, spread over ``municipalities`` in turn; the
    first of 1.1 is the only one to rate 1.2 (a one-rating cell), so the smallest
    published cell becomes its companion. ``subgroup``: group -> (name, how many of its
    first respondents are in it)."""
    rows = []
    for own in CODES:
        name, size = (subgroup or {}).get(own, ("", 0))
        for i in range(per_group):
            skip = ("1.2",) if own == "1.1" and i else ()
            rows += answers(rng, f"{own}-{i}", municipalities[i % len(municipalities)], own,
                            subgroup=name if i < size else "", skip=skip)
    return rows


def attack_levels(root: Path, seed: int) -> Outcome:
    """Attack 1: the pooled companion's level means from each level's node strengths."""
    towns = {"Iso A": "large", "Pieni A": "other", "Iso B": "large", "Pieni B": "other"}
    rows = small_cell_survey(np.random.default_rng(seed), list(towns), per_group=12)
    out = run(write_survey(root, rows, towns), root / "out", compare_by="size_class", permutations=9)

    def estimate():
        _, companion, _ = sum_identity(out)
        c, d, n = companion[["own_group", "target_group", "n"]].iloc[0]
        table = read_csv(out, "compare_size_class.csv")
        strengths = read_csv(out, "compare_size_class_clusters.csv").set_index(["level", "node"])["strength"]
        levels = table.loc[table["level"] != "all"]
        # A level graph holds every cell with min_n ratings in each level (pooled companions too).
        in_graph = levels.groupby(["own_group", "target_group"])["n"].transform("min") >= MIN_N
        total = 0.0
        for level, cells in levels.loc[in_graph].groupby("level"):
            mine = (cells["own_group"] == c) & (cells["target_group"] == d)
            tie = strengths[level, c] - sum(w for pair, w in ties(cells.loc[~mine]).items() if c in pair and d not in pair)
            back = cells.loc[(cells["own_group"] == d) & (cells["target_group"] == c), "mean"]
            total += (2 * tie - back.iloc[0] if len(back) else tie) * int(cells.loc[mine, "n"].iloc[0])
        return small_cell(out, total / n)

    truth = cell_truth(rows, "1.1", "1.2")
    return Outcome(attempt(estimate, len(truth)), truth)


def attack_rerun_companion(root: Path, seed: int) -> Outcome:
    """Attack 2: the rerun hides the subgroup's group's cells (3 left out < min_n), so needs
    no companion of its own, and its graph holds the full run's companion. Side knowledge:
    the subgroup (3 respondents) is inside group 1.5."""
    towns = {"Iso": "large", "Pieni": "other"}
    rows = small_cell_survey(np.random.default_rng(seed), list(towns), per_group=10, subgroup={"1.5": ("s", 3)})
    out = run(write_survey(root, rows, towns), root / "out", exclude_subgroup=["s"])

    def estimate():
        _, companion, _ = sum_identity(out)
        c, d = companion[["own_group", "target_group"]].iloc[0]
        pairs = read_csv(out, "pairs.csv")
        known = pairs.loc[~pairs["suppressed"] & (pairs["own_group"] != "1.5")]
        back = known.loc[(known["own_group"] == d) & (known["target_group"] == c), "mean"]
        # Handshake: the strengths add up to twice the ties; the pair {c, d} is the one unknown.
        strengths = read_csv(out, "sensitivity_exclude_s.csv")["strength"]
        tie = strengths.sum() / 2 - sum(w for pair, w in ties(known).items() if pair != frozenset((c, d)))
        return small_cell(out, 2 * tie - back.iloc[0] if len(back) else tie)

    truth = cell_truth(rows, "1.1", "1.2")
    return Outcome(attempt(estimate, len(truth)), truth)


def attack_two_reruns(root: Path, seed: int) -> Outcome:
    """Attack 3: group 1.5 has 5 respondents in subgroup s1, 5 in s2 and one in neither.
    Each rerun changes only 1.5's cells, so another node's strength change is half its
    tie's change: the rerun's cell mean of 1.5 -> u. Then rerun 1 + rerun 2 - full sums
    are the lone respondent's ratings. Side knowledge: the subgroups' sizes."""
    rng = np.random.default_rng(seed)
    towns = {"Iso": "large", "Pieni": "other"}
    rows = []
    for own in CODES:
        for i in range(11 if own == "1.5" else 8):
            sub = ("s1" if i < 5 else "s2" if i < 10 else "") if own == "1.5" else ""
            rows += answers(rng, f"{own}-{i}", list(towns)[i % 2], own, subgroup=sub)
    out = run(write_survey(root, rows, towns), root / "out", exclude_subgroup=["s1", "s2"])
    index = true_index(rows)
    lone = index.loc[index["respondent_id"] == "1.5-10"].set_index("target_group")["need_index"]

    def estimate():
        pairs = read_csv(out, "pairs.csv").set_index(["own_group", "target_group"])
        full = read_csv(out, "clusters.csv").set_index("node")["strength"]
        reruns = [read_csv(out, f"sensitivity_exclude_{s}.csv").set_index("node")["strength"] for s in ("s1", "s2")]
        estimates = []
        for u in lone.index:
            n, mean = pairs.loc[("1.5", u), ["n", "mean"]]
            estimates.append(sum((n - 5) * (mean + 2 * (r[u] - full[u])) for r in reruns) - n * mean)
        return estimates

    return Outcome(attempt(estimate, len(lone)), lone.to_numpy())


def lone_respondent_survey(rng, towns: dict[str, str], *, extremes: bool = False) -> list[dict]:
    """Six respondents of the large town "Iso" in each group, and one respondent in each of
    groups 1.1-1.3 from a small municipality of their own (the other keys of ``towns``, in
    turn). ``extremes``: each lone respondent answers 1, 1, 1 for one group and 5, 5, 5
    for another (the first two they rate), as someone using the whole scale does."""
    small = [t for t in towns if t != "Iso"]
    rows = []
    for own in CODES:
        for i in range(6):
            rows += answers(rng, f"{own}-{i}", "Iso", own)
    for k, own in enumerate(CODES[:3]):
        ends = dict(zip([c for c in CODES if c != own], [(1, 1, 1), (5, 5, 5)])) if extremes else None
        rows += answers(rng, f"{own}-lone", small[k % len(small)], own, fixed=ends)
    return rows


def lone_truth(index: pd.DataFrame) -> pd.DataFrame:
    return index.loc[index["respondent_id"].str.endswith("-lone"), ["own_group", "target_group", "need_index"]]


def attack_weights(root: Path, seed: int, *, extremes: bool = False) -> Outcome:
    """Attack 4: weighted and unweighted runs of one file. Each lone respondent is alone in
    their municipality; response.csv gives every municipality's weight (invited /
    respondents). Side knowledge: which group the lone respondent of each small
    municipality works in, and that the others are all in "Iso"."""
    towns = {"Iso": "large", "Pieni 1": "other", "Pieni 2": "other", "Pieni 3": "other"}
    rows = lone_respondent_survey(np.random.default_rng(seed), towns, extremes=extremes)
    path = write_survey(root, rows, towns)
    pd.DataFrame({"municipality": list(towns), "invited": [72, 5, 7, 9]}).to_csv(root / "invited.csv", index=False)
    weighted = run(path, root / "weighted", weights=root / "invited.csv")
    plain = run(path, root / "plain", invitations=root / "invited.csv")
    truth = lone_truth(true_index(rows))

    def estimate():
        response = read_csv(weighted, "response.csv").dropna(subset=["municipality"]).set_index("municipality")
        weight = (response["invited"] / response["respondents"]).to_dict()
        w_pairs = read_csv(weighted, "pairs.csv").set_index(["own_group", "target_group"])
        u_pairs = read_csv(plain, "pairs.csv").set_index(["own_group", "target_group"])
        estimates = []
        for own, target in truth[["own_group", "target_group"]].itertuples(index=False):
            w0, w1 = weight["Iso"], weight[f"Pieni {CODES.index(own) + 1}"]
            n = int(u_pairs.loc[(own, target), "n"])
            # m_w (w0 (n - 1) + w1) = w0 S + w1 y and n m = S + y: two equations, S and y unknown.
            total = w_pairs.loc[(own, target), "mean"] * (w0 * (n - 1) + w1)
            estimates.append((total - w0 * n * u_pairs.loc[(own, target), "mean"]) / (w1 - w0))
        return estimates

    return Outcome(attempt(estimate, len(truth)), truth["need_index"].to_numpy())


def attack_extremes(root: Path, seed: int) -> Outcome:
    """Attack 8: attack 4 on respondents who used both ends of the scale. Their five
    estimates share one error when the noise of a cell depends only on who is in it (the
    five cells 1.k -> u hold the same respondents): the lowest estimate minus the index's
    floor and the highest minus its ceiling (the lattice's (1, 1, 1) and (5, 5, 5)) both
    measure that error, and removing it gives every rating."""
    outcome = attack_weights(root, seed, extremes=True)
    line = lattice(root / "weighted")
    if line is None:
        return outcome
    low, high = line[0] + line[1].sum(), line[0] + 5 * line[1].sum()
    estimates = outcome.estimates.reshape(3, -1)  # one row per lone respondent
    shift = (estimates.min(axis=1) - low + estimates.max(axis=1) - high) / 2
    return Outcome((estimates - shift[:, None]).ravel(), outcome.truth)


def attack_municipality(root: Path, seed: int) -> Outcome:
    """Attack 5: runs with and without municipality "Pieni" (one respondent in each of
    groups 1.1-1.3). A cell whose count drops by one lost that respondent's rating: its
    integer item totals in both runs (the lattice) differ by the rating's answers. Where
    the lattice gives nothing: n mean - (n - 1) mean', the second run's mean carried onto
    the first run's scale by the two (approximate) lattices when there are any."""
    towns = {"Iso": "large", "Pieni": "other"}
    rows = lone_respondent_survey(np.random.default_rng(seed), towns)
    with_all = run(write_survey(root, rows, towns), root / "all")
    without = [r for r in rows if r["municipality"] != "Pieni"]
    left_out = run(write_survey(root, without, towns, name="without.csv"), root / "without")
    truth = lone_truth(true_index(rows)).set_index(["own_group", "target_group"])["need_index"]

    def estimate():
        line_a, line_b = lattice(with_all), lattice(left_out)
        a = read_csv(with_all, "pairs.csv").set_index(["own_group", "target_group"])
        b = read_csv(left_out, "pairs.csv").set_index(["own_group", "target_group"])
        estimates = []
        for cell in truth.index:
            (n_a, m_a), (n_b, m_b) = a.loc[cell, ["n", "mean"]], b.loc[cell, ["n", "mean"]]
            t_a, t_b = decode(n_a * m_a, int(n_a), line_a), decode(n_b * m_b, int(n_b), line_b)
            answer = None if t_a is None or t_b is None else t_a - t_b
            if answer is not None and np.all((answer >= 1) & (answer <= 5)):
                estimates.append(line_a[0] + line_a[1] @ answer)
            elif line_a is not None and line_b is not None:
                k = line_a[1] @ line_b[1] / (line_b[1] @ line_b[1])
                estimates.append(n_a * m_a - n_b * (line_a[0] + k * (m_b - line_b[0])))
            else:
                estimates.append(n_a * m_a - n_b * m_b)
        return estimates

    return Outcome(attempt(estimate, len(truth)), truth.to_numpy())


def floor_survey(rng, fixed: tuple[int, int, int]) -> list[dict]:
    """Eight respondents per group; two of 1.1 rate 1.2 (a cell of two) and five of 1.3
    rate 1.4 (the smallest published cell, so the companion), all of them ``fixed``."""
    rows = []
    for own in CODES:
        target, keep = {"1.1": ("1.2", 2), "1.3": ("1.4", 5)}.get(own, (None, 0))
        for i in range(8):
            rows += answers(rng, f"{own}-{i}", ("Iso", "Pieni")[i % 2], own, skip=(target,) if i >= keep else (),
                            fixed={target: fixed} if i < keep else {})
    return rows


def attack_floor(root: Path, seed: int) -> Outcome:
    """Attack 6: the suppressed cells' joint mean at the lowest (highest) value the lattice
    allows means every suppressed rating is there: the small cell's ratings follow exactly.
    Odd seeds build the survey at the floor, even seeds at the ceiling."""
    fixed = (1, 1, 1) if seed % 2 else (5, 5, 5)
    rows = floor_survey(np.random.default_rng(seed), fixed)
    out = run(write_survey(root, rows, {"Iso": "large", "Pieni": "other"}), root / "out")

    def estimate():
        small, companion, summed = sum_identity(out)
        joint = summed / int(small["n"].sum() + companion["n"].sum())
        line = lattice(out)
        if line is None:
            return joint
        ends = [line[0] + line[1].sum() * v for v in (1, 5)]  # the index of (1, 1, 1) and (5, 5, 5)
        near = min(ends, key=lambda e: abs(e - joint))
        return near if abs(near - joint) < 1 else joint  # one item step is about 15 points

    truth = cell_truth(rows, "1.1", "1.2")
    return Outcome(attempt(estimate, len(truth)), truth)


def attack_lattice(root: Path, seed: int) -> Outcome:
    """Attack 7 (item level): every published cell's n x mean decoded into its integer item
    totals; the targets are the cells of at least min_n ratings (unpublished ones count as
    missed)."""
    towns = {"Iso": "large", "Pieni": "other"}
    rows = small_cell_survey(np.random.default_rng(seed), list(towns), per_group=8)
    out = run(write_survey(root, rows, towns), root / "out")
    cells = true_index(rows).groupby(["own_group", "target_group"])[list(ITEMS)].agg(["sum", "size"])
    truth = cells.loc[cells[ITEMS[0], "size"] >= MIN_N, [(item, "sum") for item in ITEMS]]
    found = {}
    try:
        line, pairs = lattice(out), read_csv(out, "pairs.csv")
        for own, target, n, mean in pairs.loc[~pairs["suppressed"], ["own_group", "target_group", "n", "mean"]].itertuples(index=False):
            found[own, target] = decode(n * mean, int(n), line)
    except (KeyError, TypeError, FileNotFoundError):
        pass  # nothing published to decode
    missed = np.array([-1, -1, -1])
    estimates = np.array([missed if found.get(cell) is None else found[cell] for cell in truth.index])
    return Outcome(estimates, truth.to_numpy(), items=True)


# Each attack and the seeds the tests play it with. Cell-key noise is a function of the
# set of respondents in a cell, and one respondent's targets are cells of the same set
# (everyone rated everyone), so their errors move together: five or more respondents per
# attack, so that one lucky draw is not 20 % of the targets.
ATTACKS = {
    "levels": (attack_levels, (1, 2, 3, 4, 5)),
    "rerun_companion": (attack_rerun_companion, (1, 2, 3, 4, 5)),
    "two_reruns": (attack_two_reruns, (1, 2, 3, 4, 5)),
    "weights": (attack_weights, (1, 2)),
    "municipality": (attack_municipality, (1, 2)),
    "extremes": (attack_extremes, (1, 2)),
    "floor": (attack_floor, tuple(range(1, 21))),  # its error is D sqrt(K) / n_S: 20 surveys for a stable median
    "lattice": (attack_lattice, (1,)),
}


def play(name: str, root: Path, seeds=None) -> Outcome:
    """Every seed's outcome of one attack, pooled."""
    attack, default = ATTACKS[name]
    found = [attack(root / f"seed{s}", s) for s in (seeds or default)]
    return Outcome(np.concatenate([o.estimates for o in found]), np.concatenate([o.truth for o in found]), found[0].items)


# ------------------------------------------------------------------------------- tests


@pytest.mark.slow
@pytest.mark.parametrize("name", ATTACKS)
def test_each_attack_succeeds_with_the_defences_off(name, tmp_path, monkeypatch):
    for switch, value in DEFENCE_OFF.items():
        monkeypatch.setattr(disclosure, switch, value)
    outcome = play(name, tmp_path)
    assert recovered(outcome), (name, outcome.errors() if not outcome.items else exact_share(outcome))


@pytest.mark.slow
@pytest.mark.parametrize("name", ATTACKS)
def test_each_attack_is_defeated(name, tmp_path):
    outcome = play(name, tmp_path)
    assert defeated(outcome), (name, outcome.errors() if not outcome.items else exact_share(outcome))


def test_the_criteria():
    truth = np.array([100.0, 80.0, 120.0, 60.0, 140.0])
    assert recovered(Outcome(truth + 1e-9, truth)) and not defeated(Outcome(truth + 1e-9, truth))
    assert recovered(Outcome(truth + [0.04, -0.05, 0.1, 1.5, -3], truth))  # rounding-sized errors
    assert not recovered(Outcome(truth + [0, 0, 0, 0, 10], truth))  # one target 10 points off
    far = Outcome(truth + [30, -12, 25, -40, 1], truth)  # one lands close by chance
    assert defeated(far) and not recovered(far)
    assert not defeated(Outcome(truth + [30, -12, 1, -40, 1], truth))  # two of five close: 40 %
    assert not defeated(Outcome(truth + [9, -9, 9, -9, 30], truth))  # median error 9
    totals = np.array([[10, 12, 14]] * 10)
    assert recovered(Outcome(totals.copy(), totals, items=True))
    one_wrong = totals.copy()
    one_wrong[0, 2] += 1
    assert exact_share(Outcome(one_wrong, totals, items=True)) == 0.9
    assert defeated(Outcome(one_wrong[::-1] + [[0, 0, 1]] * 10, totals, items=True))  # one right of ten
