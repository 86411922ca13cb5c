"""report.docx and report.md: the run written up as a county's 年度土地利用计划指标分解方案.

`write_report(folder)` reads a finished run folder (RunView, constraints.csv, and marginal.csv
and figures/*.png when present) and writes both files beside the run's tables, each to a
hidden temporary file first and then renamed into place, so a failed report leaves no
half-written file. The document is built once as blocks (narrative.build_document: headings,
paragraphs, tables, figures) and rendered to Word and to Markdown from the same blocks, so the
two say the same thing with the same figures.

The Word file is the bureau's document: a cover (title, 编制单位, date, no page number), a 目录
(a Word TOC field), the body with each section from a new page, the figures and the annex,
and the run's technical record (solver, objective, hashes) as the last appendix. It follows
the look of a government document (GB/T 9704): A4, title in 2号 bold, body in 3号 serif with
28 pt lines, headings in a 黑体-like sans, tables in 小五 with a shaded header that repeats on
every page, page numbers "— n —" in the footer. CJK text is set in Noto Serif CJK SC / Noto
Sans CJK SC (Word substitutes 宋体/黑体 where they are missing). With `--template` the
bureau's own file gives styles, header, footer, page setup and table style
(report_template.py).
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
from landplan.outputs.report_tables import (
    PAD_PT,
    Table,
    column_needs,
    table_size,
    text_pt,
    w,
)
from landplan.outputs.report_template import (
    apply_setup,
    clear_body,
    ensure_styles,
    has_text,
    open_template,
    page_setup,
)
from landplan.outputs.report_template import table_style as template_table_style
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


def write_report(folder: str | Path, *, lang: str | None = None, org: str | None = None,
                 date: str | None = None, template: str | Path | None = None) -> list[Path]:
    """Write report.docx and report.md into the run folder (in the run's language unless
    `lang` says otherwise); return their paths. `org` and `date` go on the cover; `template`,
    the bureau's own Word file, gives the docx its styles, header and footer and page setup."""
    folder = Path(folder)
    own = run_language(folder)
    lang = lang or own
    base = open_template(template) if template is not None else None
    doc = build_document(folder, lang=lang, org=org, date=date)
    # in the run's language report.docx; in another, report.<lang>.docx beside it
    paths = [folder / name for name in report_files("" if lang == own else lang)]
    tmps = [p.with_name(f".{p.stem}.partial{p.suffix}") for p in paths]
    try:
        render_docx(doc, folder, tmps[0], template=base)
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
    out += [f'<p align="center">{_md(line)}</p>' for line in (doc.org, doc.date) if line]
    out += [""]
    if doc.toc_title:
        out += [f"**{_md(doc.toc_title)}**", ""]
        out += [f"- {_md(h)}" for h in doc.headings()] + [""]
    for b in doc.blocks:
        if isinstance(b, Heading):
            out += [f"## {_md(b.text)}", ""]
        elif isinstance(b, Para):
            out += [f"*{_md(b.text)}*" if b.kind == "note" else _md(b.text), ""]
        elif isinstance(b, TableBlock):
            out += _md_table(b, doc.lang)
        elif isinstance(b, Figure):
            out += [f"![{_md(b.caption)}]({b.path.as_posix()})", "", f"*{_md(b.caption)}*", ""]
    if doc.record_title:
        out += [f"## {_md(doc.record_title)}", ""]
        out += [f"- {_md(line)}" for line in doc.record] + [""]
    return "\n".join(out).rstrip() + "\n"


def bracketed(text: str, lang: str) -> str:
    """An area in the other unit, in brackets: full-width in Chinese."""
    return f"（{text}）" if lang == "zh" else f"({text})"


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
        cells = [_md(c.text) + (f" {_md(bracketed(c.alt, lang))}" if c.alt else "")
                 for c in r.cells]
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


def render_docx(doc: Document, folder: Path, path: Path, template=None) -> None:
    """The Word file: a cover, a table of contents, the body, the technical appendix. With a
    `template` (an opened python-docx Document), its body is cleared and its styles, header,
    footer and page setup are kept; the tables take its table style."""
    if template is not None:
        d = template
        clear_body(d)
        ensure_styles(d)
        table_style = template_table_style(d)
        base = page_setup(d.sections[0])
        if not has_text(d.sections[0].footer):
            _footer(d.sections[0])
    else:
        d = Docx()
        _page(d.sections[0], landscape=False)
        _styles(d)
        _footer(d.sections[0])
        table_style = None
        base = None
    ctx = _Ctx(d, base, table_style)
    core = d.core_properties
    core.title, core.author, core.comments = xml_text(doc.title), "landplan", xml_text(doc.subtitle)
    _cover(ctx, doc)
    _toc(ctx, doc)
    landscape = False
    ctx.fresh = True
    for b in doc.blocks:
        want = b.table.landscape if isinstance(b, TableBlock) else b.landscape
        if want != landscape:
            landscape = want
            ctx.new_section(landscape)
        if isinstance(b, Heading):
            h = _para(d, b.text, style="Heading 1")
            h.paragraph_format.page_break_before = not ctx.fresh
        elif isinstance(b, Para):
            if b.kind == "note":
                _para(d, b.text, size=SMALL_PT, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False,
                      color="555555")
            else:
                _para(d, b.text)
        elif isinstance(b, TableBlock):
            _table(ctx, b, doc.lang)
        elif isinstance(b, Figure):
            if not ctx.fresh and not isinstance(ctx.last, Heading):
                _page_break(d)
            _figure(d, folder / b.path, b.caption)
        ctx.fresh = False
        ctx.last = b
    if doc.record_title:
        if landscape:
            ctx.new_section(False)
        else:
            _page_break(d)
        _para(d, doc.record_title, style="Heading 1")
        for line in doc.record:
            _para(d, line, size=SMALL_PT, indent=False, space_after=2)
    d.save(str(path))


class _Ctx:
    """What rendering needs besides the document: the Word file, the template's page setup
    (None: GB/T 9704) and table style, and whether the page is still empty."""

    def __init__(self, d, base: dict | None, table_style) -> None:
        self.d, self.base, self.table_style = d, base, table_style
        self.fresh = True
        self.last = None

    def new_section(self, landscape: bool) -> None:
        section = self.d.add_section(WD_SECTION.NEW_PAGE)
        if self.base is None:  # only the cover goes without a page number
            section.different_first_page_header_footer = False
        if self.base is None:
            _page(section, landscape=landscape)
        else:
            apply_setup(section, self.base, landscape)
        self.fresh = True


def _page_break(d) -> None:
    from docx.enum.text import WD_BREAK

    p = d.add_paragraph()
    p.paragraph_format.first_line_indent = Pt(0)
    p.add_run().add_break(WD_BREAK.PAGE)


def _cover(ctx: _Ctx, doc: Document) -> None:
    """Page 1: the title, the scenario, the synthetic-data note, 编制单位 and date; no page
    number, nothing technical (that is in the appendix)."""
    d = ctx.d
    if ctx.base is None:  # a template's own first page (its 红头) is kept as it is
        d.sections[0].different_first_page_header_footer = True
    spacer = _para(d, "", size=BODY_PT, indent=False)
    spacer.paragraph_format.space_before = Pt(120)
    for k, line in enumerate(doc.cover_title or [doc.title]):
        p = _para(d, line, size=TITLE_PT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER,
                  font=SANS)
        p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        p.paragraph_format.line_spacing = Pt(36)
        p.paragraph_format.space_after = Pt(6 if k == len(doc.cover_title or [0]) - 1 else 0)
    _para(d, doc.subtitle, size=BODY_PT, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=10)
    if doc.warning:
        _para(d, f"⚠ {doc.warning}", size=12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER,
              color="C00000", font=SANS, space_after=8)
    gap = _para(d, "", size=BODY_PT, indent=False)
    gap.paragraph_format.space_before = Pt(200 if not doc.warning else 180)
    for line in (doc.org, doc.date):
        _para(d, line, size=BODY_PT, align=WD_ALIGN_PARAGRAPH.CENTER, font=SANS)
    _page_break(d)


def _toc(ctx: _Ctx, doc: Document) -> None:
    """目录: a Word TOC field over the headings (Word fills in the page numbers when it
    opens the file and asks to update fields); until then it lists the headings."""
    d = ctx.d
    if not doc.toc_title:
        return
    _para(d, doc.toc_title, size=TITLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER, font=SANS,
          space_after=12)
    heads = doc.headings()
    first = d.add_paragraph()
    _fld(first, "begin")
    instr = OxmlElement("w:r")
    it = OxmlElement("w:instrText")
    it.set(qn("xml:space"), "preserve")
    it.text = ' TOC \\o "1-1" \\h \\z \\u '
    instr.append(it)
    first._p.append(instr)
    _fld(first, "separate")
    paras = [first] + [d.add_paragraph() for _ in heads[1:]]
    for para, text in zip(paras, heads, strict=True):
        para.paragraph_format.first_line_indent = Pt(0)
        run = para.add_run(xml_text(text))
        run.font.size = Pt(BODY_PT - 2)
    _fld(paras[-1], "end")
    settings = d.settings.element
    if settings.find(qn("w:updateFields")) is None:
        upd = OxmlElement("w:updateFields")
        upd.set(qn("w:val"), "true")
        settings.append(upd)
    _page_break(d)


def _fld(p, kind: str) -> None:
    r = OxmlElement("w:r")
    f = OxmlElement("w:fldChar")
    f.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        f.set(qn("w:dirty"), "true")
    r.append(f)
    p._p.append(r)


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


def _shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _table(ctx: _Ctx, b: TableBlock, lang: str) -> None:
    """A numbered table: caption and unit kept with it, its heading row repeated on every page
    it runs over, no row split; a table that fits on a page is kept on one page with its
    notes."""
    d = ctx.d
    t: Table = b.table
    caption = _para(d, w("table_caption", lang, n=b.number, name=t.title), size=12,
                    align=WD_ALIGN_PARAGRAPH.CENTER, font=SANS)
    caption.paragraph_format.space_before = Pt(10)
    caption.paragraph_format.keep_with_next = True
    if t.unit:
        u = _para(d, t.unit, size=SMALL_PT, align=WD_ALIGN_PARAGRAPH.RIGHT)
        u.paragraph_format.keep_with_next = True
    ncol = len(t.columns)
    table = d.add_table(rows=1 + len(t.rows), cols=ncol)
    own_style = ctx.table_style is not None
    table.style = ctx.table_style if own_style else d.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _cell_margins(table)
    section = d.sections[-1]
    size = table_size(t, _text_width(section) / EMU_PT)
    widths = fit_widths(t, _text_width(section), size)
    align = t.align if len(t.align) == ncol else "l" * ncol
    for i, wd in enumerate(widths):
        table.columns[i].width = wd
    header = table.rows[0]
    _repeat_header(header)
    for i, text in enumerate(t.columns):
        cell = header.cells[i]
        _cell(cell, text, "", "c", widths[i], lang, bold=True, font=SANS, size=size)
        if not own_style:
            _shade(cell, HEADER_FILL)
    for r, row in enumerate(t.rows, 1):
        tr = table.rows[r]
        _cant_split(tr)
        for i, c in enumerate(row.cells):
            cell = tr.cells[i]
            _cell(cell, c.text, c.alt, align[i], widths[i], lang, bold=row.kind != "body",
                  size=size)
            if own_style:
                continue
            if row.kind == "total":
                _shade(cell, TOTAL_FILL)
            elif row.kind == "sub":
                _shade(cell, SUB_FILL)
    room = (section.page_height - section.top_margin - section.bottom_margin) / EMU_PT
    # room for the section heading, caption and unit line above the table: a table kept
    # whole that does not fit below them would leave them alone on the page (LibreOffice)
    whole = table_height(t, widths, size) + 18 * len(t.notes) <= room - 90
    # a longer table keeps at least its first row with the heading row, and its last rows
    # with each other and with its notes (no page holds a lone total row)
    rows = table.rows[:]
    keep = rows if whole else rows[:2] + rows[-4:]
    for tr in keep:
        if tr is rows[-1] and not t.notes:
            break
        for cell in tr.cells:
            for para in cell.paragraphs:
                para.paragraph_format.keep_with_next = True
    for k, n in enumerate(t.notes):
        p = _para(d, n, size=SMALL_PT, indent=False)
        p.paragraph_format.left_indent = Pt(SMALL_PT)
        p.paragraph_format.keep_with_next = k < len(t.notes) - 1
    if not t.notes:  # a paragraph after the table (two tables in a row would run together)
        gap = _para(d, "", size=6, indent=False)
        gap.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        gap.paragraph_format.line_spacing = Pt(4)


EMU_PT = 12700


def fit_widths(t: Table, total: int, size: float = TABLE_PT) -> list[int]:
    """Column widths in EMU: the table's relative widths, widened where a column would break
    a word or a number (English headings such as "Projects"), taken from the columns with room
    to spare."""
    ncol = len(t.columns)
    rel = t.widths if len(t.widths) == ncol else [1.0] * ncol
    widths = [total * x / sum(rel) for x in rel]
    need = [n * EMU_PT for n in column_needs(t, size)]
    short = sum(max(n - wd, 0) for n, wd in zip(need, widths, strict=True))
    spare = sum(max(wd - n, 0) for n, wd in zip(need, widths, strict=True))
    if short <= 0:
        return [int(x) for x in widths]
    if spare <= short:  # not enough room anywhere: in proportion to what each needs
        return [int(total * n / sum(need)) for n in need]
    cut = short / spare
    return [int(n if wd < n else wd - (wd - n) * cut) for n, wd in zip(need, widths, strict=True)]


def table_height(t: Table, widths: list[int], size: float = TABLE_PT) -> float:
    """The table's height in points, estimated from its texts wrapped to the column widths."""
    import math

    line = size * 1.45

    def row_pt(cells: list[tuple[str, str]], bold: bool) -> float:
        lines = 1
        for (text, alt), wd in zip(cells, widths, strict=False):
            room = max(wd / EMU_PT - PAD_PT, 1.0)
            n = max(1, math.ceil(text_pt(text, size, bold) / room)) + (1 if alt else 0)
            lines = max(lines, n)
        return lines * line + 4

    height = row_pt([(c, "") for c in t.columns], True)
    for r in t.rows:
        height += row_pt([(c.text, c.alt) for c in r.cells], r.kind != "body")
    return height


def _cell(
    cell,
    text: str,
    alt: str,
    align: str,
    width: int,
    lang: str = "zh",
    *,
    bold: bool = False,
    font: str | None = None,
    size: float = TABLE_PT,
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
    run.font.size = Pt(size)
    run.font.bold = bold or None
    if font:
        _fonts(run._element, font)
    if alt:
        run.add_break()
        sub = p.add_run(xml_text(bracketed(alt, lang)))
        sub.font.size = Pt(size - 1.5)
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
    section = d.sections[-1]
    max_h = section.page_height - section.top_margin - section.bottom_margin - Mm(22)
    if width * ratio > max_h:
        width = int(max_h / ratio)
    d.add_picture(str(path), width=width)
    d.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    d.paragraphs[-1].paragraph_format.first_line_indent = Pt(0)
    d.paragraphs[-1].paragraph_format.keep_with_next = True
    d.paragraphs[-1].paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    _para(d, caption, size=12, align=WD_ALIGN_PARAGRAPH.CENTER, font=SANS, space_after=8)
