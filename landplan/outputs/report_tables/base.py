"""The pieces every table of the plan document is built from: `Table`, `Row`, `Cell`, how areas,
money and shares are written (`Fmt`, `area_pair`), and the small helpers the table modules share.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from landplan import i18n
from landplan.model.rules import Families, families
from landplan.model.rules.spec import say
from landplan.outputs import headings as H

MU_PER_HA = 15.0
EPS = 1e-6


@dataclass(frozen=True)
class Cell:
    text: str
    alt: str = ""  # the same area in the other unit, shown under (docx) or beside (md)


@dataclass
class Row:
    cells: list[Cell]
    kind: str = "body"  # body | sub (a subtotal or heading row) | total


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[Row]
    unit: str = ""
    align: str = ""  # one of l/c/r per column
    widths: list[float] = field(default_factory=list)  # relative column widths
    notes: list[str] = field(default_factory=list)
    landscape: bool = False


def w(key: str, lang: str, **kw: object) -> str:
    return i18n.report_text(key, lang, **kw)


@dataclass(frozen=True)
class Fmt:
    """How the document writes areas, money and shares."""

    units: str  # the scenario's: "mu" or "ha"
    lang: str
    # the run's rules, as declared (their words, scope, order): the built-in ones by default
    rules: Families = field(default_factory=families, compare=False)

    def _pair(self, x: float) -> tuple[str, str]:
        return area_pair(x, self.units)

    def area(self, x: float) -> Cell:
        return Cell(*self._pair(x))

    def area_text(self, x: float) -> str:
        """'100.00 亩（6.6667 公顷）' for the narrative."""
        main, alt = self._pair(x)
        u, v = self.unit_names
        return w("area_pair", self.lang, main=main, u=u, alt=alt, v=v)

    @property
    def unit_names(self) -> tuple[str, str]:
        other = "mu" if self.units == "ha" else "ha"
        return i18n.unit(self.units, self.lang), i18n.unit(other, self.lang)

    def unit_line(self, money: bool = False, total_only: bool = False) -> str:
        u, v = self.unit_names
        key = "unit_area_total" if total_only else "unit_area_money" if money else "unit_area"
        return w(key, self.lang, u=u, v=v)

    def money(self, yuan: float | None) -> Cell:
        return Cell("—" if yuan is None else _num(_clean(yuan) / 10_000, 2))

    def money_text(self, yuan: float) -> str:
        return w("money", self.lang, v=_num(_clean(yuan) / 10_000, 2))

    def rule(self, name: str) -> str:
        """A rule as the plan document names it: in the words of a 年度计划 document (no
        formula such as "Q−R"), full-width brackets in Chinese."""
        word = REPORT_WORDS.get(name)
        return own_text(say(word, self.lang) if word else self.rules.word(name, self.lang),
                        self.lang)

    def resource(self, name: str) -> str:
        word = REPORT_WORDS.get(name)
        return own_text(say(word, self.lang) if word else self.rules.resource_word(name, self.lang),
                        self.lang)

    def reason(self, text: object) -> str:
        """A reason from allocation.csv with the rules in the document's own words."""
        s = "" if text is None or text != text else str(text)
        for fam in self.rules:
            word = self.rules.word(fam.name, self.lang)
            if word in s:
                s = s.replace(word, self.rule(fam.name))
        return s


# Rules and resources the plan document names in other words than the run's tables (which keep
# theirs, so allocation.csv stays as it is): the document reads as a 年度土地利用计划, not a model.
REPORT_WORDS: dict[str, tuple[str, str]] = {
    "pilot_earmark": ("非试点镇可用计划指标（扣除试点镇单列部分）",
                      "quota left to non-pilot towns (after the pilot earmark)"),
    "year_pilot_earmark": ("年度非试点镇可用计划指标（扣除试点镇单列部分）",
                           "yearly quota left to non-pilot towns (after the pilot earmark)"),
}


def own_text(text: str, lang: str) -> str:
    """The document's own text in Chinese takes full-width brackets (names are left as given)."""
    return text.replace("(", "（").replace(")", "）") if lang == "zh" else text


def area_pair(x: float, units: str) -> tuple[str, str]:
    """An area as the document writes it: in the scenario's unit, rounded (亩 to 2 places,
    公顷 to 4), and in the other unit converted from that rounded figure, so an area shown twice
    reads the same in both units wherever it appears (1 公顷 = 15 亩)."""
    x = _clean(x)
    if units == "ha":
        ha = round(x, 4)
        return _num(ha, 4), _num(ha * MU_PER_HA, 2)
    mu = round(x, 2)
    return _num(mu, 2), _num(mu / MU_PER_HA, 4)


def _clean(x: object) -> float:
    v = float(x) if x is not None and x == x else 0.0
    return 0.0 if abs(v) < 5e-9 else v


def _num(x: float, dp: int) -> str:
    text = f"{x:,.{dp}f}"
    return "0." + "0" * dp if text.lstrip("-") == "0." + "0" * dp else text


def share(x: float) -> str:
    x = _clean(x)
    return f"{x:.0%}" if abs(x * 100 - round(x * 100)) < 1e-6 else f"{x:.2%}"


def T(text: object) -> Cell:
    return Cell("" if text is None or (isinstance(text, float) and math.isnan(text)) else str(text))


def _status(s: str, lang: str) -> str:
    return i18n.word(i18n.STATUS, s, lang)


def _heading(table: dict, col: str, lang: str) -> str:
    return H.heading(table, col, lang)


# --- shared by several tables ---------------------------------------------------------


def _label(pid: object, name: object) -> str:
    name = "" if name is None or name != name else str(name)
    return f"{pid} {name}".strip()


def _has(x: object) -> bool:
    try:
        return x is not None and str(x) != "" and math.isfinite(float(x))
    except (TypeError, ValueError):
        return False


def _opt(x: object, dp: int) -> str:
    return _num(float(x), dp) if _has(x) else "—"


def _true(x: object) -> bool:
    return x is True or str(x).strip().lower() in ("true", "1", "yes")


# --- how wide a column must be ---------------------------------------------------------

TABLE_PT = 9.0  # 小五, the tables' size in the Word file
MIN_TABLE_PT = 7.0  # a table too wide for the page at 小五 is set smaller, down to this
PAD_PT = 2 * 57 / 20 + 3  # cell margins (57 twips each side) and a little room
PORTRAIT_PT = 156 / 25.4 * 72  # an A4 page's text width (GB/T 9704 margins)


def text_pt(text: str, size: float, bold: bool = False) -> float:
    """Roughly how wide a text is set, at most: CJK and full-width characters one em, others
    as in the widest serif a machine may put for Times New Roman (DejaVu Serif, about 0.6 em,
    0.66 em in bold)."""
    latin = 0.66 if bold else 0.6
    return sum(size if ord(ch) >= 0x2E80 else size * latin for ch in text)


def _tokens(text: str) -> list[str]:
    """The pieces a line may not break inside: Latin words and numbers (CJK breaks anywhere,
    so a run of it counts one character at a time)."""
    return re.findall(r"[^\s\u2e80-\uffff]+|[\u2e80-\uffff]", text)


def column_needs(t: Table, size: float = TABLE_PT) -> list[float]:
    """Each column's narrowest width in points at font `size`: its widest word or number
    (headings in bold), and the other unit in brackets as one piece ("（225.2000）")."""
    need = []
    for i, head in enumerate(t.columns):
        texts = [(head, True)] + [(r.cells[i].text, r.kind != "body") for r in t.rows
                                  if i < len(r.cells)]
        widest = max((text_pt(tok, size, bold) for text, bold in texts
                      for tok in _tokens(text)), default=0.0)
        widest = max([widest] + [text_pt(f"（{r.cells[i].alt}）", size - 1.5)
                                 for r in t.rows if i < len(r.cells) and r.cells[i].alt])
        need.append(widest + PAD_PT)
    return need


def table_size(t: Table, width_pt: float) -> float:
    """The font size a table is set in: 小五, or smaller (not below MIN_TABLE_PT) when its
    words at 小五 do not fit across the page (an English annex of fourteen columns)."""
    need = sum(column_needs(t))
    if need <= width_pt:
        return TABLE_PT
    return max(MIN_TABLE_PT, int(TABLE_PT * width_pt / need * 4) / 4)
