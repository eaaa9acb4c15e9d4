"""The privacy rules at their boundaries (issue 28): how much of a column must copy the
respondent id, how many words make free text, and when a pseudonym key is too weak."""

import pandas as pd
import pytest

from integraatio.exceptions import UsageError
from integraatio.privacy import check_key, identifying_columns, key_bits, pseudonymise

IDS = pd.Series(["a1", "a2", "a3", "a4"])


@pytest.mark.parametrize(
    "cells, found",
    [
        (["a1", "a2", "x", "x"], True),  # half the filled cells are the row's id
        (["a1", "x", "x", "x"], False),  # a quarter
        (["a1", "", "", ""], True),  # empty cells do not count: the only filled one is a copy
        (["a2", "a1", "x", "x"], False),  # ids, but of other rows
    ],
)
def test_a_copy_of_the_respondent_id_is_half_the_filled_cells(cells, found):
    got = identifying_columns(pd.DataFrame({"ref": cells}), respondent_ids=IDS)
    assert got == ({"ref": "copy of the respondent id"} if found else {})


@pytest.mark.parametrize(
    "cells, free",
    [
        (["yksi kaksi kolme neljä", "x", "x"], True),  # one cell of SENTENCE_WORDS = 4 words
        (["yksi kaksi kolme", "x", "x"], False),  # 3 words, 2 distinct values
        (["hyvä kysely", "ei mitään", "liian pitkä"], True),  # 3 distinct values, all worded
        (["hyvä kysely", "ei mitään", "", ""], False),  # only 2 distinct values
        (["hyvä kysely", "ei mitään", "liian pitkä", "hyvä kysely", "hyvä kysely", "ei mitään"], True),  # 3 of 6
        (["hyvä kysely", "ei mitään", "liian pitkä", "hyvä kysely", "hyvä kysely", "ei mitään", "ei mitään"],
         False),  # 3 distinct among 7 filled: fewer than half
        (["hyvä kysely", "ei mitään", "a", "b"], True),  # half the distinct values have more than one word
        (["hyvä kysely", "a", "b", "c"], False),  # a quarter
    ],
)
def test_free_text_by_its_words_and_its_variety(cells, free):
    assert identifying_columns(pd.DataFrame({"x": cells})) == ({"x": "free text"} if free else {})


def test_an_ip_address_is_the_whole_cell():
    assert identifying_columns(pd.DataFrame({"x": ["10.0.0.1", "", ""]})) == {"x": "IP address"}
    assert identifying_columns(pd.DataFrame({"x": ["v 1.2.3.4", "", ""]})) == {}


def test_a_kept_column_is_never_reported_and_a_listed_one_always():
    frame = pd.DataFrame({"Email": ["a@b.fi"], "Tiimi": ["x"]})
    assert identifying_columns(frame, keep=["Email"]) == {}
    assert identifying_columns(frame, identifying=["^tii"]) == {
        "Email": "e-mail address", "Tiimi": "listed in the codebook's [privacy] identifying"}


# Keys: 16 characters twice each (none next to a neighbouring one) carry exactly
# 32 * log2(16) = 128 bits by the estimate; one character fewer, 31 * ... < 128.
FIRST, SECOND = "aeimquyCGKOSW048", "84WOGyqiaeC0KSmu"


def test_a_key_of_exactly_128_bits_passes_and_one_less_is_refused():
    assert sorted(FIRST) == sorted(SECOND) and key_bits(FIRST + SECOND) == 128.0
    assert check_key(FIRST + SECOND) == (FIRST + SECOND).encode()
    with pytest.raises(UsageError, match=r"about 124 bits .* fewer than 128"):
        check_key(FIRST + SECOND[:-1])


def test_key_bits_of_an_empty_key_is_zero():
    assert key_bits("") == 0.0 and key_bits("aaaa") == 0.0 and key_bits("ab") == 2.0


# 22 pairs of neighbouring characters (ab, de, ...): 44 characters, 22 steps, exactly half.
PAIRS = "abdeghjkmnpqstvwABDEGHJKMNPQSTVW013467yzYZ89"


def test_half_of_a_key_in_runs_passes_and_more_is_refused():
    assert len(PAIRS) == 44 and check_key(PAIRS)
    with pytest.raises(UsageError, match="half of it runs through neighbouring characters"):
        check_key(PAIRS + ":")  # 9 -> ":" is one more step: 23 of 45 characters


def test_a_repeated_part_of_six_is_refused_even_at_the_end():
    assert check_key(PAIRS + PAIRS[:5])  # five characters again: allowed
    with pytest.raises(UsageError, match="a part of it repeats"):
        check_key(PAIRS + PAIRS[:6])


def test_a_blank_id_stays_missing():
    got = pseudonymise(pd.Series(["r1", " ", None, "r1"]))
    assert got[0] == got[3] == "R0001" and pd.isna(got[1]) and pd.isna(got[2])


@pytest.mark.parametrize(
    "name, reason",
    [
        ("xPuhelin", "phone number"),  # split after a lower-case letter: x | Puhelin
        ("XPuhelin", "phone number"),  # split before the last capital of a run: X | Puhelin
        ("SMSPuhelin", "phone number"),  # SMS | Puhelin
        ("XIpA", "IP address"),  # X | Ip | A
        ("Xpuhelin", None),  # one word, not a mark
    ],
)
def test_a_column_name_splits_into_words_at_case_changes(name, reason):
    assert identifying_columns(pd.DataFrame({name: ["1", "1"]})).get(name) == reason


def test_a_key_given_as_bytes_is_checked_as_its_text():
    assert check_key(PAIRS.encode()) == PAIRS.encode()
    with pytest.raises(UsageError, match="a part of it repeats"):
        check_key((PAIRS + PAIRS[:6]).encode())


def test_a_repeat_anywhere_counts_and_every_reason_is_named():
    with pytest.raises(UsageError, match="a part of it repeats"):
        check_key(PAIRS[:6] + PAIRS)  # the repeat is the first window but one; later ones are new
    with pytest.raises(UsageError, match=r"fewer than 128; a part of it repeats\. A key a person makes up"):
        check_key("kuntaliitto2020!kuntaliitto2020!")


def test_key_bytes_that_are_not_utf8_are_read_with_replacement():
    key = b"\xff" + PAIRS.encode()  # a byte no UTF-8 text holds: read as U+FFFD, not refused for it
    assert check_key(key) == key


def test_the_weak_key_message_in_full():
    from integraatio.privacy import PSEUDONYM_ENV

    with pytest.raises(UsageError) as info:
        check_key("kuntaliitto2020!")
    assert str(info.value) == (
        "The pseudonym key is too weak: it carries about 53 bits by the estimate (length x the Shannon entropy of its "
        "characters), fewer than 128. A key a person makes up can be found by trying words, names and years against "
        f"ids an attacker knows. Make one with `integraatio key` and keep it in the variable {PSEUDONYM_ENV} or a file "
        "named by --pseudonym-key-file.")
    with pytest.raises(UsageError, match=r"too weak: half of it runs through neighbouring characters \(aaaa, abcd, "
                                         r"1234\)\. A key"):
        check_key(PAIRS + ":")


def _survey(**columns):
    # r1 answers twice (two rows), r2-r4 once: one row per respondent is checked, the first.
    base = pd.DataFrame({"respondent_id": ["r1", "r1", "r2", "r3", "r4"]})
    return base.assign(**columns)


def test_a_published_column_is_checked_once_per_respondent():
    from integraatio.codebook import load_codebook
    from integraatio.exceptions import PrivacyError
    from integraatio.privacy import check_published_columns

    cb = load_codebook()
    data = _survey(tieto=["", "", "a@b.fi", "", ""], luokka=["x", "x", "y", "y", "x"])
    with pytest.raises(PrivacyError) as info:
        check_published_columns(data, ["luokka", "tieto", "puuttuu"], codebook=cb, why="--compare-by")
    assert str(info.value) == (
        "--compare-by names 'tieto' (e-mail address), which identifies a person: its values would reach the outputs. "
        "Choose a column that groups respondents (a size class, a region), or list it in the codebook's [privacy] keep "
        "if it identifies nobody.")
    assert check_published_columns(data, ["luokka", "puuttuu"], codebook=cb, why="x") is None
    assert check_published_columns(data, ["puuttuu"], codebook=cb, why="x") is None
    # The codebook's [privacy] table: a listed pattern is refused, a kept column is not.
    import dataclasses

    listed = dataclasses.replace(cb, privacy={"identifying": ["^luok"], "keep": ["tieto"]})
    with pytest.raises(PrivacyError, match=r"names 'luokka' \(listed in the codebook's \[privacy\] identifying\), which"):
        check_published_columns(data, ["luokka", "tieto"], codebook=listed, why="--compare-by")


def test_an_unknown_key_of_the_privacy_table_is_named():
    import dataclasses

    from integraatio.codebook import load_codebook
    from integraatio.exceptions import CodebookError
    from integraatio.privacy import privacy_settings

    with pytest.raises(CodebookError, match=r"has unknown keys \['identifyng'\]; the keys are identifying and keep\."):
        privacy_settings(dataclasses.replace(load_codebook(), privacy={"identifyng": ["x"]}))


def test_a_bad_pattern_of_the_privacy_table_names_the_codebook_and_the_key():
    import dataclasses

    from integraatio.codebook import load_codebook
    from integraatio.exceptions import CodebookError
    from integraatio.privacy import privacy_settings

    cb = load_codebook()
    with pytest.raises(CodebookError, match=r"^Codebook .*codebook\.toml: \[privacy\] `identifying` '\(' is not a valid"):
        privacy_settings(dataclasses.replace(cb, privacy={"identifying": ["("], "keep": ["x"]}))
