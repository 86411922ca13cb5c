"""Used up versus scarce: a rule at its limit limits the allocation only when one unit more of
its resource is worth something (its marginal value, from marginal.csv, is above 0). A rule can
be at its limit with no value in more, e.g. 占水田补水田 when the least-spending stage
reclaims no more paddy than is needed."""

from __future__ import annotations

import pandas as pd

from landplan.model.rules.spec import Families


def with_marginal(cons: pd.DataFrame, marginal: pd.DataFrame | None,
                  fams: Families) -> pd.DataFrame:
    """constraints.csv with `marginal_value`: the objective gained per unit more of the
    resource each family is declared `priced_by` (at the largest step tried), from
    marginal.csv; empty where no marginal value was computed (linkage rules, or a run without
    the analysis)."""
    out = cons.copy()
    values: list[float | None] = []
    for r in out.itertuples(index=False):
        f = fams.get(r.rule)
        priced = f.priced_by if f is not None else None
        v = None
        if priced is not None and marginal is not None and not marginal.empty:
            res = priced[0]
            scope = str(r.key) if priced[1] == "key" else "county"
            m = marginal[(marginal["resource"] == res)
                         & (marginal.get("scope", "county").astype(str) == scope)]
            m = m.assign(_d=pd.to_numeric(m.get("delta", 1.0), errors="coerce"),
                         _v=pd.to_numeric(m["value"], errors="coerce")).dropna(subset=["_v"])
            if len(m):  # per unit of the rule, at the largest step tried
                v = float(m.sort_values("_d", kind="stable")["_v"].iloc[-1])
        values.append(v)
    out["marginal_value"] = pd.Series(values, index=out.index, dtype=float)
    return out


def scarcity(row) -> str:
    """`scarce`: at its limit and worth more (marginal value > 0); `full`: at its limit but
    one unit more gains nothing; `unknown`: at its limit, value of more not computed."""
    v = getattr(row, "marginal_value", None)
    if v is None or v != v:
        return "unknown"
    return "scarce" if float(v) > 1e-9 else "full"
