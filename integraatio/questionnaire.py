"""The survey itself, from the codebook: a LimeSurvey structure file, a printable
questionnaire and the ``[wide]`` preset that reads the survey's export without editing.

:func:`questionnaire` builds, from the codebook alone, the questions the analysis reads:

- the respondent's own task group (a list question, ``OWN``),
- the organisation (a list question of the codebook's ``[[municipalities]]``, ``ORG``; a
  short text question when the codebook lists none),
- one array question per item over every target group, with the codebook's scale and its
  "can't say" answer; the respondent's own group is hidden from the arrays (nobody rates
  their own group).

The item questions keep the codes of the shipped LimeSurvey preset
(``survey_data/presets/limesurvey.toml``), so its export columns are ``FREQ[T01]`` ...;
the generated preset adds the answer codes, the groups' and organisations' recodes and the
background columns. The structure file follows LimeSurvey's tab-separated survey
structure (``.txt``; LimeSurvey Manual, "Tab Separated Value survey structure", and the
base columns LimeSurvey's own exporter writes: ``tsvSurveyExport`` in
``application/helpers/export_helper.php``, checked at commit fd49b4a of the LimeSurvey
repository; not yet imported into a running LimeSurvey): one row per
survey setting (``S``, ``SL``), group (``G``), question (``Q``), subquestion (``SQ``) and
answer (``A``), children after their parent.

Nothing is written here but by :func:`write_questionnaire`.
"""

from __future__ import annotations

import csv
import html
import io
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .codebook import ITEMS, Codebook, load_codebook
from .messages import check_lang
from .messages import text as msg

__all__ = ["STRUCTURE_COLUMNS", "Questionnaire", "lime_text", "preset_text", "questionnaire", "questionnaire_html",
           "structure_text", "write_questionnaire"]

#: The columns of LimeSurvey's tab-separated survey structure (the base fields of
#: LimeSurvey's ``tsvSurveyExport``; question attributes may follow, none are needed here).
STRUCTURE_COLUMNS = ("id", "related_id", "class", "type/scale", "name", "relevance", "text", "help", "language",
                     "validation", "mandatory", "other", "default", "same_default")  # fmt: skip
#: LimeSurvey question types used: F = array (flexible labels), L = list (radio), S = short text.
ARRAY, LIST, SHORT_TEXT = "F", "L", "S"
#: Question codes of the background questions (LimeSurvey titles: a letter, then letters or digits).
OWN, ORG = "OWN", "ORG"


@dataclass(frozen=True)
class Questionnaire:
    """A survey built from a codebook (:func:`questionnaire`).

    Attributes
    ----------
    structure : list of dict
        The rows of the LimeSurvey structure file, keyed by :data:`STRUCTURE_COLUMNS`.
    wide : dict
        The ``[wide]`` table that reads the survey's LimeSurvey export (answer codes, one
        header row of question codes).
    questions : list of dict
        What the printable questionnaire shows: ``code``, ``kind`` (``own_group``,
        ``organisation`` or an item name), ``text``, ``help``, ``rows`` and ``answers``
        (lists of (code, text)).
    lang : {"fi", "en"}
    """

    structure: list[dict[str, str]]
    wide: dict[str, Any]
    questions: list[dict[str, Any]]
    lang: str


def _shipped_preset() -> dict:
    from .datasets import data_dir

    return tomllib.loads((data_dir() / "presets" / "limesurvey.toml").read_text(encoding="utf-8"))["wide"]


def _width(n: int) -> int:
    return max(2, len(str(n)))


def questionnaire(codebook: Codebook | str | os.PathLike | None = None, /, *, lang: str = "fi") -> Questionnaire:
    """Build the survey of a codebook: LimeSurvey structure, printable questions and preset.

    Parameters
    ----------
    codebook : Codebook or path, optional
        Default: the shipped codebook.
    lang : {"fi", "en"}, default "fi"
        Language of the survey's texts (the group labels come from the codebook).

    Returns
    -------
    Questionnaire

    Notes
    -----
    Codes (LimeSurvey allows at most 5 characters for an answer code): target group
    ``codes[k]`` is subquestion ``T<k+1>`` and own-group answer ``G<k+1>`` (zero-padded to
    two digits or more), organisation ``i`` is answer ``M<i>``, scale point ``x`` is answer
    ``A<x>`` and the codebook's first missing code (or ``max + 1`` when it has none) is
    the "can't say" answer. Subquestion ``T<k>`` is shown only when the own group is not
    ``G<k>``.

    Examples
    --------
    >>> q = questionnaire(lang="en")
    >>> [r["name"] for r in q.structure if r["class"] == "Q"]
    ['OWN', 'ORG', 'FREQ', 'RECIP', 'NEED']
    >>> q.wide["pattern"] == questionnaire().wide["pattern"]
    True
    """
    check_lang(lang)
    cb = codebook if isinstance(codebook, Codebook) else load_codebook(codebook)
    codes = cb.codes
    shipped = _shipped_preset()
    token = {item: t for t, item in shipped["items"].items()}
    w = _width(len(codes))
    target = {c: f"T{k:0{w}d}" for k, c in enumerate(codes, start=1)}
    own = {c: f"G{codes.index(c) + 1:0{w}d}" for c in cb.responding_codes}
    orgs = list(cb.municipalities)
    org_code = {m: f"M{i:0{_width(len(orgs))}d}" for i, m in enumerate(orgs, start=1)}
    scale = cb.scale
    cant_say = (f"A{scale.missing[0] if scale.missing else scale.max + 1}", msg("questionnaire.cant_say", lang))
    answers = {item: [*_answers(scale, item, lang), cant_say] for item in ITEMS}

    survey = _Survey(lang)
    survey.group(msg("questionnaire.background", lang))
    survey.question("own_group", OWN, LIST, msg("questionnaire.own_group", lang), msg("questionnaire.own_group_help", lang),
                    [], [(own[c], f"{c} {cb.label(c, lang)}") for c in cb.responding_codes])
    if orgs:
        survey.question("organisation", ORG, LIST, msg("questionnaire.organisation", lang), "", [],
                        [(org_code[m], m) for m in orgs])
    else:
        survey.question("organisation", ORG, SHORT_TEXT, msg("questionnaire.organisation", lang),
                        msg("questionnaire.organisation_help", lang), [], [])
    survey.group(msg("questionnaire.ratings", lang))
    for item in ITEMS:
        sub = [(target[c], f"{c} {cb.label(c, lang)}",
                f'{OWN}.NAOK != "{own[c]}"' if c in own else "1") for c in codes]
        low, high = answers[item][0][1], answers[item][-2][1]
        survey.question(item, token[item], ARRAY, msg(f"questionnaire.{item}", lang),
                        msg("questionnaire.scale_help", lang, low=low, high=high), sub, answers[item])
    wide = _export_preset(shipped, answers=answers[ITEMS[0]], own=own, org_code=org_code)
    return Questionnaire(structure=survey.rows, wide=wide, questions=survey.questions, lang=lang)


class _Survey:
    """The rows of a LimeSurvey structure file, the survey settings first, and the
    printable questions, added in order (ids numbered as they come)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.rows: list[dict[str, str]] = []
        self.questions: list[dict[str, Any]] = []
        self.gid, self.qid, self.sqid = 0, 0, 1000
        self.row(**{"class": "S", "name": "language", "text": lang})
        self.row(**{"class": "S", "name": "format", "text": "G"})  # one group per page
        self.row(**{"class": "S", "name": "anonymized", "text": "Y"})
        self.row(**{"class": "SL", "name": "surveyls_title", "text": msg("questionnaire.title", lang), "language": lang})
        self.row(**{"class": "SL", "name": "surveyls_description", "text": msg("questionnaire.intro", lang),
                    "language": lang})

    def row(self, **cells: Any) -> None:
        """One row; the column ``type/scale`` is given as ``type_scale``. Texts a respondent
        reads are made inert (:func:`lime_text`); survey settings (class ``S``) are values."""
        shown = ("text", "help", *(["name"] if cells["class"] == "G" else [])) if cells["class"] != "S" else ()
        self.rows.append({c: lime_text(str(v)) if c in shown else str(v)
                          for c in STRUCTURE_COLUMNS for v in [cells.get(c.replace("/", "_"), "")]})

    def group(self, name: str) -> None:
        """A question group: a page of its own."""
        self.gid += 1
        self.row(id=self.gid, **{"class": "G", "type_scale": self.gid, "name": name, "language": self.lang,
                                 "relevance": "1"})

    def question(self, kind: str, code: str, qtype: str, text: str, help: str, items: list, options: list) -> None:
        """A question with its subquestions ``items`` (code, label, relevance) and answers ``options`` (code, label)."""
        self.qid += 1
        qid, lang = self.qid, self.lang
        self.row(id=qid, **{"class": "Q", "type_scale": qtype, "name": code, "relevance": "1", "text": text, "help": help,
                            "language": lang, "mandatory": "Y" if kind in ("own_group", "organisation") else "N",
                            "other": "N", "same_default": "0"})
        for sub, label, relevance in items:
            self.sqid += 1
            self.row(id=self.sqid, related_id=qid, **{"class": "SQ", "type_scale": "0", "name": sub,
                                                      "relevance": relevance, "text": label, "language": lang})
        for answer, label in options:
            self.row(id=qid, **{"class": "A", "type_scale": "0", "name": answer, "text": label, "language": lang})
        self.questions.append({"code": code, "kind": kind, "text": text, "help": help,
                               "rows": [(s, label) for s, label, _ in items], "answers": options})


def lime_text(text: str, /) -> str:
    """``text`` as LimeSurvey shows it and never runs it: HTML escaped, and the curly braces
    of ExpressionScript as character references.

    LimeSurvey renders question, help, answer and group texts as HTML and evaluates
    ``{...}`` in them as ExpressionScript (``{TOKEN:EMAIL}``, ``{if(...)}``), so a codebook
    label could inject markup, scripts or expressions into the survey respondents see.
    The references display as the characters themselves.

    Examples
    --------
    >>> lime_text('Perhe & <b>koulu</b> {TOKEN:EMAIL}')
    'Perhe &amp; &lt;b&gt;koulu&lt;/b&gt; &#123;TOKEN:EMAIL&#125;'
    """
    return html.escape(text, quote=True).replace("{", "&#123;").replace("}", "&#125;")


def _export_preset(
    shipped: dict, *, answers: list[tuple[str, str]], own: dict[str, str], org_code: dict[str, str]
) -> dict[str, Any]:
    """The ``[wide]`` table that reads the survey's export: the shipped LimeSurvey preset
    with this survey's answer codes (the last answer is "can't say")."""
    return {
        "pattern": shipped["pattern"],
        "items": dict(shipped["items"]),
        "targets": "position",
        "values": {code: int(code[1:]) for code, _ in answers[:-1]},
        "missing": [answers[-1][0]],
        "columns": {"respondent_id": shipped["columns"]["respondent_id"], "own_group": OWN, "municipality": ORG},
        "recode": {"own_group": {v: k for k, v in own.items()}, **({"municipality": {v: k for k, v in org_code.items()}}
                                                                    if org_code else {})},
        "header_rows": shipped.get("header_rows", 1),
        "drop": list(shipped.get("drop", [])),
    }


def _answers(scale, item: str, lang: str) -> list[tuple[str, str]]:
    """``item``'s answers ``min..max`` as (code, text): the codebook's labels ("1 ei koskaan"),
    else the number with "not at all" and "very much" at the ends. The codes are the same
    for every item, so one preset reads them all."""
    labels = scale.answer_labels(item, lang)
    points = range(scale.min, scale.max + 1)
    if labels:
        return [(f"A{x}", f"{x} {label}") for x, label in zip(points, labels)]
    ends = {scale.min: f" {msg('questionnaire.scale_low', lang)}", scale.max: f" {msg('questionnaire.scale_high', lang)}"}
    return [(f"A{x}", f"{x}{ends.get(x, '')}") for x in points]


def structure_text(q: Questionnaire, /) -> str:
    """The LimeSurvey structure file's text: tab-separated, a header of :data:`STRUCTURE_COLUMNS`.

    Returns
    -------
    str
        Write it as UTF-8 (LimeSurvey's own export adds a byte-order mark, which its
        import accepts) to a ``.txt`` file and import it in LimeSurvey as a survey.

    Examples
    --------
    >>> structure_text(questionnaire(lang="en")).splitlines()[0].split("\\t")[:4]
    ['id', 'related_id', 'class', 'type/scale']
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n")
    writer.writerow(STRUCTURE_COLUMNS)
    for r in q.structure:
        writer.writerow([r[c].replace("\n", " ").replace("\r", " ") for c in STRUCTURE_COLUMNS])
    return buffer.getvalue()


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return "'" + value + "'" if "'" not in value and "\n" not in value else _basic(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return "{ " + ", ".join(f"{_basic(str(k))} = {_toml(v)}" for k, v in value.items()) + " }"


def _basic(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def preset_text(q: Questionnaire, /) -> str:
    """The ``[wide]`` preset file that reads the survey's LimeSurvey export.

    Use it as ``preset = "<file>"`` in the codebook's ``[wide]`` table (a path relative to
    the codebook), or copy its keys there.

    Returns
    -------
    str
        TOML with one ``[wide]`` table.

    Examples
    --------
    >>> import tomllib
    >>> tomllib.loads(preset_text(questionnaire()))["wide"]["missing"]
    ['A6']
    """
    lines = [f"# {msg('questionnaire.preset_note', q.lang)}", "[wide]"]
    lines += [f"{k} = {_toml(v)}" for k, v in q.wide.items()]
    return "\n".join(lines) + "\n"


def questionnaire_html(q: Questionnaire, /) -> str:
    """The printable questionnaire, one self-contained HTML page in the survey's language.

    Returns
    -------
    str

    Examples
    --------
    >>> "<h1>" in questionnaire_html(questionnaire(lang="en"))
    True
    """
    lang = q.lang
    e = html.escape
    parts = [
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{e(msg("questionnaire.title", lang))}'
        "</title><style>body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.4}"
        "table{border-collapse:collapse;font-size:0.85em;margin-bottom:1.5em}td,th{border:1px solid #999;"
        "padding:0.25em 0.4em}th{font-weight:normal}td.box{text-align:center;width:2.5em}"
        ".code{color:#555;font-size:0.8em}@media print{h2{page-break-before:always}}</style></head><body>\n",
        f"<h1>{e(msg('questionnaire.title', lang))}</h1>\n<p>{e(msg('questionnaire.intro', lang))}</p>\n",
    ]
    for n, item in enumerate(q.questions, start=1):
        parts.append(f"<h3>{n}. {e(item['text'])} <span class=\"code\">({e(item['code'])})</span></h3>\n")
        if item["help"]:
            parts.append(f"<p><em>{e(item['help'])}</em></p>\n")
        if item["rows"]:
            head = "".join(f"<th>{e(label)}</th>" for _, label in item["answers"])
            body = "".join(
                f"<tr><td>{e(label)}</td>" + "<td class=\"box\">&#9744;</td>" * len(item["answers"]) + "</tr>"
                for _, label in item["rows"]
            )
            parts.append(f"<table><tr><th></th>{head}</tr>{body}</table>\n")
        elif item["answers"]:
            parts.append("<ul>" + "".join(f"<li>&#9744; {e(label)}</li>" for _, label in item["answers"]) + "</ul>\n")
        else:
            parts.append("<p>______________________________</p>\n")
    parts.append("</body></html>\n")
    return "".join(parts)


def write_questionnaire(q: Questionnaire, out: str | os.PathLike, /, *, codebook: Codebook | None = None
                        ) -> tuple[Path, dict]:
    """Write the survey's files into a folder, complete or absent (``integraatio questionnaire``).

    Files: ``limesurvey_structure.txt`` (import in LimeSurvey), ``questionnaire.html``
    (print for review rounds), ``limesurvey_preset.toml`` (the ``[wide]`` preset), and,
    when the codebook has no ``[wide]`` table, ``codebook.toml``: the codebook with
    ``[wide] preset = "limesurvey_preset.toml"`` appended, so that
    ``integraatio run EXPORT.csv --codebook <out>/codebook.toml`` reads the export as it
    comes; ``manifest.json`` last.

    Parameters
    ----------
    q : Questionnaire
    out : path
        A new or empty folder, or an earlier results folder (replaced whole).
    codebook : Codebook, optional
        The codebook ``q`` was built from (for ``codebook.toml``); default the shipped one.

    Returns
    -------
    (pathlib.Path, dict)
        The folder and its manifest.

    Examples
    --------
    >>> import tempfile
    >>> folder, manifest = write_questionnaire(questionnaire(), Path(tempfile.mkdtemp()) / "survey")
    >>> [f["name"] for f in manifest["files"]]
    ['codebook.toml', 'limesurvey_preset.toml', 'limesurvey_structure.txt', 'questionnaire.html']
    """
    from . import __version__
    from .results import write_json
    from .pipeline import write_folder

    cb = codebook or load_codebook()

    def write(stage: Path) -> list[str]:
        (stage / "limesurvey_structure.txt").write_bytes(structure_text(q).encode("utf-8-sig"))
        (stage / "questionnaire.html").write_text(questionnaire_html(q), encoding="utf-8")
        (stage / "limesurvey_preset.toml").write_text(preset_text(q), encoding="utf-8")
        warnings = []
        if cb.wide is None and cb.path is not None:
            original = cb.path.read_text(encoding="utf-8-sig").rstrip("\n")
            (stage / "codebook.toml").write_text(
                f"{original}\n\n# {msg('questionnaire.codebook_note', q.lang)}\n[wide]\npreset = \"limesurvey_preset.toml\"\n",
                encoding="utf-8",
            )
        else:
            warnings.append(msg("questionnaire.has_wide", q.lang))
        write_json({"version": __version__, "parameters": {"lang": q.lang, "codebook": cb.path.name if cb.path else None,
                                                            "codebook_sha256": cb.sha256},
                    "warnings": warnings}, stage / "manifest.json")
        return warnings

    return write_folder(out, write, inputs=[cb.path])
