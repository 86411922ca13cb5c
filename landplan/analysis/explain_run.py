"""The analysis a run adds to its tables: why-not per short project, and marginal values."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from landplan import i18n
from landplan.analysis.highs import HighsModel
from landplan.analysis.marginal import marginal_values
from landplan.analysis.whynot import why_not
from landplan.model.core import LandModel
from landplan.solution import Solution

MAX_SHORT = 400  # beyond this many short projects, why-not is left to `landplan explain`


@dataclass
class Analysis:
    marginal: pd.DataFrame
    whynot: pd.DataFrame
    notes: list[str] = field(default_factory=list)


def analyse(m: LandModel, sol: Solution, lang: str = "zh", *, whynot: bool = True) -> Analysis:
    """Add value_needed / extra_quota_needed to the allocation and return marginal values."""
    hm = HighsModel(m, gap=m.data.scenario.solver.gap)
    base = hm.solve()
    notes = []
    if base.objective is None:
        notes.append(f"analysis skipped: HiGHS ended `{base.status}` on the value stage")
        return Analysis(pd.DataFrame(), pd.DataFrame(), notes)
    a = sol.allocation
    short = int(a["status"].isin(["unfunded", "partial"]).sum())
    wn = pd.DataFrame(columns=["project_id", "value_needed", "extra_quota_needed"])
    if whynot and short <= MAX_SHORT:
        wn = why_not(hm, a, base.objective)
    elif whynot:
        notes.append(f"why-not analysis skipped: {short} projects fell short (limit {MAX_SHORT})")
    merged = a.drop(columns=["value_needed", "extra_quota_needed"], errors="ignore").merge(
        wn, on="project_id", how="left")
    merged["reason"] = [
        _with_remedy(r, sol, lang) for r in merged.itertuples(index=False)
    ]
    sol.allocation = merged
    return Analysis(marginal_values(hm, base.objective), wn, notes)


def _with_remedy(r, sol: Solution, lang: str) -> str:
    parts = [r.reason] if isinstance(r.reason, str) and r.reason else []
    if r.status in ("unfunded", "partial"):
        v, q = r.value_needed, r.extra_quota_needed
        if v is not None and v == v:
            parts.append(i18n.text("remedy_value", lang, v=f"{v:.2f}"))
        else:
            parts.append(i18n.text("remedy_no_value", lang))
        if q is not None and q == q:
            parts.append(i18n.text("remedy_quota", lang, q=f"{q:,.2f}"))
        else:
            parts.append(i18n.text("remedy_no_quota", lang))
    return ("；" if lang == "zh" else "; ").join(parts)
