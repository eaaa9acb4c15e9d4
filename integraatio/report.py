"""``report.html``: one self-contained page for people who will never run Python.

The page is built from a run's output folder (:func:`integraatio.folder.read_run`):
parameters, the composite's reliability, the matrix with the threshold highlighting and
the ``n`` behind every cell, the clusters with their stability, and the comparison, the
boundary scenarios and the sensitivity reruns when the run made them, each with a short
reading in plain words. Figures are inlined as ``data:`` images; there are no scripts,
fonts or style sheets to fetch, so the page opens offline on a locked-down laptop. Text
is Finnish or English, as the run's ``lang``.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Sequence
from html import escape
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import __version__
from .checks import check_threshold
from .folder import RunFolder, flatten
from .messages import MESSAGES, comparison_note, no_data_note, number, percent, scenario_name
from .messages import text as say
from .style import HIGHLIGHT, SUPPRESSED_MARK, cluster_colours, text_on

__all__ = ["render_report", "write_report"]

#: Groups whose bootstrap stability is below this are named as unstable.
UNSTABLE = 0.75

def _t(key: str, lang: str, **kw: Any) -> str:
    return say(f"report.{key}" if f"report.{key}" in MESSAGES else f"head.{key}", lang, **kw)


def _num(x: Any, digits: int, lang: str) -> str:
    """A rounded number for reading (the catalogue's format); empty for missing."""
    if x is None or (isinstance(x, (float, np.floating)) and np.isnan(x)):
        return ""
    return number(float(x), digits, lang)


def _cell(text: str, cls: str = "") -> tuple[str, str]:
    """A right-aligned numeric table cell (``cls``: more CSS classes)."""
    return text, f"num {cls}".strip()


def _pct(x: Any, lang: str, digits: int = 1) -> str:
    return percent(x, lang, digits)


def _join(items: Sequence[str], lang: str) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {say('and', lang)} " + items[-1]


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


def _figure(run: RunFolder, stem: str, caption: str, *, cls: str = "") -> str:
    """A figure of the folder inlined as a ``data:`` image (nothing to fetch); empty if absent."""
    path = run.figures.get(stem)
    if path is None:
        return ""
    mime = "image/svg+xml" if path.suffix == ".svg" else "image/png"
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    klass = f' class="{cls}"' if cls else ""
    return (f'<figure{klass}><img src="data:{mime};base64,{data}" alt="{escape(caption)}">'
            f"<figcaption>{escape(caption)}</figcaption></figure>")


def _reading(text: str, lang: str) -> str:
    return f'<p class="reading"><strong>{_t("reading", lang)}:</strong> {text}</p>'


# --------------------------------------------------------------------------- sections


def _header(run: RunFolder, lang: str) -> str:
    i = run.manifest.get("input", {})
    name = Path(i["path"]).name if i.get("path") else "?"
    counts = {k: _num(i[k], 0, lang) if isinstance(i.get(k), int) else "?"
              for k in ("respondents_read", "rows_read", "rows_scored", "rows_excluded")}
    lead = _t("lead", lang, respondents=counts["respondents_read"], read=counts["rows_read"],
              scored=counts["rows_scored"], excluded=counts["rows_excluded"], file=name,
              sha=str(i.get("sha256") or "")[:12])
    warned = "".join(f"<li>{escape(w)}</li>" for w in run.manifest.get("warnings", []))
    box = f'<div class="warnings"><strong>{_t("warnings", lang)}:</strong><ul>{warned}</ul></div>' if warned else ""
    w = run.parameters.get("weights")
    if isinstance(w, dict):
        lead += " " + _t("weighted", lang, source=w["source"], low=_num(w["min"], 2, lang), high=_num(w["max"], 2, lang),
                         deff=_num(w["design_effect"], 2, lang))
    lead += _cant_say(run.parameters.get("cant_say"), lang)
    return f"<h1>{_t('title', lang)}</h1><p class=\"lead\">{escape(lead)}</p>{box}"


def _cant_say(c: Any, lang: str) -> str:
    """The line on how far scoring "can't say" as the lowest answer moves the clusters and the
    boundary's cut (``--cant-say-lowest``; the manifest's ``cant_say``)."""
    if not isinstance(c, dict):
        return ""
    line = " " + _t("cant_say", lang, ratings=_num(c["ratings"], 0, lang), ratings_full=_num(c["ratings_full"], 0, lang),
                    ari=_num(c["ari"], 2, lang), moved=", ".join(c["moved"]) or _t("none", lang))
    for scenario, share in list(c.get("boundary", {}).items())[:1]:  # the first scenario: the legislated boundary
        line += _t("cant_say_boundary", lang, scenario=scenario, share=f"{_num(100 * share['share'], 1, lang)} %",
                   share_full=f"{_num(100 * share['share_full'], 1, lang)} %")
    return line


def _parameters(run: RunFolder, lang: str) -> str:
    """The settings as a folded appendix: technical keys, for whoever reruns the analysis."""
    rows = [(escape(k), escape(str(v))) for k, v in flatten(dict(run.parameters))]
    packages = [(escape(k), escape(str(v))) for k, v in flatten(run.manifest.get("packages", {}))]
    return (f"<details class=\"appendix\"><summary><h2 id=\"parameters\">{_t('parameters', lang)}</h2></summary>"
            f"<p>{_t('parameters_text', lang)}</p>"
            + _table([_t("key", lang), _t("value", lang)], rows, cls="kv")
            + f"<h3>{_t('packages', lang)}</h3>"
            + _table([_t("key", lang), _t("value", lang)], packages, cls="kv") + "</details>")


#: Columns of ``response.csv`` that are counts, not strata (docs/contract.md).
RESPONSE_COLUMNS = ("invited", "respondents", "rate")


def _response(run: RunFolder, lang: str) -> str:
    """Invited, answered and the rate per stratum and in total, from ``response.csv``."""
    path = run.path / "response.csv"
    listed = {f.get("name") for f in run.manifest.get("files", [])}
    if not path.is_file() or ("files" in run.manifest and "response.csv" not in listed):
        return ""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    strata = [c for c in table.columns if c not in RESPONSE_COLUMNS]
    counts = table[list(RESPONSE_COLUMNS)].apply(pd.to_numeric, errors="coerce")
    # The total row: the one whose counts are the sum of all the others'.
    totals = [i for i in range(len(table))
              if counts.drop(index=i)[["invited", "respondents"]].sum().tolist() == counts.loc[i, ["invited", "respondents"]].tolist()]
    total = totals[-1] if totals else None
    named = run.parameters.get("invitations", {}).get("level_labels", {})
    rows = []
    for i, (labels, (invited, answered, rate)) in enumerate(zip(table[strata].itertuples(index=False), counts.itertuples(index=False))):
        shown = ([escape(_t("total", lang))] + [""] * (len(strata) - 1) if i == total else
                 [escape(named.get(c, {}).get(v, v)) for c, v in zip(strata, labels)])
        cells = [*shown, _cell(_num(invited, 0, lang)), _cell(_num(answered, 0, lang)), _cell(_pct(rate, lang))]
        rows.append([(f"<b>{c}</b>", "") if i == total and isinstance(c, str) else c for c in cells])
    head = [say(f"by.{c}", lang) if f"by.{c}" in MESSAGES else c for c in strata]
    head += [_t("invited", lang), _t("respondents", lang), _t("rate", lang)]
    html = f"<h2 id=\"response\">{_t('response', lang)}</h2>" + _table(head, rows)
    if total is not None:
        t = counts.loc[total]
        words = _t("response_text", lang, invited=_num(t["invited"], 0, lang), respondents=_num(t["respondents"], 0, lang),
                   rate=_pct(t["rate"], lang))
        parts = counts.drop(index=total)
        if len(parts) > 1 and parts["rate"].notna().any():
            low, high = parts["rate"].idxmin(), parts["rate"].idxmax()
            name = " / ".join(named.get(c, {}).get(table.at[low, c], table.at[low, c]) for c in strata)
            top = " / ".join(named.get(c, {}).get(table.at[high, c], table.at[high, c]) for c in strata)
            words += _t("response_low", lang, name=name, rate=_pct(parts.at[low, "rate"], lang), top=top,
                        top_rate=_pct(parts.at[high, "rate"], lang))
        html += _reading(escape(words), lang)
    return html


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
    names = {item: say(f"item.{item}", lang) for item in ("frequency", "reciprocity", "need")}
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
    head = [_t("label", lang)] + list(run.codes)
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
                heat = f"h{_heat_bin(r.mean)}"
                row.append((f"{_num(r.mean, 0, lang)}<small>{r.n}</small>", f"hi {heat}" if r.mean > threshold else heat))
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


#: The heat map's scale in the matrix table: means from HEAT_LOW to HEAT_HIGH in HEAT_BINS
#: shades of cividis (the figure's colour map, readable with any colour vision).
HEAT_LOW, HEAT_HIGH, HEAT_BINS = 40.0, 160.0, 10


def _heat_bin(mean: float) -> int:
    """Shade of a mean: ``floor((mean - 40) / 12)`` clipped to 0..9."""
    step = (HEAT_HIGH - HEAT_LOW) / HEAT_BINS
    return int(min(max((mean - HEAT_LOW) // step, 0), HEAT_BINS - 1))


def _heat_css() -> str:
    from matplotlib import colormaps

    cmap = colormaps["cividis"]
    out = []
    for i in range(HEAT_BINS):
        rgb = cmap((i + 0.5) / HEAT_BINS)[:3]
        hexa = "#" + "".join(f"{round(255 * c):02x}" for c in rgb)
        out.append(f"table.matrix td.h{i} {{ background: {hexa}; color: {text_on(rgb)}; }}")
        out.append(f"table.matrix td.h{i} small {{ color: {text_on(rgb)}; opacity: 0.75; }}")
    return "\n".join(out)


def _explorer(run: RunFolder, lang: str) -> str:
    """The network as inline SVG with its controls: hover for a group's full label,
    cluster and strength or a tie's value and n; zoom; a slider that hides weak ties.
    The script is inline and fetches nothing."""
    nodes = run.nodes.loc[run.nodes["cluster"].notna()].set_index("node")  # groups with no data are not drawn
    if not len(nodes):
        return ""
    width, height, pad = 1000.0, 680.0, 40.0
    x, y = nodes["x"].to_numpy(float), nodes["y"].to_numpy(float)
    span = max(float(np.ptp(x)) / (width - 2 * pad), float(np.ptp(y)) / (height - 2 * pad)) or 1.0

    def at(v: str) -> tuple[float, float]:
        return (pad + (nodes.at[v, "x"] - x.min()) / span, height - pad - (nodes.at[v, "y"] - y.min()) / span)

    colours = cluster_colours(int(nodes["cluster"].max()))
    hexes = ["#" + "".join(f"{round(255 * c):02x}" for c in rgb) for rgb in colours]
    edges = sorted(run.graph.edges(data=True), key=lambda e: e[2]["weight"])
    wmax = max((d["weight"] for _, _, d in edges), default=1.0) or 1.0
    top = float(nodes["strength"].max()) or 1.0
    parts = []
    for a, b, d in edges:
        (x1, y1), (x2, y2) = at(a), at(b)
        share = d["weight"] / wmax
        tip = (f"{a} – {b}: {say('report.weight', lang)} {_num(d['weight'], 1, lang)}, "
               f"{say('head.mean', lang).lower()} {_num(d.get('mean'), 1, lang)}, n = {_num(d.get('n'), 0, lang)}")
        parts.append(
            f'<g class="tie" data-w="{d["weight"]:.6g}" data-tip="{escape(tip)}">'
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#555" '
            f'stroke-opacity="{0.25 + 0.6 * share:.2f}" stroke-width="{0.6 + 5 * share:.2f}"/>'
            f'<line class="hit" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}"/></g>')
    for v, r in nodes.iterrows():
        cx, cy = at(v)
        radius = 9 + 13 * float(r["strength"]) / top
        colour = hexes[int(r["cluster"]) - 1]
        tip = (f"{v} {r['label']} | {say('head.cluster', lang)}: {r['cluster_name']} | "
               f"{say('head.strength', lang)}: {_num(r['strength'], 0, lang)}")
        parts.append(
            f'<g class="node" data-tip="{escape(tip)}" data-code="{escape(v)}"><title>{escape(tip)}</title>'
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{radius:.1f}" fill="{colour}" stroke="#fff" stroke-width="1.5"/>'
            f'<text x="{cx:.1f}" y="{cy + 3.5:.1f}" fill="{text_on(colour)}">{escape(v)}</text></g>')
    step = 10.0 ** np.floor(np.log10(wmax / 100)) if wmax > 0 else 1.0  # about 100 to 1000 stops
    return (
        '<div class="explorer screen-only" id="explorer">'
        f'<p class="hint">{escape(say("report.explore", lang))}</p>'
        f'<div class="controls"><label>{escape(say("report.min_tie", lang))} '
        f'<input type="range" id="min-tie" min="0" max="{np.ceil(wmax / step) * step:g}" step="{step:g}" value="0" '
        f'data-comma="{int(lang == "fi")}"> '
        '<output id="min-tie-value">0</output></label> '
        f'<button type="button" data-zoom="1.25">{escape(say("report.zoom_in", lang))}</button>'
        f'<button type="button" data-zoom="0.8">{escape(say("report.zoom_out", lang))}</button>'
        f'<button type="button" data-zoom="0">{escape(say("report.zoom_reset", lang))}</button></div>'
        f'<svg id="network-svg" viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
        f'aria-label="{escape(say("fig.network", lang))}">{"".join(parts)}</svg>'
        '<div class="tip" id="tip" hidden></div></div>'
    )


_SCRIPT = """
(() => {
  const box = document.getElementById('explorer');
  if (!box) return;
  const svg = box.querySelector('svg'), tip = document.getElementById('tip');
  const full = svg.viewBox.baseVal, home = [full.x, full.y, full.width, full.height];
  let view = home.slice();
  const show = () => svg.setAttribute('viewBox', view.join(' '));
  const zoom = (f, cx, cy) => {
    if (!f) { view = home.slice(); return show(); }
    const w = view[2] / f, h = view[3] / f;
    view = [cx - (cx - view[0]) / f, cy - (cy - view[1]) / f, w, h];
    show();
  };
  const toSvg = (e) => {
    const p = svg.createSVGPoint(); p.x = e.clientX; p.y = e.clientY;
    return p.matrixTransform(svg.getScreenCTM().inverse());
  };
  svg.addEventListener('wheel', (e) => { e.preventDefault(); const p = toSvg(e); zoom(e.deltaY < 0 ? 1.15 : 1 / 1.15, p.x, p.y); },
                       {passive: false});
  box.querySelectorAll('button[data-zoom]').forEach((b) => b.addEventListener('click', () =>
    zoom(parseFloat(b.dataset.zoom), view[0] + view[2] / 2, view[1] + view[3] / 2)));
  let drag = null;
  svg.addEventListener('mousedown', (e) => { drag = toSvg(e); });
  window.addEventListener('mouseup', () => { drag = null; });
  svg.addEventListener('mousemove', (e) => {
    if (drag) { const p = toSvg(e); view[0] -= p.x - drag.x; view[1] -= p.y - drag.y; show(); }
    const hit = e.target.closest('[data-tip]');
    if (!hit) { tip.hidden = true; return; }
    tip.textContent = hit.dataset.tip;
    tip.hidden = false;
    const r = box.getBoundingClientRect();
    tip.style.left = (e.clientX - r.left + 14) + 'px';
    tip.style.top = (e.clientY - r.top + 14) + 'px';
  });
  svg.addEventListener('mouseleave', () => { tip.hidden = true; });
  const slider = document.getElementById('min-tie'), out = document.getElementById('min-tie-value');
  slider.addEventListener('input', () => {
    const v = parseFloat(slider.value);
    out.textContent = slider.dataset.comma === '1' ? slider.value.replace('.', ',') : slider.value;
    box.querySelectorAll('g.tie').forEach((g) => { g.style.display = parseFloat(g.dataset.w) < v ? 'none' : ''; });
  });
})();
"""


def _clusters(run: RunFolder, lang: str) -> str:
    nodes = run.nodes.loc[run.nodes["cluster"].notna()].astype({"cluster": int})  # no data: in the warnings
    stable = "stability" in nodes.columns
    head = [_t("node", lang), _t("label", lang), _t("cluster", lang), _t("strength", lang), _t("participation", lang)]
    head += [say("head.stability", lang)] if stable else []
    rows = []
    for r in nodes.sort_values(["cluster", "strength"], ascending=[True, False], kind="stable").to_dict("records"):
        row = [escape(r["node"]), escape(r["label"]), escape(f"{r['cluster']} {r['cluster_name']}"),
               _cell(_num(r["strength"], 0, lang)), _cell(_num(r["participation"], 2, lang))]
        if stable:
            row.append(_cell(_num(r["stability"], 2, lang), "weak" if r["stability"] < UNSTABLE else ""))
        rows.append(row)
    fig = _explorer(run, lang) + _figure(run, "network", _t("clusters", lang), cls="print-only")
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
                 + _table([say("head.resolution", lang), say("head.clusters", lang), say("head.modularity", lang), "ARI"], rows)
                 + _reading(text, lang))
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
    shown = say(f"by.{by}", lang) if f"by.{by}" in MESSAGES else by
    html = f"<h2 id=\"compare_{escape(by)}\">{escape(_t('compare', lang, by=shown))}</h2>"
    html += _figure(run, f"compare_{by.replace('.', '_')}_networks", _t("compare", lang, by=shown))
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
            group = stem[len(f"compare_{by.replace('.', '_')}_"):].rsplit("_", 1)[0].replace("_", ".")
            html += _figure(run, stem, _t("view", lang, group=group))
    if summary.get("facts"):
        note = comparison_note(summary["facts"], lang, run.parameters.get("compare", {}).get("level_labels"))
        html += f"<p class=\"note\"><em>{_t('method_note', lang)}:</em> {escape(note)}</p>"
    return html


def _scenario_names(scenarios: pd.DataFrame, lang: str) -> list[str]:
    """Display names: the table's ``name_fi``/``name_en``, the catalogue's built-ins, else the id."""
    given = [{lg: r.get(f"name_{lg}") for lg in ("fi", "en") if isinstance(r.get(f"name_{lg}"), str)}
             for r in scenarios.to_dict("records")]
    return [scenario_name(s, lang, g) for s, g in zip(scenarios["scenario"], given)]


def _boundary(run: RunFolder, lang: str) -> str:
    scenarios = run.tables.get("boundary_scenarios")
    if scenarios is None or not len(scenarios):
        return ""
    names = _scenario_names(scenarios, lang)
    has_ci = {"share_ci_low", "share_ci_high"} <= set(scenarios.columns)
    rows = []
    for name, r in zip(names, scenarios.to_dict("records")):
        row = [escape(name), _cell(_pct(r["share"], lang))]
        row += [_cell(f"{_pct(r['share_ci_low'], lang)} … {_pct(r['share_ci_high'], lang)}")] if has_ci else []
        moved = r.get("moved")  # empty cells read back as NaN
        about = r.get(f"description_{lang}", r.get("description")) if r["scenario"] not in ("legislated", "clusters", "optimal") else ""
        row += [_cell(_num(r["cut_ties"], 0, lang)), escape(moved if isinstance(moved, str) else ""),
                escape(about if isinstance(about, str) else "")]
        rows.append(row)
    head = [_t("scenario", lang), _t("share_cut", lang), *([_t("interval", lang)] if has_ci else []), _t("cut_ties", lang),
            _t("moved", lang), _t("description", lang)]
    if scenarios["share"].isna().all():  # no data on one side: no cost to compare (the note says why)
        sides = scenarios["no_data_side"].dropna().unique() if "no_data_side" in scenarios else []
        return (f"<h2 id=\"boundary\">{_t('boundary', lang)}</h2>" + _table(head, rows)
                + _reading(escape("; ".join(no_data_note(str(s), lang) for s in sides)), lang))
    best_at = int(scenarios["share"].to_numpy(float).argmin())
    best, best_name = scenarios.iloc[best_at], names[best_at]
    # Each figure once: the comparison of all scenarios, and the network only for the one
    # that cuts least (the others' networks are in the folder as boundary_network_<id>).
    html = (f"<h2 id=\"boundary\">{_t('boundary', lang)}</h2>" + _figure(run, "boundary_scenarios", _t("boundary", lang))
            + _table(head, rows)
            + _figure(run, f"boundary_network_{best['scenario']}", _t("boundary_network", lang, name=best_name)))
    parts = [f"{escape(n)} {_pct(v, lang)}" for n, v in zip(names, scenarios["share"])]
    moved = best.get("moved")
    moved = moved if isinstance(moved, str) and moved else ""
    if lang == "fi":
        text = (f"Raja katkaisee tästä osuuden ryhmien välisestä integraatiotarpeesta: {_join(parts, lang)}. Vähiten katkaisee "
                f"vaihtoehto {escape(best_name)}" + (f", joka siirtää ryhmät {escape(moved)}." if moved else "."))
    else:
        text = (f"Share of the integration need between groups that each boundary cuts: {_join(parts, lang)}. The "
                f"{escape(best_name)} scenario cuts least" + (f", moving {escape(moved)}." if moved else "."))
    return html + _reading(text, lang) + _by_organiser(run, lang)


def _by_organiser(run: RunFolder, lang: str) -> str:
    """Horizontal against vertical need with the legislated boundary (integration_by_organiser.csv)."""
    table = run.tables.get("integration_by_organiser")
    if table is None:
        return ""
    t = table.loc[table["scenario"] == "legislated"]
    has_ci = "share_ci_low" in t
    name = {o: say(f"organiser.{o}", lang) for o in pd.unique(t[["organiser_a", "organiser_b"]].to_numpy().ravel())}
    rows = [[escape(f"{name[r.organiser_a]} – {name[r.organiser_b]}"), _cell(_num(r.ties, 0, lang)), _cell(_pct(r.share, lang)),
             *([_cell(f"{_pct(r.share_ci_low, lang)} … {_pct(r.share_ci_high, lang)}")] if has_ci else [])]
            for r in t.itertuples() if r.ties > 0]
    head = [_t("organisers", lang), say("head.ties", lang), say("head.share", lang), *([_t("interval", lang)] if has_ci else [])]
    pair = t["organiser_a"] + "|" + t["organiser_b"]
    within = t.loc[pair.isin(["municipality|municipality", "wellbeing_area|wellbeing_area"]), "share"].sum()
    across = t.loc[pair == "municipality|wellbeing_area", "share"].sum()
    external = t.loc[(t["organiser_a"] == "external") | (t["organiser_b"] == "external"), "share"].sum()
    text = escape(say("report.by_organiser_text", lang, within=_pct(within, lang), across=_pct(across, lang),
                      external=_pct(external, lang)))
    return f"<h3 id=\"by_organiser\">{escape(_t('by_organiser', lang))}</h3>" + _table(head, rows) + _reading(text, lang)


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
table.matrix td.rowhead {{ white-space: normal; min-width: 14rem; text-align: left; }}
table.matrix small {{ display: block; color: #888; font-size: 0.7rem; }}
td.hi {{ color: {HIGHLIGHT}; font-weight: bold; background: #fde2e2; }}
td.supp {{ color: #888; }} td.self {{ background: #eee; }} td.weak {{ color: {HIGHLIGHT}; font-weight: bold; }}
figure {{ margin: 1rem 0; }} figure img {{ max-width: 100%; height: auto; }}
figcaption {{ color: #555; font-size: 0.85rem; }}
.reading {{ background: #f6f8fb; border-left: 4px solid #4a78b5; padding: 0.6rem 0.9rem; }}
.note {{ color: #555; font-size: 0.85rem; }}
footer {{ margin-top: 3rem; color: #777; font-size: 0.8rem; }}
table.matrix td.hi {{ outline: 2px solid {HIGHLIGHT}; outline-offset: -2px; }}
table.matrix tbody td.hi, table.matrix tbody td.hi small {{ color: {HIGHLIGHT}; }}
table.matrix tbody td.hi {{ background: #fff; }}
details.appendix {{ margin-top: 3rem; }} details.appendix summary h2 {{ display: inline; border: none; }}
details.appendix summary {{ cursor: pointer; }}
.explorer {{ position: relative; border: 1px solid #ddd; padding: 0.5rem; }}
.explorer svg {{ width: 100%; height: auto; cursor: grab; user-select: none; }}
.explorer .hint {{ margin: 0 0 0.4rem; color: #444; font-size: 0.9rem; }}
.explorer .controls {{ font-size: 0.9rem; margin-bottom: 0.4rem; }}
.explorer .controls button {{ margin-left: 0.4rem; }}
.explorer g.node text {{ font: bold 11px system-ui, sans-serif; text-anchor: middle; pointer-events: none; }}
.explorer line.hit {{ stroke: transparent; stroke-width: 10; }}
.explorer g.tie:hover line:first-child {{ stroke: #000; }}
.explorer .tip {{ position: absolute; background: #fff; border: 1px solid #888; padding: 0.3rem 0.5rem; font-size: 0.85rem;
  max-width: 26rem; pointer-events: none; box-shadow: 0 2px 6px rgba(0,0,0,0.2); }}
.print-only {{ display: none; }}
@page {{ size: A4 landscape; margin: 10mm; }}
@media print {{
  * {{ print-color-adjust: exact; -webkit-print-color-adjust: exact; }}
  body {{ max-width: none; margin: 0; padding: 0; font-size: 9pt; }}
  nav, .screen-only {{ display: none; }} .print-only {{ display: block; }}
  .scroll {{ overflow: visible; }}
  table {{ max-width: 100%; font-size: 8pt; }} thead {{ display: table-header-group; }} tr {{ break-inside: avoid; }}
  th, td {{ overflow-wrap: anywhere; }}
  table.matrix {{ width: 100%; table-layout: fixed; font-size: 6.5pt; }}
  table.matrix th, table.matrix td {{ padding: 1px 2px; }}
  table.matrix th:first-child, table.matrix td.rowhead {{ width: 10rem; min-width: 0; }}
  table.matrix small {{ font-size: 5.5pt; }}
  figure {{ break-inside: avoid; }} figure img {{ max-height: 175mm; }}
  h2 {{ break-after: avoid; }}
}}
"""


def render_report(run: RunFolder, /, *, threshold: float = 140.0) -> str:
    """The report as one HTML string (what :func:`write_report` writes).

    Parameters
    ----------
    run : RunFolder
        From :func:`integraatio.folder.read_run`.
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
        _response(run, lang),
        _reliability(run, lang),
        _matrix(run, lang, threshold),
        _clusters(run, lang),
        _stability(run, lang),
        *(_comparison(run, by, lang, threshold) for by in compared),
        _boundary(run, lang),
        _sensitivity(run, lang),
        _parameters(run, lang),
    ]
    body = "".join(s for s in sections if s)
    heads = re.findall(r'<h2 id="([^"]+)">([^<]+)</h2>', body)
    nav = f'<nav aria-label="{_t("contents", lang)}">' + "".join(f'<a href="#{i}">{t}</a>' for i, t in heads) + "</nav>"
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        # No request may leave the page, not even for a favicon.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src data:; '
        'style-src \'unsafe-inline\'; script-src \'unsafe-inline\'">\n'
        '<link rel="icon" href="data:,">\n'
        f"<title>{_t('title', lang)}</title>\n<style>{_CSS}\n{_heat_css()}</style>\n</head>\n<body>\n"
        f"{_header(run, lang)}\n{nav}\n{body}\n"
        f"<footer>{escape(_t('footer', lang, version=__version__))}</footer>\n<script>{_SCRIPT}</script>\n</body>\n</html>\n"
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
