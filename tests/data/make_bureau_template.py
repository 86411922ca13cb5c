"""Writes tests/data/bureau.docx: a small bureau template as a county's Word file would be, with
a 红头 header, a footer line, A4 page setup of its own and a custom table style
("局表格"). Run it again only to change the sample: python tests/data/make_bureau_template.py"""

from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

HEADER = "××县自然资源和规划局"
FOOTER = "××县自然资源和规划局印发"
TABLE_STYLE = "局表格"


def make(path: Path) -> Path:
    d = Document()
    s = d.sections[0]
    s.page_width, s.page_height = Mm(210), Mm(297)
    s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = Mm(30), Mm(28), Mm(25), Mm(25)
    head = s.header.paragraphs[0]
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = head.add_run(HEADER)
    run.font.size, run.font.bold = Pt(22), True
    run.font.color.rgb = RGBColor(0xC0, 0, 0)
    foot = s.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    foot.add_run(FOOTER).font.size = Pt(10)
    style = d.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.TABLE)
    style.base_style = d.styles["Table Grid"]
    style.font.size = Pt(9)
    ppr = style.element.get_or_add_pPr()
    jc = OxmlElement("w:jc")
    jc.set(qn("w:val"), "center")
    ppr.append(jc)
    d.add_paragraph("（正文由 landplan 写入时替换）")
    d.save(str(path))
    return path


if __name__ == "__main__":
    make(Path(__file__).with_name("bureau.docx"))
