"""The codebook's ``[wide]`` table read into a WideSpec (issue 28): every malformed key named with what it
got, presets merged key by key, the delimiter, the answer texts each item reads."""

import pytest

from integraatio.codebook import load_codebook
from integraatio.datasets import codebook_path
from integraatio.exceptions import CodebookError, UsageError
from integraatio.survey.spec import file_delimiter, group_lookup, heading_code, is_item, target_code, wide_spec


def codebook_with(folder, table, extra=""):
    path = folder / "codebook.toml"
    path.write_text(codebook_path().read_text(encoding="utf-8") + extra + "\n[wide]\n" + table + "\n", encoding="utf-8")
    return load_codebook(path)


@pytest.mark.parametrize("table, message", [
    ('pattern = "(?P<item>\\\\d)"', "`pattern` '(?P<item>\\\\d)' needs the named groups (?P<item>...) and (?P<target>...)."),
    ('items = { 1 = "frequency", 2 = "often" }', "`items` maps to ['often']; the items are frequency, reciprocity, need."),
    ('items = { 1 = 3 }', "`items` must be a table of str values; got {'1': 3}."),
    ('items = { 1 = true }', "`items` must be a table of str values; got {'1': True}."),
    ('items = "x"', "`items` must be a table of str values; got 'x'."),
    ('targets = { "a" = 1 }', "`targets` must be a table of str values; got {'a': 1}."),
    ('targets = { "a" = "2.1", "A" = "2.2" }', "`targets` has keys that differ only in case or spacing: 'A'."),
    ('missing = [1.5]', "`missing` must be a list of answer texts; got [1.5]."),
    ('drop = "x"', "`drop` must be a list of regular expressions; got 'x'."),
    ('header_rows = 0', "`header_rows` must be a whole number of at least 1 or \"auto\"; got 0."),
    ('header_rows = true', "`header_rows` must be a whole number of at least 1 or \"auto\"; got True."),
    ('header_rows = "2"', "`header_rows` must be a whole number of at least 1 or \"auto\"; got '2'."),
    ('complete = { x = "done" }', "`complete` must be a table of column = \"filled\", \"max\" or a list of the values "
                                  "that mean complete (e.g. Finished = [\"1\", \"True\"]); got {'x': 'done'}."),
    ('complete = { x = [1.5] }', "got {'x': [1.5]}."),
    ('complete = "filled"', "got 'filled'."),
    ('code_headings = "yes"', "`code_headings` must be true or false; got 'yes'."),
    ('example = 3', "`example` must be an item column name as the export writes it; got 3."),
    ('columns = { own_group = 3 }', "`columns` must be a table of column names (or lists of names, the first found is "
                                    "read); got {'own_group': 3}."),
    ('columns = { own_group = [] }', "got {'own_group': []}."),
    ('columns = { own_group = ["a", 1] }', "got {'own_group': ['a', 1]}."),
    ('columns = { target_group = "kohde" }', "`columns` renames ['target_group']; it can rename respondent_id, "
                                             "municipality, size_class, own_group, subgroup."),
    ('recode = 3', "`recode` must be a table of tables keyed by respondent_id, municipality, size_class, own_group, "
                   "subgroup; got 3."),
    ('recode = { own_group = 3 }', "`recode.own_group` must be a table of answer = \"text\"; got 3."),
    ('recode = { own_group = { a = 1.5 } }', "`recode.own_group` must be a table of answer = \"text\"; got {'a': 1.5}."),
    ('recode = { own_group = { a = "2.1", " A" = "2.2" } }', "`recode.own_group` has keys that differ only in case"),
    ('values = 3', "`values` must be a table of answer text = code; got 3."),
    ('values = { "Usein" = "4" }', "`values` must map answer texts to whole numbers, for every item (\"Päivittäin\" = 5) "
                                   "or under an item's name for that item alone (frequency = { \"1\" = 5, \"5\" = 1 }); "
                                   "got {'Usein': '4'}."),
    ('values = { "Usein" = true }', "got {'Usein': True}."),
    ('values = { need = { "a" = true } }', "got {'need': {'a': True}}."),
    ('values = { need = 4 }', "got {'need': 4}."),
    ('values = { need = { "a" = 1, " A" = 2 } }', "`values.need` has keys that differ only in case or spacing: ' A'."),
    ('values = { "never" = 2 }', "`values` reads 'never' of frequency as 2, but the codebook's [scale] labels say "
                                 "'never' is 1: one of the two runs the wrong way. Correct it (or remove the [wide] "
                                 "values entry)."),
])  # fmt: skip
def test_malformed_wide_tables_name_the_key_and_what_it_got(tmp_path, table, message):
    cb = codebook_with(tmp_path, table)
    with pytest.raises(CodebookError) as caught:
        wide_spec(cb)
    text = str(caught.value)
    assert message in text
    assert text.startswith(f"Codebook {cb.path}: [wide] `") or text.startswith(f"Codebook {cb.path}: [wide] has")


def test_values_for_every_item_and_for_one_item(tmp_path):
    cb = codebook_with(tmp_path, 'values = { "Usein" = 4, frequency = { "harvoin" = 2 } }')
    spec = wide_spec(cb)
    assert spec.values["frequency"]["usein"] == 4 and spec.values["need"]["usein"] == 4
    assert spec.values["frequency"]["harvoin"] == 2 and "harvoin" not in spec.values["need"]
    assert spec.values["frequency"]["never"] == 1 and spec.values["need"]["very great"] == 5
    assert spec.maps_answer(" USEIN ") and spec.maps_answer("Harvoin") and not spec.maps_answer("joskus")


def test_defaults_and_how_item_columns_are_described(tmp_path):
    spec = wide_spec(load_codebook())
    assert (spec.header_rows, spec.header_given, spec.group_labels, spec.code_headings, spec.preset) == (
        1, False, False, False, None)
    assert spec.items == {"1": "frequency", "2": "reciprocity", "3": "need"} and spec.item_tokens == ("1", "2", "3")
    assert spec.targets is None and spec.missing == frozenset() and spec.drop == () and spec.complete == ()
    # Longer codes first: 2.10.1 is 2.10's frequency, not 2.1's "0.1".
    assert spec.pattern.search("2.10.1").groupdict() == {"target": "2.10", "item": "1"}
    assert spec.pattern.search("2.99.3")["target"] == "2.99" and spec.pattern.search("2.1") is None
    assert spec.expected_items() == "named <target code>.<item>, e.g. '2.7.3' (the need to cooperate with 2.7)"
    given = wide_spec(codebook_with(tmp_path, 'pattern = "^(?P<target>.+)_(?P<item>.)$"\nheader_rows = "auto"\n'
                                              'complete = { Done = ["Yes", 1], Sent = "filled" }'))
    assert given.expected_items() == "named as the codebook's [wide] pattern describes"
    assert given.header_rows is None and given.header_given
    assert given.complete == (("Done", ("yes", "1")), ("Sent", "filled"))
    assert wide_spec(codebook_with(tmp_path, 'example = "Q1_T01"')).expected_items() == (
        "named like 'Q1_T01' (the codebook's [wide] pattern)")
    preset = wide_spec(codebook_with(tmp_path, 'preset = "limesurvey"\nheader_rows = 2\ncolumns = { own_group = "Ryhmä" }'))
    # The codebook's keys over the preset's: a table merges key by key, a value replaces.
    assert preset.preset == "limesurvey" and preset.header_rows == 2 and preset.code_headings
    assert preset.columns["own_group"] == ("Ryhmä",) and "Vastaustunnus" in preset.columns["respondent_id"]
    assert preset.expected_items() == "named like 'FREQ[T01]' (the codebook's [wide] pattern)"


def test_presets_of_ones_own(tmp_path):
    (tmp_path / "mine.toml").write_text('[wide]\nitems = { F = "frequency" }\npattern = "^(?P<item>F)(?P<target>.+)$"\n',
                                        encoding="utf-8")
    spec = wide_spec(codebook_with(tmp_path, 'preset = "mine.toml"\nitems = { N = "need" }'))
    assert spec.items == {"f": "frequency", "n": "need"} and spec.preset == "mine.toml"
    (tmp_path / "bare.toml").write_text('pattern = "x"\n', encoding="utf-8")
    with pytest.raises(CodebookError, match=r"^Preset .*bare\.toml has no \[wide\] table; a preset file holds one"):
        wide_spec(codebook_with(tmp_path, 'preset = "bare.toml"'))
    (tmp_path / "odd.toml").write_text('[wide]\npatern = "x"\n', encoding="utf-8")
    with pytest.raises(CodebookError, match=r"^Preset .*odd\.toml: \[wide\] has unknown keys \['patern'\]"):
        wide_spec(codebook_with(tmp_path, 'preset = "odd.toml"'))
    for name in ("3", '""'):
        with pytest.raises(CodebookError, match=r"\[wide\] `preset` must be a preset name or a file path; got "):
            wide_spec(codebook_with(tmp_path, f"preset = {name}"))


def test_the_delimiter_given_or_set(tmp_path):
    cb = load_codebook()
    assert file_delimiter(cb) is None and file_delimiter(cb, "tab") == "\t" and file_delimiter(cb, ",") == ","
    with pytest.raises(UsageError, match=r"^--delimiter must be one of ',', ';', '\\t', 'comma', 'semicolon', 'tab'; "
                                         r"got '\|'\.$"):
        file_delimiter(cb, "|")
    set_ = codebook_with(tmp_path, 'delimiter = "semicolon"')
    assert file_delimiter(set_) == ";" and file_delimiter(set_, "comma") == ","
    assert file_delimiter(codebook_with(tmp_path, 'preset = "qualtrics"')) is None
    with pytest.raises(CodebookError, match=r"\[wide\] `delimiter` must be one of .*; got 'pipe'\.$"):
        file_delimiter(codebook_with(tmp_path, 'delimiter = "pipe"'))


def test_targets_labels_and_code_headings(tmp_path):
    cb = load_codebook()
    lookup = group_lookup(cb)
    assert lookup["vanhuspalvelut"] == "2.1" and lookup["elderly services"] == "2.1" and lookup["2.10"] == "2.10"
    labelled = wide_spec(codebook_with(tmp_path, "group_labels = true"))
    assert target_code("Elderly  Services", labelled, cb, lookup) == ("2.1", None)
    assert target_code("2.10", labelled, cb, lookup) == ("2.10", None)
    assert target_code("Tuntematon", labelled, cb, lookup) == ("Tuntematon", None)
    assert target_code("Vanhuspalvelut", wide_spec(cb), cb, lookup) == ("Vanhuspalvelut", None)
    position = wide_spec(codebook_with(tmp_path, 'targets = "position"'))
    assert target_code("T1", position, cb, lookup) == ("2.1", None)
    assert target_code("T", position, cb, lookup)[1] == "target 'T' of this item column is not a position from 1 to 21"
    coded = wide_spec(codebook_with(tmp_path, "code_headings = true"))
    assert heading_code("Q1. Kuinka usein?", coded) == "Q1" and heading_code("Q1.Kuinka", coded) == "Q1.Kuinka"
    assert heading_code(".x. y", coded) == ".x. y" and heading_code("Q1. Kuinka", wide_spec(cb)) == "Q1. Kuinka"
    assert is_item("need", None) and not is_item("2.1.1", None)
    assert is_item("2.1.1", coded) and not is_item("own_group", coded) and not is_item("need", coded)


def test_spss_value_labels_against_the_codebook():
    from integraatio.messages import Message
    from integraatio.survey.spss import label_direction

    cb = load_codebook()
    spec = wide_spec(cb)
    names = ["own_group", "2.2.1", "2.3.1", "2.2.2", "2.2.3"]
    position = {n: j for j, n in enumerate(names)}
    reversed_ = {"1": "Päivittäin", "3": "kuukausittain", "5": "Ei koskaan"}
    labels = {0: {"1": "Päivittäin"}, 1: reversed_, 2: reversed_, 3: {"1": "Ei lainkaan", "2": "Jotain", "5": "x"},
              4: {"1": "a", "5": "b", "9": "c", "x": "d", "0": "e"}}
    problems, warned = label_direction(names, position, labels, spec=spec, codebook=cb, file="s.sav")
    assert warned == [Message.of("read.labels_moved", n=2, item="frequency",
                                 example="1 = 'Päivittäin' \u2192 5, 5 = 'Ei koskaan' \u2192 1"),
                      Message.of("read.labels_unchecked", item="need", low="1 = 'a'", high="5 = 'b'", top=5)]
    assert problems == []
    labels[3] = {"1": "Täysin", "2": "Jotain", "5": "x"}  # 1 read as 5 ("täysin"), 2 and 5 unknown
    problems, warned = label_direction(names, position, labels, spec=spec, codebook=cb, file="s.sav")
    problem, = problems
    assert (problem["column"], problem["value"], problem["file"]) == ("2.2.2", "1 = Täysin, 2 = Jotain, 5 = x", "s.sav")
    assert problem["problem"] == (
        "the SPSS value labels of 1 reciprocity column(s) number the answers otherwise than the codebook (1 = 'Täysin' "
        "\u2192 5), and the labels of codes 2, 5 ('Jotain', 'x') are not its answer texts, so those answers can be read "
        "neither by number nor by label")
    assert problem["fix"] == ("Give the codebook each answer text of reciprocity: [scale] labels (the texts of codes 1 "
                              "to 5 in order) or [wide] values.")
    # Labels that agree with the codebook say nothing; without labels or a wide layout nothing is checked.
    assert label_direction(["2.2.1"], {"2.2.1": 0}, {0: {"1": "Ei koskaan", "2": "zz"}}, spec=spec, codebook=cb,
                           file="s.sav") == ([], [])
    assert label_direction(names, position, {}, spec=spec, codebook=cb, file="s.sav") == ([], [])
    assert label_direction(names, position, labels, spec=None, codebook=cb, file="s.sav") == ([], [])
