"""The county limits and their marginal values (约束与边际价值), marginal.csv, and the
appendix of every project (附表: 项目用地安排明细)."""

from __future__ import annotations

import re

import pandas as pd

from landplan import i18n
from landplan.outputs import headings as H
from landplan.outputs.report_tables.base import (
    Cell,
    Fmt,
    Row,
    T,
    Table,
    _has,
    _heading,
    _num,
    _opt,
    _status,
    _true,
    w,
)
from landplan.outputs.report_tables.years import given_year, year_rule, yw

# --- 约束与边际价值 -----------------------------------------------------------------------


def constraints_table(cons: pd.DataFrame, f: Fmt, years: bool = False) -> Table | None:
    """The county-wide rows; with `years` (a rolling plan), each year's county rows after
    them, year by year ("2026年年度新增建设用地计划指标")."""
    lang = f.lang
    own = {x.name for x in f.rules if x.own_table}  # the county's own rules: policy_table
    key = cons["key"].fillna("").astype(str)
    county = cons[(key == "") & ~cons["rule"].isin(own)]
    if years:
        is_year = pd.Series([(x := f.rules.get(r)) is not None and x.scope == "year"
                             for r in cons["rule"]], index=cons.index, dtype=bool)
        yearly = cons[is_year & ~cons["rule"].isin(own)]
        yearly = yearly.assign(_y=yearly["key"].astype(str)).sort_values("_y", kind="stable")
        county = pd.concat([county, yearly.drop(columns="_y")])
    if county.empty:
        return None
    rows = []
    for r in county.itertuples(index=False):
        money = r.unit == "money"
        name = f.rule(r.rule)
        if years and str(r.key) not in ("", "nan"):
            name = year_rule(r.key, name, lang)
        if money:
            name += w("in_money", lang)
        val = f.money if money else f.area
        rows.append(
            Row(
                [
                    T(name),
                    val(r.use),
                    val(r.limit),
                    val(r.slack),
                    T(w("yes" if _true(r.binding) else "no", lang)),
                    T(_opt(_per_unit(getattr(r, "marginal_value", None), money), 2)),
                ],
                "sub" if _true(r.binding) else "body",
            )
        )
    h = H.CONSTRAINTS
    cols = [
        _heading(h, "rule", lang),
        _heading(h, "use", lang),
        _heading(h, "limit", lang),
        _heading(h, "slack", lang),
        w("col_used_up", lang),
        w("col_marginal_value", lang),
    ]
    return Table(
        "constraints",
        w("t_constraints", lang),
        cols,
        rows,
        f.unit_line(money=True),
        "lrrrcr",
        [3.2, 1.3, 1.3, 1.3, 0.9, 1.2],
        [w("constraints_note", lang)],
    )


def policy_table(cons: pd.DataFrame, town_names: dict[str, str], f: Fmt) -> Table | None:
    """The rows of the families declared `own_table` (the county's own rules), in their own
    units: use, limit, slack, whether used up, marginal value."""
    lang = f.lang
    own = {x.name for x in f.rules if x.own_table}
    mine = cons[cons["rule"].isin(own)]
    if mine.empty:
        return None
    rows = []
    for r in mine.itertuples(index=False):
        money = r.unit == "money"
        key = "" if r.key != r.key else str(r.key)
        scope = w("county", lang) if not key else town_names.get(
            key, i18n.word(i18n.CATEGORY, key, lang))
        val = f.money if money else (lambda x: T(_num(x, 4)))  # the rule's own unit
        rows.append(Row([
            T(f.rule(r.rule) + (w("in_money", lang) if money else "")),
            T(scope), val(r.use), val(r.limit), val(r.slack),
            T(w("yes" if _true(r.binding) else "no", lang)),
            T(_opt(_per_unit(getattr(r, "marginal_value", None), money), 2)),
        ], "sub" if _true(r.binding) else "body"))
    h = H.CONSTRAINTS
    cols = [_heading(h, "rule", lang), w("col_scope_key", lang), _heading(h, "use", lang),
            _heading(h, "limit", lang), _heading(h, "slack", lang), w("col_used_up", lang),
            w("col_marginal_value", lang)]
    return Table("policy_rules", w("t_policy_rules", lang), cols, rows, "", "llrrrcr",
                 [3.0, 1.2, 1.2, 1.2, 1.2, 0.9, 1.2], [w("policy_note", lang)])


def _per_unit(value: object, money: bool) -> object:
    """A marginal value per yuan is shown per 万元, as the document counts money."""
    return float(value) * 10_000 if money and _has(value) else value


def marginal_table(
    marginal: pd.DataFrame | None, town_names: dict[str, str], f: Fmt
) -> Table | None:
    """marginal.csv: objective gained per unit more of each resource (money per 万元)."""
    lang = f.lang
    if marginal is None or marginal.empty or "value" not in marginal:
        return None
    rows, methods = [], []
    for r in marginal.itertuples(index=False):
        scope = str(getattr(r, "scope", "") or "")
        scope = w("county", lang) if scope == "county" else town_names.get(scope, scope)
        if lang == "zh" and re.fullmatch(r"\d{4}", scope):  # a rolling plan's year
            scope = f"{scope}年"
        unit = getattr(r, "unit", "")
        unit = "" if unit is None or unit != unit else str(unit)  # "": a county rule's own
        delta, value = getattr(r, "delta", None), r.value
        step = _step(delta, unit, f)
        if unit == "yuan":  # the document speaks of money in 万元
            unit = "wan_yuan"
            value = float(value) * 10_000 if _has(value) else value
        method = str(getattr(r, "method", "") or "")
        if method and method not in methods:
            methods.append(method)
        rows.append(
            Row(
                [
                    T(f.resource(str(r.resource))),
                    T(scope),
                    T(_unit_word(unit, lang)),
                    T(step),
                    T(_opt(value, 2)),
                ]
            )
        )
    cols = [
        w("col_resource", lang),
        w("col_scope", lang),
        w("col_unit", lang),
        w("col_delta", lang),
        w("col_marginal", lang),
    ]
    method = w("list_sep", lang).join(i18n.word(i18n.REPORT_METHOD, m, lang) for m in methods)
    return Table(
        "marginal",
        w("t_marginal", lang),
        cols,
        rows,
        "",
        "llcrr",
        [3.0, 1.4, 0.9, 1.0, 2.0],
        [w("marginal_note", lang, method=method or "—")],
    )


def _step(delta: object, unit: str, f: Fmt) -> str:
    """The step a marginal value was measured over, with its unit: "1 亩", "1 元" (money below
    1 万元 stays in 元, never "0.0001 万元"), "10.00 万元"."""
    if not _has(delta):
        return "—"
    d = float(delta)
    plain = f"{d:,.2f}".rstrip("0").rstrip(".")
    if unit == "yuan":
        if abs(d) >= 10_000:
            return f"{_num(d / 10_000, 2)} {w('wan_yuan', f.lang)}"
        return f"{plain} {i18n.text('unit_yuan', f.lang)}"
    word = _unit_word(unit, f.lang)
    return f"{plain} {word}".strip()


def _unit_word(unit: str, lang: str) -> str:
    if unit in ("mu", "ha"):
        return i18n.unit(unit, lang)
    if unit == "yuan":
        return i18n.text("unit_yuan", lang)
    if unit == "wan_yuan":
        return w("wan_yuan", lang)
    return unit


# --- 附表: 项目用地安排明细 ---------------------------------------------------------------


PROJECT_SUMS = (
    "requested",
    "allocated",
    "from_quota",
    "from_linkage",
    "farmland_taken",
    "paddy_taken",
)


def projects_table(alloc: pd.DataFrame, f: Fmt) -> Table:
    """Every project; a rolling plan's with the year its land is given."""
    lang = f.lang
    rolling = "year" in alloc.columns
    rows = []
    for n, p in enumerate(alloc.itertuples(index=False), 1):
        rows.append(
            Row(
                [
                    T(n),
                    T(p.project_id),
                    T(p.name),
                    T(p.town_name),
                ]
                + ([T(given_year(p.year))] if rolling else [])
                + [
                    T(i18n.word(i18n.CATEGORY, p.category, lang)),
                    T(w("yes", lang) if p.priority else ""),
                    T(_num(p.value_per_mu, 2)),
                ]
                + [Cell(f.area(getattr(p, c)).text) for c in PROJECT_SUMS]
                + [T(_status(p.status, lang))]
            )
        )
    rows.append(
        Row(
            [T(""), T(w("total", lang))]
            + [T("")] * (6 if rolling else 5)
            + [f.area(alloc[c].sum()) for c in PROJECT_SUMS]
            + [T(w("n_projects", lang, n=len(alloc)))],
            "total",
        )
    )
    h = H.ALLOCATION
    cols = [w("col_no", lang)] + [
        _heading(h, c, lang)
        for c in (
            "project_id",
            "name",
            "town_name",
            "category",
            "priority",
            "value_per_mu",
            *PROJECT_SUMS,
            "status",
        )
    ]
    align, widths = "clllcccrrrrrrc", [8, 12, 50, 18, 17, 9, 12, 15, 15, 15, 15, 15, 15, 18]
    if rolling:  # the year beside the town
        cols.insert(4, yw("col_given_year", lang))
        align, widths = align[:4] + "c" + align[4:], widths[:4] + [11] + widths[4:]
    return Table(
        "projects",
        w("t_projects", lang),
        cols,
        rows,
        f.unit_line(total_only=True),
        align,
        widths,
        landscape=True,
    )

