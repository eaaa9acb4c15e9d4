"""The one catalogue of texts a person reads, in Finnish and English, and the number
formats that go with them.

Every heading, figure title, legend, axis label, sheet name and console message comes
from :data:`MESSAGES` through :func:`text`, so a run with ``lang="fi"`` reads Finnish all
through and one with ``lang="en"`` English. Machine-readable names (CSV columns, file
names, scenario ids) are not here: they stay as docs/contract.md fixes them. Labels of task
groups, clusters and organisations come from the codebook, never from this module.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from .exceptions import UsageError

__all__ = ["LANGS", "MESSAGES", "Message", "check_lang", "comparison_note", "no_data_note", "number", "percent", "said",
           "scenario_description", "scenario_name", "speaking", "spoken", "text", "words"]

#: Languages every entry of the catalogue has.
LANGS = ("fi", "en")

MESSAGES: dict[str, dict[str, str]] = {
    # ------------------------------------------------------------------ figures
    "fig.network": {"fi": "Integraatiotarpeen verkosto", "en": "Integration-need network"},
    "fig.network_measure": {"fi": "Verkosto: {measure}", "en": "Network: {measure}"},
    "fig.cluster_key": {"fi": "Klusteri (solmun väri)", "en": "Cluster (node colour)"},
    "fig.organiser_key": {"fi": "Järjestäjä (solmun väri)", "en": "Organiser (node colour)"},
    "fig.size_key": {"fi": "Yhteyksien vahvuus (solmun koko)", "en": "Strength of ties (node size)"},
    "fig.width_key": {"fi": "Yhteyden paino (viivan leveys)", "en": "Tie weight (line width)"},
    "fig.labels_key": {"fi": "Tehtäväryhmät", "en": "Task groups"},
    "fig.stability": {"fi": "Pysyvyys (bootstrap)", "en": "Bootstrap stability"},
    "fig.coassignment": {"fi": "Samassa klusterissa (osuus otoksista)", "en": "Share of replicates in one cluster"},
    "fig.coassignment_title": {"fi": "Klustereiden pysyvyys: kuinka usein ryhmät ovat samassa klusterissa",
                               "en": "Cluster stability: how often two groups share a cluster"},
    "fig.resolution": {"fi": "Resoluutio (suurempi = pienempiä klustereita)",
                       "en": "Resolution (higher = smaller clusters)"},
    "fig.agreement": {"fi": "Yhtäpitävyys (ARI) / modulaarisuus", "en": "Agreement (ARI) / modularity"},
    "fig.ari": {"fi": "ARI: otokset vs. koko aineisto", "en": "ARI, replicates vs full data"},
    "fig.modularity": {"fi": "Modulaarisuus (resoluutiolla 1)", "en": "Modularity (at resolution 1)"},
    "fig.sweep_title": {"fi": "Resoluution vaikutus klustereihin", "en": "Effect of the resolution on the clusters"},
    "fig.cut": {"fi": "raja katkaisee yhteyden", "en": "tie cut by the boundary"},
    "fig.across": {"fi": "{name}: {share} rajan yli", "en": "{name}: {share} across the boundary"},
    "fig.costs_axis": {"fi": "rajan katkaisema osuus integraatiotarpeesta (%)",
                       "en": "share of integration need cut by the boundary (%)"},
    "fig.costs_title": {"fi": "Rajan vaihtoehdot: katkaistu osuus", "en": "Boundary scenarios: share cut"},
    "fig.need_axis": {"fi": "integraatiotarve (keskiarvo)", "en": "integration need (mean)"},
    "fig.higher": {"fi": "korkeampi: {name}", "en": "higher in {name}"},
    "fig.heatmap_title": {"fi": "Tehtäväryhmien matriisi: integraatiotarpeen keskiarvot",
                          "en": "Task-group matrix: mean integration need"},
    "fig.heatmap_rows": {"fi": "vastaajan oma tehtäväryhmä", "en": "respondents' own task group"},
    "fig.heatmap_cols": {"fi": "arvioitu tehtäväryhmä", "en": "task group rated"},
    "fig.heatmap_bar": {"fi": "integraatiotarve (keskiarvo 100, keskihajonta 40)",
                        "en": "integration need (mean 100, SD 40)"},
    "fig.over": {"fi": "yli {threshold}", "en": "above {threshold}"},
    "fig.suppressed": {"fi": "tyhjä = alle {min_n} arviota", "en": "blank = fewer than {min_n} ratings"},
    "fig.compare_title": {"fi": "Verkostot ryhmittäin: {by}", "en": "Networks by group: {by}"},
    # ------------------------------------------------------------------ the comparison's method note
    "note.test": {"fi": "Permutaatiotesti, yksikkönä {unit}: {how}, {units} {members} ({composition}). Pienin mahdollinen p on {p_min}.",
                  "en": "Permutation test by {unit}: {how} of {units} {members} ({composition}). The smallest attainable p is {p_min}."},
    "note.exact": {"fi": "kaikki {n} uudelleenjakoa (tarkka)", "en": "all {n} relabellings (exact)"},
    "note.sampled": {"fi": "{n} satunnaista uudelleenjakoa (otanta)", "en": "{n} random relabellings (sampled)"},
    "note.unit.municipality": {"fi": "kunta", "en": "municipality"},
    "note.unit.respondent": {"fi": "vastaaja", "en": "respondent"},
    "note.members.municipality": {"fi": "kuntaa", "en": "municipalities"},
    "note.members.respondent": {"fi": "vastaajaa", "en": "respondents"},
    "note.untested": {"fi": "Yhdessäkään solussa ei ole kaikissa ryhmissä tarpeeksi arvioita testattavaksi.",
                      "en": "No cell has enough ratings in every group to be tested."},
    "note.tested": {"fi": "Testattuja soluja {tested}; Benjamini-Hochbergin korjauksella solu saavuttaa q < {alpha} vain, jos",
                    "en": "{tested} cells tested; with Benjamini-Hochberg a cell reaches q < {alpha} only if"},
    "note.tested_one": {"fi": "Testattuja soluja 1; Benjamini-Hochbergin korjauksella solu saavuttaa q < {alpha} vain, jos",
                        "en": "1 cell tested; with Benjamini-Hochberg a cell reaches q < {alpha} only if"},
    "note.alone": {"fi": "se yksin saavuttaa pienimmän p:n.", "en": "it alone reaches the smallest p."},
    "note.shared": {"fi": "vähintään {needed} solua saa pienimmän p:n.", "en": "at least {needed} cells share the smallest p."},
    "note.descriptive": {"fi": "Lue solukohtaiset erot kuvailevina, älä merkitsevinä löydöksinä.",
                         "en": "Read the per-cell differences as descriptive, not as significant findings."},
    "note.nested": {"fi": "Vastaajat permutoitiin yksitellen, vaikka he ovat kuntien sisällä: p-arvot ovat liian pieniä, jos kunnat eroavat toisistaan.",
                    "en": "Respondents were permuted one by one, ignoring that they are nested in municipalities: p-values are too small if municipalities differ."},
    "note.found": {"fi": "Soluja, joissa q < {alpha}: {discoveries}/{tested}.", "en": "{discoveries} of {tested} cells have q < {alpha}."},
    # ------------------------------------------------------------------ organisers and scenarios
    "organiser.municipality": {"fi": "kunta", "en": "municipality"},
    "organiser.wellbeing_area": {"fi": "hyvinvointialue", "en": "wellbeing services county"},
    "organiser.external": {"fi": "ulkopuolinen toimija", "en": "external actor"},
    "scenario.legislated": {"fi": "lain mukainen", "en": "legislated"},
    "scenario.clusters": {"fi": "klusterien mukainen", "en": "by clusters"},
    "scenario.optimal": {"fi": "edullisin", "en": "optimal"},
    "scenario.clusters_new": {"fi": "uuden kierroksen klusterien mukainen", "en": "by the new wave's clusters"},
    "scenario.optimal_new": {"fi": "uuden kierroksen edullisin", "en": "the new wave's optimal"},
    "scenario_about.legislated": {"fi": "jokainen ryhmä sillä järjestäjällä, jonka koodikirja sille antaa",
                                  "en": "each group with the organiser the codebook gives it"},
    "scenario_about.clusters": {"fi": "jokainen klusteri sillä järjestäjällä, jolle lain mukaan kuuluu suurin osa sen ryhmistä",
                                "en": "each cluster with the organiser most of its groups have by law"},
    "scenario_about.optimal": {"fi": "raja, joka katkaisee vähiten integraatiotarvetta asetusten ehdoilla",
                               "en": "the boundary that cuts the least integration need under the settings' constraints"},
    # ------------------------------------------------------------------ report
    "report.title": {"fi": "Integraatiotarve: tulokset", "en": "Integration need: results"},
    "report.lead": {
        "fi": "{respondents} vastaajaa, {read} arviota luettu, {scored} pisteytetty ja {excluded} jätetty pois "
              "(syyt: exclusions.csv). Aineisto: {file} (SHA-256 {sha}…).",
        "en": "{respondents} respondents, {read} ratings read, {scored} scored and {excluded} excluded "
              "(reasons: exclusions.csv). Input: {file} (SHA-256 {sha}…).",
    },
    "report.contents": {"fi": "Sisältö", "en": "Contents"},
    "report.summary": {"fi": "Tiivistelmä", "en": "Summary"},
    "report.synthetic": {
        "fi": "Aineisto on synteettinen: toolkitin mukana toimitettu harjoitusaineisto, joka jäljittelee Kuntaliiton "
              "vuoden 2020 kyselyn asetelmaa. Tulokset eivät kuvaa yhtäkään todellista kuntaa.",
        "en": "The data are synthetic: the practice survey shipped with the toolkit, made to the design of "
              "Kuntaliitto's 2020 survey. The results describe no real municipality.",
    },
    "summary.clusters": {"fi": "Tehtäväryhmät jakautuvat {k} klusteriin: {parts}.",
                         "en": "The task groups fall into {k} clusters: {parts}."},
    "summary.clusters_sure": {
        "fi": "Varmuus: {share} bootstrap-toistoista tuotti täsmälleen samat klusterit (keskimääräinen ARI {ari}).",
        "en": "How sure: {share} of the bootstrap replicates gave exactly the same clusters (mean ARI {ari}).",
    },
    "summary.clusters_weak": {"fi": " Epävarmin paikka on ryhmillä {groups}.", "en": " Least certain: {groups}."},
    "summary.clusters_unsure": {"fi": "Varmuutta ei arvioitu: aja uudelleen valitsimella --bootstrap 200.",
                                "en": "How sure was not assessed: rerun with --bootstrap 200."},
    "summary.boundary": {
        "fi": "Lain mukainen raja katkaisee {share} ryhmien välisestä integraatiotarpeesta; vähiten katkaisee "
              "vaihtoehto ”{best}”: {best_share}.",
        "en": "The legislated boundary cuts {share} of the integration need between groups; the {best} scenario cuts "
              "least: {best_share}.",
    },
    "summary.boundary_sure": {"fi": "Varmuus: 95 %:n luottamusvälit {legislated} ja {best}.",
                              "en": "How sure: 95% intervals {legislated} and {best}."},
    "summary.compare": {
        "fi": "Vertailu ({by}): ryhmien klusterit vastaavat toisiaan (ARI {ari}). Solujen keskiarvoista {found}/{tested} "
              "eroaa tilastollisesti merkitsevästi (q < 0,05).",
        "en": "Comparison by {by}: the groups' clusters agree with an ARI of {ari}. {found} of {tested} cell means differ "
              "significantly (q < 0.05).",
    },
    "summary.compare_cells": {
        "fi": "Vertailu ({by}): solujen keskiarvoista {found}/{tested} eroaa tilastollisesti merkitsevästi (q < 0,05).",
        "en": "Comparison by {by}: {found} of {tested} cell means differ significantly (q < 0.05).",
    },
    "summary.compare_sure": {
        "fi": "Varmuus: klusterien eron permutaatiotestin p = {p}; pienin solun p-arvo, joka on ylipäätään mahdollinen, "
              "on {p_min}.",
        "en": "How sure: the permutation test of the clusters gives p = {p}; the smallest p any cell can reach is {p_min}.",
    },
    "summary.warnings": {"fi": "Tuloksiin vaikuttavia huomioita on {n}: ks. alla.",
                         "en": "{n} warning(s) that may change the results: see below."},
    "report.parameters": {"fi": "Liite: ajon asetukset", "en": "Appendix: settings of the run"},
    "report.parameters_text": {
        "fi": "Samoilla asetuksilla ja samalla siemenluvulla saadaan tavu tavulta samat tulokset (manifest.json).",
        "en": "The same settings and seed give the same results, byte for byte (manifest.json).",
    },
    "report.show_parameters": {"fi": "Näytä asetukset", "en": "Show the settings"},
    "report.packages": {"fi": "Ohjelmistoversiot", "en": "Package versions"},
    "report.response": {"fi": "Vastausaste", "en": "Response"},
    "report.response_text": {
        "fi": "Kutsuttuja {invited}, vastanneita {respondents}: vastausaste {rate}.",
        "en": "{invited} invited, {respondents} answered: a response rate of {rate}.",
    },
    "report.response_low": {
        "fi": " Matalin vastausaste: {name} ({rate}); korkein: {top} ({top_rate}).",
        "en": " The lowest rate is in {name} ({rate}), the highest in {top} ({top_rate}).",
    },
    "report.total": {"fi": "Yhteensä", "en": "Total"},
    "report.invited": {"fi": "Kutsuttuja", "en": "Invited"},
    "report.respondents": {"fi": "Vastanneita", "en": "Answered"},
    "report.rate": {"fi": "Vastausaste", "en": "Rate"},
    "report.reliability": {"fi": "Yhdistelmämuuttujan luotettavuus", "en": "Reliability of the composite"},
    "report.matrix": {"fi": "Tehtäväryhmien matriisi", "en": "Task-group matrix"},
    "report.matrix_text": {
        "fi": "Rivi: vastaajan oma tehtäväryhmä; sarake: arvioitu ryhmä. Solussa integraatiotarpeen keskiarvo "
              "ja pienellä arvioiden määrä n. Indeksin keskiarvo 100 ja keskihajonta 40 koskevat vastaajien kaikkia "
              "arvioita (piste on 1/40 tästä hajonnasta; yhden solun arviot vaihtelevat vähemmän); vastaukset 1–5 "
              "käsitellään tasavälisinä, ja ”en osaa sanoa” -vastaukset jätetään puuttuvina pois. Luottamusvälit "
              "koskevat tutkittujen organisaatioiden tehtävänhoitajia, eivät laajempaa organisaatioiden joukkoa. "
              "Yli {thr} punaisella; {mark} = alle {min_n} arviota, ei julkaista.",
        "en": "Row: the respondents' own task group; column: the group rated. Each cell shows the mean integration "
              "need and, small, the number of ratings n. The index's mean 100 and SD 40 are those of all the "
              "respondents' ratings (a point is 1/40 of that SD; ratings within one cell vary less); the 1-5 answers "
              "are treated as equally spaced, and \"can't say\" answers are left out as missing. The intervals "
              "describe the task holders of the surveyed organisations, not a wider population of organisations. "
              "Above {thr} in red; {mark} = fewer than {min_n} ratings, not published.",
    },
    "report.heatmap": {"fi": "Matriisi lämpökarttana", "en": "The matrix as a heat map"},
    "report.clusters": {"fi": "Klusterit", "en": "Clusters"},
    "report.thin_note": {
        "fi": "Ryhmien {groups} omat arviot jäävät julkaisematta (alle {min_n} vastaajaa): niiden osallistumiskerrointa "
              "ja pysyvyyttä ei voi tulkita, koska ne perustuvat vain muiden ryhmien arvioihin niistä.",
        "en": "The own ratings of {groups} are not published (fewer than {min_n} respondents): their participation and "
              "stability cannot be interpreted, as they rest only on the other groups' ratings of them.",
    },
    "report.explore": {
        "fi": "Vie osoitin solmun tai yhteyden päälle: näet ryhmän koko nimen, klusterin ja vahvuuden tai "
              "yhteyden arvon ja arvioiden määrän. Rullalla tai painikkeilla lähennät; liukusäädin piilottaa "
              "heikot yhteydet.",
        "en": "Point at a node or a tie to see the group's full name, cluster and strength, or the tie's value "
              "and number of ratings. Zoom with the wheel or the buttons; the slider hides weak ties.",
    },
    "report.min_tie": {"fi": "Näytä yhteydet, joiden paino on vähintään", "en": "Show ties weighing at least"},
    "report.zoom_in": {"fi": "Lähennä", "en": "Zoom in"},
    "report.zoom_out": {"fi": "Loitonna", "en": "Zoom out"},
    "report.zoom_reset": {"fi": "Palauta", "en": "Reset"},
    "report.tie": {"fi": "yhteys", "en": "tie"},
    "report.weight": {"fi": "paino", "en": "weight"},
    "report.stability": {"fi": "Klustereiden pysyvyys (bootstrap)", "en": "Stability of the clusters (bootstrap)"},
    "report.sweep": {"fi": "Resoluution vaikutus", "en": "Effect of the resolution"},
    "report.compare": {"fi": "Ryhmien vertailu: {by}", "en": "Comparison of groups: {by}"},
    "report.boundary": {"fi": "Rajan vaihtoehdot", "en": "Boundary scenarios"},
    "report.boundary_network": {"fi": "Verkosto ja raja: {name}", "en": "Network and boundary: {name}"},
    "report.weighted": {"fi": "Tulokset on painotettu ({source}): solun keskiarvo on painotettu, n on arvioiden määrä "
                                "ja n_eff efektiivinen koko. Painot {low}–{high}, asetelmavaikutus {deff}. Indeksi "
                                "pysyy vastaajien asteikolla: 100 on vastaajien arvioiden keskiarvo ja 140 keskihajonnan "
                                "verran sen yläpuolella, ei painotetun perusjoukon.",
                         "en": "The results are weighted ({source}): a cell's mean is weighted, n is the number of "
                               "ratings and n_eff the effective size. Weights {low} to {high}, design effect {deff}. "
                               "The index keeps the respondents' scale: 100 is the respondents' mean rating and 140 "
                               "one SD above it, not the weighted population's."},
    "report.cant_say": {
        "fi": "Kun ”en osaa sanoa” pisteytetään alimmaksi vastaukseksi puuttuvan sijaan ({ratings} pisteytettyä arviota "
              "{ratings_full}:n sijaan), klusterit vastaavat nykyisiä ARI:lla {ari}; ryhmiä vaihtaa klusteria: {moved}.",
        "en": "Scoring \"can't say\" as the lowest answer instead of missing ({ratings} ratings scored instead of "
              "{ratings_full}), the clusters agree with these at ARI {ari}; groups that change cluster: {moved}.",
    },
    "report.cant_say_boundary": {
        "fi": " Raja {scenario} katkaisee silloin {share} integraatiotarpeesta ({share_full} ilman sitä).",
        "en": " The boundary {scenario} then cuts {share} of the integration need ({share_full} without it).",
    },
    "report.none": {"fi": "ei yhtään", "en": "none"},
    "report.by_organiser": {"fi": "Horisontaalinen vai vertikaalinen integraatiotarve?", "en": "Horizontal or vertical integration need?"},
    "report.organisers": {"fi": "Järjestäjät", "en": "Organisers"},
    "report.by_organiser_text": {
        "fi": "Lakisääteisellä rajalla {within} ryhmien välisestä integraatiotarpeesta on saman järjestäjän sisällä "
              "(kunnassa tai hyvinvointialueella), {across} kunnan ja hyvinvointialueen välillä ja {external} "
              "ulkopuolisten toimijoiden kanssa.",
        "en": "With the legislated boundary, {within} of the integration need between groups lies within one "
              "organiser (the municipality or the wellbeing area), {across} between the municipality and the "
              "wellbeing area, and {external} with external actors.",
    },
    "report.sensitivity": {"fi": "Herkkyystarkastelu: {name}", "en": "Sensitivity rerun: {name}"},
    "report.reading": {"fi": "Tulkinta", "en": "Reading"},
    "report.warnings": {"fi": "Huomioita, jotka voivat muuttaa tuloksia", "en": "Warnings that may change the results"},
    "report.method_note": {"fi": "Menetelmähuomautus (englanniksi)", "en": "Method note"},
    "report.footer": {
        "fi": "Tehty integraatio {version} -ohjelmalla. Tiedostoissa luvut ovat julkaisutarkkuudella; tässä ne on pyöristetty karkeammin.",
        "en": "Made with integraatio {version}. The files hold the numbers at their published precision; here they are rounded further.",
    },
    "report.view": {"fi": "Ryhmän {group} näkymä", "en": "View of group {group}"},
    # column headings
    "report.share_cut": {"fi": "Katkaistu osuus", "en": "Share cut"},
    "report.pair": {"fi": "Solu", "en": "Cell"},
    "report.interval": {"fi": "95 %:n luottamusväli", "en": "95 % interval"},
    "item.frequency": {"fi": "yhteistyön tiheys", "en": "frequency"},
    "item.reciprocity": {"fi": "vastavuoroisuus", "en": "reciprocity"},
    "item.need": {"fi": "yhteistyön tarve", "en": "need"},
    "measure.composite": {"fi": "integraatiotarve", "en": "integration need"},
    "measure.frequency": {"fi": "yhteistyön tiheys", "en": "frequency of cooperation"},
    "measure.reciprocity": {"fi": "vastavuoroisuus", "en": "reciprocity"},
    "measure.need": {"fi": "yhteistyön tarve", "en": "need for cooperation"},
    # ------------------------------------------------------------------ console
    "cli.read": {
        "fi": "Luettiin {ratings} arviota {respondents} vastaajalta; pisteytettiin {scored}, jätettiin pois {excluded} "
              "(ks. exclusions.csv). Cronbachin alfa {alpha}.",
        "en": "Read {ratings} ratings from {respondents} respondents; scored {scored}, excluded {excluded} "
              "(see exclusions.csv). Cronbach's alpha {alpha}.",
    },
    "cli.cluster": {"fi": "Klusteri {k} ({name}): {members}", "en": "Cluster {k} ({name}): {members}"},
    "cli.bootstrap": {
        "fi": "Bootstrap ({replicates} toistoa, {engine}): {share} toistoista tuottaa täsmälleen samat klusterit, "
              "keskimääräinen ARI {ari}; epävarmimmat: {weakest}.",
        "en": "Bootstrap ({replicates} replicates, {engine}): {share} reproduce the clusters exactly, mean ARI {ari}; "
              "least stable: {weakest}.",
    },
    "cli.sweep": {"fi": "Resoluutio {resolution}: {k} klusteria, modulaarisuus {q}, keskimääräinen ARI {ari}",
                  "en": "Resolution {resolution}: {k} clusters, modularity {q}, mean ARI {ari}"},
    "cli.boundary": {"fi": "{name}: raja katkaisee {share} ryhmien välisestä integraatiotarpeesta{ci}{moved}",
                     "en": "Boundary {name}: cuts {share} of the integration need{ci}{moved}"},
    "cli.ci": {"fi": " ({level}:n luottamusväli {low}–{high} %)", "en": " ({level} CI {low}% to {high}%)"},
    "cli.no_cost": {"fi": "{name}: rajalle ei voi laskea osuutta, koska {note}", "en": "Boundary {name}: no cost, {note}"},
    "warn.engine_fallback": {
        "fi": "igraph-kirjastoa ei voitu ladata, joten klusterit laskettiin {engine}-moottorilla eikä Leiden-"
              "algoritmilla: klusterit ja niiden pysyvyys voivat poiketa julkaistuista tuloksista. Asenna igraph "
              "uudelleen (pip install igraph).",
        "en": "igraph could not be loaded, so the clusters were found with the {engine} engine instead of Leiden: "
              "the clusters and their stability may differ from the published results. Reinstall igraph "
              "(pip install igraph).",
    },
    "warn.thin_group": {
        "fi": "Ryhmältä {groups} on alle {min_n} vastaajaa: sen omat arviot jäävät julkaisematta, ja sen paikka "
              "klustereissa ja rooli siltana perustuvat vain muiden ryhmien arvioihin siitä. Sen klusteria, "
              "pysyvyyttä ja siltaroolia ei voi tulkita ryhmän omaksi näkemykseksi.",
        "en": "Group {groups} has fewer than {min_n} respondents: its own ratings are not published, and its place "
              "in the clusters and its role as a bridge rest only on the other groups' ratings of it. Its cluster, "
              "stability and bridging cannot be read as the group's own view.",
    },
    "warn.thin_groups": {
        "fi": "Ryhmiltä {groups} on kultakin alle {min_n} vastaajaa: niiden omat arviot jäävät julkaisematta, ja "
              "niiden paikka klustereissa ja rooli siltana perustuvat vain muiden ryhmien arvioihin niistä. Niiden "
              "klusteria, pysyvyyttä ja siltaroolia ei voi tulkita ryhmien omaksi näkemykseksi.",
        "en": "Groups {groups} each have fewer than {min_n} respondents: their own ratings are not published, and "
              "their place in the clusters and their role as bridges rest only on the other groups' ratings of "
              "them. Their cluster, stability and bridging cannot be read as the groups' own view.",
    },
    "warn.few_strata": {
        "fi": "{n} julkaistun solun painotettu keskiarvo perustuu alle {min} painotusositteen (organisaation) "
              "vastauksiin, joten se on yhden tai kahden organisaation näkemys, vaikka se edustaa useampia "
              "kutsuttuja: {cells}.",
        "en": "{n} published cell(s) have a weighted mean that rests on fewer than {min} weighting strata "
              "(organisations), so it is one or two organisations' view however many invited it stands for: {cells}.",
    },
    "warn.without_respondents": {
        "fi": "{share} % kutsutuista ({invited}/{total}) on ositteissa, joista ei vastannut kukaan: {strata}. Vastaukset "
              "eivät kerro heistä mitään, eivätkä painot voi edustaa heitä; tulokset koskevat muita ositteita.",
        "en": "{share}% of the invited ({invited} of {total}) are in strata without a single respondent: {strata}. "
              "The answers say nothing of them and no weight can stand for them; the results describe the other strata.",
    },
    "warn.no_data": {"fi": "{n} ryhmältä ei ole yhtään pisteytettyä arviota, joten ne jäävät pois klustereista, kuvasta ja "
                            "rajan kustannuksista (ei aineistoa): {groups}",
                     "en": "{n} group(s) have no scored rating, so they are left out of the clusters, the layout and the "
                           "boundary costs (no data): {groups}"},
    "warn.clusters_not_compared": {"fi": "ryhmien klustereita ei verrattu: {error}", "en": "clusters not compared: {error}"},
    "verify.no_manifest": {
        "fi": "{manifest} puuttuu: {folder} ei ole integraatio-ohjelman tuloskansio, tai sen ajo ei päättynyt.",
        "en": "{manifest} not found: {folder} is not an integraatio output folder, or its run did not finish.",
    },
    "verify.bad_manifest": {"fi": "{manifest} ei ole luettavissa tai siitä puuttuu tiedostoluettelo ({error}): ajo ei päättynyt.",
                            "en": "{manifest} is unreadable or has no file list ({error}): the run did not finish."},
    "verify.missing": {"fi": "{file}: mainitaan manifestissa, mutta puuttuu.", "en": "{file}: listed in the manifest but missing."},
    "verify.size": {"fi": "{file}: {size} tavua, manifestin mukaan {listed}.",
                    "en": "{file}: {size} bytes, the manifest says {listed}."},
    "verify.sha256": {"fi": "{file}: SHA-256-tiiviste eroaa manifestin tiivisteestä.",
                      "en": "{file}: its SHA-256 differs from the manifest's."},
    "verify.complete": {"fi": "{folder}: kansio on kokonainen, ja jokainen tiedosto vastaa manifest.json-tiedostoa.",
                        "en": "{folder}: complete, every file matches manifest.json."},
    "verify.problems": {"fi": "{folder}: ongelmia {n}; aja analyysi kansioon uudelleen.",
                        "en": "{folder}: {n} problem(s); rerun the analysis into it."},
    "validate.valid": {"fi": "{file}: kunnossa ({layout}, {respondents} vastaajaa, {ratings} arviota).",
                       "en": "{file}: valid ({layout} layout, {respondents} respondents, {ratings} ratings)."},
    "validate.problems": {"fi": "Ongelmat tiedostossa {file} ({n}):", "en": "{n} problem(s) in {file}:"},
    "validate.wrote": {"fi": "Ongelmat ({n}) kirjoitettiin tiedostoon {file}.", "en": "Wrote {n} problem(s) to {file}."},
    "cli.to_folder": {"fi": " kansioon {folder}", "en": " to {folder}"},
    "cli.interrupted": {"fi": "keskeytettiin; mitään ei kirjoitettu{where}.", "en": "interrupted; nothing was written{where}."},
    "cli.out_of_memory": {
        "fi": "muisti loppui. Pienennä valitsimien --bootstrap, --permutations tai --sweep-replicates arvoa tai vapauta "
              "muistia.",
        "en": "out of memory. Reduce --bootstrap, --permutations or --sweep-replicates, or free memory.",
    },
    "cli.cannot_use": {
        "fi": "tiedostoa tai kansiota{name} ei voi käyttää: {error}. Tarkista, että kansio on olemassa, siihen voi "
              "kirjoittaa ja levyllä on tilaa; mitään ei kirjoitettu{where}.",
        "en": "cannot use{name}: {error}. Check that the folder exists, is writable and has space; nothing was "
              "written{where}.",
    },
    "cli.cannot_write_problems": {
        "fi": "tiedostoon {file} ei voi kirjoittaa: {error}. Anna valitsimelle --problems tiedosto, johon voi kirjoittaa.",
        "en": "cannot write {file}: {error}. Choose a writable file for --problems.",
    },
    "cli.key_in_process_list": {
        "fi": "--pseudonym-key näyttää avaimen prosessiluettelossa, josta jokainen koneen käyttäjä voi lukea sen. Kirjoita "
              "avain tiedostoon ja anna --pseudonym-key-file TIEDOSTO tai aseta {env}.",
        "en": "--pseudonym-key puts the key in the process list, where every user of the machine can read it. Put it in "
              "a file and pass --pseudonym-key-file FILE, or set {env}.",
    },
    "cli.key_file_empty": {
        "fi": "--pseudonym-key-file {file} on tyhjä; kirjoita siihen avain komennolla `integraatio key > {file}`.",
        "en": "--pseudonym-key-file {file} is empty; write a key into it with `integraatio key > {file}`.",
    },
    "cli.not_numbers": {"fi": "odotettiin pilkuin eroteltuja lukuja, esim. 0.5,1,2; saatiin {text!r}.",
                        "en": "expected comma-separated numbers such as 0.5,1,2; got {text!r}."},
    "cli.not_whole_numbers": {"fi": "odotettiin pilkuin eroteltuja kokonaislukuja, esim. 5,10,20; saatiin {text!r}.",
                              "en": "expected comma-separated whole numbers such as 5,10,20; got {text!r}."},
    "cli.waves_population": {
        "fi": "--waves arpoo molemmat kierrokset asetelman perusjoukosta: jätä pois --invited, --organisations ja --signal.",
        "en": "--waves draws both waves from the design's population: leave out --invited, --organisations and --signal.",
    },
    "cli.synth_wrote": {"fi": "Kirjoitettiin {answered} vastaajaa {invited} kutsutusta ({rate}) kansioon {out}/",
                        "en": "Wrote {answered} respondents of {invited} invited ({rate}) to {out}/"},
    "cli.note": {"fi": "huomautus", "en": "note"},
    "cli.warning": {"fi": "varoitus", "en": "warning"},
    "cli.error": {"fi": "virhe", "en": "error"},
    # ------------------------------------------------------------------ what the survey reader notices
    # (notes and warnings; each stays a Message until shown or written in the run's language)
    "read.sheet": {"fi": "luettiin välilehti {sheet!r}; työkirjassa {file} on {sheets} välilehteä",
                   "en": "read the sheet {sheet!r} of {sheets} in {file}"},
    "read.hidden_sheets": {"fi": "piilotettuja välilehtiä ei luettu: {sheets}; nimeä välilehti (--sheet), jos se pitää lukea",
                           "en": "hidden sheet(s) not read: {sheets}; name a sheet with --sheet to read it"},
    "read.hidden_columns": {
        "fi": "välilehden {sheet!r} piilotetut sarakkeet luetaan kuten muutkin ({n}): {columns}; jos saraketta ei "
              "pidä lukea, poista se tai lisää se koodikirjan [wide]-taulukon drop-luetteloon",
        "en": "{n} hidden column(s) of the sheet {sheet!r} are read like the others: {columns}; delete a column, or "
              "list it in the codebook's [wide] drop, if it should not be read",
    },
    "read.merged": {
        "fi": "yhdistetyt solut luetaan niin, että ensimmäisen solun arvo koskee jokaista niiden riviä (alueita {n}): "
              "{ranges}; jos rivit eivät jaa samaa arvoa, pura solujen yhdistäminen ja kirjoita kunkin rivin oma arvo",
        "en": "{n} merged range(s) are read as their first cell's value in each of their rows: {ranges}; if the rows "
              "do not share that value, unmerge the cells and enter each row's own value",
    },
    "read.merged_header": {"fi": "otsikkorivien yhdistetyt solut luetaan ensimmäisen solunsa tekstinä: {ranges}",
                           "en": "merged header cells are read as their first cell's text: {ranges}"},
    "read.title_rows": {
        "fi": "otsikkorivin (rivi {header}) yläpuolella olevat rivit {rows} ovat otsikoita eivätkä vastauksia, eikä "
              "niitä lueta: {title!r}",
        "en": "row(s) {rows} above the header (row {header}) are titles, not answers, and are not read: {title!r}",
    },
    "read.header_combined": {
        "fi": "kaksi otsikkoriviä luetaan yhtenä: rivin {question} kysymys ja rivin {labels} rivin nimi, esim. {example!r}",
        "en": "the two header rows are read as one: the question of row {question} and the row label of row {labels}, "
              "e.g. {example!r}",
    },
    "read.user_missing_one": {
        "fi": "yhdessä solussa on SPSS-tiedoston käyttäjän määrittelemä puuttuvan tiedon koodi: se luetaan puuttuvaksi",
        "en": "1 cell holds a user-missing code of the SPSS file: read as missing",
    },
    "read.user_missing": {
        "fi": "{n} solussa on SPSS-tiedoston käyttäjän määrittelemä puuttuvan tiedon koodi: ne luetaan puuttuviksi",
        "en": "{n} cells hold a user-missing code of the SPSS file: read as missing",
    },
    "read.labels_moved": {
        "fi": "SPSS-tiedoston {n} sarakkeen ({item}) arvoselitteet numeroivat vastaukset toisin kuin koodikirja "
              "({example}): vastaukset luetaan selitteiden merkityksen mukaan, ei numeroina",
        "en": "the SPSS value labels of {n} {item} column(s) number the answers otherwise than the codebook "
              "({example}): the answers are read by their labels' meaning, not as numbers",
    },
    "read.labels_unchecked": {
        "fi": "SPSS-tiedoston arvoselitteet ({item}): {low} ja {high}; koodikirjassa ei ole muuttujan {item} "
              "vastausvaihtoehtojen tekstejä ([scale] labels), joten asteikon suuntaa ei tarkistettu: varmista, että "
              "{top} tarkoittaa eniten, ja lisää tekstit koodikirjaan",
        "en": "the SPSS value labels of {item} say {low} and {high}; the codebook has no answer texts of {item} "
              "([scale] labels) to check the scale's direction against: make sure that {top} means the most, and add "
              "the texts to the codebook",
    },
    "read.row_column": {"fi": "aineiston sarake `row` korvataan tiedoston rivinumeroilla",
                        "en": "the input's `row` column is replaced by the row numbers of the file"},
    "read.no_header": {"fi": "sarakkeella {column} ei ole otsikkoa; se luetaan nimellä {name!r}",
                       "en": "column {column} has no header; it is read as {name!r}"},
    "read.numeric_codes": {
        "fi": "sarakkeen {name} soluista {n} sisältää lukuja eikä tekstiä: luvuksi tallennettu koodi menettää "
              "loppunollansa (2.10 luetaan muodossa 2.1); tallenna ryhmäkoodit tekstinä",
        "en": "{n} {name} cells hold numbers, not text: a code typed as a number loses its trailing zero "
              "(2.10 reads as 2.1); store the group codes as text",
    },
    "read.repeated": {
        "fi": "sarakkeen nimi {name!r} toistuu tiedoston {file} otsikkorivillä (sarakkeet {first} ja {column}): "
              "vain sarake {first} luetaan, ja sarakkeen {column} solut luetellaan tiedostossa exclusions.csv; "
              "nimeä sarake uudelleen, jos siinä on muita vastauksia, tai lisää se koodikirjan [wide]-taulukon "
              "drop-luetteloon",
        "en": "column name {name!r} is repeated in the header of {file} (columns {first} and {column}): only column "
              "{first} is read, and the cells of column {column} are listed in exclusions.csv; rename the column if "
              "it holds other answers, or list it in the codebook's [wide] drop",
    },
    "read.identifying_one": {
        "fi": "pudotettiin yksi sarake, josta henkilön voi tunnistaa: {listed}; sitä ei lueta eikä se päädy mihinkään "
              "tulokseen (jos sarake halutaan lukea, lisää se koodikirjan [privacy]-taulukon keep-luetteloon)",
        "en": "dropped 1 column that identifies a person: {listed}; they are not read and reach no output (list a "
              "column in the codebook's [privacy] keep to read it)",
    },
    "read.identifying": {
        "fi": "pudotettiin {n} saraketta, joista henkilön voi tunnistaa: {listed}; niitä ei lueta eivätkä ne päädy "
              "mihinkään tulokseen (jos sarake halutaan lukea, lisää se koodikirjan [privacy]-taulukon keep-luetteloon)",
        "en": "dropped {n} columns that identify a person: {listed}; they are not read and reach no output (list a "
              "column in the codebook's [privacy] keep to read it)",
    },
    "read.left_out": {
        "fi": "jätettiin pois keskeneräisiä vastauksia: {n} ({why}); niiden solut luetellaan tiedostossa "
              "exclusions.csv{hint}",
        "en": "left out {n} incomplete response(s) ({why}); their cells are listed in exclusions.csv{hint}",
    },
    "read.resubmissions_dropped": {
        "fi": "jätettiin pois uudelleen lähetettyjä vastauksia: {n} (samat vastaukset kuin aiemmalla vastauksella "
              "toisella vastaajatunnuksella; rivi = aiempi rivi: {rows}); niiden solut luetellaan tiedostossa "
              "exclusions.csv (--resubmissions keep lukee ne, stop pysäyttää ajon)",
        "en": "left out {n} resubmitted response(s) (the same answers as an earlier response under another "
              "respondent_id; row = earlier row: {rows}); their cells are listed in exclusions.csv (--resubmissions "
              "keep reads them, stop stops the run)",
    },
    "read.resubmissions_kept": {
        "fi": "luettiin {n} uudelleen lähetettyä vastausta kahdesti (samat vastaukset kuin aiemmalla vastauksella "
              "toisella vastaajatunnuksella; rivi = aiempi rivi: {rows}), koska --resubmissions on keep",
        "en": "read {n} resubmitted response(s) twice (the same answers as an earlier response under another "
              "respondent_id; row = earlier row: {rows}), since --resubmissions is keep",
    },
    "read.without_own": {"fi": "{n} ilman omaa ryhmää", "en": "{n} without an own group"},
    "read.not_complete": {"fi": "{n} kesken (valmis, kun {rule})",
                          "en": "{n} not complete, complete when {rule}"},
    "rule.filled": {"fi": "{column!r} on täytetty", "en": "{column!r} is filled"},
    "rule.max": {"fi": "{column!r} on tiedoston suurin ({top})", "en": "{column!r} is the file's largest ({top})"},
    "rule.is": {"fi": "{column!r} on {value}", "en": "{column!r} is {value}"},
    "rule.or": {"fi": "{first} tai {rest}", "en": "{first} or {rest}"},
    "read.include_hint": {"fi": "; --include-incomplete ottaa mukaan osittain vastatut, joissa oma ryhmä on annettu",
                          "en": "; --include-incomplete keeps the partly answered ones that have an own group"},
    "read.kept": {"fi": "otettiin mukaan keskeneräisiä vastauksia, joissa oma ryhmä on annettu: {n} "
                        "(--include-incomplete)",
                  "en": "kept {n} incomplete response(s) that have an own group (--include-incomplete)"},
    "read.no_items": {"fi": "osiosarakkeita puuttuu: {lacking}; nämä vastaukset luetaan puuttuviksi",
                      "en": "no item column for {lacking}: those answers are read as missing"},
    "read.size_unknown_value": {
        "fi": "osa vastaajista on kunnista, joita koodikirjassa ei ole ({names}), eikä heille ole annettu "
              "size_class-arvoa: heidän kuntakokonsa on tuntematon, ja heidät jätetään pois kuntakokojen vertailuista{hint}",
        "en": "respondents from municipalities the codebook does not list ({names}) and no size_class value: their "
              "size_class is unknown and they are left out of size comparisons{hint}",
    },
    "read.size_unknown_column": {
        "fi": "osa vastaajista on kunnista, joita koodikirjassa ei ole ({names}), eikä aineistossa ole "
              "size_class-saraketta: heidän kuntakokonsa on tuntematon, ja heidät jätetään pois kuntakokojen vertailuista{hint}",
        "en": "respondents from municipalities the codebook does not list ({names}) and no size_class column: their "
              "size_class is unknown and they are left out of size comparisons{hint}",
    },
    "read.closest": {
        "fi": "; lähimmät koodikirjan nimet: {near} (lisää tiedoston nimi kunnan aliases-luetteloon koodikirjassa, "
              "jos se on sama kunta)",
        "en": "; closest codebook names: {near} (add the file's name to that municipality's aliases in the codebook if "
              "it is the same one)",
    },
    "read.names_matched": {
        "fi": "nimet luettiin koodikirjan kirjoitusasussa (kirjainkoko, välilyönnit, näkymättömät merkit tai "
              "koodikirjan aliases): {names}",
        "en": "names read as the codebook writes them (case, spacing, invisible characters or the codebook's aliases): "
              "{names}",
    },
    "read.self_ratings": {
        "fi": "ryhmän {group} {n} vastaajasta {k} arvioi omaa ryhmäänsä; näitä arvioita ei pisteytetä (exclusions.csv)",
        "en": "{k} of the {n} respondents of group {group} rated their own group; those ratings are not scored "
              "(exclusions.csv)",
    },
    "read.shipped_codebook": {
        "fi": "{file} luetaan mukana toimitetun tutkimuksen koodikirjalla (sen tehtäväryhmät, kunnat ja "
              "vastausasteikko), koska koodikirjaa ei annettu; anna oman kyselysi koodikirja: --codebook TIEDOSTO "
              "(Pythonissa `codebook=`)",
        "en": "{file} is read with the shipped study's codebook (its task groups, municipalities and answer scale), "
              "since no codebook was given; for a survey of your own pass its codebook: --codebook FILE "
              "(codebook= in Python)",
    },
    # ------------------------------------------------------------------ problems of a survey file
    # (a DataValidationError's report: its problem and fix texts, made with said() in the
    # language spoken where it is raised; the summary that lists them on the console)
    "problems.heading": {"fi": "{where}: {problems} ({kinds}):", "en": "{problems} of {kinds} in {where}:"},
    "problems.one": {"fi": "1 ongelma", "en": "1 problem"},
    "problems.many": {"fi": "{n} ongelmaa", "en": "{n} problems"},
    "kinds.one": {"fi": "1 laji", "en": "1 kind"},
    "kinds.many": {"fi": "{n} eri lajia", "en": "{n} kinds"},
    "problems.the_survey": {"fi": "kyselyaineisto", "en": "the survey data"},
    "problems.kind": {"fi": "- {count} × {problem}{detail}. {fix}", "en": "- {count} x {problem}{detail}. {fix}"},
    "problems.row": {"fi": "rivi {row}", "en": "row {row}"},
    "problems.rows": {"fi": "rivit {rows}", "en": "rows {rows}"},
    "problems.column": {"fi": "sarake {column!r}", "en": "column {column!r}"},
    "problems.columns": {"fi": "sarakkeet {columns}", "en": "columns {columns}"},
    "problems.in_column": {"fi": "sarake {column}", "en": "column {column}"},
    "problems.value": {"fi": "arvo {value!r}", "en": "value {value!r}"},
    "problems.header": {"fi": "otsikkorivi", "en": "header"},
    "problems.first": {"fi": "ensimmäinen: {at}; ", "en": "first: {at}; "},
    "problems.in_all": {"fi": ", ... (kaikkiaan {n})", "en": ", ... ({n} in all)"},
    "problems.more": {"fi": "... ja {kinds} muuta lajia ({n} ongelmaa).", "en": "... and {kinds} more kinds ({n} problems)."},
    "problems.every": {
        "fi": "Jokainen ongelma rivinumeroineen: integraatio validate TIEDOSTO --all (--problems problems.csv kirjoittaa "
              "ne tiedostoon); Pythonissa virheen .report.",
        "en": "Every problem with its row: integraatio validate FILE --all (--problems problems.csv writes them); in "
              "Python, the error's .report.",
    },
    "problems.listed": {"fi": "- {where}: {problem}. {fix}", "en": "- {where}: {problem}. {fix}"},
    "problem.required": {"fi": "pakollinen sarake {column!r} puuttuu{near}", "en": "required column {column!r} is missing{near}"},
    "problem.required_near": {"fi": "; tarkoittaako sarake {near!r} saraketta `{column}`?",
                              "en": "; did you mean `{column}` for the column {near!r}?"},
    "fix.rename": {"fi": "Nimeä otsikkorivillä sarake {near!r} uudelleen nimellä {column!r}.",
                   "en": "Rename the column {near!r} to {column!r} in the header row."},
    "fix.required": {
        "fi": "Lisää otsikkoriville sarake, jonka nimi on täsmälleen {column!r} (leveän muodon viennissä oman sarakkeen "
              "nimen voi kuvata siihen koodikirjan [wide]-taulukon columns-kohdassa).",
        "en": "Add a column named exactly {column!r} to the header row (a wide export can map its own column name to it "
              "in the codebook's [wide] columns table).",
    },
    "problem.empty": {"fi": "{column} on tyhjä", "en": "empty {column}"},
    "fix.empty": {"fi": "Täytä {column} tai poista rivi, jos siinä ei ole vastauksia.",
                  "en": "Fill in the {column}, or delete the row if it holds no answers."},
    "problem.unknown_code": {"fi": "ryhmän koodia ei ole koodikirjassa", "en": "group code not in the codebook"},
    "fix.unknown_code": {
        "fi": "Käytä koodikirjan koodeja täsmälleen niin kuin ne on siinä kirjoitettu ({codes}); koodit ovat tekstiä, "
              "joten 2.10 ei ole 2.1. Uusi ryhmä tarvitsee koodikirjaan oman [[groups]]-kohdan, ryhmän muu nimi "
              "aliases-luetteloon.",
        "en": "Use one of the codebook's codes exactly as written there ({codes}); codes are text, so 2.10 is not 2.1. "
              "A new group needs a [[groups]] entry in the codebook, another name for one its aliases.",
    },
    "fix.did_you_mean_group": {"fi": "Tarkoititko ryhmää {code} ({label})? {fix}", "en": "Did you mean {code} ({label})? {fix}"},
    "problem.decimal_comma": {"fi": "ryhmän koodissa on desimaalipilkku (2,1 koodikirjan koodin 2.1 sijaan)",
                              "en": "group code written with a decimal comma (2,1 for the codebook's 2.1)"},
    "fix.decimal_comma": {
        "fi": "Kirjoita sarakkeen {column} koodit pisteellä kuten koodikirjassa (2.1, 2.10): muotoile sarake tekstiksi "
              "ennen kuin koodit kirjoitetaan tai liitetään, tai korvaa pilkut pisteillä siinä sarakkeessa (ei "
              "vastauksissa).",
        "en": "Write the {column} codes with a point as the codebook does (2.1, 2.10): format the column as text before "
              "the codes are typed or pasted, or replace the commas in that column (not in the answers).",
    },
    "problem.rated_only": {
        "fi": "tätä ryhmää vain arvioitiin (koodikirjassa responds = false), joten se ei voi olla vastaajan oma ryhmä",
        "en": "this group was only rated (responds = false in the codebook), so it cannot be a respondent's own group",
    },
    "fix.rated_only": {"fi": "Korjaa own_group-koodi tai anna ryhmälle koodikirjassa responds = true.",
                       "en": "Correct the own_group code, or set responds = true for the group in the codebook."},
    "problem.text_item": {"fi": "osiosarakkeessa on tekstiä eikä lukua", "en": "text in a numeric item column"},
    "problem.not_whole": {"fi": "ei ole kokonaisluku", "en": "not a whole number"},
    "problem.off_scale": {"fi": "arvo on asteikon {low}–{high} ulkopuolella eikä ole ilmoitettu puuttuvan tiedon koodi",
                          "en": "outside the scale {low}-{high} and not a declared missing code"},
    "fix.item": {
        "fi": "Kirjoita kokonaisluku {scale} tai jätä solu tyhjäksi, kun vastausta ei ole (leveän muodon viennin "
              "vastaustekstit luetaan koodikirjan [scale] labels -tekstien mukaan tai kuvataan koodeiksi sen [wide] "
              "values -taulukossa; muut puuttuvan tiedon koodit kuuluvat [scale] missing -kohtaan).",
        "en": "Write a whole number {scale}, or leave the cell empty when there is no answer (a wide export's answer "
              "texts are read by the codebook's [scale] labels, or mapped to codes in its [wide] values table; other "
              "missing codes belong in [scale] missing).",
    },
    "fix.scale": {"fi": "{low}–{high}", "en": "{low}-{high}"},
    "fix.scale_missing": {"fi": "{low}–{high} ({codes} = en osaa sanoa)", "en": "{low}-{high} ({codes} = can't say)"},
    "problem.rated_twice": {"fi": "tämä vastaaja (respondent_id) arvioi tämän ryhmän (target_group) jo rivillä {row}",
                            "en": "this respondent_id already rated this target_group on row {row}"},
    "fix.rated_twice": {
        "fi": "Jätä yksi rivi vastaajaa ja arvioitavaa ryhmää kohden: poista toistuva rivi tai korjaa sen respondent_id "
              "tai target_group.",
        "en": "Keep one row per respondent and target group: delete the repeated row or correct its respondent_id or "
              "target_group.",
    },
    "problem.differs": {"fi": "vastaajan {column} eroaa hänen ensimmäisestä rivistään (rivi {row}: {first!r})",
                        "en": "this respondent's {column} differs from their first row (row {row}: {first!r})"},
    "fix.differs": {"fi": "Anna vastaajan jokaiselle riville sama {column} tai eri vastaajille eri tunnukset.",
                    "en": "Give every row of a respondent the same {column}, or give different respondents different ids."},
    "problem.wide_repeated": {
        "fi": "tällä vastaajatunnuksella (respondent_id) on jo rivi (rivi {row}); leveässä muodossa jokaisella "
              "vastaajalla on yksi rivi",
        "en": "this respondent_id already has a row (row {row}); the wide layout has one row per respondent",
    },
    "fix.wide_repeated": {"fi": "Poista toistuva rivi, yhdistä rivit tai korjaa respondent_id.",
                          "en": "Delete the repeated row, merge the two rows, or correct the respondent_id."},
    "problem.long_cell": {"fi": "solussa on {n} merkkiä, enemmän kuin luettavat {most}",
                          "en": "the cell holds {n} characters, more than the {most} read"},
    "fix.long_cell": {"fi": "Tarkista, että tiedosto on kyselyn vienti; näin pitkä solu ei ole vastaus.",
                      "en": "Check that the file is the survey export; a cell this long is not an answer."},
    "problem.control": {"fi": "tekstissä on ohjausmerkkejä: {chars}", "en": "the text holds the control character(s) {chars}"},
    "fix.control": {"fi": "Poista tiedostosta näkymättömät merkit (kyselytyökalussa tai editorissa, joka näyttää ne).",
                    "en": "Delete the invisible characters in the file (the survey tool or an editor that shows them)."},
    "problem.misread_own": {
        "fi": "ryhmän {group} {n} vastaajasta {k} arvioi omaa ryhmäänsä, vaikka kysely ei sitä kysy: heidän oma "
              "ryhmänsä on todennäköisesti luettu väärin (koodit tallennettu lukuina, 2.10 luettu muodossa 2.1, tai "
              "sarake siirtynyt)",
        "en": "{k} of the {n} respondents of group {group} rated their own group, which the survey does not ask: their "
              "own group was most likely misread (codes stored as numbers, 2.10 read as 2.1, or a shifted column)",
    },
    "fix.misread_own": {
        "fi": "Tarkista tiedoston oman ryhmän sarake (muotoile se tekstiksi; kuvaa koodit [wide]-taulukon "
              "recode-kohdassa) tai anna --self-ratings, jos kysely pyysi vastaajia arvioimaan omaa ryhmäänsä.",
        "en": "Check the own-group column in the file (format it as text; map the codes with [wide] recode), or pass "
              "--self-ratings if the survey asked respondents to rate their own group.",
    },
    "problem.unknown_municipality": {
        "fi": "kuntaa ei ole koodikirjassa (nimellä eikä aliaksella), ja {uses} ryhmittelee vastaajat sen mukaan: "
              "heidät jätettäisiin pois tai ryhmiteltäisiin erikseen",
        "en": "municipality not in the codebook (by name or alias), and {uses} groups respondents by it: they would be "
              "left out or grouped apart",
    },
    "fix.unknown_municipality": {
        "fi": "{near}Kirjoita tiedostoon kunnan nimi koodikirjan kirjoitusasussa, lisää tämä nimi kunnan "
              "aliases-luetteloon koodikirjassa (aliases = [{name!r}]) tai anna kunnalle oma [[municipalities]]-kohta.",
        "en": "{near}Write the codebook's name in the file, or add this name to the municipality's aliases in the "
              "codebook (aliases = [{name!r}]), or give the municipality its own [[municipalities]] entry.",
    },
    "fix.did_you_mean": {"fi": "Tarkoititko {names}? ", "en": "Did you mean {names}? "},
    "or": {"fi": "tai", "en": "or"},
    "or_which": {"fi": "vai", "en": "or"},
    "problem.all_incomplete": {"fi": "kaikki {n} vastausta ovat keskeneräisiä ({why})",
                               "en": "every one of the {n} responses is incomplete ({why})"},
    "problem.none_own": {"fi": "yhdessäkään ei ole omaa ryhmää", "en": "none has an own group"},
    "problem.none_complete": {"fi": "yksikään ei ole valmis; valmis, kun {rule}", "en": "none is complete: complete when {rule}"},
    "fix.all_incomplete": {
        "fi": "Tarkista oman ryhmän sarake ja sen nimi koodikirjan [wide]-taulukon columns-kohdassa tai lue osittain "
              "vastatut valitsimella --include-incomplete.",
        "en": "Check the own-group column and its name in the codebook's [wide] columns, or pass --include-incomplete "
              "to read partly answered responses.",
    },
    "problem.resubmission": {
        "fi": "vastaus toistaa rivin {row} {k} vastausta toisella vastaajatunnuksella (respondent_id): se on "
              "lähetetty uudelleen (näin moneen kysymykseen samat vaihtelevat vastaukset eivät synny sattumalta)",
        "en": "this response repeats the {k} answers of row {row} under another respondent_id: a resubmission (the "
              "same varied answers to this many questions do not happen by chance)",
    },
    "fix.resubmission": {
        "fi": "Poista uudelleen lähetetty rivi (tai anna --resubmissions drop, joka jättää myöhemmän pois, tai keep).",
        "en": "Delete the resubmitted row (or pass --resubmissions drop, which leaves out the later one, or keep).",
    },
    "problem.no_items": {"fi": "osiosarakkeita ei ole: yksikään sarake ei ole {expected}",
                         "en": "no item columns: no column is {expected}"},
    "expected.example": {"fi": "nimetty mallin {example!r} mukaan (koodikirjan [wide] pattern)",
                         "en": "named like {example!r} (the codebook's [wide] pattern)"},
    "expected.numbered": {"fi": "nimetty muotoon <ryhmän koodi>.<osio>, esim. '2.7.3' (yhteistyön tarve ryhmän 2.7 kanssa)",
                          "en": "named <target code>.<item>, e.g. '2.7.3' (the need to cooperate with 2.7)"},
    "expected.pattern": {"fi": "nimetty koodikirjan [wide] pattern -kohdan mukaan",
                         "en": "named as the codebook's [wide] pattern describes"},
    "fix.no_items": {
        "fi": "Nimeä osiosarakkeet muotoon <arvioitavan ryhmän koodi>.<osio> (osiot 1 = yhteistyön tiheys, "
              "2 = vastavuoroisuus, 3 = yhteistyön tarve; esim. 2.7.3 on yhteistyön tarve ryhmän 2.7 kanssa) tai kuvaa "
              "viennin sarakenimet koodikirjan [wide]-taulukossa (valmiit esiasetukset: LimeSurvey, Qualtrics ja Webropol).",
        "en": "Name the item columns <target code>.<item> (items 1 = frequency, 2 = reciprocity, 3 = need; e.g. 2.7.3 "
              "is the need to cooperate with 2.7), or describe the export's column names in a [wide] table of the "
              "codebook (a preset covers LimeSurvey, Qualtrics and Webropol).",
    },
    "problem.unknown_item": {"fi": "tämän osiosarakkeen osio {item!r} ei ole mikään näistä: {items}",
                             "en": "item {item!r} in this item column is not one of {items}"},
    "fix.unknown_item": {
        "fi": "Nimeä sarake uudelleen (osiot: {items}), kuvaa osio koodikirjan [wide]-taulukon items-kohdassa tai lisää "
              "sarake [wide]-taulukon drop-luetteloon.",
        "en": "Rename the column (items: {items}), map the item in the codebook's [wide] items table, or list the column "
              "in [wide] drop.",
    },
    "problem.target_position": {"fi": "tämän osiosarakkeen kohde {token!r} ei ole järjestysnumero 1–{n}",
                                "en": "target {token!r} of this item column is not a position from 1 to {n}"},
    "problem.target_unlisted": {"fi": "tämän osiosarakkeen kohdetta {token!r} ei ole koodikirjan [wide] targets -kohdassa",
                                "en": "target {token!r} of this item column is not in the codebook's [wide] targets"},
    "fix.target_position": {"fi": "Korjaa sarakkeen nimi tai poista sarake.", "en": "Correct the column name, or delete the column."},
    "fix.target_unlisted": {"fi": "Lisää [wide]-taulukon targets-kohtaan {token!r} = \"<ryhmän koodi>\" tai poista sarake.",
                            "en": "Add {token!r} = \"<group code>\" to [wide] targets, or delete the column."},
    "problem.other_row": {"fi": "tämä osiosarake on kysymysruudukon ”muu, mikä?” -rivi {token!r} eikä arvioitava ryhmä",
                          "en": "this item column is the grid's \"other, specify\" row {token!r}, not a target group"},
    "fix.other_row": {
        "fi": "Lisää se koodikirjan [wide]-taulukon drop-luetteloon, esim. drop = ['{pattern}$'] (säännöllinen lauseke; "
              "rivin vastaukset eivät nimeä ryhmää, joten niitä ei voi pisteyttää).",
        "en": "List it in the codebook's [wide] drop, e.g. drop = ['{pattern}$'] (a regular expression; the row's "
              "answers name no group, so they cannot be scored).",
    },
    "problem.unknown_target": {"fi": "tämä osiosarake arvioi ryhmää {code!r}, jota koodikirjassa ei ole",
                               "en": "this item column rates group {code!r}, which is not in the codebook"},
    "fix.unknown_target": {
        "fi": "Nimeä sarake uudelleen koodikirjan koodilla ({codes}){labels}; koodit ovat tekstiä, joten 2.10 ei ole 2.1. "
              "Uusi ryhmä tarvitsee koodikirjaan oman [[groups]]-kohdan.",
        "en": "Rename the column to a codebook code ({codes}){labels}; codes are text, so 2.10 is not 2.1. A new group "
              "needs a [[groups]] entry in the codebook.",
    },
    "fix.or_label": {"fi": " tai ryhmän nimellä", "en": " or a group's label"},
    "problem.same_item": {"fi": "tässä sarakkeessa on ryhmän {code} {item} kuten sarakkeessa {other!r}",
                          "en": "this column holds {item} for {code} like column {other!r}"},
    "fix.same_item": {"fi": "Poista toinen sarakkeista tai nimeä se uudelleen.", "en": "Delete or rename one of the two columns."},
    "problem.repeated_column": {"fi": "sarakkeen nimi toistuu otsikkorivillä (sarakkeet {first} ja {column}): {why}",
                                "en": "column name repeated in the header (columns {first} and {column}): {why}"},
    "problem.repeated_item": {"fi": "se on osiosarake, joten ei tiedetä, kummassa vastaukset ovat",
                              "en": "an item column, so which holds the answers is unknown"},
    "problem.repeated_differ": {"fi": "ja sarakkeet eroavat toisistaan, joten ei tiedetä, kummassa vastaukset ovat",
                                "en": "and the two columns differ, so which holds the answers is unknown"},
    "fix.repeated_column": {
        "fi": "Nimeä toistuva sarake uudelleen tai poista se (tai lisää se koodikirjan [wide]-taulukon drop-luetteloon).",
        "en": "Rename or delete the repeated column (or list it in the codebook's [wide] drop).",
    },
    "problem.codes_as_numbers": {
        "fi": "{n} solussa ryhmän koodi on tallennettu lukuna, ja koodikirjassa on koodeja, jotka ovat lukuina samat "
              "({codes}), joten niitä ei voi erottaa toisistaan (rivit {rows})",
        "en": "{n} cells hold group codes stored as numbers, and the codebook has codes that are the same number "
              "({codes}), so they cannot be told apart (rows {rows})",
    },
    "fix.codes_as_numbers": {
        "fi": "Muotoile sarake työkirjassa tekstiksi ja kirjoita koodit uudelleen tekstinä (2.10, ei 2.1) tai kuvaa "
              "vastaukset koodeiksi koodikirjassa: {example}.",
        "en": "Format the column as text in the workbook and enter the codes again as text (2.10, not 2.1), or map the "
              "answers to codes in the codebook: {example}.",
    },
    "problem.target_group_near": {
        "fi": "yhdenkään sarakkeen nimi ei ole target_group, eikä tiedostossa ole leveän muodon osiosarakkeita "
              "(sarakkeet {expected}): tarkoititko sarakkeella {near!r} saraketta `target_group`?",
        "en": "no column is named target_group, and the file has no item columns of the wide layout (columns "
              "{expected}): did you mean `target_group` for the column {near!r}?",
    },
    "fix.target_group_near": {
        "fi": "Nimeä otsikkorivillä sarake {near!r} uudelleen nimellä target_group (pienet kirjaimet, alaviiva); pitkän "
              "muodon sarakkeet ovat respondent_id, municipality, own_group, target_group, frequency, reciprocity, need.",
        "en": "Rename the column {near!r} to target_group (lower case, underscore) in the header row; the long layout's "
              "columns are respondent_id, municipality, own_group, target_group, frequency, reciprocity, need.",
    },
    "problem.short_row": {"fi": "rivi päättyy {n} kentän jälkeen, vaikka otsikkorivillä on {named} kenttää",
                          "en": "the row ends after {n} of the header's {named} fields"},
    "fix.short_row": {
        "fi": "Tiedosto voi olla katkennut, tai arvon sisällä oleva rivinvaihto on jakanut rivin: vie tiedosto uudelleen "
              "tai laita rivinvaihtoja sisältävät arvot lainausmerkkeihin. Tiedosto luettiin erottimella {delimiter!r}; "
              "anna sen oma erotin valitsimella --delimiter tai koodikirjan [wide]-taulukon delimiter-kohdassa.",
        "en": "The file may be cut short, or a line break inside a value split the row: export it again, or put values "
              "that hold line breaks in double quotes. The file was read with the delimiter {delimiter!r}; set its own "
              "with --delimiter or the codebook's [wide] delimiter.",
    },
    "problem.hidden_rows": {
        "fi": "{where}: {n} vastausriviä, joita välilehti ei näytä, luettaisiin kuin ne näkyisivät",
        "en": "{where}: {n} rows of answers the sheet does not show, which would be read as if shown",
    },
    "problem.hidden_rows_one": {
        "fi": "{where}: vastausrivi, jota välilehti ei näytä, luettaisiin kuin se näkyisi",
        "en": "{where}: 1 row of answers the sheet does not show, which would be read as if shown",
    },
    "problem.hidden_row": {"fi": "rivi {first} on piilotettu", "en": "row {first} is hidden"},
    "problem.hidden_range": {"fi": "rivit {first}–{last} on piilotettu", "en": "rows {first}-{last} are hidden"},
    "problem.filtered_row": {"fi": "välilehden suodatin ({box}) piilottaa rivin {first}",
                             "en": "row {first} is hidden by the sheet's filter ({box})"},
    "problem.filtered_range": {"fi": "välilehden suodatin ({box}) piilottaa rivit {first}–{last}",
                               "en": "rows {first}-{last} are hidden by the sheet's filter ({box})"},
    "fix.filtered": {
        "fi": "Poista suodatus (Excel: Tiedot > Tyhjennä; LibreOffice: Tiedot > Lisää suodattimia > Palauta "
              "suodatin), jotta jokainen rivi luetaan, tai poista sen piilottamat rivit, jos ne eivät ole vastauksia.",
        "en": "Clear the filter (Excel: Data > Clear; LibreOffice: Data > More Filters > Reset Filter) to read every "
              "row, or delete the rows it hides if they are not answers.",
    },
    "fix.hidden": {
        "fi": "Poista piilotetut rivit, jos ne eivät ole vastauksia (esimerkiksi testivastauksia), tai tuo ne näkyviin "
              "(valitse niitä ympäröivät rivit, napsauta hiiren oikealla ja valitse Näytä), jotta ne luetaan.",
        "en": "Delete the hidden rows if they are not answers (test answers, say), or unhide them (select the rows "
              "around them, right-click, Unhide) to read them.",
    },
    "problem.merged_item": {
        "fi": "osiosarakkeen {item!r} solut {cells} on yhdistetty: yhdistäminen säilyttää vain ensimmäisen solun arvon, "
              "joten muiden rivien vastaukset häviävät",
        "en": "the cells {cells} of the item column {item!r} are merged: a merge keeps only its first cell's value, so "
              "the other rows' answers are lost",
    },
    "problem.merged_across": {
        "fi": "solut {cells} on yhdistetty sarakkeiden {columns} yli: yksi arvo ei voi olla usean sarakkeen vastaus",
        "en": "the cells {cells} are merged across the columns {columns}: one value cannot be the answer of several columns",
    },
    "problem.merged_start": {
        "fi": "yhdistetyt solut {cells} alkavat riviltä {row}, jolla ei ole vastausta (otsikko tai tyhjä rivi), ja "
              "ulottuvat vastausriveille",
        "en": "the merged cells {cells} start in row {row}, which holds no answer (the header or a blank row), and cover "
              "rows of answers",
    },
    "problem.merged_hide": {
        "fi": "yhdistetyt solut {cells} kätkevät ensimmäisen solunsa {first!r} alle muita arvoja: ei tiedetä, mitä "
              "kukin rivi tarkoittaa",
        "en": "the merged cells {cells} hide other values under their first cell {first!r}: which one each row means "
              "is unknown",
    },
    "fix.merged": {
        "fi": "Pura solujen yhdistäminen (Excel: Aloitus > Yhdistä ja keskitä; LibreOffice: Muotoilu > Yhdistä ja pura "
              "solut), anna sitten jokaiselle solulle oma arvonsa, tai vie kysely uudelleen kyselytyökalusta.",
        "en": "Unmerge the cells (Excel: Home > Merge & Center; LibreOffice: Format > Merge and Unmerge Cells), then give "
              "each cell its own value, or export the survey again from the survey tool.",
    },
    "problem.labels_unreadable": {
        "fi": "SPSS-tiedoston {n} sarakkeen ({item}) arvoselitteet numeroivat vastaukset toisin kuin koodikirja "
              "({example}), eivätkä koodien {codes} selitteet ({labels}) ole sen vastausvaihtoehtoja: näitä vastauksia "
              "ei voi lukea numeron eikä selitteen mukaan",
        "en": "the SPSS value labels of {n} {item} column(s) number the answers otherwise than the codebook ({example}), "
              "and the labels of codes {codes} ({labels}) are not its answer texts, so those answers can be read "
              "neither by number nor by label",
    },
    "fix.labels_unreadable": {
        "fi": "Anna koodikirjassa muuttujan {item} jokainen vastausvaihtoehto: [scale] labels (koodien {low}–{high} "
              "tekstit järjestyksessä) tai [wide] values.",
        "en": "Give the codebook each answer text of {item}: [scale] labels (the texts of codes {low} to {high} in "
              "order) or [wide] values.",
    },
    "problem.reversed": {
        "fi": "osion {item} suunta näyttää käänteiseltä: sen korjattu osio–summa-korrelaatio on {r} ({n} arviota), joten "
              "sen suuret vastaukset käyvät yhteen muiden osioiden pienten vastausten kanssa{others}",
        "en": "item {item} looks reversed: its corrected item-total correlation is {r} over {n} ratings, so its high "
              "answers go with low answers to the other items{others}",
    },
    "problem.reversed_others": {"fi": " (mikä painaa myös niiden korrelaation alle nollan: {others})",
                                "en": " (which drags theirs below 0 too: {others})"},
    "fix.reversed": {
        "fi": "Jos tiedosto numeroi osion {item} vastaukset toisin päin (1 = eniten), kerro se koodikirjassa: [scale] "
              "reversed = [\"{item}\"] lukee sen luvut muodossa min + max − x; vastaustekstit ja SPSS-arvoselitteet "
              "luetaan [scale] labels -tekstien mukaan (tai osiokohtaisesti [wide] values.{item}). Jos koodikirjassa "
              "{item} on jo merkitty käänteiseksi, tiedosto ei ole: poista se [scale] reversed -luettelosta.",
        "en": "If the file numbers {item}'s answers the other way round (1 = the most), say so in the codebook: [scale] "
              "reversed = [\"{item}\"] reads its numbers as min + max - x; answer texts and SPSS value labels are read "
              "by [scale] labels (or per-item [wide] values.{item}). If the codebook already declares {item} reversed, "
              "the file is not: remove it from [scale] reversed.",
    },
    "problem.two_levels": {"fi": "vastaajalla {respondent!r} on useampi kuin yksi {by!r}-arvo",
                           "en": "respondent {respondent!r} has more than one {by!r} value"},
    "fix.two_levels": {"fi": "Anna vastaajan jokaiselle riville sama {by} tai vertaa toisen sarakkeen mukaan.",
                       "en": "Give every row of a respondent the same {by}, or compare by another column."},
    # ------------------------------------------------------------------ files and folders that cannot be used
    "file.fix": {
        "fi": "Vie kysely uudelleen muodossa .csv (UTF-8, erottimena pilkku tai puolipiste), .xlsx tai .sav niin, "
              "että otsikkorivejä on yksi.",
        "en": "Export the survey again as .csv (UTF-8, comma or semicolon), .xlsx or .sav with one header row.",
    },
    "file.suffix": {"fi": "Tiedostoa {path} ei voi lukea: tiedostopäätettä {suffix!r} ei tueta. {fix}",
                    "en": "Cannot read {path}: files ending in {suffix!r} are not supported. {fix}"},
    "file.no_suffix": {"fi": "(ei päätettä)", "en": "(no suffix)"},
    "file.not_found": {"fi": "Kyselytiedostoa {path} ei löydy. Tarkista polku ja tiedoston nimi.",
                       "en": "Survey file {path} not found. Check the path and the file name."},
    "file.unreadable": {"fi": "Tiedostoa {path} ei voi lukea: {error}. Tarkista, että tiedosto on luettavissa.",
                        "en": "Cannot read {path}: {error}. Check that it is a readable file."},
    "file.empty": {"fi": "Kyselytiedosto {path} on tyhjä. {fix}", "en": "Survey file {path} is empty. {fix}"},
    "file.spss_crashed": {
        "fi": "Tiedostoa {path} ei voi lukea SPSS-tiedostona: SPSS-lukija (readstat) kaatui siihen (paluuarvo {code}), "
              "joten tiedosto on vioittunut. {fix}",
        "en": "Cannot read {path} as an SPSS file: the SPSS reader (readstat) crashed on it (exit code {code}), so the "
              "file is damaged. {fix}",
    },
    "file.spss": {"fi": "Tiedostoa {path} ei voi lukea SPSS-tiedostona ({error}). {fix}",
                  "en": "Cannot read {path} as an SPSS file ({error}). {fix}"},
    "file.excel": {"fi": "Tiedostoa {path} ei voi lukea Excel-työkirjana ({error}). {fix}",
                   "en": "Cannot read {path} as an Excel workbook ({error}). {fix}"},
    "file.broken_utf8": {
        "fi": "Tiedoston {path} merkistöä ei voi lukea: se on UTF-8-tekstiä, mutta tavu {byte} (rivi {line}) ei ole "
              "kelvollista UTF-8:aa, joten tiedosto on vioittunut tai siinä on kahta merkistöä. Vie se uudelleen tai "
              "tallenna se Excelissä muodossa ”CSV UTF-8”.",
        "en": "Cannot decode {path}: it is UTF-8 text, but byte {byte} (line {line}) is not valid UTF-8, so the file is "
              "damaged or mixes two encodings. Export it again, or save it as 'CSV UTF-8' in Excel.",
    },
    "file.encoding": {
        "fi": "Tiedostoa {path} ei voi lukea UTF-8- eikä cp1252-tekstinä. Tallenna se muodossa ”CSV UTF-8” (Excel) tai "
              "vie se .xlsx-tiedostona.",
        "en": "Cannot decode {path} as UTF-8 or cp1252 text. Save it as 'CSV UTF-8' (Excel) or export it as .xlsx.",
    },
    "file.binary": {
        "fi": "Tiedostoa {path} ei voi lukea: siinä on NUL-tavuja, joten se on binääritiedosto tai UTF-16-tekstiä eikä "
              "CSV-tiedosto. {fix}",
        "en": "Cannot read {path}: it holds NUL bytes, so it is binary or UTF-16 text, not a CSV file. {fix}",
    },
    "file.header": {"fi": "Tiedoston {path} otsikkoriviä ei voi lukea ({error}). {fix}",
                    "en": "Cannot read the header line of {path} ({error}). {fix}"},
    "file.one_column": {
        "fi": "Tiedostoa {path} ei voi lukea tekstinä, jonka erotin on {delimiter}: yhdelläkään rivillä ei ole "
              "lainausmerkkien ulkopuolella erotinta {delimiter}, joten jokainen rivi olisi yksi sarake, kun taas "
              "{other} jakaa ne. Anna tiedoston erotin valitsimella --delimiter tai koodikirjan [wide]-taulukon "
              "delimiter-kohdassa (, ; tai tab). {fix}",
        "en": "Cannot read {path} as {delimiter}-separated text: no row has a {delimiter} outside quotes, so each row "
              "would be one column, while a {other} splits them. Set the file's delimiter with --delimiter or the "
              "codebook's [wide] delimiter (, ; or tab). {fix}",
    },
    "file.parse": {
        "fi": "Tiedostoa {path} ei voi lukea tekstinä, jonka erotin on {delimiter}: {error}. Tarkista, ettei millään "
              "rivillä ole enemmän kenttiä kuin otsikkorivillä ja että arvon sisällä oleva erotin ({delimiter}) on "
              "lainausmerkeissä, tai anna erotin (--delimiter tai koodikirjan [wide]-taulukon delimiter).",
        "en": "Cannot read {path} as {delimiter}-separated text: {error}. Check that no row has more fields than the "
              "header and that a {delimiter} inside a value is in double quotes, or set the delimiter (--delimiter, or "
              "delimiter in the codebook's [wide] table).",
    },
    "file.comma": {"fi": "pilkku", "en": "comma"},
    "file.semicolon": {"fi": "puolipiste", "en": "semicolon"},
    "file.tab": {"fi": "sarkain", "en": "tab"},
    "invitations.unreadable": {
        "fi": "Kutsuttujen tiedosto {path} ei ole luettava, enintään {mb} megatavun CSV-tiedosto; anna sellaisen polku.",
        "en": "The invitations file {path} is not a readable CSV file of at most {mb} MB; give the path of one.",
    },
    "invitations.not_csv": {"fi": "Kutsuttujen tiedostoa {file} ei voi lukea: {error}. Tallenna se UTF-8-muotoisena CSV-tiedostona.",
                            "en": "Cannot read the invitations file {file}: {error}. Save it as a UTF-8 CSV."},
    "invitations.no_invited": {
        "fi": "Kutsuttujen tiedostossa {file} ei ole saraketta `invited`; sarakkeet ovat {columns}. Lisää kunkin ositteen "
              "kutsuttujen tehtävänhoitajien määrä.",
        "en": "The invitations file {file} has no `invited` column; found {columns}. Add the number of task holders "
              "invited per stratum.",
    },
    "invitations.no_strata": {
        "fi": "Yksikään tiedoston {file} sarakkeista ({columns}) ei ole kyselyn sarake, joten yhtäkään vastaajaa ei voi "
              "liittää ositteeseen; nimeä sarakkeet kuten kyselyssä, esim. municipality.",
        "en": "None of the columns of {file} ({columns}) is a column of the survey, so no respondent can be matched to a "
              "stratum; name them as the survey does, e.g. municipality.",
    },
    "invitations.not_whole": {"fi": "{file}: sarakkeen `invited` arvon pitää olla kokonaisluku ≥ 0; ei ole: {rows}.",
                              "en": "{file}: `invited` must be a whole number >= 0; not so in {rows}."},
    "invitations.repeated": {"fi": "{file}: sama osite ({strata}) on luettelossa useammin kuin kerran, riveillä {rows}; "
                                   "anna kullekin ositteelle yksi rivi.",
                             "en": "{file}: a stratum ({strata}) is listed more than once, in rows {rows}; give each "
                                   "stratum one row."},
    "invitations.unlisted": {
        "fi": "{file} ei luettele kaikkien vastaajien ositteita ({strata}): {listed}. Lisää kullekin rivi, jossa on "
              "kutsuttujen määrä.",
        "en": "{file} does not list the strata ({strata}) of some respondents: {listed}. Add a row with the number "
              "invited for each.",
    },
    "invitations.counts": {"fi": "{stratum}: kutsuttuja {invited}, vastanneita {answered}",
                           "en": "{stratum}: {invited} invited, {answered} answered"},
    "invitations.over": {"fi": "{file}: kutsuttuja on vähemmän kuin vastanneita: {listed}. Tarkista määrät tai ositteet.",
                         "en": "{file}: fewer invited than respondents in {listed}. Check the counts, or the strata."},
    "codebook.unreadable": {"fi": "Koodikirjaa {path} ei voi lukea: {error}. Tarkista valitsimen --codebook polku.",
                            "en": "Cannot read the codebook {path}: {error}. Check the --codebook path."},
    "codebook.not_toml": {"fi": "Koodikirja {path} ei ole kelvollista UTF-8-muotoista TOML-tekstiä: {error}.",
                          "en": "Codebook {path} is not valid UTF-8 TOML: {error}."},
    "codebook.no_key": {
        "fi": "Koodikirja {path}: kohdasta {where} puuttuu `{key}`. Lisää sinne `{key} = ...` (ks. docs/contract.md, "
              "”Codebook”).",
        "en": "Codebook {path}: {where} has no `{key}`. Add `{key} = ...` there (see docs/contract.md, 'Codebook').",
    },
    "codebook.wrong_type": {"fi": "Koodikirja {path}: kohdan {where} `{key}` pitää olla tyyppiä {kind}; saatiin {value!r}.",
                            "en": "Codebook {path}: `{key}` in {where} must be a {kind}; got {value!r}."},
    "codebook.the_file": {"fi": "tiedoston ylätaso", "en": "the file"},
    "codebook.entry": {"fi": "{table}, kohta {i}", "en": "{table} entry {i}"},
    "codebook.entry_code": {"fi": "{table}, kohta {i} (koodi {code!r})", "en": "{table} entry {i} (code {code!r})"},
    "analysis.no_tie": {
        "fi": "Yhdelläkään ryhmäparilla ei ole yhteyttä, jonka perusteella klusteroida: {suppressed}/{cells} solussa on "
              "alle min_n = {min_n} arviota, eikä yksikään muista ylitä painotuksen {weighting!r} lähtötasoa. Pienennä "
              "valitsimen --min-n arvoa tai käytä suurempaa aineistoa.",
        "en": "No pair of groups has a tie to cluster: {suppressed} of {cells} cells have fewer than min_n = {min_n} "
              "ratings and none of the rest is above the {weighting!r} baseline. Lower --min-n or use more data.",
    },
    "analysis.too_few": {
        "fi": "Muuttujalla {measure!r} voi pisteyttää vain {n} arviota; tarvitaan vähintään 2. Tarkista, että "
              "osiosarakkeissa on vastauksia koodikirjan asteikolla.",
        "en": "Only {n} rating(s) can be scored on {measure!r}; at least 2 are needed. Check that the item columns hold "
              "answers on the codebook scale.",
    },
    "options.view": {"fi": "--view piirtää ryhmän pylväät ja taulukon vertailusta; lisää --compare-by SARAKE.",
                     "en": "--view draws a group's bars and table of a comparison; add --compare-by COLUMN."},
    "privacy.column": {
        "fi": "{why} nimeää sarakkeen {listed}, josta voi tunnistaa henkilön: sen arvot päätyisivät tuloksiin. Valitse "
              "sarake, joka ryhmittelee vastaajia (kokoluokka, alue), tai lisää se koodikirjan [privacy]-taulukon "
              "keep-luetteloon, jos siitä ei voi tunnistaa ketään.",
        "en": "{why} names {listed}, which identifies a person: its values would reach the outputs. Choose a column that "
              "groups respondents (a size class, a region), or list it in the codebook's [privacy] keep if it "
              "identifies nobody.",
    },
    "privacy.weak_key": {
        "fi": "Pseudonyymiavain on liian heikko: {why}. Ihmisen keksimän avaimen voi löytää kokeilemalla sanoja, nimiä "
              "ja vuosilukuja hyökkääjän tuntemia tunnuksia vasten. Tee avain komennolla `integraatio key` ja säilytä se "
              "muuttujassa {env} tai tiedostossa, jonka --pseudonym-key-file nimeää.",
        "en": "The pseudonym key is too weak: {why}. A key a person makes up can be found by trying words, names and "
              "years against ids an attacker knows. Make one with `integraatio key` and keep it in the variable {env} or "
              "a file named by --pseudonym-key-file.",
    },
    "privacy.key_bits": {
        "fi": "siinä on arviolta noin {bits} bittiä (pituus × merkkien Shannonin entropia), vähemmän kuin {least}",
        "en": "it carries about {bits} bits by the estimate (length x the Shannon entropy of its characters), fewer "
              "than {least}",
    },
    "privacy.key_repeats": {"fi": "osa siitä toistuu", "en": "a part of it repeats"},
    "privacy.key_runs": {"fi": "puolet siitä on peräkkäisiä merkkejä (aaaa, abcd, 1234)",
                         "en": "half of it runs through neighbouring characters (aaaa, abcd, 1234)"},
    "engine.no_igraph": {
        "fi": "Moottori {engine!r} tarvitsee igraph-kirjaston, joka kuuluu integraatio-ohjelman riippuvuuksiin mutta jota ei voi ladata "
              "tässä: asenna se uudelleen (`pip install igraph`) tai valitse moottori 'networkx'.",
        "en": "Engine {engine!r} needs igraph, a dependency of integraatio that cannot be loaded here: reinstall it with "
              "`pip install igraph`, or choose engine 'networkx'.",
    },
    "out.empty": {"fi": "--out on tyhjä; anna tuloskansion nimi, esim. --out tulokset.",
                  "en": "--out is empty; name the results folder, e.g. --out results."},
    "out.not_folder": {"fi": "{out} on olemassa eikä ole kansio; anna valitsimelle --out uusi tai aiempi tuloskansio.",
                       "en": "{out} exists and is not a folder; pass a new or earlier results folder as --out."},
    "out.not_results": {
        "fi": "{out} on kansio, jossa on tiedostoja mutta ei tiedostoa {manifest}, joten se ei ole aiempi tuloskansio: "
              "ajo korvaa koko --out-kansion. Anna uusi tai tyhjä kansio tai aiempi tuloskansio.",
        "en": "{out} is a folder with files but no {manifest}, so not an earlier results folder: a run replaces its "
              "whole --out folder. Pass a new or empty folder, or an earlier results folder.",
    },
    "out.locked": {"fi": "Toinen ajo (prosessi {pid}) kirjoittaa kansioon {folder}. Odota sen päättymistä tai valitse "
                         "toinen --out.",
                   "en": "Another run (process {pid}) is writing {folder}. Wait for it to finish, or choose another --out."},
    "compare.no_column": {
        "fi": "`by` = {by!r} ei ole kyselyn sarake ({columns}) eikä koodikirjan [[municipalities]]-ominaisuus "
              "({attributes}); käytä jotakin niistä.",
        "en": "`by` = {by!r} is neither a column of the survey ({columns}) nor an attribute of the codebook's "
              "[[municipalities]] ({attributes}); use one of them.",
    },
    "compare.one_level": {
        "fi": "Vertailu {by!r}-sarakkeen mukaan tarvitsee vähintään kaksi ryhmää, joilla on pisteytettyjä arvioita; "
              "löytyi {found}. Tarkista sarake tai koodikirjan [[municipalities]]-kohdan kokoluokat.",
        "en": "Comparing by {by!r} needs at least two levels with scored ratings; found {found}. Check the column, or "
              "the size classes of the codebook's [[municipalities]].",
    },
    "boundary.infeasible": {
        "fi": "yksikään raja, joka jakaa {n} ryhmää, joilta on aineistoa, ei täytä ehtoja ({constraints}); ryhmiä, "
              "joilta ei ole aineistoa, ei lasketa mukaan mihinkään ehtoon: {without}",
        "en": "no boundary of the {n} groups with data meets the constraints ({constraints}); groups without data "
              "count towards no bound: {without}",
    },
    "constraint.fixed": {"fi": "järjestäjänä {side}: {codes}", "en": "fixed to {side}: {codes}"},
    "constraint.at_least": {"fi": "{side}: vähintään {n} ryhmää", "en": "{side} at least {n} groups"},
    "constraint.at_most": {"fi": "{side}: enintään {n} ryhmää", "en": "{side} at most {n} groups"},
    "constraint.none": {"fi": "ei ehtoja", "en": "no constraints"},
    "boundary.no_data": {"fi": "puolella {side} ei ole yhtään ryhmää, jolta on aineistoa",
                         "en": "no group with data on the {side} side"},
    "cli.moves": {"fi": "; siirrettävät ryhmät {groups}", "en": "; moves {groups}"},
    "cli.clusters_by": {
        "fi": "Klusterit ryhmittäin ({by}): ryhmien jakojen ARI {ari}, permutaatiotesti p = {p} ({n} uudelleenjakoa, {how}).",
        "en": "Clusters by {by}: ARI {ari} between the groups' partitions, permutation p = {p} ({n} relabellings, {how}).",
    },
    "cli.exact": {"fi": "kaikki", "en": "exact"},
    "cli.sampled": {"fi": "otos", "en": "sampled"},
    "cli.sensitivity": {"fi": "Herkkyystarkastelu {name}: {n} ryhmää vaihtoi klusteria{what}",
                        "en": "Sensitivity {name}: {n} node(s) changed cluster{what}"},
    "cli.stability_change": {"fi": "  suurin pysyvyyden muutos: {node} {a} -> {b}",
                             "en": "  largest stability change: {node} {a} -> {b}"},
    "cli.wrote": {"fi": "Kirjoitettiin {n} tiedostoa kansioon {out}/", "en": "Wrote {n} files to {out}/"},
    "inspect.title": {"fi": "{file}: {layout}, otsikkorivejä {header_rows}{sheet}", "en": "{file}: {layout} layout, {header_rows} header row(s){sheet}"},
    "inspect.sheet": {"fi": ", välilehti {sheet!r}", "en": ", sheet {sheet!r}"},
    "inspect.dialect": {"fi": ", erotin {delimiter!r}, merkistö {encoding}", "en": ", delimiter {delimiter!r}, encoding {encoding}"},
    "inspect.layout.long": {"fi": "pitkä muoto", "en": "long"},
    "inspect.layout.wide": {"fi": "leveä muoto", "en": "wide"},
    "inspect.columns": {"fi": "Sarakkeet ({n}):", "en": "Columns ({n}):"},
    "inspect.use.item": {"fi": "osio", "en": "item"},
    "inspect.use.background": {"fi": "taustatieto", "en": "background"},
    "inspect.use.other": {"fi": "muu", "en": "other"},
    "inspect.use.dropped": {"fi": "pudotettu", "en": "dropped"},
    "inspect.use.ignored": {"fi": "ohitettu", "en": "ignored"},
    "plan.drop": {"fi": "koodikirjan [wide]-taulukon drop-luettelossa", "en": "the codebook's [wide] drop"},
    "plan.repeated_error": {"fi": "toistaa sarakkeen {column} nimen: virhe", "en": "repeats the name of column {column}: an error"},
    "plan.repeated": {"fi": "toistaa sarakkeen {column} nimen; vain ensimmäinen luetaan",
                      "en": "repeats the name of column {column}; only the first is read"},
    "plan.row_numbers": {"fi": "korvataan tiedoston rivinumeroilla", "en": "replaced by the file's row numbers"},
    "plan.identifies": {"fi": "siitä voi tunnistaa henkilön ({why})", "en": "identifies a person ({why})"},
    "plan.other": {"fi": "säilytetään omana sarakkeenaan (vertailuun valitsimella --compare-by)",
                   "en": "kept as a column of its own (can group with --compare-by)"},
    "plan.decides": {"fi": "; ratkaisee, onko vastaus valmis (valmis, kun {rule})",
                     "en": "; decides complete responses (complete when {rule})"},
    "plan.not_readable": {"fi": "ei luettavissa (ks. ongelmat)", "en": "not readable (see the problems)"},
    "plan.unmatched": {"fi": "; ei osiosarake: otsikko ei vastaa [wide]-taulukon pattern-kohtaa",
                       "en": "; not an item column: its heading does not match the [wide] pattern"},
    "plan.unmatched_question": {
        "fi": "; ei osiosarake: siinä on kysymys ({item}), mutta sen otsikko ei vastaa [wide]-taulukon pattern-kohtaa "
              "(osiosarakkeet on {expected}); tarkista kysymyksen ja rivin tekstin välinen erotin",
        "en": "; not an item column: holds the question of {item}, but its heading does not match the [wide] pattern "
              "(item columns are {expected}); check the separator between question and row text",
    },
    "identifies.e_mail_address": {"fi": "sähköpostiosoite", "en": "e-mail address"},
    "identifies.name": {"fi": "nimi", "en": "name"},
    "identifies.ip_address": {"fi": "IP-osoite", "en": "IP address"},
    "identifies.phone_number": {"fi": "puhelinnumero", "en": "phone number"},
    "identifies.postal_address": {"fi": "postiosoite", "en": "postal address"},
    "identifies.location": {"fi": "sijainti", "en": "location"},
    "identifies.contact_token": {"fi": "yhteystietotunniste", "en": "contact token"},
    "identifies.personal_identity_code": {"fi": "henkilötunnus", "en": "personal identity code"},
    "identifies.date_of_birth": {"fi": "syntymäaika", "en": "date of birth"},
    "identifies.contact_person": {"fi": "yhteyshenkilö", "en": "contact person"},
    "identifies.free_text": {"fi": "vapaa teksti", "en": "free text"},
    "identifies.copy_of_the_respondent_id": {"fi": "vastaajatunnuksen kopio", "en": "copy of the respondent id"},
    "identifies.listed_in_the_codebook_s_privacy_identifying": {
        "fi": "lueteltu koodikirjan [privacy]-taulukon identifying-kohdassa",
        "en": "listed in the codebook's [privacy] identifying"},
    "inspect.summary": {
        "fi": "Sarakkeita: {item} osiota, {background} taustatietoa, {other} muuta, {dropped} pudotettu, {ignored} ohitettu.",
        "en": "Columns: {item} item, {background} background, {other} other, {dropped} dropped, {ignored} ignored.",
    },
    "inspect.responses": {
        "fi": "Vastaajia {read}: valmiita {complete}, keskeneräisiä {incomplete} (joista mukana {kept}, pois jätetty {excluded}).",
        "en": "Respondents {read}: {complete} complete, {incomplete} incomplete ({kept} kept, {excluded} left out).",
    },
    "inspect.groups": {"fi": "Vastaajien omat ryhmät ({n}/{all}): {groups}", "en": "Respondents' own groups ({n} of {all}): {groups}"},
    "inspect.targets": {"fi": "Arvioidut ryhmät ({n}/{all}): {groups}", "en": "Groups rated ({n} of {all}): {groups}"},
    "inspect.valid": {"fi": "Tiedosto luetaan sellaisenaan: `integraatio run` lukee sen näin.",
                      "en": "The file reads as it is: `integraatio run` reads it like this."},
    "inspect.invalid": {"fi": "Tiedostossa on ongelmia; `integraatio run` pysähtyy niihin:",
                        "en": "The file has problems; `integraatio run` stops on them:"},
    # ------------------------------------------------------------------ help of the command line
    # (in the console's language: INTEGRAATIO_LANG, else the locale; integraatio.cli)
    "help.app": {
        "fi": "Julkisten palvelujen integraatiotarpeen verkostoanalyysi.",
        "en": "Integration-need network analysis of public services.",
    },
    "help.codebook": {
        "fi": "Koodikirja (TOML; oletus: mukana toimitetun kyselyn koodikirja).",
        "en": "Codebook TOML (default: the shipped survey's).",
    },
    "help.pseudonym_key": {
        "fi": "Ei käytössä: tähän annettu avain näkyy prosessiluettelossa.",
        "en": "Refused: a key here shows in the process list.",
    },
    "help.pseudonym_key_file": {
        "fi": "Tiedosto, jossa on vastaajatunnusten HMAC-pseudonyymien avain (oletus R0001, ...), tai aseta {env}; "
              "avaimen saa komennolla `integraatio key`.",
        "en": "File that holds the key of the HMAC pseudonyms of respondent ids (default R0001, ...), or set {env}; "
              "make a key with `integraatio key`.",
    },
    "help.sheet": {
        "fi": "Luettava työkirjan välilehti nimellä tai numerolla (1 = ensimmäinen); piilotettu välilehti luetaan vain "
              "nimettynä.",
        "en": "Workbook sheet to read, by name or number (1 = first tab); hidden sheets only when named.",
    },
    "help.delimiter": {
        "fi": "CSV- tai TSV-kyselyn erotin: , ; tab (tai comma, semicolon). Oletus: koodikirjan [wide]-taulukon "
              "delimiter, muuten se, joka jakaa otsikkorivin ja ensimmäiset rivit samoin.",
        "en": "Delimiter of a .csv/.tsv survey: , ; tab (or comma, semicolon). Default: the codebook's [wide] "
              "delimiter, else the one that splits the header and the first rows alike.",
    },
    "help.self_ratings": {
        "fi": "Kysely pyysi vastaajia arvioimaan myös omaa ryhmäänsä (muuten monet tällaiset arviot pysäyttävät ajon "
              "väärin luettuna omana ryhmänä). Niitä ei koskaan pisteytetä.",
        "en": "The survey asked respondents to rate their own group (else many such ratings stop the run as a misread "
              "own group). They are never scored.",
    },
    "help.incomplete": {
        "fi": "Ota mukaan osittain vastatut (LimeSurveyssä lähettämättä, Qualtricsissa keskeneräiset), joissa oma "
              "ryhmä on annettu; oletuksena ne jätetään pois ja luetellaan tiedostossa exclusions.csv.",
        "en": "Keep partly answered responses (LimeSurvey not submitted, Qualtrics not finished) that have an own "
              "group; by default they are left out and listed in exclusions.csv.",
    },
    "help.resubmissions": {
        "fi": "Vastaus, jossa on samat vastaukset kuin aiemmassa toisella tunnuksella (vähintään 10 vastausta, eivät "
              "kaikki samoja): drop jättää myöhemmän pois (oletus, luetellaan tiedostossa exclusions.csv), keep lukee "
              "molemmat, stop pysäyttää ajon. Oletus: koodikirjan [responses]-taulukon resubmissions, muuten drop.",
        "en": "A response with the same answers as an earlier one under another id (at least 10 answers, not all "
              "alike): drop the later one (default, listed in exclusions.csv), keep both, or stop. Default: the "
              "codebook's [responses] resubmissions, else drop.",
    },
    "help.out": {
        "fi": "Tuloskansio: uusi, tyhjä tai aiemman ajon kansio (korvataan kokonaan).",
        "en": "Results folder: new, empty, or an earlier run's (replaced whole).",
    },
    "help.scenarios": {
        "fi": "Rajan vaihtoehdot (TOML; ks. README, rajan vaihtoehdot).",
        "en": "Boundary scenarios TOML (README: 'Where should the boundary run?').",
    },
    "help.permutations": {
        "fi": "Arvottavien uudelleenjakojen määrä, kun kaikkia ei voi käydä läpi (oletus 9999 soluille, 999 "
              "klustereille).",
        "en": "Relabellings sampled when too many to enumerate (default 9999 cells, 999 clusters).",
    },
    "help.unit": {
        "fi": "Jaetaanko uudelleen kokonaisia kuntia vai yksittäisiä vastaajia.",
        "en": "Relabel whole municipalities or single respondents.",
    },
    "help.view": {
        "fi": "Valitsimen --compare-by kanssa: ryhmän pylväät ja taulukko kuten kalvoilla (voi toistaa).",
        "en": "With --compare-by: a group's bars and table, as on the slides (repeatable).",
    },
    "help.exclude": {
        "fi": "Herkkyystarkastelu ilman tämän alaryhmän vastaajia (voi toistaa).",
        "en": "Rerun without this subgroup's respondents (repeatable).",
    },
    "help.only": {
        "fi": "Herkkyystarkastelu, jossa ryhmissä, joihin alaryhmä kuuluu, on vain se (voi toistaa).",
        "en": "Rerun with only this subgroup in the groups it belongs to (repeatable).",
    },
    "help.split": {
        "fi": "Herkkyystarkastelu, jossa alaryhmä on oma solmunsa (voi toistaa).",
        "en": "Rerun with this subgroup as a node of its own (repeatable).",
    },
    "help.engine": {
        "fi": "auto: igraph-leiden (networkx varoituksen kera, jos igraph-kirjastoa ei voi ladata).",
        "en": "auto: igraph-leiden (networkx, with a warning, where igraph cannot be loaded).",
    },
    "help.bootstrap": {
        "fi": "Vastaajien bootstrap-toistojen määrä (0: ei toistoja): solmujen pysyvyys ja parien keskiarvojen "
              "luottamusvälit.",
        "en": "Respondent bootstrap replicates (0: none): node stability and pair-mean intervals.",
    },
    "help.strata": {
        "fi": "Sarakkeet, joiden sisällä vastaajat otetaan uudelleen, pilkuin eroteltuina ('none': koko aineisto).",
        "en": "Columns to resample within, comma-separated ('none': whole sample).",
    },
    "help.jobs": {
        "fi": "Bootstrap-laskennan rinnakkaiset prosessit (-1: kaikki ytimet).",
        "en": "Bootstrap worker processes (-1: all cores).",
    },
    "help.sweep": {
        "fi": "Kokeiltavat resoluutiot pilkuin eroteltuina: resolution_sweep.csv.",
        "en": "Resolutions to sweep, comma-separated: resolution_sweep.csv.",
    },
    "help.sweep_replicates": {
        "fi": "Bootstrap-toistoja kullakin kokeiltavalla resoluutiolla.",
        "en": "Bootstrap replicates per resolution of the sweep.",
    },
    "help.exports": {
        "fi": "Kirjoita VOSviewer-, Gephi-, GraphML-, Pajek- ja Excel-tiedostot.",
        "en": "Write the VOSviewer, Gephi, GraphML, Pajek and Excel files.",
    },
    "help.report": {
        "fi": "Kirjoita report.html, yksi itsenäinen sivu.",
        "en": "Write report.html, one self-contained page.",
    },
    "help.main.version": {
        "fi": "Näytä versio ja lopeta.",
        "en": "Print the version and exit.",
    },
    "help.run.input": {
        "fi": "Kyselytiedosto (.csv, .xlsx tai .sav, pitkä tai leveä muoto). Oletus: mukana toimitettu synteettinen "
              "kysely.",
        "en": "Survey file (.csv, .xlsx or .sav, long or wide). Default: the shipped synthetic survey.",
    },
    "help.run.keep_columns": {
        "fi": "Kyselyn lisäsarake, joka viedään tiedostoon scores.csv (voi toistaa); ei sallita, jos sarakkeesta voi "
              "tunnistaa henkilön.",
        "en": "Extra survey column to carry into scores.csv (repeatable); refused if it identifies a person.",
    },
    "help.run.seed": {
        "fi": "Klusteroinnin ja kuvan asettelun siemenluku; kirjataan tiedostoon manifest.json.",
        "en": "Seed of community detection and layout; recorded in manifest.json.",
    },
    "help.run.min_n": {
        "fi": "Jätä julkaisematta solut, joissa on vähemmän arvioita.",
        "en": "Suppress cells with fewer ratings.",
    },
    "help.run.measure": {
        "fi": "composite (integraatiotarve) tai yksi osio yksinään.",
        "en": "composite (integration need) or one item alone.",
    },
    "help.run.missing": {
        "fi": "complete: pisteytä arvio vain, kun kaikkiin osioihin on vastattu.",
        "en": "complete: score a rating only when all items are present.",
    },
    "help.run.weighting": {
        "fi": "Yhteyden paino parin keskiarvosta (ks. README, yhteyden painon valinta).",
        "en": "Edge weight from the pair mean (README: 'Choosing the edge weight').",
    },
    "help.run.symmetrise": {
        "fi": "Miten arviot a->b ja b->a yhdistetään.",
        "en": "How a->b and b->a combine.",
    },
    "help.run.resolution": {
        "fi": "Modulaarisuuden resoluutio: suurempi arvo antaa useampia ja pienempiä klustereita.",
        "en": "Modularity resolution: higher gives more, smaller clusters.",
    },
    "help.run.lang": {
        "fi": "Otsikoiden, klusterien nimien ja konsolin kieli.",
        "en": "Language of labels, cluster names and the console.",
    },
    "help.run.figures": {
        "fi": "Piirrä kuvat.",
        "en": "Draw the figures.",
    },
    "help.run.weights": {
        "fi": "Vastauskatoa korjaavat painot: kutsuttujen CSV-tiedosto (ositesarakkeet ja invited: vastaajan paino on "
              "ositteen kutsutut / vastanneet) tai column:NIMI, kun paino on kyselyn sarakkeessa. Solujen keskiarvot "
              "painotetaan; pairs.csv saa sarakkeen n_eff.",
        "en": "Non-response weights: an invitations CSV (stratum columns and invited: a respondent weighs invited / "
              "respondents of their stratum) or column:NAME for a weight in the survey. Weighted cell means; pairs.csv "
              "gets n_eff.",
    },
    "help.run.invitations": {
        "fi": "CSV-tiedosto kutsuttujen määrästä ositteittain (municipality, ...; invited): response.csv ja raportin "
              "vastausasteet. Oletus: mukana toimitetun kyselyn oma, kun kyselytiedostoa ei anneta.",
        "en": "CSV of the number invited per stratum (municipality, ...; invited): response.csv and the report's "
              "response rates. Default: the shipped survey's own, when no INPUT is given.",
    },
    "help.run.figure_formats": {
        "fi": "Kaikkien kuvien tiedostomuodot pilkuin eroteltuina, vaihtoehdot {formats}; network.png/.svg/.pdf "
              "kirjoitetaan aina.",
        "en": "Formats of every figure, comma-separated, of {formats}; network.png/.svg/.pdf are always written.",
    },
    "help.run.compare_by": {
        "fi": "Vertaa ryhmiä tämän sarakkeen mukaan, esim. size_class.",
        "en": "Compare groups by this column, e.g. size_class.",
    },
    "help.run.cant_say_lowest": {
        "fi": "Herkkyystarkastelu: pisteytä ”en osaa sanoa” alimmaksi vastaukseksi puuttuvan sijaan ja kerro, kuinka "
              "paljon klusterit ja rajan katkaisema osuus muuttuvat.",
        "en": "Sensitivity rerun: score \"can't say\" as the lowest answer instead of missing, and report how far the "
              "clusters and the boundary's cut move.",
    },
    "help.export.folder": {
        "fi": "Aiemman `integraatio run` -ajon tuloskansio.",
        "en": "Output folder of an earlier `integraatio run`.",
    },
    "help.export.format": {
        "fi": "Mitä kirjoitetaan (voi toistaa; oletus all): {formats}.",
        "en": "What to write (repeatable; default all): {formats}.",
    },
    "help.export.threshold": {
        "fi": "Tätä suuremmat keskiarvot punaisella tiedostoissa results.xlsx ja report.html.",
        "en": "Means above it are red in results.xlsx and report.html.",
    },
    "help.verify.folder": {
        "fi": "Aiemman ajon tuloskansio.",
        "en": "Output folder of an earlier run.",
    },
    "help.verify.lang": {
        "fi": "Tuloksen kieli.",
        "en": "Language of the verdict.",
    },
    "help.compare.input": {
        "fi": "Kyselytiedosto. Oletus: mukana toimitettu synteettinen kysely.",
        "en": "Survey file. Default: the shipped synthetic survey.",
    },
    "help.compare.by": {
        "fi": "Sarake tai koodikirjan kuntien ominaisuus, jonka mukaan verrataan.",
        "en": "Column or codebook municipality attribute to compare by.",
    },
    "help.compare.seed": {
        "fi": "Arvottujen uudelleenjakojen, bootstrapin ja klusteroinnin siemenluku.",
        "en": "Seed of the sampled relabellings, the bootstrap and community detection.",
    },
    "help.compare.min_n": {
        "fi": "Jätä julkaisematta solut, joissa jossakin ryhmässä on vähemmän arvioita.",
        "en": "Suppress cells with fewer ratings in any group.",
    },
    "help.compare.bootstrap": {
        "fi": "Bootstrap-toistot solmujen pysyvyydelle herkkyystarkasteluissa (0: ei toistoja).",
        "en": "Bootstrap replicates of each node's stability in the sensitivity runs (0: none).",
    },
    "help.compare.lang": {
        "fi": "Kuvien ja konsolin kieli.",
        "en": "Language of the figures and the console.",
    },
    "help.compare.figures": {
        "fi": "Piirrä compare_*.png ja ryhmien näkymät.",
        "en": "Draw compare_*.png and the views.",
    },
    "help.boundary.seed": {
        "fi": "Klusteroinnin (klusterien mukainen vaihtoehto) ja bootstrapin siemenluku.",
        "en": "Seed of community detection (the cluster scenario) and of the bootstrap.",
    },
    "help.boundary.figures": {
        "fi": "Piirrä boundary_*.png.",
        "en": "Draw boundary_*.png.",
    },
    "help.waves.base": {
        "fi": "Edellisen kierroksen kyselytiedosto (.csv, .xlsx tai .sav).",
        "en": "The base wave's survey (.csv, .xlsx or .sav).",
    },
    "help.waves.new": {
        "fi": "Uuden kierroksen kyselytiedosto.",
        "en": "The new wave's survey.",
    },
    "help.waves.codebook_new": {
        "fi": "Uuden kierroksen koodikirja (oletus: --codebook).",
        "en": "The new wave's codebook (default: --codebook).",
    },
    "help.waves.mapping": {
        "fi": "TOML-tiedosto ryhmistä, jotka on nimetty uudelleen, jaettu tai yhdistetty koodikirjojen välillä (ks. "
              "README, kahden kierroksen vertailu).",
        "en": "TOML of groups renamed, split or merged between the codebooks (README: 'Comparing two waves').",
    },
    "help.waves.scale": {
        "fi": "Molempien kierrosten yhteinen asteikko: base (edellisen kierroksen osioiden keskiarvot ja "
              "keskihajonnat) tai pooled (yhdistetty).",
        "en": "One scale for both waves: base (the base wave's item means and SDs) or pooled.",
    },
    "help.waves.bootstrap": {
        "fi": "Bootstrap-toistot kummaltakin kierrokselta (0: ei toistoja): luottamusvälit, pysyvyys ja ARI:n vaihtelu.",
        "en": "Bootstrap replicates of each wave (0: none): intervals, stability, the ARI's spread.",
    },
    "help.waves.permutations": {
        "fi": "Kierrostunnusten permutaatiot organisaatioiden sisällä.",
        "en": "Permutations of the wave labels within organisations.",
    },
    "help.waves.min_n": {
        "fi": "Jätä julkaisematta solut, joissa jommallakummalla kierroksella on vähemmän arvioita.",
        "en": "Suppress cells with fewer ratings in either wave.",
    },
    "help.waves.seed": {
        "fi": "Klusteroinnin, bootstrap-toistojen ja permutaatioiden siemenluku.",
        "en": "Seed of community detection, the bootstraps and the permutations.",
    },
    "help.waves.lang": {
        "fi": "Raportin, kuvien ja konsolin kieli.",
        "en": "Language of the report, the figures and the console.",
    },
    "help.waves.figures": {
        "fi": "Piirrä waves_*.png/.svg.",
        "en": "Draw waves_*.png/.svg.",
    },
    "help.stability.seed": {
        "fi": "Toistojen juurisiemenluku ja klusteroinnin siemenluku.",
        "en": "Root seed of the replicates and seed of community detection.",
    },
    "help.stability.resolution": {
        "fi": "Bootstrap-toistoilla tutkittavien klusterien modulaarisuuden resoluutio.",
        "en": "Modularity resolution of the clusters that are bootstrapped.",
    },
    "help.stability.lang": {
        "fi": "Otsikoiden, kuvien ja konsolin kieli.",
        "en": "Language of labels, figures and the console.",
    },
    "help.stability.figures": {
        "fi": "Piirrä verkosto-, yhteisluokittelu- ja resoluutiokuvat.",
        "en": "Draw the network, coassignment and sweep figures.",
    },
    "help.validate.input": {
        "fi": "Tarkistettava kyselytiedosto.",
        "en": "Survey file to check.",
    },
    "help.validate.all_problems": {
        "fi": "Luettele jokainen ongelma rivinumeroineen (oletus: yksi rivi kutakin ongelmalajia kohden).",
        "en": "List every problem with its row (default: one line per kind of problem).",
    },
    "help.validate.problems_csv": {
        "fi": "Kirjoita jokainen ongelma tähän CSV-tiedostoon (row, column, value, ...).",
        "en": "Write every problem to this CSV file (row, column, value, ...).",
    },
    "help.validate.lang": {
        "fi": "Tuloksen, ongelmien ja lukijan huomautusten kieli (myös --problems-tiedoston tekstien).",
        "en": "Language of the verdict, the problems and the reader's notes (also of the --problems file's texts).",
    },
    "help.inspect.input": {
        "fi": "Tutkittava kyselytiedosto.",
        "en": "Survey file to inspect.",
    },
    "help.inspect.lang": {
        "fi": "Lukusuunnitelman ja ongelmien kieli.",
        "en": "Language of the plan and the problems.",
    },
    "help.synth.out_dir": {
        "fi": "Kansio, johon tiedostot kirjoitetaan.",
        "en": "Folder for the generated files.",
    },
    "help.synth.seed": {
        "fi": "Siemenluku; sama siemenluku, sama kysely.",
        "en": "Seed; same seed, same survey.",
    },
    "help.synth.respondents": {
        "fi": "Vastanneiden määrä (oletus: asetelman 268).",
        "en": "Number answering (default: the design's 268).",
    },
    "help.synth.invited": {
        "fi": "Kutsuttujen määrä (oletus: asetelman 719).",
        "en": "Number invited (default: the design's 719).",
    },
    "help.synth.organisations": {
        "fi": "Organisaatioiden määrä (oletus: koodikirjan).",
        "en": "Number of organisations (default: the codebook's).",
    },
    "help.synth.large": {
        "fi": "Valitsimen --organisations kanssa: kuinka moni on suuri.",
        "en": "With --organisations: how many are large.",
    },
    "help.synth.signal": {
        "fi": "Istutetun rakenteen voimakkuus (1 = asetelman).",
        "en": "Strength of the planted structure (1 = the design's).",
    },
    "help.synth.design": {
        "fi": "Istutettu asetelma (TOML; oletus: mukana toimitettu design.toml).",
        "en": "Planted design TOML (default: the shipped design.toml).",
    },
    "help.synth.waves": {
        "fi": "Myös toinen kierros samasta perusjoukosta asetelman [second_wave]-muutoksella: "
              "synthetic_survey_wave2.csv (komennolle `integraatio waves`).",
        "en": "Also a second wave of the same population with the design's planted [second_wave] change: "
              "synthetic_survey_wave2.csv (for `integraatio waves`).",
    },
    "help.plan.input": {
        "fi": "Pilotti tai aiempi kysely, jonka pohjalta suunnitellaan. Oletus: mukana toimitettu synteettinen kysely.",
        "en": "Pilot or earlier survey to plan from. Default: the shipped synthetic survey.",
    },
    "help.plan.sizes": {
        "fi": "Simuloitavat vastaajamäärät tehtäväryhmää kohden pilkuin eroteltuina.",
        "en": "Respondents per task group to simulate, comma-separated.",
    },
    "help.plan.organisations": {
        "fi": "Seuraavan kyselyn organisaatioiden määrä pilotin kokoluokkien suhteessa (oletus: pilotin).",
        "en": "Organisations in the next survey, in the pilot's mix of size classes (default: the pilot's).",
    },
    "help.plan.effect": {
        "fi": "Valitsimen --compare-by kanssa: ero integraatiotarpeen pisteinä, jonka löytämisen voima arvioidaan.",
        "en": "With --compare-by: a difference in integration-need points whose power is estimated.",
    },
    "help.plan.compare_by": {
        "fi": "Valitsimen --effect kanssa: vertailu tämän mukaan, esim. size_class.",
        "en": "With --effect: compare by this, e.g. size_class.",
    },
    "help.plan.placement": {
        "fi": "Valitsimen --effect kanssa: ero on yhdessä solussa (`cell`), yhden arvioitavan ryhmän kaikissa soluissa "
              "(`group`) tai kaikissa soluissa (`all`).",
        "en": "With --effect: the difference sits in one cell (cell), in every cell of one target group (group) or in "
              "every cell (all).",
    },
    "help.plan.replicates": {
        "fi": "Simuloituja kyselyjä kustakin koosta.",
        "en": "Simulated surveys per size.",
    },
    "help.plan.permutations": {
        "fi": "Vertailun testin uudelleenjaot, kun kaikkia ei voi käydä läpi (kuten ajossa).",
        "en": "Relabellings of the comparison's test when they cannot all be enumerated (as run).",
    },
    "help.plan.refit": {
        "fi": "Arvo jokainen kysely pilotista, joka on sovitettu uudelleen bootstrap-otokseen: näyttää, kuinka "
              "epävarmat pilotin klusterit ovat.",
        "en": "Draw each survey from the pilot refitted on a bootstrap resample, to show how uncertain the pilot's "
              "clusters are.",
    },
    "help.plan.seed": {
        "fi": "Simuloitujen kyselyjen juurisiemenluku; kirjataan tiedostoon manifest.json.",
        "en": "Root seed of the simulated surveys; recorded in manifest.json.",
    },
    "help.plan.lang": {
        "fi": "Kuvan, tiedoston plan.html ja konsolin kieli.",
        "en": "Language of the figure, plan.html and the console.",
    },
    "help.plan.figures": {
        "fi": "Piirrä plan.png/.svg.",
        "en": "Draw plan.png/.svg.",
    },
    "help.questionnaire.lang": {
        "fi": "Kyselyn ja tulostettavan kyselylomakkeen kieli.",
        "en": "Language of the survey and the printable questionnaire.",
    },
    "help.cmd.run": {
        "fi": "Tee koko analyysi ja kirjoita taulukot, kuvat, manifest.json, VOSviewer-, Gephi-, Pajek- ja "
              "Excel-tiedostot sekä report.html kansioon --out.",
        "en": "Run the full analysis and write tables, figures, manifest.json, the VOSviewer, Gephi, Pajek and Excel "
              "files and report.html into --out.",
    },
    "help.cmd.export": {
        "fi": "Kirjoita aiemman ajon VOSviewer-, Gephi-, Pajek-, Excel- ja raporttitiedostot uudelleen pelkästä "
              "tuloskansiosta.\n\nLukee tiedostot manifest.json, pairs.csv, clusters.csv ja muut ajon sinne "
              "kirjoittamat; mitään ei lasketa uudelleen paitsi verkosto, joka rakennetaan tiedostosta pairs.csv ajon "
              "painotuksella. Kansiota, joka ei vastaa manifestiaan (vioittunut tai kesken jäänyt ajo), ei käytetä.",
        "en": "Rewrite the VOSviewer, Gephi, Pajek, Excel and report files of an earlier run from its folder "
              "alone.\n\nReads manifest.json, pairs.csv, clusters.csv and whatever else the run wrote there; nothing "
              "is recomputed but the graph, rebuilt from pairs.csv with the run's weighting. A folder that does not "
              "match its manifest (a damaged or half-written run) is refused.",
    },
    "help.cmd.verify": {
        "fi": "Tarkista tuloskansio manifestia vasten: onko jokainen tiedosto tallella oikean kokoisena ja "
              "SHA-256-tiivisteisenä (paluuarvo 0) vai ei (paluuarvo 1).",
        "en": "Check a results folder against its manifest: every file there, with its size and SHA-256 (exit 0), or "
              "not (exit 1).",
    },
    "help.cmd.compare": {
        "fi": "Vertaa ryhmiä (oletus: suuret kaupungit muihin): koko ajo valitsimella --compare-by.\n\nKirjoittaa "
              "kokonaisen tuloskansion (compare_<by>*.csv ajon taulukoiden, raportin ja työkirjan rinnalle) ja korvaa "
              "valitsimella --out annetun aiemman ajon kansion; `integraatio run --compare-by SARAKE` tekee saman "
              "kaikilla ajon valitsimilla.",
        "en": "Compare groups (default: large cities against the rest): a full run with --compare-by.\n\nWrites a "
              "complete results folder (compare_<by>*.csv next to the run's tables, report and workbook), replacing an "
              "earlier run's folder given as --out; `integraatio run --compare-by COLUMN` does the same with every "
              "option of the run.",
    },
    "help.cmd.boundary": {
        "fi": "Vertaa rajan vaihtoehtoja (lain mukainen, klusterien mukainen, edullisin, --scenarios): koko ajo rajan "
              "vertailun kera.\n\nValitsimella --bootstrap B jokaisen vaihtoehdon katkaisemalle osuudelle ja "
              "jokaiselle erolle lasketaan persentiiliväli. Kirjoittaa kokonaisen tuloskansion ja korvaa valitsimella "
              "--out annetun aiemman ajon kansion; `integraatio run --scenarios TIEDOSTO` tekee saman kaikilla ajon "
              "valitsimilla.",
        "en": "Compare boundary scenarios (legislated, clusters, optimal, --scenarios): a full run with the boundary "
              "step.\n\nWith --bootstrap B every scenario's cost and every difference get a percentile interval. "
              "Writes a complete results folder, replacing an earlier run's folder given as --out; `integraatio run "
              "--scenarios FILE` does the same with every option of the run.",
    },
    "help.cmd.waves": {
        "fi": "Vertaa kahta kyselykierrosta: jokaisen solun muutos, klusterit ja raja; tiedostossa report.html ensin "
              "”Mikä muuttui”.",
        "en": "Compare two survey waves: every cell's change, the clusters and the boundary, \"What changed\" first in "
              "report.html.",
    },
    "help.cmd.stability": {
        "fi": "Kuinka pysyviä klusterit ovat? Vastaajien bootstrap ja resoluutioiden vertailu.\n\nKoko ajo "
              "valitsimilla --bootstrap ja --sweep: ajon taulukot solmujen pysyvyyksineen (clusters.csv) ja parien "
              "keskiarvojen luottamusväleineen (pairs.csv), coassignment.csv, bootstrap_summary.json, "
              "resolution_sweep.csv, niiden kuvat, raportti ja työkirja kokonaisessa tuloskansiossa, joka korvaa "
              "valitsimella --out annetun aiemman ajon kansion.",
        "en": "How sure are the clusters? Bootstrap respondents and sweep the resolution.\n\nA full run with "
              "--bootstrap and --sweep: the run's tables with node stability (clusters.csv) and pair-mean CIs "
              "(pairs.csv), coassignment.csv, bootstrap_summary.json, resolution_sweep.csv, their figures, the report "
              "and the workbook, in a complete results folder that replaces an earlier run's folder given as --out.",
    },
    "help.cmd.validate": {
        "fi": "Tarkista kyselytiedosto koodikirjaa vasten; luettele ongelmat lajeittain (paluuarvo 1) tai totea, ettei "
              "niitä ole (paluuarvo 0).",
        "en": "Check a survey file against the codebook; list its problems by kind (exit 1) or none (exit 0).",
    },
    "help.cmd.inspect": {
        "fi": "Miten kyselytiedoston kukin sarake luetaan (osio, taustatieto, pudotettu ja miksi, ohitettu) täsmälleen "
              "niin kuin `integraatio run` sen lukee, sekä vastaajat ja ryhmät, jotka tiedostossa ovat.",
        "en": "How each column of a survey file will be read (item, background, dropped and why, ignored), read "
              "exactly as `integraatio run` reads it, with the respondents and groups it covers.",
    },
    "help.cmd.synth": {
        "fi": "Tee synteettinen kysely tutkimuksen asetelmalla (pitkä CSV, leveä XLSX, kutsutut).",
        "en": "Generate a synthetic survey with the study's design (long CSV, wide XLSX, invitations).",
    },
    "help.cmd.plan": {
        "fi": "Suunnittele seuraava kysely: simuloi kyselyn INPUT kaltaisia kyselyjä kullakin vastaajamäärällä ryhmää "
              "kohden.\n\nKirjoittaa kansioon --out tiedostot plan.csv (rivi kutakin kokoa kohden: klusterien "
              "yhtäpitävyys pilotin kanssa, pysyvien ryhmien osuus, solun keskiarvon luottamusvälin leveys, "
              "julkaisematta jäävien solujen osuus sekä valitsimilla --effect ja --compare-by eron löytämisen voima), "
              "plan_stability.csv, plan.png/.svg ja plan.html (suunnitelma sanoin).",
        "en": "Plan the next survey: simulate surveys like INPUT at each number of respondents per group.\n\nWrites "
              "plan.csv (one row per size: agreement of the clusters with the pilot's, share of stable groups, width "
              "of a cell mean's interval, share of suppressed cells and, with --effect and --compare-by, the power to "
              "find the difference), plan_stability.csv, plan.png/.svg and plan.html (the plan in plain words) into "
              "--out.",
    },
    "help.cmd.questionnaire": {
        "fi": "Kirjoita kysely koodikirjasta: LimeSurvey-rakennetiedosto, tulostettava kyselylomake ja "
              "esiasetus.\n\nKirjoittaa tiedostot limesurvey_structure.txt (tuo se LimeSurveyyn kyselyksi), "
              "questionnaire.html (tulosta se kommentointikierroksille), limesurvey_preset.toml (kyselyn "
              "vastausviennin lukeva [wide]-taulukko; vienti vastauskoodein ja kysymyskoodit otsikkoina) ja, kun "
              "koodikirjassa ei ole [wide]-taulukkoa, codebook.toml: koodikirja tällä esiasetuksella, jotta "
              "`integraatio run VIENTI.csv --codebook OUT/codebook.toml` lukee viennin sellaisenaan.",
        "en": "Write the survey from the codebook: a LimeSurvey structure file, a printable questionnaire and the "
              "preset.\n\nWrites limesurvey_structure.txt (import it in LimeSurvey as a survey), questionnaire.html "
              "(print it for review rounds), limesurvey_preset.toml (the [wide] table that reads the survey's response "
              "export, exported with answer codes and question codes as headings) and, when the codebook has no [wide] "
              "table, codebook.toml: the codebook with that preset, so that `integraatio run EXPORT.csv --codebook "
              "OUT/codebook.toml` reads the export as it comes.",
    },
    "help.cmd.key": {
        "fi": "Tulosta uusi satunnainen pseudonyymiavain (256 bittiä) valitsimelle --pseudonym-key-file tai muuttujaan "
              "INTEGRAATIO_PSEUDONYM_KEY.",
        "en": "Print a new random pseudonym key (256 bits) for --pseudonym-key-file or the INTEGRAATIO_PSEUDONYM_KEY "
              "variable.",
    },
    "status.reading": {"fi": "Luetaan koodikirjaa ja aineistoa ...", "en": "Reading the codebook and the survey ..."},
    "status.analysing": {"fi": "Pisteytetään, kootaan ja klusteroidaan ...", "en": "Scoring, aggregating and clustering ..."},
    "status.writing": {"fi": "Kirjoitetaan tulokset kansioon {out} ...", "en": "Writing results to {out} ..."},
    "status.boundary": {"fi": "Verrataan rajan vaihtoehtoja ...", "en": "Comparing boundary scenarios ..."},
    "status.compare": {"fi": "Verrataan ryhmiä ({by}) ...", "en": "Comparing groups by {by} ..."},
    "status.sensitivity": {"fi": "Lasketaan herkkyystarkastelut ...", "en": "Rerunning the sensitivity analyses ..."},
    "status.cant_say": {"fi": "Lasketaan uudelleen: ”en osaa sanoa” alimpana vastauksena ...",
                        "en": "Rerunning with \"can't say\" as the lowest answer ..."},
    "status.bootstrap": {"fi": "Bootstrap ({engine})", "en": "Bootstrap ({engine})"},
    "status.sweep": {"fi": "Resoluutioiden vertailu", "en": "Resolution sweep"},
    "and": {"fi": "ja", "en": "and"},
    "by.size_class": {"fi": "kuntakoko", "en": "municipality size"},
    "by.municipality": {"fi": "kunta", "en": "municipality"},
    # ------------------------------------------------------------------ column headers of the workbook and report
    # (CSV files keep the machine names)
    "head.own_group": {"fi": "Oma ryhmä", "en": "Own group"},
    "head.target_group": {"fi": "Arvioitu ryhmä", "en": "Group rated"},
    "head.n": {"fi": "n", "en": "n"},
    "head.mean": {"fi": "Keskiarvo", "en": "Mean"},
    "head.sd": {"fi": "Keskihajonta", "en": "SD"},
    "head.suppressed": {"fi": "Julkaisematta", "en": "Suppressed"},
    "head.ci_low": {"fi": "Väli alaraja", "en": "Interval low"},
    "head.ci_high": {"fi": "Väli yläraja", "en": "Interval high"},
    "head.node": {"fi": "Koodi", "en": "Code"},
    "head.label": {"fi": "Tehtäväryhmä", "en": "Task group"},
    "head.cluster": {"fi": "Klusteri", "en": "Cluster"},
    "head.cluster_name": {"fi": "Klusterin nimi", "en": "Cluster name"},
    "head.strength": {"fi": "Vahvuus", "en": "Strength"},
    "head.participation": {"fi": "Osallistumiskerroin", "en": "Participation"},
    "head.x": {"fi": "x", "en": "x"},
    "head.y": {"fi": "y", "en": "y"},
    "head.stability": {"fi": "Pysyvyys", "en": "Stability"},
    "head.consensus_cluster": {"fi": "Konsensusklusteri", "en": "Consensus cluster"},
    "head.links": {"fi": "Yhteyksiä", "en": "Ties"},
    "head.integration_need": {"fi": "Integraatiotarve", "en": "Integration need"},
    "head.item": {"fi": "Osio", "en": "Item"},
    "head.item_total_r": {"fi": "Osio–summa-korrelaatio", "en": "Item–total correlation"},
    "head.alpha_if_deleted": {"fi": "Alfa ilman osiota", "en": "Alpha if deleted"},
    "head.level": {"fi": "Ryhmä", "en": "Level"},
    "head.level_a": {"fi": "Ryhmä A", "en": "Level A"},
    "head.level_b": {"fi": "Ryhmä B", "en": "Level B"},
    "head.ari": {"fi": "ARI", "en": "ARI"},
    "head.contrast": {"fi": "Vertailu", "en": "Contrast"},
    "head.diff": {"fi": "Ero", "en": "Difference"},
    "head.statistic": {"fi": "Testisuure", "en": "Statistic"},
    "head.p_value": {"fi": "p-arvo", "en": "p-value"},
    "head.q_value": {"fi": "q-arvo", "en": "q-value"},
    "head.permutation_unit": {"fi": "Permutaatioyksikkö", "en": "Permutation unit"},
    "head.permutations": {"fi": "Permutaatioita", "en": "Permutations"},
    "head.exact": {"fi": "Kaikki permutaatiot", "en": "Exact"},
    "head.p_min": {"fi": "Pienin p", "en": "Smallest p"},
    "head.scenario": {"fi": "Vaihtoehto", "en": "Scenario"},
    "head.cost": {"fi": "Katkaistu tarve", "en": "Cost"},
    "head.share": {"fi": "Osuus", "en": "Share"},
    "head.total": {"fi": "Kaikkiaan", "en": "Total"},
    "head.cut_ties": {"fi": "Katkaistuja yhteyksiä", "en": "Ties cut"},
    "head.ties": {"fi": "Yhteyksiä", "en": "Ties"},
    "head.moved": {"fi": "Siirretyt ryhmät", "en": "Groups moved"},
    "head.municipality_groups": {"fi": "Kunnan ryhmät", "en": "Municipality's groups"},
    "head.wellbeing_area_groups": {"fi": "Hyvinvointialueen ryhmät", "en": "Wellbeing county's groups"},
    "head.source": {"fi": "Lähde", "en": "Source"},
    "head.description": {"fi": "Kuvaus", "en": "Description"},
    "head.replicates": {"fi": "Toistoja", "en": "Replicates"},
    "head.share_ci_low": {"fi": "Osuus, väli alaraja", "en": "Share, interval low"},
    "head.share_ci_high": {"fi": "Osuus, väli yläraja", "en": "Share, interval high"},
    "head.node_a": {"fi": "Koodi A", "en": "Code A"},
    "head.node_b": {"fi": "Koodi B", "en": "Code B"},
    "head.weight": {"fi": "Paino", "en": "Weight"},
    "head.organiser_a": {"fi": "Järjestäjä A", "en": "Organiser A"},
    "head.organiser_b": {"fi": "Järjestäjä B", "en": "Organiser B"},
    "head.rank": {"fi": "Sija", "en": "Rank"},
    "head.organiser": {"fi": "Järjestäjä", "en": "Organiser"},
    "head.across": {"fi": "Rajan yli", "en": "Across"},
    "head.within": {"fi": "Rajan sisällä", "en": "Within"},
    "head.to_external": {"fi": "Ulkopuolisiin", "en": "To external actors"},
    "head.share_across": {"fi": "Osuus rajan yli", "en": "Share across"},
    "head.versus": {"fi": "Verrattuna", "en": "Versus"},
    "head.share_lower": {"fi": "Osuus pienempi", "en": "Share lower"},
    "head.no_data_side": {"fi": "Puoli ilman aineistoa", "en": "Side without data"},
    "head.name_fi": {"fi": "Nimi suomeksi", "en": "Finnish name"},
    "head.name_en": {"fi": "Nimi englanniksi", "en": "English name"},
    "head.key": {"fi": "Asetus", "en": "Setting"},
    "head.value": {"fi": "Arvo", "en": "Value"},
    "head.resolution": {"fi": "Resoluutio", "en": "Resolution"},
    "head.clusters": {"fi": "Klustereita", "en": "Clusters"},
    "head.modularity": {"fi": "Modulaarisuus", "en": "Modularity"},
    "head.ari_mean": {"fi": "ARI keskiarvo", "en": "ARI mean"},
    "head.ari_low": {"fi": "ARI alaraja", "en": "ARI low"},
    "head.ari_high": {"fi": "ARI yläraja", "en": "ARI high"},
    "head.ari_sd": {"fi": "ARI keskihajonta", "en": "ARI SD"},
    "head.respondents_per_group": {"fi": "Vastaajia ryhmää kohden", "en": "Respondents per group"},
    "head.respondents": {"fi": "Vastaajia kaikkiaan", "en": "Respondents in all"},
    "head.organisations": {"fi": "Organisaatioita", "en": "Organisations"},
    "head.surveys": {"fi": "Simuloituja kyselyjä", "en": "Simulated surveys"},
    "head.share_reproduced": {"fi": "Osuus, samat klusterit", "en": "Share reproducing the clusters"},
    "head.share_stable": {"fi": "Pysyvien ryhmien osuus", "en": "Share of stable groups"},
    "head.ci_width": {"fi": "Luottamusvälin leveys", "en": "Interval width"},
    "head.share_suppressed": {"fi": "Julkaisematta jäävien solujen osuus", "en": "Share of suppressed cells"},
    "head.effect": {"fi": "Ero (pistettä)", "en": "Difference (points)"},
    "head.power": {"fi": "Voima", "en": "Power"},
    "head.power_unadjusted": {"fi": "Voima ilman korjausta", "en": "Power, unadjusted"},
    "head.changed": {"fi": "Vaihtoi klusteria", "en": "Changed cluster"},
    "head.cluster_name_full": {"fi": "Klusteri koko aineistossa", "en": "Cluster, full data"},
    "head.stability_full": {"fi": "Pysyvyys koko aineistossa", "en": "Stability, full data"},
    "head.stability_change": {"fi": "Pysyvyyden muutos", "en": "Change in stability"},
    # ------------------------------------------------------------------ workbook
    "sheet.summary": {"fi": "Yhteenveto", "en": "Summary"},
    "sheet.parameters": {"fi": "Asetukset", "en": "Settings"},
    "sheet.matrix": {"fi": "Matriisi", "en": "Matrix"},
    "sheet.matrix_n": {"fi": "Matriisi n", "en": "Matrix n"},
    "sheet.heatmap": {"fi": "Lämpökartta", "en": "Heat map"},
    "sheet.pairs": {"fi": "Parit", "en": "Pairs"},
    "sheet.clusters": {"fi": "Klusterit", "en": "Clusters"},
    "sheet.reliability": {"fi": "Luotettavuus", "en": "Reliability"},
    "sheet.coassignment": {"fi": "Yhteisluokittelu", "en": "Coassignment"},
    "sheet.resolution_sweep": {"fi": "Resoluutiot", "en": "Resolution sweep"},
    "sheet.compare": {"fi": "Vertailu {by}", "en": "Compare {by}"},
    "sheet.compare_tests": {"fi": "Vertailu {by} testit", "en": "Compare {by} tests"},
    "sheet.compare_clusters": {"fi": "Vertailu {by} klusterit", "en": "Compare {by} clusters"},
    "sheet.compare_ari": {"fi": "Vertailu {by} ARI", "en": "Compare {by} ARI"},
    "sheet.boundary_scenarios": {"fi": "Rajavaihtoehdot", "en": "Boundary scenarios"},
    "sheet.boundary_cut_ties": {"fi": "Katkaistut yhteydet", "en": "Ties cut"},
    "sheet.boundary_groups": {"fi": "Raja ryhmittäin", "en": "Boundary by group"},
    "sheet.boundary_differences": {"fi": "Vaihtoehtojen erot", "en": "Scenario differences"},
    "sheet.integration_by_organiser": {"fi": "Järjestäjien välillä", "en": "Between organisers"},
    "sheet.sensitivity": {"fi": "Herkkyys {name}", "en": "Sensitivity {name}"},
    "book.title": {"fi": "Integraatiotarve: yhteenveto", "en": "Integration need: summary"},
    "book.input": {"fi": "Aineisto", "en": "Input"},
    "book.respondents": {"fi": "Vastaajia", "en": "Respondents"},
    "book.rows_read": {"fi": "Arvioita luettu", "en": "Ratings read"},
    "book.rows_scored": {"fi": "Arvioita pisteytetty", "en": "Ratings scored"},
    "book.rows_excluded": {"fi": "Arvioita jätetty pois", "en": "Ratings excluded"},
    "book.alpha": {"fi": "Cronbachin alfa", "en": "Cronbach's alpha"},
    "book.over": {"fi": "Soluja yli {threshold}", "en": "Cells above {threshold}"},
    "book.published": {"fi": "Julkaistuja soluja", "en": "Cells published"},
    "book.suppressed": {"fi": "Julkaisematta jätettyjä soluja (alle {min_n} arviota)",
                        "en": "Suppressed cells (fewer than {min_n} ratings)"},
    "book.cluster": {"fi": "Klusteri {k}: {name}", "en": "Cluster {k}: {name}"},
    "book.boundary": {"fi": "Raja {name}: katkaistu osuus", "en": "Boundary {name}: share cut"},
    "book.guide": {"fi": "Välilehdet", "en": "Sheets"},
    # values of the workbook's cells that are ids or flags in the CSV files
    "value.true": {"fi": "kyllä", "en": "yes"},
    "value.false": {"fi": "ei", "en": "no"},
    "source.codebook": {"fi": "koodikirja", "en": "codebook"},
    "source.clusters": {"fi": "klusterit", "en": "clusters"},
    "source.file": {"fi": "vaihtoehtotiedosto", "en": "scenario file"},
    "source.api": {"fi": "Python-kutsu", "en": "Python call"},
    "source.exhaustive": {"fi": "kaikki vaihtoehdot käyty läpi", "en": "every assignment evaluated"},
    "source.minimum_cut": {"fi": "minimileikkaus", "en": "minimum cut"},
    "source.local_search": {"fi": "paikallinen haku", "en": "local search"},
    "guide.parameters": {"fi": "kaikki ajon asetukset ja ohjelmistoversiot (manifest.json)",
                         "en": "every setting of the run and the package versions (manifest.json)"},
    "guide.matrix": {"fi": "integraatiotarpeen keskiarvot: rivi oma ryhmä, sarake arvioitu; yli {threshold} punaisella, .. = jätetty julkaisematta",
                     "en": "mean integration need: row own group, column group rated; above {threshold} red, .. = suppressed"},
    "guide.matrix_n": {"fi": "arvioiden määrä kunkin keskiarvon takana", "en": "the number of ratings behind each mean"},
    "guide.heatmap": {"fi": "matriisi lämpökarttana", "en": "the matrix as a heat map"},
    "guide.pairs": {"fi": "parit allekkain: n, keskiarvo, keskihajonta", "en": "the pairs one per row: n, mean, SD"},
    "guide.clusters": {"fi": "ryhmien klusterit, vahvuus ja asema kuvassa", "en": "each group's cluster, strength and place in the figure"},
    "guide.other": {"fi": "ajon taulukko {file}", "en": "the run's table {file}"},
    # ------------------------------------------------------------------ planning the next survey and the questionnaire
    "status.plan": {"fi": "Simuloidaan kyselyitä", "en": "Simulating surveys"},
    "status.plan_writing": {"fi": "Kirjoitetaan suunnitelma kansioon {out} ...", "en": "Writing the plan to {out} ..."},
    "fig.plan_title": {"fi": "Seuraavan kyselyn koko: mitä {n} simuloitua kyselyä kustakin koosta näyttää",
                       "en": "Size of the next survey: what {n} simulated surveys of each size show"},
    "fig.plan_size": {"fi": "vastaajia tehtäväryhmää kohden", "en": "respondents per task group"},
    "fig.plan_share": {"fi": "osuus (0–1)", "en": "share (0–1)"},
    "fig.plan_ari": {"fi": "klusterit kuten (uudelleen sovitetussa) pilotissa, josta kysely simuloitiin (ARI, "
                           "keskiarvo ja 95 %:n vaihteluväli)",
                     "en": "clusters as in the (refitted) pilot a survey is drawn from (ARI, mean and 95% range)"},
    "fig.plan_stable": {"fi": "pysyvien ryhmien osuus (pysyvyys ≥ 0,8)", "en": "share of stable groups (stability ≥ 0.8)"},
    "fig.plan_suppressed": {"fi": "julkaisematta jäävien solujen osuus", "en": "share of suppressed cells"},
    "fig.plan_power": {"fi": "voima löytää {effect} pisteen ero (q < 0,05)",
                       "en": "power to find a {effect}-point difference (q < 0.05)"},
    "fig.plan_width": {"fi": "solun keskiarvon 95 %:n luottamusvälin leveys (pistettä)",
                       "en": "width of a cell mean's 95% interval (points)"},
    "fig.plan_pilot": {"fi": "pilotti: {n}", "en": "pilot: {n}"},
    "plan.title": {"fi": "Seuraavan kyselyn suunnitelma", "en": "Plan of the next survey"},
    "plan.pilot": {
        "fi": "Pilottiaineistossa on {respondents} vastaajaa {organisations} organisaatiosta; tehtäväryhmää kohden "
              "{low}–{high} vastaajaa (mediaani {median}). Sen klustereita on {clusters}. Kustakin koosta simuloitiin "
              "{surveys} kyselyä pilotin perusteella (siemenluku {seed}).",
        "en": "The pilot has {respondents} respondents from {organisations} organisations; {low} to {high} per task "
              "group (median {median}). It has {clusters} clusters. For each size, {surveys} surveys were simulated from "
              "the pilot (seed {seed}).",
    },
    "plan.uncertainty": {
        "fi": "Pilotin vastaajista otetuista {surveys} bootstrap-otoksesta sovitettujen pilottien klusterit vastaavat "
              "pilotin omia keskimäärin ARI:lla {ari} (95 %:n vaihteluväli {low}–{high}). Kukin simuloitu kysely "
              "arvotaan yhdestä tällaisesta sovitteesta ja sitä verrataan sovitteen klustereihin; pieni arvo tässä "
              "tarkoittaa, ettei pilotti itse ratkaise klustereita, oli seuraava kysely kuinka suuri tahansa.",
        "en": "Refitted on {surveys} bootstrap resamples of its respondents, the pilot's clusters agree with its own at "
              "a mean ARI of {ari} (95% range {low} to {high}). Each simulated survey is drawn from one such refit and "
              "compared with that refit's clusters; a low value here means the pilot itself does not settle the "
              "clusters, however large the next survey.",
    },
    "plan.size": {
        "fi": "{n} vastaajalla ryhmää kohden {reproduced} simuloiduista kyselyistä tuottaa täsmälleen ne klusterit, "
              "joista ne simuloitiin (keskimääräinen ARI {ari}); {stable} ryhmistä on pysyviä; solun keskiarvon 95 %:n "
              "luottamusväli on tyypillisesti {width} pistettä leveä; {suppressed} soluista jää julkaisematta.",
        "en": "With {n} respondents per group, {reproduced} of simulated surveys reproduce exactly the clusters they "
              "were drawn from (mean ARI {ari}); {stable} of the groups are stable; the 95% interval of a cell mean "
              "is typically {width} points wide; {suppressed} of the cells are suppressed.",
    },
    "plan.power": {
        "fi": " Vertailu ({by}) löytää {effect} pisteen eron {where} {power} todennäköisyydellä (q < 0,05; pienin "
              "mahdollinen p {p_min} ja q {q_min}; {organisations} organisaatiota, joista {second}: {large}).",
        "en": " The comparison by {by} finds a {effect}-point difference {where} with {power} power (q < 0.05; smallest "
              "attainable p {p_min} and q {q_min}; {organisations} organisations, {second}: {large}).",
    },
    "plan.where.cell": {"fi": "yhdessä solussa", "en": "in one cell"},
    "plan.where.group": {"fi": "yhden kohderyhmän kaikissa soluissa", "en": "in every cell of one target group"},
    "plan.where.all": {"fi": "kaikissa soluissa", "en": "in every cell"},
    "plan.unreachable": {
        "fi": "Millään kokeillulla koolla {effect} pisteen eroa {where} ei voi löytää (q < 0,05): {organisations} "
              "organisaatiolla vertailun pienin mahdollinen p on {p_min}, ja Benjamini-Hochbergin korjaus testattujen "
              "solujen yli nostaa sen vähintään arvoon q = {q_min}. Lisävastaukset ryhmää kohden eivät muuta tätä; "
              "useammat organisaatiot (useampia tapoja vaihtaa niiden ryhmiä) tai harvemmat testatut solut muuttavat.",
        "en": "No size in the grid can find a {effect}-point difference {where} at q < 0.05: with {organisations} "
              "organisations the comparison's smallest attainable p is {p_min}, and Benjamini-Hochberg over the cells "
              "tested lifts it to q = {q_min} at best. More answers per group do not change this; more organisations "
              "(more ways to relabel them) or fewer tested cells do.",
    },
    "plan.enough": {
        "fi": "Pienin kokeiltu koko, jolla ARI on keskimäärin vähintään 0,9 ja vähintään 90 % ryhmistä on pysyviä: "
              "{n} vastaajaa ryhmää kohden.",
        "en": "The smallest size tried at which the mean ARI is at least 0.9 and at least 90% of the groups are "
              "stable: {n} respondents per group.",
    },
    "plan.not_enough": {
        "fi": "Millään kokeillulla koolla keskimääräinen ARI ei ole vähintään 0,9 ja 90 % ryhmistä pysyviä.",
        "en": "No size tried reaches a mean ARI of at least 0.9 with 90% of the groups stable.",
    },
    "plan.caveat": {
        "fi": "Simulointi olettaa, että seuraava kysely muistuttaa pilottia (samat solujen keskiarvot, hajonnat ja "
              "puuttuvien vastausten osuudet); se ei tunne pilotin alaryhmiä eikä muita eroja kuin annetun eron.",
        "en": "The simulation assumes the next survey resembles the pilot (the same cell means, spreads and shares of "
              "missing answers); it knows no subgroups and no difference other than the one given.",
    },
    "plan.table": {"fi": "Taulukko: plan.csv", "en": "Table: plan.csv"},
    # ------------------------------------------------------------------ two survey waves (integraatio waves)
    "waves.title": {"fi": "Kaksi kyselykierrosta: mikä muuttui", "en": "Two survey waves: what changed"},
    "waves.what_changed": {"fi": "Mikä muuttui", "en": "What changed"},
    "waves.base": {"fi": "Edellinen kierros", "en": "Base wave"},
    "waves.new": {"fi": "Uusi kierros", "en": "New wave"},
    "waves.scale.base": {"fi": "edellisen kierroksen asteikolla", "en": "on the base wave's scale"},
    "waves.scale.pooled": {"fi": "yhdistetyllä asteikolla", "en": "on the pooled scale"},
    "waves.cells": {
        "fi": "{flagged}/{tested} solussa integraatiotarve muuttui (q < {alpha}): {up} nousi ja {down} laski. "
              "Testattujen solujen keskimääräinen muutos on {mean} pistettä {scale}.",
        "en": "{flagged} of {tested} cells changed (q < {alpha}): {up} rose and {down} fell. The mean change over "
              "the tested cells is {mean} points {scale}.",
    },
    "waves.clusters": {"fi": "Klusterit: kierrosten yhtäpitävyys ARI = {ari}{spread}.",
                       "en": "Clusters: agreement between the waves ARI = {ari}{spread}."},
    "waves.spread": {"fi": " (bootstrap-vaihteluväli {low}–{high})", "en": " (bootstrap range {low} to {high})"},
    "waves.moved": {"fi": "Toiseen klusteriin siirtyi: {groups}.", "en": "Moved to another cluster: {groups}."},
    "waves.moved_share": {"fi": "{group} ({share} bootstrap-otospareista)",
                          "en": "{group} (in {share} of bootstrap replicate pairs)"},
    "waves.none_moved": {"fi": "Yksikään ryhmä ei siirtynyt toiseen klusteriin.",
                         "en": "No group moved to another cluster."},
    "waves.interval": {"fi": " [95 %:n väli {low}; {high}]", "en": " [95% interval {low} to {high}]"},
    "waves.boundary": {
        "fi": "Lain mukainen raja katkaisi edellisellä kierroksella {base} ja uudella {new} integraatiotarpeesta: "
              "muutos {change} prosenttiyksikköä{interval}.",
        "en": "The legislated boundary cut {base} of the integration need in the base wave and {new} in the new "
              "wave: a change of {change} percentage points{interval}.",
    },
    "waves.sensitivity": {
        "fi": "Herkkyys: {scale} muuttuneita soluja on {flagged}, joista {both} samoja; muutokset eroavat mediaaniltaan "
              "{diff} pistettä.",
        "en": "Sensitivity: {scale}, {flagged} cells are flagged, {both} of them the same; the changes differ by "
              "{diff} points (median).",
    },
    "waves.method": {
        "fi": "Testi permutoi vastaajien kierrostunnukset organisaatioiden sisällä ({organisations} organisaatiota "
              "vastasi molemmilla kierroksilla; {permutations} permutaatiota, pienin p {p_min}); välit "
              "{replicates} bootstrap-otoksesta kummaltakin kierrokselta, vastaajat omien ryhmiensä sisällä.",
        "en": "The test permutes the respondents' wave labels within organisations ({organisations} organisations "
              "answered in both waves; {permutations} permutations, smallest p {p_min}); intervals from "
              "{replicates} bootstrap replicates of each wave, respondents resampled within their own groups.",
    },
    "waves.table.cells": {"fi": "Muuttuneet solut (q < 0,05); kaikki solut: waves_cells.csv",
                          "en": "Cells that changed (q < 0.05); every cell: waves_cells.csv"},
    "waves.table.clusters": {"fi": "Klusterit molemmilla kierroksilla", "en": "Clusters in both waves"},
    "waves.table.boundary": {"fi": "Rajan katkaisema osuus molemmilla kierroksilla",
                             "en": "Share cut by each boundary in both waves"},
    "waves.table.groups": {"fi": "Tehtäväryhmien vastaavuus kierrosten välillä",
                           "en": "How the task groups of the waves correspond"},
    "waves.fig.networks": {"fi": "Verkostot samoissa asemissa ja niiden erotus",
                           "en": "The networks on one layout, and their difference"},
    "waves.fig.difference": {"fi": "Muutos (uusi − edellinen)", "en": "Change (new − base)"},
    "waves.fig.faint": {"fi": "harmaa: muutos, jonka väli sisältää nollan",
                        "en": "grey: a change whose interval includes zero"},
    "waves.fig.alluvial": {"fi": "Ryhmien klusterit kierroksittain", "en": "The groups' clusters in each wave"},
    "waves.fig.moved": {"fi": "Siirtyivät: {groups}", "en": "Moved: {groups}"},
    "waves.fig.boundary": {"fi": "Rajan katkaisema osuus kierroksittain", "en": "Share cut by each boundary, by wave"},
    "waves.fig.change_points": {"fi": "muutos, %-yksikköä [{level}:n väli]",
                                "en": "change, percentage points [{level} interval]"},
    "waves.status.reading": {"fi": "Luetaan kierrokset ...", "en": "Reading the waves ..."},
    "waves.status.comparing": {"fi": "Verrataan kierroksia ...", "en": "Comparing the waves ..."},
    "questionnaire.title": {"fi": "Tehtäväryhmien yhteistyö ja integraatiotarve",
                            "en": "Cooperation between task groups and the need for integration"},
    "questionnaire.intro": {
        "fi": "Kysely koskee oman tehtäväsi yhteistyötä muiden palvelujen kanssa. Arvioi jokaista muuta tehtäväryhmää "
              "kolmella kysymyksellä. Jos et osaa arvioida, valitse ”En osaa sanoa”.",
        "en": "This survey is about the cooperation of your own task with other services. Rate every other task "
              "group on three questions. If you cannot rate one, choose “Can't say”.",
    },
    "questionnaire.background": {"fi": "Taustatiedot", "en": "About you"},
    "questionnaire.ratings": {"fi": "Yhteistyö muiden tehtäväryhmien kanssa", "en": "Cooperation with other task groups"},
    "questionnaire.own_group": {"fi": "Mihin tehtäväryhmään oma työsi pääasiassa kuuluu?",
                                "en": "Which task group does your own work mainly belong to?"},
    "questionnaire.own_group_help": {"fi": "Valitse yksi. Omaa ryhmääsi ei kysytä arvioitavaksi.",
                                     "en": "Choose one. You will not be asked to rate your own group."},
    "questionnaire.organisation": {"fi": "Missä organisaatiossa työskentelet?", "en": "Which organisation do you work in?"},
    "questionnaire.organisation_help": {"fi": "Kirjoita organisaation nimi.", "en": "Write the organisation's name."},
    "questionnaire.frequency": {"fi": "Kuinka usein tehtäväsi edellyttää yhteistyötä seuraavien tahojen kanssa?",
                                "en": "How often does your task require cooperation with the following?"},
    "questionnaire.reciprocity": {"fi": "Onko yhteistyö molemminpuolista?", "en": "Is the cooperation mutual?"},
    "questionnaire.need": {"fi": "Kuinka suuri on yhteistyön tarve?", "en": "How great is the need for cooperation?"},
    "questionnaire.scale_help": {"fi": "Vastausasteikko: {low} … {high}.", "en": "Answer scale: {low} to {high}."},
    "questionnaire.scale_low": {"fi": "(ei lainkaan)", "en": "(not at all)"},
    "questionnaire.scale_high": {"fi": "(erittäin paljon)", "en": "(very much)"},
    "questionnaire.cant_say": {"fi": "En osaa sanoa", "en": "Can't say"},
    "questionnaire.preset_note": {
        "fi": "Lukee integraatio questionnaire -komennon LimeSurvey-kyselyn vastaukset (vastauskoodit, kysymyskoodit otsikoina).",
        "en": "Reads the responses of the LimeSurvey survey from integraatio questionnaire (answer codes, question codes as headings).",
    },
    "questionnaire.codebook_note": {
        "fi": "Lisätty: kyselyn LimeSurvey-vastaukset luetaan tällä esiasetuksella.",
        "en": "Added: the survey's LimeSurvey responses are read with this preset.",
    },
    "questionnaire.has_wide": {
        "fi": "Koodikirjassa on jo [wide]-taulukko, joten codebook.toml jätettiin kirjoittamatta: lisää "
              "preset = \"limesurvey_preset.toml\" sen tilalle tai kopioi esiasetuksen avaimet sinne.",
        "en": "The codebook already has a [wide] table, so codebook.toml was not written: put "
              "preset = \"limesurvey_preset.toml\" in its place or copy the preset's keys there.",
    },
}



def check_lang(lang: str) -> str:
    """``lang`` itself when the catalogue has it, else a ``ValueError`` naming the choices."""
    if lang not in LANGS:
        raise UsageError(f"`lang` must be one of {', '.join(map(repr, LANGS))}; got {lang!r}.")
    return lang


def text(key: str, lang: str, /, **fields: Any) -> str:
    """The catalogue's text ``key`` in ``lang``, with ``fields`` filled in.

    Parameters
    ----------
    key : str
        An entry of :data:`MESSAGES`.
    lang : {"fi", "en"}
    **fields
        Values for the ``{name}`` slots of the text.

    Returns
    -------
    str

    Examples
    --------
    >>> text("fig.over", "fi", threshold="140")
    'yli 140'
    """
    entry = MESSAGES[key][check_lang(lang)]
    return entry.format(**fields) if fields else entry


#: The language of the texts made while a command runs (:func:`speaking`): problems of a
#: survey file and the messages of errors, which are made where the error is raised.
_SPOKEN: ContextVar[str] = ContextVar("integraatio_spoken", default="en")


@contextmanager
def speaking(lang: str, /) -> Iterator[str]:
    """Within the block, :func:`said` texts are in ``lang``: the command line speaks the
    user's language this way, while the library's errors stay English by default.

    Examples
    --------
    >>> with speaking("fi"):
    ...     said("problem.not_whole")
    'ei ole kokonaisluku'
    >>> said("problem.not_whole")
    'not a whole number'
    """
    token = _SPOKEN.set(check_lang(lang))
    try:
        yield lang
    finally:
        _SPOKEN.reset(token)


def spoken() -> str:
    """The language :func:`said` texts are in now (``"en"`` outside :func:`speaking`)."""
    return _SPOKEN.get()


def said(key: str, /, **fields: Any) -> str:
    """The catalogue's text ``key`` in the language spoken now (:func:`speaking`); a field
    that is a :class:`Message` is given that language too.

    Examples
    --------
    >>> said("problem.empty", column="own_group")
    'empty own_group'
    """
    lang = spoken()
    return text(key, lang, **{name: _in(value, lang) for name, value in fields.items()})


@dataclass(frozen=True)
class Message:
    """A text of the catalogue before it has a language: its key and its fields.

    The survey reader is language-free: its notes and warnings are messages, given their
    language where they are shown or written (the console, the manifest, the report), so
    that one reading serves a run in either language. ``str()`` gives the English text.

    Attributes
    ----------
    key : str
        An entry of :data:`MESSAGES`.
    fields : tuple of (str, object) pairs
        Values of the entry's ``{name}`` slots; a value that is a message, or a tuple of
        messages (joined by ``"; "``), is given the same language.

    Examples
    --------
    >>> m = Message.of("read.no_header", column="C", name="unnamed_C")
    >>> m.text("fi")
    "sarakkeella C ei ole otsikkoa; se luetaan nimellä 'unnamed_C'"
    >>> str(m)
    "column C has no header; it is read as 'unnamed_C'"
    """

    key: str
    fields: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, key: str, /, **fields: Any) -> Message:
        """The message ``key`` with ``fields``; a key not in the catalogue is refused at once."""
        if key not in MESSAGES:
            raise KeyError(f"no message {key!r} in the catalogue")
        return cls(key, tuple(fields.items()))

    def text(self, lang: str, /) -> str:
        """The message in ``lang``."""
        return text(self.key, lang, **{name: _in(value, lang) for name, value in self.fields})

    def __str__(self) -> str:
        return self.text("en")


def _in(value: Any, lang: str) -> Any:
    """A field's value for a text in ``lang``: messages in that language, anything else as it is."""
    if isinstance(value, Message):
        return value.text(lang)
    if isinstance(value, tuple) and value and all(isinstance(v, Message) for v in value):
        return "; ".join(v.text(lang) for v in value)
    return value


def number(x: Any, digits: int | None, lang: str, /) -> str:
    """A rounded number for reading: decimal comma and a thin space between thousands in
    Finnish, a decimal point and comma in English; empty for a missing value.

    ``digits=None`` gives the shortest form (``2``, ``0.5``) without thousands separators.

    Examples
    --------
    >>> number(1234.5, 1, "fi"), number(1234.5, 1, "en"), number(float("nan"), 1, "fi"), number(0.5, None, "fi")
    ('1\\u202f234,5', '1,234.5', '', '0,5')
    """
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    value = float(x)
    if math.isnan(value):
        return ""
    shown = f"{value:g}" if digits is None else f"{value:,.{digits}f}"
    if check_lang(lang) == "en":
        return shown
    return shown.replace(",", "\u202f").replace(".", ",")


def percent(share: Any, lang: str, /, digits: int = 1) -> str:
    """A share (0-1) as a percentage: Finnish writes a no-break space before ``%``
    ("29,8 %"), English none ("29.8%").

    Examples
    --------
    >>> percent(0.298, "fi"), percent(0.298, "en")
    ('29,8\\xa0%', '29.8%')
    """
    shown = number(100 * float(share), digits, lang)
    return "" if not shown else f"{shown}\u00a0%" if lang == "fi" else f"{shown}%"


def scenario_name(name: str, lang: str, /, names: dict[str, str] | None = None) -> str:
    """Display name of a boundary scenario: ``names[lang]`` when the scenario file gives
    ``name_fi``/``name_en``, the catalogue's for the built-in ones, else its id."""
    if names and names.get(lang):
        return names[lang]
    key = f"scenario.{name}"
    return text(key, lang) if key in MESSAGES else name


def scenario_description(row: dict[str, Any], lang: str, /) -> str:
    """Description of a boundary scenario (a row of ``boundary_scenarios.csv``): its
    ``description_<lang>`` when it has one (a scenario file's, or why an optimum could not be
    found), else the catalogue's for the built-in ones, else its ``description``.

    Examples
    --------
    >>> scenario_description({"scenario": "x", "description": "moved", "description_fi": "siirretty"}, "fi")
    'siirretty'
    >>> scenario_description({"scenario": "x", "description": "moved", "description_fi": float("nan")}, "fi")
    'moved'
    """
    key = f"scenario_about.{row['scenario']}"
    for about in (row.get(f"description_{lang}"), text(key, lang) if key in MESSAGES else "", row.get("description")):
        if isinstance(about, str) and about:
            return about
    return ""


def comparison_note(facts: dict[str, Any], lang: str, /, labels: dict[str, str] | None = None) -> str:
    """What a comparison's permutation tests can and cannot show, in plain words.

    ``facts`` are a comparison's :attr:`~integraatio.compare.Comparison.facts`; ``labels``
    name its levels for display (the level itself when missing).

    Examples
    --------
    >>> facts = {"unit": "municipality", "exact": True, "permutations": 10, "composition": {"a": 3, "b": 2},
    ...          "p_min": 0.1, "alpha": 0.05, "tested": 0, "needed": 0, "discoveries": 0}
    >>> comparison_note(facts, "en")
    'Permutation test by municipality: all 10 relabellings (exact) of 5 municipalities (3 a, 2 b). The smallest attainable p is 0.1. No cell has enough ratings in every group to be tested.'
    """
    unit, tested, alpha = facts["unit"], facts["tested"], number(facts["alpha"], None, lang)
    named = [((labels or {}).get(level, level), m) for level, m in facts["composition"].items()]
    # "3 large" in English; Finnish names the class first ("Suuret 3"): a number before a plural label reads wrong
    composition = ", ".join(f"{label} {m}" if lang == "fi" else f"{m} {label}" for label, m in named)
    parts = [text("note.test", lang, unit=text(f"note.unit.{unit}", lang),
                  how=text("note.exact" if facts["exact"] else "note.sampled", lang, n=facts["permutations"]),
                  units=sum(facts["composition"].values()), members=text(f"note.members.{unit}", lang),
                  composition=composition, p_min=number(float(f"{facts['p_min']:.2g}"), None, lang))]
    if tested == 0:
        return " ".join([*parts, text("note.untested", lang)])
    parts.append(text("note.tested_one" if tested == 1 else "note.tested", lang, tested=tested, alpha=alpha))
    parts.append(text("note.alone", lang) if facts["needed"] == 1 else text("note.shared", lang, needed=facts["needed"]))
    if facts["needed"] > 1 and unit == "municipality":
        parts.append(text("note.descriptive", lang))
    if unit == "respondent":
        parts.append(text("note.nested", lang))
    parts.append(text("note.found", lang, discoveries=facts["discoveries"], tested=tested, alpha=alpha))
    return " ".join(parts)


def no_data_note(sides: str, lang: str, /) -> str:
    """Why a boundary scenario has no cost, from its ``no_data_side`` (``;``-separated
    organisers; "" when both sides have data).

    Examples
    --------
    >>> no_data_note("municipality", "en"), no_data_note("", "fi")
    ('no group with data on the municipality side', '')
    """
    return "; ".join(text("boundary.no_data", lang, side=text(f"organiser.{side}", lang)) for side in sides.split(";") if side)


def words(lang: str, /) -> set[str]:
    """Every word of at least four letters in the catalogue's texts in ``lang`` that the
    other language's texts never use: what a run in the other language must not show.
    File names (``response.csv``) are no words of either language."""
    import re

    other = "en" if check_lang(lang) == "fi" else "fi"

    def tokens(which: str) -> set[str]:
        found: set[str] = set()
        for entry in MESSAGES.values():
            shown = re.sub(r"\{[^}]*\}|[\w.*<>/-]+\.(csv|json|html|png|svg|pdf|xlsx|toml|txt)\b", " ", entry[which])
            found |= {w.lower() for w in re.findall(r"[^\W\d_]{4,}", shown)}
        return found

    return tokens(lang) - tokens(other)
