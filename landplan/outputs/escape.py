"""Text from the bureau's files as it goes into each output: shown, never evaluated.

Names in a scenario, an Excel workbook or a GIS attribute table are hostile until escaped.
Each kind of output has one way in, here:

* HTML (map.html, compare.html): `html_text` for text in markup and `page_json` for data in a
  <script>. folium renders each element's output a second time as a Jinja2 template, so both
  also encode `{` and `}` (`&#123;` / `\\u007b`): a town called `{{7*7}}` shows as `{{7*7}}`,
  never as 49, and no `{% … %}` runs. `PageText` puts finished HTML into the page without it
  ever becoming template source.
* CSV: `csv_frame` writes a text cell that a spreadsheet would take for a formula (starting
  with `=`, `+`, `-`, `@`, a tab or a carriage return) with a leading `'` (the OWASP way), and
  a text that itself starts with `'` likewise, so that `read_csv` gives every name back exactly.
  Numbers, negative ones included, stay numbers.
* figures: matplotlib draws with `PLAIN_TEXT`, so `$…$` in a name is not typeset as math.
* docx and xlsx: `xml_text` drops the characters XML 1.0 cannot hold (control characters that
  come with GIS attributes), which would otherwise stop the document being written.

The console (rich markup) is handled where it prints: landplan/cli.py.
"""

from __future__ import annotations

import html
import json
import math
import re
from pathlib import Path

import pandas as pd
from branca.element import Element

# --- HTML -------------------------------------------------------------------------------

# `{` `}`: no template tag can form; `/`: no `</…>`, and no `src=//…` or `url(//…)` that the
# maps' offline check would take for a resource loaded from the network.
_BRACES = str.maketrans({"{": "&#123;", "}": "&#125;", "/": "&#47;"})


_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def html_text(value: object) -> str:
    """Text for HTML markup and attributes: `<>&"'` escaped, and `{` `}` `/` as character
    references so no template engine sees `{{`, `{%` or `{#` in it. A text holding
    right-to-left overrides is isolated (U+2068 … U+2069), so it cannot turn the words after it
    around. None and NaN give ''."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = html.escape(str(value), quote=True).translate(_BRACES)
    return f"\u2068{text}\u2069" if _BIDI.search(text) else text


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_IN_STRING = str.maketrans(
    {
        "<": "\\u003c",
        "{": "\\u007b",
        "}": "\\u007d",
        "\u2028": "\\u2028",
        "\u2029": "\\u2029",
    }
)


def page_json(obj: object) -> str:
    """JSON to put inside a <script> element of a page that folium renders: the same value to
    JavaScript, but no string in it can end the element (`</script>`, `<!--`) or open a
    template tag (`{{`, `{%`, `{#`). JSON's own braces never make such a pair (a key is always
    a string), so only the strings need escaping."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return _JSON_STRING.sub(lambda m: m.group(0).translate(_IN_STRING), text)


class PageText(Element):
    """Finished HTML (already escaped with `html_text`) in the page as it is: unlike
    `branca.element.Element(text)`, the text is never compiled as a template."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


# --- CSV --------------------------------------------------------------------------------

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
CSV_OPTS = {"index": False, "lineterminator": "\n", "encoding": "utf-8"}


def csv_cell(value: object) -> object:
    """A cell as a spreadsheet must show it: text it would evaluate gets a leading `'`."""
    if not isinstance(value, str) or not value:
        return value
    if value.startswith(GUARD) or (value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value)):
        return GUARD + value
    return value


def csv_value(value: object) -> object:
    """A cell as landplan wrote it, back: the guard `csv_cell` added taken off."""
    if isinstance(value, str) and len(value) > 1 and value[0] == GUARD:
        rest = value[1:]
        if rest.startswith(GUARD) or rest.startswith(FORMULA_START):
            return rest
    return value


def csv_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell guarded; number columns are left as they are."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col].dtype):
            out[col] = out[col].map(csv_cell)
    out.columns = [csv_cell(c) if isinstance(c, str) else c for c in out.columns]
    return out


def write_csv(df: pd.DataFrame, path: Path, **options) -> None:
    """The table as CSV, its text cells guarded (`csv_cell`)."""
    csv_frame(df).to_csv(path, **(CSV_OPTS | options))


def read_csv(path: Path, **options) -> pd.DataFrame:
    """A CSV landplan wrote, with every text cell exactly as it was before the guard."""
    df = pd.read_csv(path, **options)
    for col in df.columns:
        if df[col].dtype == object or pd.api.types.is_string_dtype(df[col].dtype):
            df[col] = df[col].map(csv_value)
    df.columns = [csv_value(c) for c in df.columns]
    return df


# --- figures (matplotlib) ----------------------------------------------------------------

# A name between two `$` would be typeset as mathtext (and a bad one, `$x^$`, stops the
# figure); figures draw every text as it is.
PLAIN_TEXT = {"text.parse_math": False, "text.usetex": False}


# --- XML (docx, xlsx) -------------------------------------------------------------------

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(value: str) -> str:
    """Text XML 1.0 can hold: control characters other than tab, newline and carriage return
    (and non-characters) dropped, so a document is written whatever a GIS attribute held."""
    return _NOT_XML.sub("", value)


def xlsx_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells and headings XML can hold (`xml_text`), for `DataFrame.to_excel`."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col].dtype):
            out[col] = out[col].map(lambda v: xml_text(v) if isinstance(v, str) else v)
    out.columns = [xml_text(c) if isinstance(c, str) else c for c in out.columns]
    return out


def text_stays_text(ws) -> None:
    """An openpyxl sheet's cells that openpyxl took for formulas (text starting with `=`)
    made text again: a name is never a formula."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"


def put_cell(ws, row: int, column: int, value: object):
    """`ws.cell(row, column, value)` for openpyxl, with text kept text (never a formula) and
    without the characters XML cannot hold."""
    if isinstance(value, str):
        cell = ws.cell(row=row, column=column, value=xml_text(value))
        cell.data_type = "s"
        return cell
    return ws.cell(row=row, column=column, value=value)
