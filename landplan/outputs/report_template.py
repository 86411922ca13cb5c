"""The bureau's own Word file as the plan document's template (`landplan report --template`).

Its body is cleared and everything else is kept: styles, header and footer (红头), page setup
and its own table style, which the document's tables take. Only what the document needs and
the template lacks is added (a "Heading 1" with an outline level, so the 目录 finds it)."""

from __future__ import annotations

from pathlib import Path

from docx import Document as Docx
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from landplan.errors import OptionError, Problem

HEADING_PT = 16  # 3号, when the template has no heading style of its own


def open_template(path: str | Path):
    """The bureau's Word template, checked before anything is solved or written."""
    path = Path(path)
    try:
        return Docx(str(path))
    except Exception as exc:  # python-docx raises several kinds for a file that is not .docx
        raise OptionError(Problem(
            f"--template: the Word template cannot be opened ({exc})", file=str(path),
            hint="give a .docx file saved by Word or WPS (not .doc, .dotx or .wps)")) from None


def clear_body(d) -> None:
    """Everything in the template's body goes but its last section properties (page setup,
    header and footer references)."""
    body = d.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def ensure_styles(d) -> None:
    """The styles the document uses, added only where the template lacks them."""
    from docx.enum.style import WD_STYLE_TYPE

    names = {s.name for s in d.styles}
    if "Heading 1" not in names:
        h = d.styles.add_style("Heading 1", WD_STYLE_TYPE.PARAGRAPH)
        h.base_style = d.styles["Normal"]
        h.font.size = Pt(HEADING_PT)
        h.paragraph_format.keep_with_next = True
        ppr = h.element.get_or_add_pPr()
        lvl = OxmlElement("w:outlineLvl")
        lvl.set(qn("w:val"), "0")
        ppr.append(lvl)


def table_style(d):
    """The template's own table style (the first one it defines itself), else Table Grid
    when it has that, else none."""
    from docx.enum.style import WD_STYLE_TYPE

    tables = [s for s in d.styles if s.type == WD_STYLE_TYPE.TABLE]
    own = [s for s in tables if s.element.get(qn("w:customStyle")) in ("1", "true")]
    if own:
        return own[0]
    grid = [s for s in tables if s.name == "Table Grid"]
    return grid[0] if grid else None


def page_setup(section) -> dict:
    return {k: getattr(section, k) for k in (
        "page_width", "page_height", "top_margin", "bottom_margin", "left_margin",
        "right_margin", "header_distance", "footer_distance")}


def apply_setup(section, base: dict, landscape: bool) -> None:
    """The template's page in portrait, or turned (margins turned with it) in landscape."""
    long, short = max(base["page_width"], base["page_height"]), min(
        base["page_width"], base["page_height"])
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    if landscape:
        section.page_width, section.page_height = long, short
        section.top_margin, section.bottom_margin = base["left_margin"], base["right_margin"]
        section.left_margin, section.right_margin = base["top_margin"], base["bottom_margin"]
    else:
        section.page_width, section.page_height = short, long
        for k in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
            setattr(section, k, base[k])
    section.header_distance, section.footer_distance = (base["header_distance"],
                                                        base["footer_distance"])


def has_text(part) -> bool:
    return any(p.text.strip() for p in part.paragraphs) or bool(
        part._element.xpath(".//w:fldSimple|.//w:instrText"))
