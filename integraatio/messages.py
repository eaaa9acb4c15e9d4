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
from dataclasses import dataclass
from typing import Any

from .exceptions import UsageError

__all__ = ["LANGS", "MESSAGES", "Message", "check_lang", "comparison_note", "no_data_note", "number", "percent", "scenario_description", "scenario_name", "text", "words"]

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
    "verify.complete": {"fi": "{folder}: kansio on kokonainen, ja jokainen tiedosto vastaa manifest.json-tiedostoa.",
                        "en": "{folder}: complete, every file matches manifest.json."},
    "verify.problems": {"fi": "{folder}: ongelmia {n}; aja analyysi kansioon uudelleen.",
                        "en": "{folder}: {n} problem(s); rerun the analysis into it."},
    "validate.valid": {"fi": "{file}: kunnossa ({layout}, {respondents} vastaajaa, {ratings} arviota).",
                       "en": "{file}: valid ({layout} layout, {respondents} respondents, {ratings} ratings)."},
    "validate.problems": {"fi": "Tiedostossa {file} on ongelmia: {n}", "en": "{n} problem(s) in {file}"},
    "validate.wrote": {"fi": "Ongelmat ({n}) kirjoitettiin tiedostoon {file}.", "en": "Wrote {n} problem(s) to {file}."},
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
              "(Pythonissa codebook=)",
        "en": "{file} is read with the shipped study's codebook (its task groups, municipalities and answer scale), "
              "since no codebook was given; for a survey of your own pass its codebook: --codebook FILE "
              "(codebook= in Python)",
    },
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
    """Description of a boundary scenario (a row of ``boundary_scenarios.csv``): the
    catalogue's for the built-in ones, else the file's ``description_<lang>``, else its
    ``description``.

    Examples
    --------
    >>> scenario_description({"scenario": "x", "description": "moved", "description_fi": "siirretty"}, "fi")
    'siirretty'
    >>> scenario_description({"scenario": "x", "description": "moved", "description_fi": float("nan")}, "fi")
    'moved'
    """
    key = f"scenario_about.{row['scenario']}"
    if key in MESSAGES:
        return text(key, lang)
    for about in (row.get(f"description_{lang}"), row.get("description")):
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
    other language's texts never use: what a run in the other language must not show."""
    import re

    other = "en" if check_lang(lang) == "fi" else "fi"

    def tokens(which: str) -> set[str]:
        found: set[str] = set()
        for entry in MESSAGES.values():
            found |= {w.lower() for w in re.findall(r"[^\W\d_]{4,}", re.sub(r"\{[^}]*\}", " ", entry[which]))}
        return found

    return tokens(lang) - tokens(other)
