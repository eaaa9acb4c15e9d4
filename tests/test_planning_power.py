"""The plan's power, counted again from each simulated survey (issue 28): the same surveys
drawn from the plan's documented child seeds, the difference added by hand to the second
level's ratings, the comparison run on each, and its q and p values counted over the cells
that carry the difference."""

import dataclasses

import numpy as np
import pytest

from integraatio.analysis import analyse_scores
from integraatio.codebook import load_codebook
from integraatio.compare import compare_groups
from integraatio.composite import score
from integraatio.datasets import load_example
from integraatio.planning import plan
from integraatio.synth import fit_survey, generate_fitted

CB = load_codebook()
SMALL = dataclasses.replace(CB, groups=CB.groups[:4], reference_clusters=())  # 4 x 3 cells: quick to compare


def small_pilot():
    """The shipped survey's ratings among the four groups of ``SMALL``."""
    data = load_example()
    inside = data["own_group"].isin(SMALL.codes) & data["target_group"].isin(SMALL.codes)
    return data.loc[inside].reset_index(drop=True)


def shifted_comparison(analysis, scores, cells, *, effect, seed):
    """The comparison by size_class with ``effect`` added to the ratings of "large" (the second
    level in the codebook's order) in ``cells``: its tests, which were tested, which of those
    carry the effect, and its p_min."""
    frame = scores.scores
    hit = (frame["size_class"] == "large").to_numpy() & np.array(
        [(o, t) in cells for o, t in zip(frame["own_group"].astype(str), frame["target_group"].astype(str))])
    shifted = dataclasses.replace(analysis, scores=dataclasses.replace(scores, values=scores.values + effect * hit))
    c = compare_groups(shifted, codebook=SMALL, by="size_class", permutations=9999, n_boot=1, seed=seed)
    tested = ~c.tests["suppressed"].to_numpy(bool)
    carries = tested & np.array([(o, t) in cells for o, t in zip(c.tests["own_group"], c.tests["target_group"])])
    return c.tests, tested, carries, c.p_min


@pytest.mark.slow  # a plan and four comparisons: a few seconds
def test_power_is_the_share_of_carrying_cells_found_in_each_survey():
    targets = SMALL.codes[:2]  # the effect sits in some targets only
    effect, size, surveys, seed = 60.0, 30, 2, 2
    pilot = small_pilot()
    p = plan(pilot, codebook=SMALL, sizes=[size], replicates=surveys, effect=effect, compare_by="size_class",
             effect_targets=targets, placement="all", refit=False, seed=seed)
    fit = fit_survey(pilot, codebook=SMALL)
    power, unadjusted, p_min, q_min = [], [], [], []
    for child in np.random.SeedSequence(seed, spawn_key=(size,)).spawn(surveys):  # the child seeds plan documents
        survey_seq, other, _ = child.spawn(3)
        run_seed = int(np.random.default_rng(other).integers(2**31))
        scores = score(generate_fitted(fit, respondents=size, seed=survey_seq))
        a = analyse_scores(scores, codebook=SMALL, seed=run_seed)
        testable = compare_groups(a, codebook=SMALL, by="size_class", permutations=1, n_boot=1, seed=run_seed).tests
        carrying = ~testable["suppressed"].to_numpy(bool) & testable["target_group"].isin(targets).to_numpy()
        cells = set(zip(testable["own_group"][carrying], testable["target_group"][carrying]))
        tests, tested, carries, smallest = shifted_comparison(a, scores, cells, effect=effect, seed=run_seed)
        assert 0 < carries.sum() < tested.sum()
        power.append(np.mean(tests["q_value"].to_numpy(float)[carries] < 0.05))
        unadjusted.append(np.mean(tests["p_value"].to_numpy(float)[carries] < 0.05))
        p_min.append(smallest)
        q_min.append(min(1.0, smallest * tested.sum() / carries.sum()))
    row = p.table.iloc[0]
    assert 0 < np.mean(power) < 1 and 0 < np.mean(unadjusted) < 1  # a design where counting matters
    assert row["power"] == pytest.approx(np.mean(power), abs=1e-12)
    assert row["power_unadjusted"] == pytest.approx(np.mean(unadjusted), abs=1e-12)
    assert row["p_min"] == pytest.approx(np.median(p_min)) and row["q_min"] == pytest.approx(np.median(q_min))
