"""report.docx and report.md: the run written up as a county's 年度土地利用计划指标分解方案.

`write_report(folder)` reads a finished run folder (RunView, constraints.csv, and marginal.csv
and figures/*.png when present) and writes both files beside the run's tables, each to a
hidden temporary file first and then renamed into place, so a failed report leaves no
half-written file. The document is built once as blocks (narrative.build_document: headings,
paragraphs, tables, figures) and rendered to Word and to Markdown from the same blocks, so the
two say the same thing with the same figures.

The Word file follows the look of a government document (GB/T 9704): A4, title in 2号 serif
bold, body in 3号 serif with 28 pt lines, headings in a 黑体-like sans, tables in 小五 with a
shaded header that repeats on every page, page numbers "— n —" in the footer. CJK text is set
in Noto Serif CJK SC / Noto Sans CJK SC (Word substitutes 宋体/黑体 where they are missing).
"""

from __future__ import annotations

import os
from pathlib import Path

from docx import Document as Docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from landplan.errors import Problem, RunFolderError
from landplan.outputs.escape import xml_text
from landplan.outputs.narrative import (
    Document,
    Figure,
    Heading,
    Para,
    TableBlock,
    build_document,
    run_language,
)
from landplan.outputs.report_tables import Table, w
from landplan.outputs.runformat import report_files
from landplan.outputs.runread import damaged
from landplan.testpoints import hold

SERIF = "Noto Serif CJK SC"  # 宋体/仿宋-like
SANS = "Noto Sans CJK SC"  # 黑体-like
LATIN = "Times New Roman"
BODY_PT, TITLE_PT, TABLE_PT, SMALL_PT = 16, 22, 9, 10.5  # 3号, 2号, 小五, 五号
HEADER_FILL, TOTAL_FILL, SUB_FILL, COVER_FILL = "D9D9D9", "EDEDED", "F7F7F7", "F5F5F0"
PORTRAIT = {"top": 37, "bottom": 35, "left": 28, "right": 26}  # mm, GB/T 9704
LANDSCAPE = {"top": 26, "bottom": 24, "left": 30, "right": 28}


def write_report(folder: str | Path, *, lang: str | None = None) -> list[Path]:
    """Write report.docx and report.md into the run folder (in the run's language unless
    `lang` says otherwise); return their paths."""
    folder = Path(folder)
    own = run_language(folder)
    lang = lang or own
    doc = build_document(folder, lang=lang)
    # in the run's language report.docx; in another, report.<lang>.docx beside it
    paths = [folder / name for name in report_files("" if lang == own else lang)]
    tmps = [p.with_name(f".{p.stem}.partial{p.suffix}") for p in paths]
    try:
        render_docx(doc, folder, tmps[0])
        hold("report")
        tmps[1].write_text(render_md(doc), encoding="utf-8")
        for t, p in zip(tmps, paths, strict=True):
            os.replace(t, p)
    except OSError as exc:
        raise RunFolderError(
            Problem(f"the report cannot be written: {exc.strerror}", file=str(folder))
        ) from None
    finally:
        for t in tmps:
            t.unlink(missing_ok=True)
    return paths


# --- Markdown ---------------------------------------------------------------------------


def render_md(doc: Document) -> str:
    out = [f"# {_md(doc.title)}", "", f'<p align="center">{_md(doc.subtitle)}</p>', ""]
    if doc.warning:
        out += [f"> **⚠ {_md(doc.warning)}**", ""]
    out += [f"**{_md(doc.cover_title)}**", ""]
    out += [f"- {_md(line)}" for line in doc.cover] + [""]
    for b in doc.blocks:
        if isinstance(b, Heading):
            out += [f"## {_md(b.text)}", ""]
        elif isinstance(b, Para):
            out += [f"*{_md(b.text)}*" if b.kind == "note" else _md(b.text), ""]
        elif isinstance(b, TableBlock):
            out += _md_table(b, doc.lang)
        elif isinstance(b, Figure):
            out += [f"![{_md(b.caption)}]({b.path.as_posix()})", "", f"*{_md(b.caption)}*", ""]
    return "\n".join(out).rstrip() + "\n"


def table_caption(b: TableBlock, lang: str) -> str:
    return w("table_caption", lang, n=b.number, name=b.table.title)


def _md_table(b: TableBlock, lang: str) -> list[str]:
    t = b.table
    out = [f"**{_md(table_caption(b, lang))}**", ""]
    if t.unit:
        out += [f"<small>{_md(t.unit)}</small>", ""]
    align = {"l": ":---", "c": ":---:", "r": "---:"}
    out.append("| " + " | ".join(_md(c) for c in t.columns) + " |")
    out.append("|" + "|".join(align.get(a, "---") for a in (t.align or "l" * len(t.columns))) + "|")
    for r in t.rows:
        cells = [_md(c.text) + (f" ({_md(c.alt)})" if c.alt else "") for c in r.cells]
        if r.kind != "body":
            cells = [f"**{c}**" if c else c for c in cells]
        out.append("| " + " | ".join(cells) + " |")
    out.append("")
    for n in t.notes:
        out += [f"> {_md(n)}", ""]
    return out


def _md(text: object) -> str:
    """Text safe in a Markdown table cell: no pipes, no line breaks, no raw HTML, no links
    or code spans (a name is shown, never followed), no control characters (as in the docx)."""
    s = xml_text(str(text))
    for a, b in (
        ("\\", "\\\\"),
        ("&", "&amp;"),
        ("[", "\\["),
        ("]", "\\]"),
        ("`", "\\`"),
        ("<", "&lt;"),
        (">", "&gt;"),
        ("|", "\\|"),
        ("\r", " "),
        ("\n", " "),
        ("*", "\\*"),
        ("_", "\\_"),
    ):
        s = s.replace(a, b)
    return s


# --- Word -------------------------------------------------------------------------------


def render_docx(doc: Document, folder: Path, path: Path) -> None:
    d = Docx()
    _page(d.sections[0], landscape=False)
    _styles(d)
    _footer(d.sections[0])
    core = d.core_properties
    core.title, core.author, core.comments = xml_text(doc.title), "landplan", xml_text(doc.subtitle)
    _title(d, doc)
    landscape = False
    for b in doc.blocks:
        want = b.table.landscape if isinstance(b, TableBlock) else b.landscape
        if want != landscape:
            landscape = want
            _page(d.add_section(WD_SECTION.NEW_PAGE), landscape=landscape)
        if isinstance(b, Heading):
            _para(d, b.text, style="Heading 1")
        elif isinstance(b, Para):
            if b.kind == "note":
                _para(
                    d,
                    b.text,
                    size=SMALL_PT,
                    align=WD_ALIGN_PARAGRAPH.RIGHT,
                    indent=False,
                    color="555555",
                )
            else:
                _para(d, b.text)
        elif isinstance(b, TableBlock):
            _table(d, b, doc.lang, landscape)
        elif isinstance(b, Figure):
            _figure(d, folder / b.path, b.caption)
    d.save(str(path))


def _page(section, *, landscape: bool) -> None:
    long, short = Mm(297), Mm(210)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    m = LANDSCAPE if landscape else PORTRAIT
    section.top_margin, section.bottom_margin = Mm(m["top"]), Mm(m["bottom"])
    section.left_margin, section.right_margin = Mm(m["left"]), Mm(m["right"])
    section.footer_distance = Mm(18 if not landscape else 10)


def _text_width(section) -> int:
    return section.page_width - section.left_margin - section.right_margin


def _fonts(el, east: str, latin: str = LATIN) -> None:
    """Set the Latin and East Asian fonts of a run or style, dropping theme fonts."""
    rpr = el.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr, value in (("ascii", latin), ("hAnsi", latin), ("cs", latin), ("eastAsia", east)):
        fonts.set(qn(f"w:{attr}"), value)


def _styles(d) -> None:
    normal = d.styles["Normal"]
    _fonts(normal.element, SERIF)
    normal.font.size = Pt(BODY_PT)
    pf = normal.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(28)
    pf.space_before = pf.space_after = Pt(0)
    lang = normal.element.get_or_add_rPr()
    tag = OxmlElement("w:lang")
    tag.set(qn("w:val"), "en-US")
    tag.set(qn("w:eastAsia"), "zh-CN")
    lang.append(tag)
    h = d.styles["Heading 1"]
    _fonts(h.element, SANS)
    h.font.size = Pt(BODY_PT)
    h.font.bold = False
    h.font.color.rgb = RGBColor(0, 0, 0)
    hf = h.paragraph_format
    hf.space_before, hf.space_after = Pt(8), Pt(4)
    hf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    hf.line_spacing = Pt(28)
    hf.first_line_indent = Pt(BODY_PT * 2)
    hf.keep_with_next = True


def _footer(section) -> None:
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for part in ("— ", None, " —"):
        if part is None:
            fld = OxmlElement("w:fldSimple")
            fld.set(qn("w:instr"), "PAGE")
            r = OxmlElement("w:r")
            t = OxmlElement("w:t")
            t.text = "1"
            r.append(t)
            fld.append(r)
            p._p.append(fld)
        else:
            run = p.add_run(part)
            run.font.size = Pt(14)


def _para(
    d,
    text: str,
    *,
    style: str | None = None,
    size: float | None = None,
    bold: bool = False,
    align=None,
    indent: bool = True,
    color: str | None = None,
    font: str | None = None,
    space_after: float | None = None,
    cell=None,
):
    p = cell.add_paragraph() if cell is not None else d.add_paragraph(style=style)
    if style is None and indent and align is None:
        p.paragraph_format.first_line_indent = Pt((size or BODY_PT) * 2)
    if align is not None:
        p.alignment = align
    if size is not None and size < BODY_PT:
        p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        p.paragraph_format.line_spacing = 1.15
    if space_after is not None:
        p.paragraph_format.space_after = Pt(space_after)
    run = p.add_run(xml_text(text))
    if font:
        _fonts(run._element, font)
    if size:
        run.font.size = Pt(size)
    run.font.bold = bold or None
    if color:
        run.font.color.rgb = RGBColor.from_string(color)
    return p


def _title(d, doc: Document) -> None:
    p = _para(d, doc.title, size=TITLE_PT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    p.paragraph_format.line_spacing = Pt(36)
    p.paragraph_format.space_before = Pt(12)
    _para(d, doc.subtitle, size=14, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=10)
    if doc.warning:
        _para(
            d,
            f"⚠ {doc.warning}",
            size=12,
            bold=True,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            color="C00000",
            font=SANS,
            space_after=8,
        )
    box = d.add_table(rows=1, cols=1)
    box.style = d.styles["Table Grid"]
    box.alignment = WD_TABLE_ALIGNMENT.CENTER
    cell = box.cell(0, 0)
    cell.width = _text_width(d.sections[0])
    _shade(cell, COVER_FILL)
    first = cell.paragraphs[0]
    run = first.add_run(xml_text(doc.cover_title))
    _fonts(run._element, SANS)
    run.font.size = Pt(SMALL_PT + 1)
    for line in doc.cover:
        _para(d, line, size=SMALL_PT, indent=False, cell=cell, space_after=1)
    _para(d, "", size=SMALL_PT, indent=False)


def _shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _table(d, b: TableBlock, lang: str, landscape: bool) -> None:
    t: Table = b.table
    caption = _para(
        d,
        w("table_caption", lang, n=b.number, name=t.title),
        size=12,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        font=SANS,
    )
    caption.paragraph_format.space_before = Pt(10)
    caption.paragraph_format.keep_with_next = True
    if t.unit:
        u = _para(d, t.unit, size=SMALL_PT, align=WD_ALIGN_PARAGRAPH.RIGHT)
        u.paragraph_format.keep_with_next = True
    ncol = len(t.columns)
    table = d.add_table(rows=1 + len(t.rows), cols=ncol)
    table.style = d.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _cell_margins(table)
    total = _text_width(d.sections[-1])
    rel = t.widths if len(t.widths) == ncol else [1.0] * ncol
    widths = [int(total * x / sum(rel)) for x in rel]
    align = t.align if len(t.align) == ncol else "l" * ncol
    for i, wd in enumerate(widths):
        table.columns[i].width = wd
    header = table.rows[0]
    _repeat_header(header)
    for i, text in enumerate(t.columns):
        cell = header.cells[i]
        _cell(cell, text, "", "c", widths[i], bold=True, font=SANS)
        _shade(cell, HEADER_FILL)
    for r, row in enumerate(t.rows, 1):
        tr = table.rows[r]
        _cant_split(tr)
        for i, c in enumerate(row.cells):
            cell = tr.cells[i]
            _cell(cell, c.text, c.alt, align[i], widths[i], bold=row.kind != "body")
            if row.kind == "total":
                _shade(cell, TOTAL_FILL)
            elif row.kind == "sub":
                _shade(cell, SUB_FILL)
    for n in t.notes:
        p = _para(d, n, size=SMALL_PT, indent=False)
        p.paragraph_format.left_indent = Pt(SMALL_PT)
    _para(d, "", size=6, indent=False)


def _cell(
    cell,
    text: str,
    alt: str,
    align: str,
    width: int,
    *,
    bold: bool = False,
    font: str | None = None,
) -> None:
    cell.width = width
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    p = cell.paragraphs[0]
    p.alignment = {
        "l": WD_ALIGN_PARAGRAPH.LEFT,
        "c": WD_ALIGN_PARAGRAPH.CENTER,
        "r": WD_ALIGN_PARAGRAPH.RIGHT,
    }.get(align, WD_ALIGN_PARAGRAPH.LEFT)
    pf = p.paragraph_format
    pf.first_line_indent = Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pf.space_before = pf.space_after = Pt(1)
    run = p.add_run(xml_text(text))
    run.font.size = Pt(TABLE_PT)
    run.font.bold = bold or None
    if font:
        _fonts(run._element, font)
    if alt:
        run.add_break()
        sub = p.add_run(xml_text(f"({alt})"))
        sub.font.size = Pt(TABLE_PT - 1.5)
        sub.font.color.rgb = RGBColor(0x59, 0x59, 0x59)


def _cell_margins(table) -> None:
    tblpr = table._tbl.tblPr
    mar = OxmlElement("w:tblCellMar")
    for side, v in (("left", 57), ("right", 57), ("top", 0), ("bottom", 0)):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(v))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tblpr.append(mar)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)
    _cant_split(row)


def _cant_split(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))


def _figure(d, path: Path, caption: str) -> None:
    from PIL import Image

    width = _text_width(d.sections[-1])
    try:
        with Image.open(path) as im:
            im.load()  # the whole image: a file cut off fails here, not in Word
            ratio = im.height / im.width if im.width else 1.0
    except (OSError, ValueError, SyntaxError) as exc:
        raise damaged(path, f"cannot be read as an image ({exc})", hint="draw the figures "
                      f"again: landplan figures {path.parent.parent}") from None
    max_h = Mm(200)
    if width * ratio > max_h:
        width = int(max_h / ratio)
    d.add_picture(str(path), width=width)
    d.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    d.paragraphs[-1].paragraph_format.first_line_indent = Pt(0)
    d.paragraphs[-1].paragraph_format.keep_with_next = True
    d.paragraphs[-1].paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    _para(d, caption, size=12, align=WD_ALIGN_PARAGRAPH.CENTER, font=SANS, space_after=8)
