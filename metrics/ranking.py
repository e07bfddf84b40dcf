"""Rankings: highest figure first, ties sharing the best rank (1, 2, 2, 4), shown as `k/N`."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd


def rank_with_ties(values: pd.Series) -> pd.Series:
    """Rank of each value, highest first; equal values share the smallest rank (1, 2, 2, 4).

    Missing values stay unranked (<NA>). Returns an Int64 Series on the same index.
    """
    numeric = pd.to_numeric(values, errors="coerce").astype("float64")
    return numeric.rank(method="min", ascending=False, na_option="keep").astype("Int64")


def rank_label(rank: int | None, n: int | None) -> str | None:
    """`k/N` as published (PAR Index: 1/63); None when there is no rank."""
    if rank is None or pd.isna(rank) or n is None or pd.isna(n):
        return None
    return f"{int(rank)}/{int(n)}"


def rank_within(df: pd.DataFrame, column: str, by: Sequence[str] = ()) -> pd.DataFrame:
    """`rank` and `rank_of` (ranked units in the group) of `df[column]`, within each group of `by`.

    Returns a frame on `df`'s index; `rank_of` is <NA> where the row is unranked.
    """
    by = list(by)
    numeric = pd.to_numeric(df[column], errors="coerce").astype("float64")
    if not by:
        rank = rank_with_ties(numeric)
        size = pd.Series(int(numeric.notna().sum()), index=df.index, dtype="Int64")
    else:
        grouped = numeric.groupby([df[c] for c in by], dropna=False, observed=True)
        rank = grouped.rank(method="min", ascending=False, na_option="keep").astype("Int64")
        size = grouped.transform("count").astype("Int64")
    return pd.DataFrame({"rank": rank, "rank_of": size.mask(rank.isna())}, index=df.index)
