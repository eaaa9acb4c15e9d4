"""``report.html``: one self-contained page for people who will never run Python.

The page is built from a run's output folder (:func:`integraatio.formats.read_run`):
parameters, the composite's reliability, the matrix with the threshold highlighting and
the ``n`` behind every cell, the clusters with their stability, and the comparison, the
boundary scenarios and the sensitivity reruns when the run made them, each with a short
reading in plain words. Figures are inlined as ``data:`` images; there are no scripts,
fonts or style sheets to fetch, so the page opens offline on a locked-down laptop. Text
is Finnish or English, as the run's ``lang``.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from html import escape
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import __version__
from .formats import RunFolder, check_threshold, flatten
from .plot import HIGHLIGHT, SUPPRESSED_MARK

__all__ = ["render_report", "write_report"]

#: Groups whose bootstrap stability is below this are named as unstable.
UNSTABLE = 0.75

_T: dict[str, dict[str, str]] = {
    "title": {"fi": "Integraatiotarve: tulokset", "en": "Integration need: results"},
    "lead": {
        "fi": "{respondents} vastaajaa, {read} arviota luettu, {scored} pisteytetty ja {excluded} jätetty pois "
              "(syyt: exclusions.csv). Aineisto: {file} (SHA-256 {sha}…).",
        "en": "{respondents} respondents, {read} ratings read, {scored} scored and {excluded} excluded "
              "(reasons: exclusions.csv). Input: {file} (SHA-256 {sha}…).",
    },
    "parameters": {"fi": "Ajon asetukset", "en": "Parameters of the run"},
    "parameters_text": {
        "fi": "Samat asetukset ja sama siemenluku antavat samat tulokset tavulleen (manifest.json).",
        "en": "The same parameters and seed give the same results, byte for byte (manifest.json).",
    },
    "packages": {"fi": "Ohjelmistoversiot", "en": "Package versions"},
    "reliability": {"fi": "Yhdistelmämuuttujan luotettavuus", "en": "Reliability of the composite"},
    "matrix": {"fi": "Tehtäväryhmien matriisi", "en": "Task-group matrix"},
    "matrix_text": {
        "fi": "Rivi: vastaajan oma tehtäväryhmä; sarake: arvioitu ryhmä. Solussa integraatiotarpeen keskiarvo "
              "(keskiarvo 100, keskihajonta 40) ja pienellä arvioiden määrä n. Yli {thr} punaisella; "
              "{mark} = alle {min_n} arviota, ei julkaista.",
        "en": "Row: the respondents' own task group; column: the group rated. Each cell shows the mean integration "
              "need (mean 100, SD 40) and, small, the number of ratings n. Above {thr} in red; {mark} = fewer than "
              "{min_n} ratings, not published.",
    },
    "clusters": {"fi": "Klusterit", "en": "Clusters"},
    "stability": {"fi": "Klustereiden pysyvyys (bootstrap)", "en": "Stability of the clusters (bootstrap)"},
    "sweep": {"fi": "Resoluution vaikutus", "en": "Effect of the resolution"},
    "compare": {"fi": "Ryhmien vertailu: {by}", "en": "Comparison of groups: {by}"},
    "boundary": {"fi": "Rajan vaihtoehdot", "en": "Boundary scenarios"},
    "sensitivity": {"fi": "Herkkyystarkastelu: {name}", "en": "Sensitivity rerun: {name}"},
    "reading": {"fi": "Tulkinta", "en": "Reading"},
    "warnings": {"fi": "Huomioita, jotka voivat muuttaa tuloksia", "en": "Warnings that may change the results"},
    "method_note": {"fi": "Menetelmähuomautus (englanniksi)", "en": "Method note"},
    "footer": {
        "fi": "Tehty integraatio {version} -ohjelmalla. Luvut ovat tiedostoissa täydellä tarkkuudella; tässä ne on pyöristetty.",
        "en": "Made with integraatio {version}. The files hold the numbers at full precision; here they are rounded.",
    },
    # column headings
    "code": {"fi": "Koodi", "en": "Code"},
    "group": {"fi": "Tehtäväryhmä", "en": "Task group"},
    "cluster": {"fi": "Klusteri", "en": "Cluster"},
    "strength": {"fi": "Vahvuus", "en": "Strength"},
    "participation": {"fi": "Osallistumiskerroin", "en": "Participation"},
    "stability_col": {"fi": "Pysyvyys", "en": "Stability"},
    "item": {"fi": "Osio", "en": "Item"},
    "item_total_r": {"fi": "Osio–summa-korrelaatio", "en": "Item–total correlation"},
    "alpha_if_deleted": {"fi": "Alfa ilman osiota", "en": "Alpha if deleted"},
    "mean": {"fi": "Keskiarvo", "en": "Mean"},
    "sd": {"fi": "Keskihajonta", "en": "SD"},
    "key": {"fi": "Asetus", "en": "Setting"},
    "value": {"fi": "Arvo", "en": "Value"},
    "scenario": {"fi": "Vaihtoehto", "en": "Scenario"},
    "share": {"fi": "Katkaistu osuus", "en": "Share cut"},
    "cut_ties": {"fi": "Katkaistuja yhteyksiä", "en": "Ties cut"},
    "moved": {"fi": "Siirretyt ryhmät", "en": "Groups moved"},
    "description": {"fi": "Kuvaus", "en": "Description"},
    "pair": {"fi": "Solu", "en": "Cell"},
    "diff": {"fi": "Ero", "en": "Difference"},
    "interval": {"fi": "95 %:n luottamusväli", "en": "95 % interval"},
    "q_value": {"fi": "q-arvo", "en": "q-value"},
    "node_changed": {"fi": "Vaihtoi klusteria", "en": "Changed cluster"},
    "items": {"fi": {"frequency": "yhteistyön tiheys", "reciprocity": "vastavuoroisuus", "need": "yhteistyön tarve"},
              "en": {"frequency": "frequency", "reciprocity": "reciprocity", "need": "need"}},
}


def _t(key: str, lang: str, **kw: Any) -> str:
    text = _T[key][lang]
    return text.format(**kw) if kw else text


def _num(x: Any, digits: int, lang: str) -> str:
    """A rounded number for reading: decimal comma in Finnish, empty for missing."""
    if x is None or (isinstance(x, (float, np.floating)) and np.isnan(x)):
        return ""
    text = f"{float(x):,.{digits}f}".replace(",", "\u202f")
    return text.replace(".", ",") if lang == "fi" else text


def _cell(text: str, cls: str = "") -> tuple[str, str]:
    """A right-aligned numeric table cell (``cls``: more CSS classes)."""
    return text, f"num {cls}".strip()


def _pct(x: Any, lang: str, digits: int = 1) -> str:
    return f"{_num(100 * float(x), digits, lang)}\u00a0%"


def _join(items: Sequence[str], lang: str) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + (" ja " if lang == "fi" else " and ") + items[-1]


def _table(head: Sequence[str], rows: Sequence[Sequence[str]], *, cls: str = "") -> str:
    """An HTML table from already escaped cells (``(html, css class)`` pairs or html)."""
    def cell(c: Any, tag: str) -> str:
        html, klass = c if isinstance(c, tuple) else (c, "")
        return f"<{tag}{f' class={chr(34)}{klass}{chr(34)}' if klass else ''}>{html}</{tag}>"

    out = [f'<div class="scroll"><table{f" class={chr(34)}{cls}{chr(34)}" if cls else ""}>', "<thead><tr>"]
    out += [cell(escape(h), "th") for h in head]
    out.append("</tr></thead><tbody>")
    out += ["<tr>" + "".join(cell(c, "td") for c in r) + "</tr>" for r in rows]
    out.append("</tbody></table></div>")
    return "".join(out)


def _figure(run: RunFolder, stem: str, caption: str) -> str:
    """A figure of the folder inlined as a ``data:`` image (nothing to fetch); empty if absent."""
    path = run.figures.get(stem)
    if path is None:
        return ""
    mime = "image/svg+xml" if path.suffix == ".svg" else "image/png"
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return (f'<figure><img src="data:{mime};base64,{data}" alt="{escape(caption)}">'
            f"<figcaption>{escape(caption)}</figcaption></figure>")


def _reading(text: str, lang: str) -> str:
    return f'<p class="reading"><strong>{_t("reading", lang)}:</strong> {text}</p>'


# --------------------------------------------------------------------------- sections


def _header(run: RunFolder, lang: str) -> str:
    i = run.manifest.get("input", {})
    name = Path(i["path"]).name if i.get("path") else "?"
    lead = _t("lead", lang, respondents=i.get("respondents_read", "?"), read=i.get("rows_read", "?"),
              scored=i.get("rows_scored", "?"), excluded=i.get("rows_excluded", "?"), file=name,
              sha=str(i.get("sha256") or "")[:12])
    warned = "".join(f"<li>{escape(w)}</li>" for w in run.manifest.get("warnings", []))
    box = f'<div class="warnings"><strong>{_t("warnings", lang)}:</strong><ul>{warned}</ul></div>' if warned else ""
    return f"<h1>{_t('title', lang)}</h1><p class=\"lead\">{escape(lead)}</p>{box}"


def _parameters(run: RunFolder, lang: str) -> str:
    rows = [(escape(k), escape(str(v))) for k, v in flatten(dict(run.parameters))]
    packages = [(escape(k), escape(str(v))) for k, v in flatten(run.manifest.get("packages", {}))]
    return (f"<h2 id=\"parameters\">{_t('parameters', lang)}</h2><p>{_t('parameters_text', lang)}</p>"
            + _table([_t("key", lang), _t("value", lang)], rows, cls="kv")
            + f"<details><summary>{_t('packages', lang)}</summary>"
            + _table([_t("key", lang), _t("value", lang)], packages, cls="kv") + "</details>")


def _alpha_words(alpha: float, lang: str) -> str:
    bands = [(0.8, "hyvä", "good"), (0.7, "tyydyttävä", "acceptable"), (0.6, "kyseenalainen", "questionable")]
    for low, fi, en in bands:
        if alpha >= low:
            return fi if lang == "fi" else en
    return "heikko" if lang == "fi" else "poor"


def _reliability(run: RunFolder, lang: str) -> str:
    alpha = run.manifest.get("composite", {}).get("alpha")
    if alpha is None:
        return ""
    html = f"<h2 id=\"reliability\">{_t('reliability', lang)}</h2>"
    table = run.tables.get("reliability")
    names = _T["items"][lang]
    if table is not None:
        rows = [
            (escape(names.get(r.item, r.item)), *(_cell(_num(v, d, lang)) for v, d in
                                                  ((r.n, 0), (r.mean, 2), (r.sd, 2), (r.item_total_r, 2), (r.alpha_if_deleted, 2))))
            for r in table.itertuples(index=False)
        ]
        html += _table([_t("item", lang), "n", _t("mean", lang), _t("sd", lang), _t("item_total_r", lang),
                        _t("alpha_if_deleted", lang)], rows)
    words = _alpha_words(float(alpha), lang)
    if lang == "fi":
        text = (f"Cronbachin alfa on {_num(alpha, 2, lang)}: kolmen osion yhdistelmän sisäinen johdonmukaisuus on "
                f"{words} (tavallinen raja 0,70).")
    else:
        text = (f"Cronbach's alpha is {_num(alpha, 2, lang)}: the internal consistency of the three-item composite "
                f"is {words} (the usual bar is 0.70).")
    if table is not None and len(table):
        weakest = table.loc[table["item_total_r"].idxmin()]
        item, without = escape(names.get(weakest["item"], weakest["item"])), weakest["alpha_if_deleted"]
        if without >= alpha + 0.01:
            text += (f" Ilman osiota {item} alfa nousisi {_num(without, 2, lang)}:aan; se mittaa muista eniten "
                     "poikkeavaa asiaa." if lang == "fi" else
                     f" Without {item} alpha would rise to {_num(without, 2, lang)}: it measures something the other "
                     "two do not.")
        elif without > alpha - 0.01:
            text += (f" Osio {item} ei juuri lisää luotettavuutta (alfa ilman sitä {_num(without, 2, lang)}), mutta "
                     "tuo mukaan oman puolensa yhteistyöstä." if lang == "fi" else
                     f" {item.capitalize()} adds little to the reliability (alpha without it {_num(without, 2, lang)}) "
                     "but brings in a side of cooperation of its own.")
        else:
            text += (f" Jokainen osio lisää luotettavuutta; heikoimmin summaan liittyy {item}." if lang == "fi" else
                     f" Every item adds to the reliability; {item} relates least to the total.")
    return html + _reading(text, lang)


def _matrix(run: RunFolder, lang: str, threshold: float) -> str:
    pairs = run.pairs
    cells = {(r.own_group, r.target_group): r for r in pairs.itertuples(index=False)}
    labels = run.nodes.set_index("node")["label"]
    rows_present = [c for c in run.codes if c in set(pairs["own_group"])]
    head = [_t("group", lang)] + list(run.codes)
    rows = []
    for a in rows_present:
        row = [(f"<b>{escape(a)}</b> {escape(labels[a])}", "rowhead")]
        for b in run.codes:
            r = cells.get((a, b))
            if r is None:
                row.append(("", "self" if a == b else "empty"))
            elif r.suppressed:
                row.append((f"{SUPPRESSED_MARK}<small>{r.n}</small>", "supp"))
            else:
                row.append((f"{_num(r.mean, 0, lang)}<small>{r.n}</small>", "hi" if r.mean > threshold else ""))
        rows.append(row)
    min_n = run.parameters.get("min_n", "?")
    html = (f"<h2 id=\"matrix\">{_t('matrix', lang)}</h2><p>"
            + escape(_t("matrix_text", lang, thr=_num(threshold, 0, lang), mark=SUPPRESSED_MARK, min_n=min_n))
            + "</p>" + _table(head, rows, cls="matrix"))
    shown = pairs.loc[~pairs["suppressed"].astype(bool)]
    over = shown.loc[shown["mean"] > threshold].sort_values("mean", ascending=False)
    top = [f"{escape(r.own_group)} → {escape(r.target_group)} ({_num(r.mean, 0, lang)})" for r in over.head(5).itertuples()]
    n_supp = int(pairs["suppressed"].astype(bool).sum())
    if lang == "fi":
        text = (f"{len(over)} solua {len(shown)}:sta julkaistusta ylittää {_num(threshold, 0, lang)}"
                + (f"; suurimmat: {_join(top, lang)}." if top else ".")
                + f" {n_supp} solua on jätetty julkaisematta, koska niissä on alle {min_n} arviota.")
    else:
        text = (f"{len(over)} of {len(shown)} published cells are above {_num(threshold, 0, lang)}"
                + (f"; the highest: {_join(top, lang)}." if top else ".")
                + f" {n_supp} cells are suppressed because they have fewer than {min_n} ratings.")
    return html + _reading(text, lang)


def _clusters(run: RunFolder, lang: str) -> str:
    nodes = run.nodes.loc[run.nodes["cluster"].notna()].astype({"cluster": int})  # no data: in the warnings
    stable = "stability" in nodes.columns
    head = [_t("code", lang), _t("group", lang), _t("cluster", lang), _t("strength", lang), _t("participation", lang)]
    head += [_t("stability_col", lang)] if stable else []
    rows = []
    for r in nodes.sort_values(["cluster", "strength"], ascending=[True, False], kind="stable").to_dict("records"):
        row = [escape(r["node"]), escape(r["label"]), escape(f"{r['cluster']} {r['cluster_name']}"),
               _cell(_num(r["strength"], 0, lang)), _cell(_num(r["participation"], 2, lang))]
        if stable:
            row.append(_cell(_num(r["stability"], 2, lang), "weak" if r["stability"] < UNSTABLE else ""))
        rows.append(row)
    fig = _figure(run, "network", _t("clusters", lang))
    names = nodes.drop_duplicates("cluster").sort_values("cluster")
    sizes = nodes["cluster"].value_counts()
    parts = [f"{escape(n)} ({sizes[c]})" for c, n in zip(names["cluster"], names["cluster_name"])]
    bridges = nodes.nlargest(3, "participation")
    bridge = [f"{escape(v)} ({_num(p, 2, lang)})" for v, p in zip(bridges["node"], bridges["participation"]) if p > 0]
    q = run.manifest.get("results", {}).get("modularity")
    if lang == "fi":
        text = (f"Tehtäväryhmät jakautuvat {len(names)} klusteriin: {_join(parts, lang)}"
                + (f" (modulaarisuus {_num(q, 2, lang)})." if q is not None else ".")
                + (f" Eniten klusterien välillä siltoina toimivat {_join(bridge, lang)} (osallistumiskerroin: "
                   "kuinka suuri osa ryhmän tarpeesta suuntautuu muihin klustereihin)." if bridge else ""))
    else:
        text = (f"The task groups fall into {len(names)} clusters: {_join(parts, lang)}"
                + (f" (modularity {_num(q, 2, lang)})." if q is not None else ".")
                + (f" The strongest bridges between clusters are {_join(bridge, lang)} (participation: how much of a "
                   "group's need goes to other clusters)." if bridge else ""))
    if stable:
        weak = nodes.loc[nodes["stability"] < UNSTABLE]
        listed = [f"{escape(v)} ({_num(s, 2, lang)})" for v, s in zip(weak["node"], weak["stability"])]
        if lang == "fi":
            text += (f" Epävarmoja, alle {_num(UNSTABLE, 2, lang)} pysyvyydellä, ovat {_join(listed, lang)}: niiden paikka "
                     "riippuu siitä, ketkä sattuivat vastaamaan." if listed else
                     f" Jokaisen ryhmän pysyvyys on vähintään {_num(UNSTABLE, 2, lang)}.")
        else:
            text += (f" Uncertain, with stability below {_num(UNSTABLE, 2, lang)}: {_join(listed, lang)}; their place "
                     "depends on who happened to answer." if listed else
                     f" Every group has a stability of at least {_num(UNSTABLE, 2, lang)}.")
    return (f"<h2 id=\"clusters\">{_t('clusters', lang)}</h2>{fig}" + _table(head, rows) + _reading(text, lang))


def _stability(run: RunFolder, lang: str) -> str:
    summary = run.summaries.get("bootstrap_summary")
    sweep = run.tables.get("resolution_sweep")
    html = ""
    if summary is not None:
        ari, b = summary["ari"], summary["parameters"].get("replicates", "?")
        if lang == "fi":
            text = (f"Vastaajat arvottiin uudelleen {b} kertaa ja klusterit etsittiin joka kerta. {_pct(ari['share_identical'], lang, 0)} "
                    f"toistoista tuotti täsmälleen samat klusterit; keskimääräinen yhtäpitävyys (ARI) on {_num(ari['mean'], 2, lang)} "
                    "(1 = samat klusterit). Kuvassa kaksi ryhmää on sitä tummemmalla, mitä useammin ne päätyivät samaan klusteriin.")
        else:
            text = (f"The respondents were resampled {b} times and the clusters found again each time. {_pct(ari['share_identical'], lang, 0)} "
                    f"of the replicates gave exactly the same clusters; the mean agreement (ARI) is {_num(ari['mean'], 2, lang)} "
                    "(1 = the same clusters). In the figure, the darker a cell, the more often the two groups shared a cluster.")
        html += (f"<h2 id=\"stability\">{_t('stability', lang)}</h2>" + _figure(run, "coassignment", _t("stability", lang))
                 + _reading(text, lang))
    if sweep is not None and len(sweep):
        rows = [tuple(_cell(_num(v, d, lang)) for v, d in ((r.resolution, 2), (r.clusters, 0), (r.modularity, 3), (r.ari_mean, 2)))
                for r in sweep.itertuples(index=False)]
        best = sweep.loc[sweep["ari_mean"].idxmax()]
        text = (f"Toistojen yhtäpitävyys on suurin resoluutiolla {_num(best['resolution'], 2, lang)} ({int(best['clusters'])} klusteria, "
                f"ARI {_num(best['ari_mean'], 2, lang)})." if lang == "fi" else
                f"Replicates agree most at resolution {_num(best['resolution'], 2, lang)} ({int(best['clusters'])} clusters, "
                f"ARI {_num(best['ari_mean'], 2, lang)}).")
        html += (f"<h2 id=\"sweep\">{_t('sweep', lang)}</h2>" + _figure(run, "resolution_sweep", _t("sweep", lang))
                 + _table(["resolution", _t("clusters", lang), "modularity", "ARI"], rows) + _reading(text, lang))
    return html


def _level_namer(run: RunFolder, by: str) -> Callable[[str], str]:
    """Display names of comparison levels, as the run recorded them."""
    labels = run.parameters.get("compare", {}).get("level_labels", {})
    return lambda level: labels.get(level, str(level))


def _comparison(run: RunFolder, by: str, lang: str, threshold: float) -> str:
    table, tests = run.tables.get(f"compare_{by}"), run.tables.get(f"compare_{by}_tests")
    summary = run.summaries.get(f"compare_{by}_summary", {})
    if table is None or tests is None:
        return ""
    name = _level_namer(run, by)
    levels = [lv for lv in pd.unique(table["level"]) if lv != "all"]
    html = f"<h2 id=\"compare_{escape(by)}\">{escape(_t('compare', lang, by=by))}</h2>"
    html += _figure(run, f"compare_{by.replace('.', '_')}_networks", _t("compare", lang, by=by))
    tested = tests.loc[~tests["suppressed"].astype(bool)]
    found = int((tested["q_value"] < 0.05).sum())
    text = (f"{len(tested)} solua testattiin; {found}:ssä ero on tilastollisesti merkitsevä (q < 0,05)." if lang == "fi" else
            f"{len(tested)} cells were tested; {found} differ significantly (q < 0.05).")
    if len(levels) == 2 and tested["diff"].notna().any():
        top = tested.reindex(tested["diff"].abs().sort_values(ascending=False).index).head(10)
        means = table.pivot_table(index=["own_group", "target_group"], columns="level", values="mean")
        rows = []
        for r in top.itertuples(index=False):
            row = [escape(f"{r.own_group} → {r.target_group}")]
            for lv in levels:
                m = means.at[(r.own_group, r.target_group), lv] if lv in means.columns else np.nan
                row.append(_cell(_num(m, 0, lang), "hi" if m > threshold else ""))
            row += [_cell(_num(r.diff, 0, lang)), _cell(f"{_num(r.ci_low, 0, lang)} … {_num(r.ci_high, 0, lang)}"),
                    _cell(_num(r.q_value, 2, lang))]
            rows.append(row)
        head = [_t("pair", lang), *(name(lv) for lv in levels), _t("diff", lang), _t("interval", lang), _t("q_value", lang)]
        html += _table(head, rows)
        first = top.iloc[0]
        text += (f" Suurin ero on solussa {escape(first['own_group'])} → {escape(first['target_group'])}: "
                 f"{escape(name(levels[1]))} – {escape(name(levels[0]))} = {_num(first['diff'], 0, lang)} "
                 f"(väli {_num(first['ci_low'], 0, lang)} … {_num(first['ci_high'], 0, lang)})." if lang == "fi" else
                 f" The largest difference is in {escape(first['own_group'])} → {escape(first['target_group'])}: "
                 f"{escape(name(levels[1]))} – {escape(name(levels[0]))} = {_num(first['diff'], 0, lang)} "
                 f"(interval {_num(first['ci_low'], 0, lang)} to {_num(first['ci_high'], 0, lang)}).")
    clusters = summary.get("clusters")
    if clusters:
        text += (f" Ryhmien klusterit vastaavat toisiaan: ARI {_num(clusters['ari'], 2, lang)} (permutaatiotesti p = "
                 f"{_num(clusters['p_value'], 3, lang)})." if lang == "fi" else
                 f" The groups' clusters agree with an ARI of {_num(clusters['ari'], 2, lang)} (permutation test p = "
                 f"{_num(clusters['p_value'], 3, lang)}).")
    html += _reading(text, lang)
    for stem in run.figures:  # the slides' views of single respondent groups (--view)
        if stem.startswith(f"compare_{by.replace('.', '_')}_") and stem.endswith(("_bars", "_table")):
            html += _figure(run, stem, stem)
    if summary.get("note"):
        html += f"<p class=\"note\"><em>{_t('method_note', lang)}:</em> {escape(summary['note'])}</p>"
    return html


def _boundary(run: RunFolder, lang: str) -> str:
    scenarios = run.tables.get("boundary_scenarios")
    if scenarios is None or not len(scenarios):
        return ""
    has_ci = {"share_ci_low", "share_ci_high"} <= set(scenarios.columns)
    rows = []
    for r in scenarios.to_dict("records"):
        row = [escape(r["scenario"]), _cell(_pct(r["share"], lang))]
        row += [_cell(f"{_pct(r['share_ci_low'], lang)} … {_pct(r['share_ci_high'], lang)}")] if has_ci else []
        moved, about = (r.get(k) for k in ("moved", "description"))  # empty cells read back as NaN
        row += [_cell(_num(r["cut_ties"], 0, lang)), escape(moved if isinstance(moved, str) else ""),
                escape(about if isinstance(about, str) else "")]
        rows.append(row)
    head = [_t("scenario", lang), _t("share", lang), *([_t("interval", lang)] if has_ci else []), _t("cut_ties", lang),
            _t("moved", lang), _t("description", lang)]
    html = (f"<h2 id=\"boundary\">{_t('boundary', lang)}</h2>" + _figure(run, "boundary_scenarios", _t("boundary", lang))
            + _table(head, rows))
    for name in scenarios["scenario"]:
        html += _figure(run, f"boundary_network_{name}", f"{_t('scenario', lang)}: {name}")
    if scenarios["share"].isna().all():  # no data on one side: no cost to compare (the note says why)
        notes = scenarios["note"].dropna().unique() if "note" in scenarios else []
        return html + _reading(escape("; ".join(map(str, notes))), lang)
    best = scenarios.loc[scenarios["share"].idxmin()]
    parts = [f"{escape(s)} {_pct(v, lang)}" for s, v in zip(scenarios["scenario"], scenarios["share"])]
    moved = best.get("moved")
    moved = moved if isinstance(moved, str) and moved else ""
    if lang == "fi":
        text = (f"Raja katkaisee tästä osuuden ryhmien välisestä integraatiotarpeesta: {_join(parts, lang)}. Vähiten katkaisee "
                f"vaihtoehto {escape(best['scenario'])}" + (f", joka siirtää ryhmät {escape(moved)}." if moved else "."))
    else:
        text = (f"Share of the integration need between groups that each boundary cuts: {_join(parts, lang)}. The "
                f"{escape(best['scenario'])} scenario cuts least" + (f", moving {escape(moved)}." if moved else "."))
    return html + _reading(text, lang)


def _sensitivity(run: RunFolder, lang: str) -> str:
    html = ""
    for stem, table in run.tables.items():
        if not stem.startswith("sensitivity_") or stem.endswith("_leans") or "changed" not in table.columns:
            continue
        name = stem[len("sensitivity_"):]
        moved = table.loc[table["changed"].astype(bool)]
        listed = [f"{escape(v)} ({escape(a)} → {escape(b)})"
                  for v, a, b in zip(moved["node"], moved["cluster_name_full"], moved["cluster_name"])]
        if lang == "fi":
            text = (f"{len(moved)} ryhmää vaihtoi klusteria: {_join(listed, lang)}." if listed else
                    "Yksikään ryhmä ei vaihtanut klusteria: tulos ei riipu tästä valinnasta.")
        else:
            text = (f"{len(moved)} group(s) changed cluster: {_join(listed, lang)}." if listed else
                    "No group changed cluster: the result does not depend on this choice.")
        html += (f"<h2 id=\"{escape(stem)}\">{escape(_t('sensitivity', lang, name=name))}</h2>"
                 + _figure(run, stem, name) + _reading(text, lang))
    return html


_CSS = f"""
body {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; margin: 2rem auto; max-width: 75rem;
  padding: 0 1rem; color: #222; line-height: 1.45; }}
h1 {{ font-size: 1.7rem; }} h2 {{ font-size: 1.3rem; margin-top: 2.2rem; border-bottom: 1px solid #ddd; }}
.lead {{ color: #444; }} nav a {{ margin-right: 1rem; }}
.scroll {{ overflow-x: auto; }}
table {{ border-collapse: collapse; margin: 0.8rem 0; font-size: 0.9rem; }}
th, td {{ border: 1px solid #ddd; padding: 0.25rem 0.45rem; text-align: left; vertical-align: top; }}
th {{ background: #f4f4f4; }} td.num {{ text-align: right; white-space: nowrap; }}
table.matrix {{ font-size: 0.78rem; }} table.matrix td {{ white-space: nowrap; text-align: right; }}
table.matrix td.rowhead {{ white-space: normal; min-width: 14rem; }}
table.matrix small {{ display: block; color: #888; font-size: 0.7rem; }}
td.hi {{ color: {HIGHLIGHT}; font-weight: bold; background: #fde2e2; }}
td.supp {{ color: #888; }} td.self {{ background: #eee; }} td.weak {{ color: {HIGHLIGHT}; font-weight: bold; }}
figure {{ margin: 1rem 0; }} figure img {{ max-width: 100%; height: auto; }}
figcaption {{ color: #555; font-size: 0.85rem; }}
.reading {{ background: #f6f8fb; border-left: 4px solid #4a78b5; padding: 0.6rem 0.9rem; }}
.note {{ color: #555; font-size: 0.85rem; }}
footer {{ margin-top: 3rem; color: #777; font-size: 0.8rem; }}
"""


def render_report(run: RunFolder, /, *, threshold: float = 140.0) -> str:
    """The report as one HTML string (what :func:`write_report` writes).

    Parameters
    ----------
    run : RunFolder
        From :func:`integraatio.formats.read_run`.
    threshold : float, default 140
        Matrix cells and comparison means above it are red.

    Returns
    -------
    str
        A complete HTML5 document with no external references: no scripts, no fonts,
        figures as ``data:`` images. Sections appear for what the run made: the
        bootstrap, the resolution sweep, each comparison, the boundary scenarios and
        each sensitivity rerun.
    """
    check_threshold(threshold)
    lang = run.lang
    compared = [s[len("compare_"):-len("_summary")] for s in run.summaries if s.startswith("compare_") and s.endswith("_summary")]
    sections = [
        _parameters(run, lang),
        _reliability(run, lang),
        _matrix(run, lang, threshold),
        _clusters(run, lang),
        _stability(run, lang),
        *(_comparison(run, by, lang, threshold) for by in compared),
        _boundary(run, lang),
        _sensitivity(run, lang),
    ]
    body = "".join(s for s in sections if s)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        # No request may leave the page, not even for a favicon.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src data:; style-src \'unsafe-inline\'">\n'
        '<link rel="icon" href="data:,">\n'
        f"<title>{_t('title', lang)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f"{_header(run, lang)}\n{body}\n"
        f"<footer>{escape(_t('footer', lang, version=__version__))}</footer>\n</body>\n</html>\n"
    )


def write_report(run: RunFolder, path: str | Path, /, *, threshold: float = 140.0) -> Path:
    """Write ``report.html`` (:func:`render_report`) as UTF-8.

    Parameters
    ----------
    run : RunFolder
    path : str or pathlib.Path
    threshold : float, default 140

    Returns
    -------
    Path
    """
    path = Path(path)
    path.write_text(render_report(run, threshold=threshold), encoding="utf-8")
    return path
