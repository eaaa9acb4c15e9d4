"""read_survey's options on tiny inputs (issue 28): the resubmission rule's default and its check, the
delimiter given or set, self-ratings allowed, a wide report named as the file, the shipped codebook's warning."""

import pandas as pd
import pytest

from integraatio.codebook import load_codebook
from integraatio.datasets import codebook_path, survey_path
from integraatio.exceptions import DataValidationError, UsageError
from integraatio.messages import Message
from integraatio.survey import inspect_survey, read_survey, shipped_codebook_warning

ANSWERS = ["1", "2", "3", "4", "5", "1", "2", "3", "4", "5", "1", "2"]
ITEM_COLUMNS = [f"2.{t}.{i}" for t in range(1, 5) for i in range(1, 4)]


def codebook_with(folder, table):
    path = folder / "codebook.toml"
    path.write_text(codebook_path().read_text(encoding="utf-8") + table, encoding="utf-8")
    return load_codebook(path)


def twice():
    """Two respondents with the same twelve varied answers: the second a resubmission."""
    return pd.DataFrame([["a", "Oulu", "2.5", *ANSWERS], ["b", "Oulu", "2.5", *ANSWERS]],
                        columns=["respondent_id", "municipality", "own_group", *ITEM_COLUMNS])


def test_the_resubmission_rule_from_the_call_the_codebook_or_drop(tmp_path):
    assert read_survey(twice(), codebook=load_codebook()).respondents_read == 1
    kept = codebook_with(tmp_path, "\n[responses]\nresubmissions = \"keep\"\n")
    assert read_survey(twice(), codebook=kept).respondents_read == 2
    assert read_survey(twice(), codebook=kept, resubmissions="drop").respondents_read == 1
    with pytest.raises(DataValidationError) as caught:
        read_survey(twice(), codebook=kept, resubmissions="stop")
    assert caught.value.report[["row", "column", "value"]].values.tolist() == [[3, "respondent_id", "b"]]
    with pytest.raises(UsageError, match="resubmissions"):
        read_survey(twice(), codebook=kept, resubmissions="later")


def test_the_delimiter_given_or_set_in_the_codebook(tmp_path):
    path = tmp_path / "s.csv"
    # Split by ";" each row has three fields, by "," two and three: ";" unless "," is set.
    path.write_text("respondent_id;own_group,x;2.2.1\nr,1;2.1,y;3\n", encoding="utf-8")
    cb = load_codebook()
    assert inspect_survey(path, codebook=cb).delimiter == ";"
    by_call = inspect_survey(path, codebook=cb, delimiter="comma")
    assert by_call.delimiter == "," and by_call.plan["heading"].tolist() == [
        "respondent_id;own_group", "x;2.2.1", "unnamed_C"]
    commas = codebook_with(tmp_path, '\n[wide]\ndelimiter = ","\n')
    assert inspect_survey(path, codebook=commas).delimiter == ","
    assert inspect_survey(path, codebook=commas, delimiter=";").delimiter == ";"
    # A DataFrame has no delimiter, whatever the codebook says.
    assert inspect_survey(pd.DataFrame({"respondent_id": ["r"]}), codebook=commas).delimiter is None


def self_raters(n):
    rows = [[f"r{i}", "Oulu", "2.1", t, "1", "1", "1"] for i in range(n) for t in ("2.1", "2.2")]
    return pd.DataFrame(rows, columns=["respondent_id", "municipality", "own_group", "target_group", "frequency",
                                       "reciprocity", "need"])


def test_self_ratings_stop_the_run_unless_asked(tmp_path):
    with pytest.raises(DataValidationError, match="3 of the 3 respondents of group 2.1 rated their own group"):
        read_survey(self_raters(3), codebook=load_codebook())
    asked = read_survey(self_raters(3), codebook=load_codebook(), self_ratings=True)
    assert asked.warnings == (Message.of("read.self_ratings", k=3, n=3, group="2.1"),)
    # A file with other problems is not checked for self-ratings.
    broken = self_raters(3).assign(need=["1", "1", "1", "1", "1", "x"])
    with pytest.raises(DataValidationError) as caught:
        read_survey(broken, codebook=load_codebook())
    assert caught.value.report["column"].tolist() == ["need"]


def test_a_wide_report_names_the_columns_as_the_file_does(tmp_path):
    cb = codebook_with(tmp_path, '\n[wide]\ncolumns = { own_group = "Ryhmä", municipality = "Kunta" }\n')
    frame = pd.DataFrame({"respondent_id": ["r1", "r2"], "Kunta": ["Oulu", "Kunta Z"], "Ryhmä": ["2.1", "9.9"],
                          "2.2.1": ["1", "7"]})
    plan = inspect_survey(frame, codebook=cb)
    assert plan.report[["row", "column", "value"]].values.tolist() == [[3, "Ryhmä", "9.9"], [3, "2.2.1", "7"]]
    frame["Ryhmä"] = "2.1"
    frame["2.2.1"] = "1"
    s = read_survey(frame, codebook=cb)
    # Kunta Z has no size class: a warning that says the data have no size_class column.
    assert [w.key for w in s.warnings] == ["read.no_items", "read.size_unknown_column"]


def test_the_shipped_codebook_warning():
    assert shipped_codebook_warning(None) is None and shipped_codebook_warning(survey_path()) is None
    assert shipped_codebook_warning("/x/kysely.csv") == Message.of("read.shipped_codebook", file="kysely.csv")
