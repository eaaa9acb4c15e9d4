"""csv_bytes writes what pandas' to_csv writes, byte for byte, on awkward tables (issue 26)."""

import numpy as np
import pandas as pd
import pytest

from integraatio.csvtext import BLOCK, csv_bytes
from integraatio.results import inert

TEXTS = ["a", "=1+1", "-2.5", "x,y", 'q"t', "m\nl", "c\rr", "", None, "Hämeenlinna", "\tT", "\0nul", "mid\0nul",
         "@S", "+", 'é,"', " lead", "2.10"]


def awkward(n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    floats = rng.standard_normal(n) * 10.0 ** rng.integers(-30, 30, n)
    floats[::5] = np.nan
    floats[1:4] = [np.inf, -0.0, 1e16]
    ints = rng.integers(-(10**12), 10**12, n)
    ints[:2] = [np.iinfo(np.int64).min, np.iinfo(np.int64).max]
    return pd.DataFrame({
        "float": floats,
        "int": ints,
        "small": rng.integers(0, 5, n).astype(np.uint8),
        "flag": rng.integers(0, 2, n).astype(bool),
        "Int64": pd.array(np.where(rng.random(n) < 0.3, None, rng.integers(-9, 9, n)), dtype="Int64"),
        "Float64": pd.array(np.where(rng.random(n) < 0.3, None, rng.random(n)), dtype="Float64"),
        "str": pd.array(rng.choice(np.array(TEXTS, dtype=object), n), dtype="str"),
        "object": np.array(rng.choice(np.array(["a", 3, 2.5, None, np.nan, True, "=x", 1e20], dtype=object), n)),
        "category": pd.Categorical(rng.choice(np.array(["2.1", "2.10", "=z", "k,l", None], dtype=object), n)),
        "int category": pd.Categorical(rng.choice([1, 2, 3], n)),
        "date": pd.to_datetime(rng.choice(np.array(["2020-01-01", "2021-05-06", None], dtype=object), n)),
        "boolean": pd.array(rng.choice(np.array([True, False, None], dtype=object), n), dtype="boolean"),
        "float32": rng.random(n).astype(np.float32),
        "x,\"name\"": 1,
    })


def by_pandas(df: pd.DataFrame, guard=lambda v: v) -> bytes:
    """The reference: the guard applied cell by cell to the text columns, then pandas' writer."""
    text = [j for j, dtype in enumerate(df.dtypes) if dtype == object or isinstance(dtype, (pd.StringDtype, pd.CategoricalDtype))]
    df = df.copy()
    for j in text:
        df.isetitem(j, df.iloc[:, j].astype(object).map(lambda v: guard(v) if isinstance(v, str) else v))
    return df.to_csv(index=False, lineterminator="\n").encode("utf-8")


def test_every_column_kind_is_written_as_pandas_writes_it():
    df = awkward(500)
    for name in df.columns:
        for table in (df[[name]], df[[name, "int"]] if name != "int" else df[["int", "float"]]):
            assert b"".join(csv_bytes(table)) == by_pandas(table), name
    assert b"".join(csv_bytes(df, guard=inert)) == by_pandas(df, guard=inert)


def test_rows_beyond_one_block_and_edge_shapes():
    df = awkward(BLOCK + 123, seed=1)
    assert b"".join(csv_bytes(df, guard=inert)) == by_pandas(df, guard=inert)
    for table in (df.iloc[:0], pd.DataFrame({"": [1.0, None]}), pd.DataFrame({"only": ["", None, "x"]})):
        assert b"".join(csv_bytes(table)) == by_pandas(table)


@pytest.mark.parametrize("value, written", [("=SUM(A1)", b"'=SUM(A1)"), ("-2.5", b"-2.5"), ("@x,y", b"\"'@x,y\"")])
def test_the_guard_runs_before_quoting(value, written):
    assert b"".join(csv_bytes(pd.DataFrame({"a": [value], "b": 1}), guard=inert)) == b"a,b\n" + written + b",1\n"
