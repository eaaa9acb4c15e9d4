"""The fast paths of reading and writing give what the plain ones give (issue 26)."""

import numpy as np
import pandas as pd

from integraatio.csvtext import csv_bytes
from integraatio.survey.responses import first_equal_rows


def by_sorting(rows: np.ndarray) -> list[int]:
    """For each row, the first row equal to it, found by comparing with every earlier row."""
    return [next(j for j in range(i + 1) if (rows[j] == rows[i]).all()) for i in range(len(rows))]


def test_first_equal_rows_on_repeats_and_on_a_hash_collision():
    rng = np.random.default_rng(3)
    rows = rng.integers(0, 3, (60, 4))
    assert first_equal_rows(rows).tolist() == by_sorting(rows)
    # [1, 0] and [0, K] have the same key k * K + c (mod 2**64) with K the hash's multiplier:
    # they are different rows all the same.
    k = np.array([0x9E3779B97F4A7C15], dtype=np.uint64).view(np.int64)[0]
    collide = np.array([[1, 0], [0, k], [1, 0], [0, k], [2, 2]], dtype=np.int64)
    assert first_equal_rows(collide).tolist() == [0, 1, 0, 1, 4]
    assert first_equal_rows(np.zeros((0, 3), dtype=np.int64)).tolist() == []


def test_a_float_column_of_few_values_is_written_as_pandas_writes_it():
    values = np.array([0.1 + 0.2, -0.0, 0.0, np.nan, 1e16, 123.456, np.inf, -np.inf, 5e-324, 1 / 3])
    df = pd.DataFrame({"x": np.random.default_rng(0).choice(values, 1000), "y": 1})
    assert b"".join(csv_bytes(df)) == df.to_csv(index=False, lineterminator="\n").encode()


def test_integer_columns_of_a_narrow_range_are_written_as_pandas_writes_them():
    rng = np.random.default_rng(1)
    df = pd.DataFrame({"byte": rng.choice(np.array([0, 7, 254, 255], dtype=np.uint8), 300),
                       "negative": rng.integers(-12, -3, 300), "Int64": pd.array(rng.choice([1, 5, None], 300), "Int64"),
                       "edge": np.iinfo(np.int64).max - rng.integers(0, 3, 300)})
    assert b"".join(csv_bytes(df)) == df.to_csv(index=False, lineterminator="\n").encode()


def test_text_series_is_the_str_series_of_the_taken_values():
    from integraatio.survey.cells import text_series

    uniques = np.array(["a", "", None, " b ", "Hämeenlinna", 3], dtype=object)
    codes = np.array([0, 2, 1, 5, 4, 3, 0, 2])
    assert text_series(codes, uniques).equals(pd.Series(uniques[codes], dtype="str"))


def test_left_out_respondents_get_pseudonyms_after_the_tables():
    from integraatio.codebook import load_codebook
    from integraatio.survey import read_survey

    cb = load_codebook()
    own, a, b = cb.codes[0], cb.codes[1], cb.codes[2]
    town = next(iter(cb.municipalities))
    # r2 has no own group (left out) and comes first; " r3" is r3 with a space.
    df = pd.DataFrame({"respondent_id": ["r2", "r3", " r3", "r1"], "municipality": town,
                       "own_group": ["", own, own, own], "target_group": [a, a, b, a],
                       "frequency": 3, "reciprocity": 2, "need": 1})
    s = read_survey(df, codebook=cb)
    assert s.data["respondent_id"].tolist() == ["R0001", "R0001", "R0002"]  # r3, r3, r1 in order
    out = s.exclusions.drop_duplicates("row").set_index("row")["respondent_id"].to_dict()
    assert out == {2: "R0003"}


def test_text_categorical_is_the_taken_text_with_the_used_texts_sorted_as_categories():
    from integraatio.survey.cells import text_categorical

    uniques = np.array(["b", "", None, "a", "unused", "b", "Ä"], dtype=object)
    codes = np.array([0, 3, 2, 1, 5, 6, -1, 0])
    column = pd.Series(text_categorical(codes, uniques))
    # By hand: b, a, missing, "", b, Ä, missing, b; the texts used, in code point order.
    assert column.tolist() == ["b", "a", np.nan, "", "b", "Ä", np.nan, "b"]
    assert column.cat.categories.tolist() == ["", "a", "b", "Ä"]


def test_coded_values_of_a_categorical_column_and_of_rows_taken_from_it():
    """The distinct texts of a column's categories are remembered per categories and per strip:
    a column, rows taken from it (same categories) and the same cells as plain text agree."""
    from integraatio.survey.cells import coded_values

    cells = np.array([" a", "a", "", "b ", " a", "c"], dtype=object)
    column = pd.Series(pd.Categorical(cells))
    for strip in (True, False):
        for part in (column, column.iloc[[5, 0, 3]].reset_index(drop=True)):
            codes, uniques = coded_values(part, strip=strip)
            plain = part.astype(object).to_numpy()
            assert uniques[codes].tolist() == [c.strip() if strip else c for c in plain]
    codes, uniques = coded_values(column)
    assert len(uniques) == 4  # "a", "", "b", "c": " a" and "a" share a code when stripped


def test_rating_keys_are_the_first_bytes_of_each_ids_hmac():
    import hashlib
    import hmac

    from integraatio.disclosure import rating_keys

    secret, ids = b"s" * 32, ["r1", "Äiti", "r1", "", "7"]
    keys = rating_keys(pd.Series(ids, dtype="category"), secret=secret)
    expected = [int.from_bytes(hmac.new(secret, i.encode(), hashlib.sha256).digest()[:8], "little") for i in ids]
    assert keys.tolist() == expected


def test_distinct_texts_are_remembered_within_a_read_and_forgotten_after(monkeypatch):
    """A categorical column's distinct texts are cleaned once per read (remembered_texts), and
    nothing is held once the read ends (a notebook reads many large files in one session)."""
    import integraatio.survey.cells as cells

    cleaned = []  # a categorical column's distinct texts are cleaned, then numbered by one pd.factorize
    real = pd.factorize
    monkeypatch.setattr(pd, "factorize", lambda values, *a, **k: cleaned.append(len(values)) or real(values, *a, **k))
    column = pd.Series(pd.Categorical([" a", "b", " a"]))
    with cells.remembered_texts():
        assert cells.coded_values(column)[1].tolist() == ["a", "b", ""]  # "": an empty cell
        assert cells.blank_cells(column).tolist() == [False, False, False]
        with cells.remembered_texts():  # an inner block shares the outer one's
            cells.coded_values(column)
    assert len(cleaned) == 1
    cells.coded_values(column)
    assert len(cleaned) == 2


def test_first_rows_by_value_and_by_hashing_agree_with_first_appearance():
    """Dense integer keys take the by-value path, others the hashed one; both number the
    groups in order of first appearance, checked against a dictionary walk."""
    from integraatio.survey.cells import first_rows

    def walked(key):
        seen = {}
        return [seen.setdefault(k, len(seen)) for k in key.tolist()], [key.tolist().index(k) for k in seen]

    rng = np.random.default_rng(5)
    for key in (rng.integers(0, 40, 100), rng.integers(0, 40, 100).astype(np.uint16), rng.integers(0, 10**12, 100),
                rng.integers(-5, 5, 100), np.array([7]), rng.choice(np.array([0.5, 2.0, -1.0]), 50)):
        group, opening = first_rows(key)
        assert (group.tolist(), opening.tolist()) == walked(key)
