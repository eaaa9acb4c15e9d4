"""Write a long survey the way each survey tool exports it (test helper, not a test module).

Every writer takes the survey as text (``frequency`` etc. hold "1".."5", "6" = can't say,
"" = no answer), a path and the codebook, writes one file and returns the codebook
``[wide]`` table that maps it, so a test can read the file back and compare it with the
survey it started from.
"""

import csv
import functools
import io
import types

import numpy as np
import openpyxl
import pandas as pd

ITEMS = ("frequency", "reciprocity", "need")
BACKGROUND = ("respondent_id", "municipality", "own_group", "subgroup")
# The Webropol-style export writes the question texts and answer options.
QUESTIONS = {
    "frequency": "Kuinka usein tehtävänne edellyttää yhteistyötä seuraavien tahojen kanssa?",
    "reciprocity": "Onko yhteistyö molemminpuolista?",
    "need": "Kuinka suuri on yhteistyön tarve?",
}
CANT_SAY = "En osaa sanoa"


@functools.cache
def answer_texts(item: str) -> types.MappingProxyType:
    """The answer texts a survey tool shows for ``item``, code -> text: the shipped codebook's
    Finnish ``[scale.labels]`` (what the questionnaire it makes shows). Read once: the
    exports look them up per cell."""
    from integraatio.codebook import load_codebook

    return types.MappingProxyType({str(k + 1): t for k, t in enumerate(load_codebook().scale.answer_labels(item, "fi"))})


#: Every item's answer texts -> their codes, as a [wide] values table (no text is two items' with two codes).
VALUES = {text: int(k) for item in ITEMS for k, text in answer_texts(item).items()}


def toml_text(value) -> str:
    """A TOML literal of a str, int, list or dict (inline table)."""
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_text(v) for v in value) + "]"
    return "{ " + ", ".join(f"{toml_text(str(k))} = {toml_text(v)}" for k, v in value.items()) + " }"


def wide_table(**keys) -> str:
    return "\n[wide]\n" + "".join(f"{k} = {toml_text(v)}\n" for k, v in keys.items())


def pivot(long: pd.DataFrame, codes: list[str]) -> tuple[pd.DataFrame, dict]:
    """Respondents (order of appearance) with their background, and each (target, item) column."""
    respondent, ids = pd.factorize(long["respondent_id"])
    first = np.flatnonzero(~long["respondent_id"].duplicated().to_numpy())
    background = long.iloc[first][[c for c in BACKGROUND if c in long]].reset_index(drop=True)
    targets = [c for c in codes if c in set(long["target_group"])]
    answers = {}
    for item in ITEMS:
        for t in targets:
            cells = np.full(len(ids), "", dtype=object)
            at = (long["target_group"] == t).to_numpy()
            cells[respondent[at]] = long.loc[at, item].to_numpy(dtype=object)
            answers[t, item] = cells
    return background, answers


def write_text(frame: pd.DataFrame, path, *, encoding="utf-8", delimiter=",", line_end="\n", header=True):
    """A frame of text as a CSV file (minimal quoting, as the tools write)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=line_end)
    if header:
        writer.writerow(frame.columns)
    writer.writerows(frame.itertuples(index=False))
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(frame: pd.DataFrame, path, *, header=True):
    book = openpyxl.Workbook()
    sheet = book.active
    if header:
        sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        sheet.append([v if v != "" else None for v in row])
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"  # an answer "=x" is text in a real export, not a formula
    book.save(path)
    return path


def limesurvey(long, path, codebook, *, encoding="utf-8", delimiter=","):
    """LimeSurvey CSV: FREQ[T01] ..., answer codes A1-A5 (A6 = can't say), own group G01 ...,
    the response id `id`, and LimeSurvey's metadata (ipaddr identifies a person)."""
    codes = codebook.codes
    background, answers = pivot(long, codes)
    responding = sorted(set(background["own_group"]), key=codes.index)
    group_code = {g: f"G{i:02d}" for i, g in enumerate(responding, start=1)}
    frame = pd.DataFrame(
        {
            "id": background["respondent_id"],
            "submitdate": "2020-03-02 10:11:12",
            "lastpage": "4",
            "startlanguage": "fi",
            "ipaddr": [f"10.0.{i // 250}.{i % 250 + 1}" for i in range(len(background))],
            "KUNTA": background["municipality"],
            "TEHTAVA": background["own_group"].map(group_code),
            "ALARYHMA": background["subgroup"],
        }
    )
    prefix = {"frequency": "FREQ", "reciprocity": "RECIP", "need": "NEED"}
    for (t, item), cells in answers.items():
        frame[f"{prefix[item]}[T{codes.index(t) + 1:02d}]"] = ["" if v == "" else f"A{v}" for v in cells]
    write_text(frame, path, encoding=encoding, delimiter=delimiter)
    return wide_table(
        preset="limesurvey",
        columns={"municipality": "KUNTA", "own_group": "TEHTAVA", "subgroup": "ALARYHMA"},
        values={f"A{k}": k for k in range(1, 6)},
        missing=["A6"],
        recode={"own_group": {v: k for k, v in group_code.items()}},
    )


def qualtrics(long, path, codebook, *, encoding="utf-8-sig", delimiter=","):
    """Qualtrics CSV: three header rows, Q7_1 ... Q9_21 as numeric values, the own group as
    its choice text (the Finnish label), Qualtrics' metadata and contact columns."""
    codes = codebook.codes
    background, answers = pivot(long, codes)
    labels = {c: codebook.label(c, "fi") for c in codes}
    n = len(background)
    frame = pd.DataFrame(
        {
            "StartDate": "2020-03-02 10:00:00",
            "Status": "IP Address",
            "IPAddress": [f"192.168.1.{i % 250 + 1}" for i in range(n)],
            "Duration (in seconds)": [str(100 + i) for i in range(n)],
            "ResponseId": background["respondent_id"],
            "RecipientLastName": [f"Virtanen{i}" for i in range(n)],
            "RecipientEmail": [f"vastaaja{i}@kunta.fi" for i in range(n)],
            "Q2": background["municipality"],
            "Q3": background["own_group"].map(labels),
            "Q4": background["subgroup"],
        }
    )
    number = {"frequency": 7, "reciprocity": 8, "need": 9}
    for (t, item), cells in answers.items():
        frame[f"Q{number[item]}_{codes.index(t) + 1}"] = cells
    texts = [f"{c} - kysymysteksti" for c in frame.columns]
    imports = ['{"ImportId":"' + c + '"}' for c in frame.columns]
    header = pd.DataFrame([texts, imports], columns=frame.columns)
    write_text(pd.concat([header, frame], ignore_index=True), path, encoding=encoding, delimiter=delimiter)
    return wide_table(
        preset="qualtrics",
        items={"7": "frequency", "8": "reciprocity", "9": "need"},
        columns={"municipality": "Q2", "own_group": "Q3", "subgroup": "Q4"},
        group_labels=True,
    )


def webropol(long, path, codebook):
    """Webropol-style xlsx: "<question> - <label>" headers, answer option texts, the own
    group as its label, and an e-mail column."""
    codes = codebook.codes
    background, answers = pivot(long, codes)
    labels = {c: codebook.label(c, "fi") for c in codes}
    frame = pd.DataFrame(
        {
            "Vastaajan tunnus": background["respondent_id"],
            "Sähköposti": [f"etunimi.sukunimi{i}@kunta.fi" for i in range(len(background))],
            "Organisaatio": background["municipality"],
            "Tehtäväryhmä": background["own_group"].map(labels),
            "Alaryhmä": background["subgroup"],
        }
    )
    for (t, item), cells in answers.items():
        frame[f"{QUESTIONS[item]} - {labels[t]}"] = [CANT_SAY if v == "6" else answer_texts(item).get(v, v) for v in cells]
    write_xlsx(frame, path)
    return wide_table(
        preset="webropol",
        items={q: item for item, q in QUESTIONS.items()},
        values=VALUES,
        missing=[CANT_SAY],
        columns={
            "respondent_id": "Vastaajan tunnus",
            "municipality": "Organisaatio",
            "own_group": "Tehtäväryhmä",
            "subgroup": "Alaryhmä",
        },
    )


def spss(long, path, codebook):
    """SPSS .sav (LimeSurvey's SPSS names FREQ_T01): municipality and own group coded with
    value labels, items 1-5 with 9 = "En osaa sanoa" declared user-missing."""
    import pyreadstat

    codes = codebook.codes
    background, answers = pivot(long, codes)
    municipalities = list(dict.fromkeys(background["municipality"]))
    groups = sorted(set(background["own_group"]), key=codes.index)
    frame = pd.DataFrame(
        {
            "id": background["respondent_id"],
            "KUNTA": [float(municipalities.index(m) + 1) for m in background["municipality"]],
            "TEHTAVA": [float(groups.index(g) + 1) for g in background["own_group"]],
            "ALARYHMA": background["subgroup"],
        }
    )
    prefix = {"frequency": "FREQ", "reciprocity": "RECIP", "need": "NEED"}
    scale = {str(k): float(k) for k in range(1, 6)} | {"6": 9.0, "": np.nan}
    for (t, item), cells in answers.items():
        frame[f"{prefix[item]}_T{codes.index(t) + 1:02d}"] = [scale[v] for v in cells]
    items = {c: item for item, p in prefix.items() for c in frame.columns if c.startswith(p + "_")}
    item_labels = {item: {float(k): text for k, text in answer_texts(item).items()} | {9.0: CANT_SAY} for item in ITEMS}
    pyreadstat.write_sav(
        frame,
        str(path),
        variable_value_labels={
            "KUNTA": {float(i + 1): m for i, m in enumerate(municipalities)},
            "TEHTAVA": {float(i + 1): g for i, g in enumerate(groups)},
            **{c: item_labels[item] for c, item in items.items()},
        },
        missing_ranges={c: [9.0] for c in items},
    )
    return wide_table(
        preset="limesurvey",
        columns={"municipality": "KUNTA", "own_group": "TEHTAVA", "subgroup": "ALARYHMA"},
    )


def long_text(long, path, codebook, *, encoding="utf-8", delimiter=",", decimal_comma=False):
    """The canonical long table as CSV; with ``decimal_comma`` answers are written 3,0."""
    frame = long.copy()
    if decimal_comma:
        for item in ITEMS:
            frame[item] = [v + ",0" if v else v for v in frame[item]]
    write_text(frame, path, encoding=encoding, delimiter=delimiter)
    return ""


def wide_text(long, path, codebook, *, encoding="utf-8", delimiter=","):
    """The canonical wide layout (``2.7.3`` = need for 2.7) as CSV, or as .xlsx by the suffix."""
    background, answers = pivot(long, codebook.codes)
    number = {item: k for k, item in enumerate(ITEMS, start=1)}
    frame = background.assign(**{f"{t}.{number[item]}": cells for (t, item), cells in answers.items()})
    if path.suffix == ".xlsx":
        write_xlsx(frame, path)
    else:
        write_text(frame, path, encoding=encoding, delimiter=delimiter)
    return ""


WRITERS = {"limesurvey": limesurvey, "qualtrics": qualtrics, "webropol": webropol, "spss": spss}
SUFFIX = {"limesurvey": ".csv", "qualtrics": ".csv", "webropol": ".xlsx", "spss": ".sav"}


# Variants of the real exports (issue 10): how LimeSurvey and Qualtrics really write them.
LIME_METADATA = {  # LimeSurvey's metadata headings: code, English and German texts
    "id": ("Response ID", "Antwort ID"),
    "submitdate": ("Date submitted", "Datum Abgeschickt"),
    "lastpage": ("Last page", "Letzte Seite"),
    "startlanguage": ("Start language", "Start-Sprache"),
    "seed": ("Seed", "Zufallszahl"),
}


def limesurvey_export(long, path, codebook, *, headings="code", subquestions="T", not_submitted=(), no_own_group=(),
                      submitdate=True):
    """LimeSurvey CSV as the tool writes it, with the choices of its export dialog.

    ``headings``: "code" (``FREQ[T01]``), "code_text" ("Question code & question text":
    ``id. Response ID``, ``FREQ[SQ001]. Kuinka usein? [Vanhuspalvelut]``) or "text_de"
    (metadata headed by their German texts, ``Antwort ID``). ``subquestions``: "T" (T01),
    "SQ" (SQ001) or "A" (A1). ``not_submitted``: respondent ids whose response was left
    unfinished (``submitdate`` empty, ``lastpage`` short; their later answers are empty);
    ``no_own_group``: ids whose own-group answer is empty. ``submitdate=False`` leaves
    that column out (``lastpage`` then tells).
    """
    codes = codebook.codes
    background, answers = pivot(long, codes)
    responding = sorted(set(background["own_group"]), key=codes.index)
    group_code = {g: f"G{i:02d}" for i, g in enumerate(responding, start=1)}
    ids = background["respondent_id"]
    unfinished = ids.isin(list(not_submitted)).to_numpy()
    own = background["own_group"].map(group_code).where(~ids.isin(list(no_own_group)), "")
    meta = {
        "id": ids,
        "submitdate": np.where(unfinished, "", "2020-03-02 10:11:12"),
        "lastpage": np.where(unfinished, "2", "4"),
        "startlanguage": "fi",
        "seed": [str(1000 + i) for i in range(len(ids))],
    }
    if not submitdate:
        del meta["submitdate"]

    def heading(code):
        if headings == "code_text":
            return f"{code}. {LIME_METADATA[code][0]}"
        if headings == "text_de":
            return LIME_METADATA[code][1]
        return code

    frame = pd.DataFrame({heading(c): v for c, v in meta.items()})
    frame["KUNTA"] = background["municipality"]
    frame["TEHTAVA"] = own
    frame["ALARYHMA"] = background["subgroup"]
    prefix = {"frequency": "FREQ", "reciprocity": "RECIP", "need": "NEED"}
    token = {"T": "T{:02d}", "SQ": "SQ{:03d}", "A": "A{}"}[subquestions]
    for (t, item), cells in answers.items():
        code = f"{prefix[item]}[{token.format(codes.index(t) + 1)}]"
        name = f"{code}. {QUESTIONS[item]} [{codebook.label(t, 'fi')}]" if headings == "code_text" else code
        # An unfinished response has answers on its first pages only: the need page is empty.
        frame[name] = ["" if v == "" or (u and item == "need") else f"A{v}" for v, u in zip(cells, unfinished)]
    write_text(frame, path)
    return wide_table(
        preset="limesurvey",
        columns={"municipality": "KUNTA", "own_group": "TEHTAVA", "subgroup": "ALARYHMA"},
        values={f"A{k}": k for k in range(1, 6)},
        missing=["A6"],
        recode={"own_group": {v: k for k, v in group_code.items()}},
    )


def qualtrics_export(long, path, codebook, *, id_name="ResponseId", header_rows=3, not_finished=()):
    """Qualtrics CSV: ``id_name`` ResponseId (or legacy ResponseID), 1 or 3 header rows, and
    ``Finished`` 0 for the ids in ``not_finished`` (their need answers empty)."""
    codes = codebook.codes
    background, answers = pivot(long, codes)
    labels = {c: codebook.label(c, "fi") for c in codes}
    unfinished = background["respondent_id"].isin(list(not_finished)).to_numpy()
    frame = pd.DataFrame(
        {
            "StartDate": "2020-03-02 10:00:00",
            "Progress": np.where(unfinished, "60", "100"),
            "Finished": np.where(unfinished, "0", "1"),
            id_name: background["respondent_id"],
            "Q2": background["municipality"],
            "Q3": background["own_group"].map(labels),
            "Q4": background["subgroup"],
        }
    )
    number = {"frequency": 7, "reciprocity": 8, "need": 9}
    for (t, item), cells in answers.items():
        frame[f"Q{number[item]}_{codes.index(t) + 1}"] = ["" if u and item == "need" else v for v, u in zip(cells, unfinished)]
    if header_rows == 3:
        texts = [f"{c} - kysymysteksti" for c in frame.columns]
        imports = ['{"ImportId":"' + c + '"}' for c in frame.columns]
        frame = pd.concat([pd.DataFrame([texts, imports], columns=frame.columns), frame], ignore_index=True)
    write_text(frame, path, encoding="utf-8-sig")
    return wide_table(
        preset="qualtrics",
        items={"7": "frequency", "8": "reciprocity", "9": "need"},
        columns={"municipality": "Q2", "own_group": "Q3", "subgroup": "Q4"},
        group_labels=True,
    )


def dated_sav(long, path, codebook):
    """The SPSS export of :func:`spss` with LimeSurvey's date columns: ``submitdate`` and
    ``startdate`` as SPSS DATETIME values, one far beyond what Python's dates hold (a
    placeholder some tools write), which pyreadstat's date conversion cannot read."""
    import pyreadstat

    spss(long, path, codebook)
    frame, meta = pyreadstat.read_sav(str(path), user_missing=True, apply_value_formats=False)
    seconds = 13_000_000_000.0  # 2020 in SPSS's seconds since 1582-10-14
    frame.insert(1, "submitdate", seconds)
    frame.insert(2, "startdate", seconds)
    frame.loc[0, "startdate"] = 1e15  # year 30,000,000: out of Python's range
    pyreadstat.write_sav(
        frame, str(path), variable_value_labels=meta.variable_value_labels, missing_ranges=meta.missing_ranges,
        variable_format={**meta.original_variable_types, "submitdate": "DATETIME20", "startdate": "DATETIME20"},
    )
    return wide_table(
        preset="limesurvey",
        columns={"municipality": "KUNTA", "own_group": "TEHTAVA", "subgroup": "ALARYHMA"},
    )


def qualtrics_legacy(long, path, codebook):
    """Qualtrics' legacy CSV (qualtRics' tests/testthat/files/sample_legacy.csv): row 1 names
    the metadata V1 ... V10 (V1 = ResponseID, V3 Name, V5 EmailAddress, V6 IPAddress, V10
    Finished) and the questions Q7_1 ...; row 2 holds their texts; a trailing comma."""
    codes = codebook.codes
    background, answers = pivot(long, codes)
    labels = {c: codebook.label(c, "fi") for c in codes}
    n = len(background)
    frame = pd.DataFrame(
        {
            "V1": background["respondent_id"], "V2": "Default Response Set", "V3": [f"Virtanen, Anna {i}" for i in range(n)],
            "V4": "", "V5": [f"vastaaja{i}@kunta.fi" for i in range(n)], "V6": [f"10.1.2.{i % 250 + 1}" for i in range(n)],
            "V7": "0", "V8": "2020-03-02 10:00:00", "V9": "2020-03-02 10:20:00", "V10": "1",
            "Q2": background["municipality"], "Q3": background["own_group"].map(labels), "Q4": background["subgroup"],
        }
    )  # fmt: skip
    number = {"frequency": 7, "reciprocity": 8, "need": 9}
    for (t, item), cells in answers.items():
        frame[f"Q{number[item]}_{codes.index(t) + 1}"] = cells
    frame[""] = ""  # the trailing comma of every line
    texts = ["ResponseID", "ResponseSet", "Name", "ExternalDataReference", "EmailAddress", "IPAddress", "Status",
             "StartDate", "EndDate", "Finished"] + [f"{c} - kysymysteksti" for c in frame.columns[10:-1]] + [""]
    write_text(pd.concat([pd.DataFrame([texts], columns=frame.columns), frame], ignore_index=True), path)
    return wide_table(
        preset="qualtrics",
        items={"7": "frequency", "8": "reciprocity", "9": "need"},
        columns={"municipality": "Q2", "own_group": "Q3", "subgroup": "Q4"},
        group_labels=True,
    )


def limesurvey_questionnaire(long, path, codebook, questionnaire, *, encoding="utf-8"):
    """LimeSurvey response export (CSV, answer codes, question codes as headings) of the
    survey that ``integraatio.questionnaire.questionnaire`` built: every code is looked up
    in the survey's structure rows (answers by their texts), not in its preset, so a
    mismatch between the two shows. The own group's row of each array is empty (hidden by
    its relevance); LimeSurvey's metadata columns come first."""
    codes = codebook.codes
    background, answers = pivot(long, codes)
    rows = questionnaire.structure
    parent, found = None, {}
    for r in rows:  # children follow their question: collect each question's SQ and A rows
        if r["class"] == "Q":
            parent = r["name"]
            found[parent] = {"SQ": [], "A": []}
        elif r["class"] in ("SQ", "A"):
            found[parent][r["class"]].append((r["name"], r["text"]))
    kinds = {q["kind"]: q["code"] for q in questionnaire.questions}

    def by_label(question, value):
        (code,) = [c for c, text in found[question]["A"] if text == value or text.startswith(f"{value} ")]
        return code

    frame = pd.DataFrame(
        {
            "id": background["respondent_id"],
            "submitdate": "2026-03-02 10:11:12",
            "lastpage": "2",
            "startlanguage": questionnaire.lang,
            "seed": "123456",
            kinds["own_group"]: [by_label(kinds["own_group"], g) for g in background["own_group"]],
            kinds["organisation"]: [by_label(kinds["organisation"], m) for m in background["municipality"]],
        }
    )
    for item in ITEMS:
        question = kinds[item]
        cant_say = [c for c, text in found[question]["A"] if not text[:1].isdigit()]
        for sub, label in found[question]["SQ"]:
            target = label.split(" ", 1)[0]
            cells = answers.get((target, item), np.full(len(background), "", dtype=object))
            frame[f"{question}[{sub}]"] = [
                "" if v == "" else cant_say[0] if v == "6" else by_label(question, v) for v in cells
            ]
    write_text(frame, path, encoding=encoding)
    return path


# The file's shape (issue 22): Webropol's raw-data export and SurveyMonkey's two header rows.
#: Question texts with commas, as a questionnaire words them: a comma-split header breaks them up.
COMMA_QUESTIONS = {
    "frequency": "Kuinka usein, keskimäärin, tehtävänne edellyttää yhteistyötä seuraavien tahojen kanssa?",
    "reciprocity": "Onko yhteistyö molemminpuolista, eli hyötyvätkö siitä molemmat?",
    "need": "Kuinka suuri on yhteistyön tarve, nyt tai lähivuosina?",
}
#: A Webropol title block: the survey's name and the export's date above the header.
TITLE_ROWS = ("Integraatiotarvekysely 2025", "Raportti luotu 3.3.2025 klo 10.15")
#: The "other, specify" row a grid question often ends with.
OTHER_ROW = "Muu taho, mikä?"


def write_rows(rows, path, *, encoding="utf-8", delimiter=","):
    """Rows of text as a CSV file (minimal quoting, as the tools write), or an xlsx by the suffix."""
    if path.suffix == ".xlsx":
        book = openpyxl.Workbook()
        for row in rows:
            book.active.append([v if v != "" else None for v in row])
        book.save(path)
        return path
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def _webropol_answers(long, codebook, heading):
    """Background and item columns of the Webropol raw data, item columns headed by ``heading(question, label)``."""
    codes = codebook.codes
    background, answers = pivot(long, codes)
    labels = {c: codebook.label(c, "fi") for c in codes}
    columns = {
        "Vastaajan tunnus": background["respondent_id"].tolist(),
        "Organisaatio": background["municipality"].tolist(),
        "Tehtäväryhmä": background["own_group"].map(labels).tolist(),
        "Alaryhmä": background["subgroup"].tolist(),
    }
    for (t, item), cells in answers.items():
        columns[heading(COMMA_QUESTIONS[item], labels[t])] = [CANT_SAY if v == "6" else answer_texts(item).get(v, v) for v in cells]
    return columns, len(background)


def webropol_export(long, path, codebook, *, separator=" - ", title=(), padded=False, other_row=False, delimiter=";",
                    encoding="utf-8-sig"):
    """Webropol raw data (answers as option texts) as its CSV (by the suffix; ``;``, UTF-8 with BOM,
    quotes only where needed) or its Excel file: "<question><separator><row text>" headings
    (``separator="[]"``: "<question> [<row text>]"), question texts with commas, ``title``
    rows above the header (``padded``: with the empty fields Excel's CSV writes after them), and
    with ``other_row`` the grid's "Muu taho, mikä?" row answered by the first five respondents."""
    def heading(question, label):
        return f"{question} [{label}]" if separator == "[]" else f"{question}{separator}{label}"

    columns, n = _webropol_answers(long, codebook, heading)
    if other_row:
        for item, question in COMMA_QUESTIONS.items():
            columns[heading(question, OTHER_ROW)] = [answer_texts("frequency")["2"] if i < 5 else "" for i in range(n)]
    rows = [[t] + [""] * (len(columns) - 1) * padded for t in title] + [list(columns)]
    rows += [list(r) for r in zip(*columns.values())]
    write_rows(rows, path, encoding=encoding, delimiter=delimiter)
    return webropol_table()


def webropol_table(**more):
    """The codebook's [wide] table of :func:`webropol_export`: the preset, the questions and answers."""
    return wide_table(
        preset="webropol",
        items={q: item for item, q in COMMA_QUESTIONS.items()},
        values=VALUES,
        missing=[CANT_SAY],
        columns={"respondent_id": "Vastaajan tunnus", "municipality": "Organisaatio", "own_group": "Tehtäväryhmä",
                 "subgroup": "Alaryhmä"},
        **more,
    )


#: SurveyMonkey's fixed leading columns, and its second-row text of a one-answer question.
MONKEY_META = ("Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address", "First Name",
               "Last Name", "Custom Data 1")


def surveymonkey(long, path, codebook):
    """SurveyMonkey export (CSV or xlsx by the suffix): row 1 the question over the first column
    of its grid (the others blank; merged in the xlsx), row 2 each column's row label, or
    "Response" under a one-answer question; the fixed leading columns; answers as texts."""
    codes = codebook.codes
    background, answers = pivot(long, codes)
    labels = {c: codebook.label(c, "fi") for c in codes}
    n = len(background)
    top = list(MONKEY_META) + ["Kunta", "Tehtäväryhmä", "Alaryhmä"]
    second = [""] * len(MONKEY_META) + ["Response", "Response", "Open-Ended Response"]
    data = [[str(11_400_000_000 + i) for i in range(n)], ["432100"] * n, ["03/02/2025 10:11:12 AM"] * n,
            ["03/02/2025 10:21:12 AM"] * n, [f"10.0.{i // 250}.{i % 250 + 1}" for i in range(n)], [""] * n, [""] * n,
            [""] * n, [""] * n, background["municipality"].tolist(), background["own_group"].map(labels).tolist(),
            background["subgroup"].tolist()]
    spans = []
    for item in ITEMS:
        targets = [t for (t, i) in answers if i == item]
        spans.append((len(top) + 1, len(top) + len(targets)))
        top += [QUESTIONS[item]] + [""] * (len(targets) - 1)
        second += [labels[t] for t in targets]
        data += [[CANT_SAY if v == "6" else answer_texts(item).get(v, v) for v in answers[t, item]] for t in targets]
    write_rows([top, second, *map(list, zip(*data))], path)
    if path.suffix == ".xlsx":
        book = openpyxl.load_workbook(path)
        for first, last in spans:
            book.active.merge_cells(start_row=1, start_column=first, end_row=1, end_column=last)
        book.save(path)
    return wide_table(
        pattern="^(?P<item>.+) - (?P<target>.+)$",
        items={q: item for item, q in QUESTIONS.items()},
        values=VALUES,
        missing=[CANT_SAY],
        group_labels=True,
        columns={"respondent_id": "Respondent ID", "municipality": "Kunta", "own_group": "Tehtäväryhmä",
                 "subgroup": "Alaryhmä"},
    )
