"""landplan/outputs/escape.py and the console, one behaviour at a time, on the hostile corpus."""

from __future__ import annotations

import html
import json

import numpy as np
import openpyxl
import pandas as pd
import pytest
import typer
from branca.element import Figure
from docx import Document as Docx
from jinja2 import Template

from landplan import cli
from landplan.errors import LandplanError, Problem, ScenarioError
from landplan.outputs.escape import (
    PageText,
    csv_cell,
    html_text,
    page_json,
    put_cell,
    read_csv,
    text_stays_text,
    write_csv,
    xlsx_frame,
    xml_text,
)
from landplan.outputs.narrative import Document, Heading, Para, TableBlock
from landplan.outputs.report import render_docx, render_md
from landplan.outputs.report_tables import Table
from landplan.outputs.report_tables.base import Cell, Row
from landplan.outputs.tables import write_xlsx
from tests.conftest import A, B, base, proj, solve_dict
from tests.security.hostile import CORPUS

CONTROL = "甲\x01乙\x0b丙\x1f丁\x7f"  # as a GIS attribute may hold them


@pytest.mark.parametrize("name", CORPUS)
def test_html_text_is_inert_and_reads_back(name):
    text = html_text(name)
    for c in "<>\"'{}":
        assert c not in text
    isolated = text.startswith("\u2068") and text.endswith("\u2069")
    assert html.unescape(text[1:-1] if isolated else text) == name
    assert isolated == ("\u202e" in name)  # an override cannot turn the words after it
    assert Template(text).render() == text  # nothing for a template engine to do


def test_page_json_is_the_same_data_and_inert_in_a_template_and_a_script():
    data = {"names": CORPUS, "n": [-1.5, 0, 2], "nested": {"p": "<b>{{7*7}}</b>"}}
    text = page_json(data)
    assert json.loads(text) == data
    for pattern in ("{{", "{%", "{#", "</", "<!--", "\u2028"):
        assert pattern not in text
    assert Template(text).render() == text


def test_page_text_is_never_a_template():
    fig = Figure()
    fig.html.add_child(PageText("<div>{{7*7}} {% if 1 %}x{% endif %}</div>"))
    page = fig.render()
    assert "{{7*7}} {% if 1 %}x{% endif %}" in page and "49" not in page


def test_csv_guards_text_a_spreadsheet_would_run(tmp_path):
    assert csv_cell("=1+1") == "'=1+1"
    assert csv_cell("+cmd|' /C calc'!A0") == "'+cmd|' /C calc'!A0"
    assert csv_cell("\tx") == "'\tx" and csv_cell("\rx") == "'\rx"
    assert csv_cell("'quoted") == "''quoted"  # so that it reads back as written
    assert csv_cell("-5") == "-5" and csv_cell("+2.5e3") == "+2.5e3"  # a number is no formula
    assert csv_cell("大庙镇") == "大庙镇" and csv_cell(-3.0) == -3.0


def test_csv_reads_back_exactly(tmp_path):
    names = [*CORPUS, "'", "''", "-", "=", "\t tab", "plain", "-5"]
    df = pd.DataFrame({"id": [f"P{i}" for i in range(len(names))], "name": names,
                       "value": np.linspace(-3, 3, len(names)), "n": range(-5, len(names) - 5)})
    write_csv(df, tmp_path / "t.csv")
    back = read_csv(tmp_path / "t.csv", dtype={"name": str}, keep_default_na=False)
    assert back["name"].tolist() == names
    assert back["value"].tolist() == pytest.approx(df["value"].tolist())
    assert back["n"].dtype.kind == "i" and back["n"].min() == -5
    other = pd.read_csv(tmp_path / "t.csv", dtype={"name": str}, keep_default_na=False)
    readme = other["name"].str.replace(r"^'(?=[=+\-@'\t\r])", "", regex=True)  # README's recipe
    assert readme.tolist() == names
    raw = (tmp_path / "t.csv").read_text(encoding="utf-8")
    assert '"\'=HYPERLINK(' in raw and ",-3.0," in raw  # quoted: it holds a comma


def test_xml_text_drops_only_what_xml_cannot_hold():
    assert xml_text(CONTROL) == "甲乙丙丁\x7f"
    assert xml_text("tab\tnewline\ncr\r") == "tab\tnewline\ncr\r"
    for name in CORPUS:
        assert xml_text(name) == name


def test_docx_and_md_are_written_whatever_the_text_holds(tmp_path):
    table = Table(key="t", title=f"表{CONTROL}", columns=[f"名称{CONTROL}", "面积"],
                  rows=[Row([Cell(CONTROL), Cell("1", alt=f"2{CONTROL}")])])
    doc = Document(title=f"方案{CONTROL}", subtitle=CONTROL, warning="", record_title=CONTROL,
                   record=[CONTROL], blocks=[Heading(CONTROL), Para(CONTROL),
                                             TableBlock(table, 1)], org=CONTROL, date=CONTROL)
    render_docx(doc, tmp_path, tmp_path / "r.docx")
    back = Docx(str(tmp_path / "r.docx"))
    texts = [p.text for p in back.paragraphs]
    texts += [c.text for t in back.tables for r in t.rows for c in r.cells]
    assert "甲乙丙丁\x7f" in texts
    assert back.core_properties.title == "方案甲乙丙丁\x7f"
    assert render_md(doc).count("甲乙丙丁") >= 5


def test_allocation_xlsx_is_written_with_control_characters(tmp_path):
    sol = solve_dict(base(projects=[proj("P1", A, 10, 1), proj("P2", B, 10, 2)]))
    sol.allocation["name"] = [CONTROL, "=HYPERLINK(\"http://x\",\"y\")"]
    write_xlsx(tmp_path / "a.xlsx", sol, "zh")
    ws = openpyxl.load_workbook(tmp_path / "a.xlsx").worksheets[0]
    cells = [c for row in ws.iter_rows() for c in row]
    assert "甲乙丙丁\x7f" in {c.value for c in cells}
    assert "=HYPERLINK(\"http://x\",\"y\")" in {c.value for c in cells if c.data_type == "s"}
    assert not [c for c in cells if c.data_type == "f"]


def test_openpyxl_text_stays_text(tmp_path):
    book = openpyxl.Workbook()
    ws = book.active
    put_cell(ws, 1, 1, "=1+1")
    put_cell(ws, 1, 2, CONTROL)
    put_cell(ws, 1, 3, -2.5)
    frame = xlsx_frame(pd.DataFrame({f"={CONTROL}": ["=2+2", CONTROL, None], "x": [1, -1, 0]}))
    for j, col in enumerate(frame.columns, start=1):
        ws.cell(row=3, column=j, value=col)
        for i, v in enumerate(frame[col], start=4):
            ws.cell(row=i, column=j, value=None if pd.isna(v) else v)
    text_stays_text(ws)
    book.save(tmp_path / "b.xlsx")
    back = openpyxl.load_workbook(tmp_path / "b.xlsx").active
    assert [back.cell(1, j).value for j in (1, 2, 3)] == ["=1+1", "甲乙丙丁\x7f", -2.5]
    assert back.cell(1, 1).data_type == "s" and back.cell(4, 1).value == "=2+2"
    assert back.cell(3, 1).value == "=甲乙丙丁\x7f" and back.cell(5, 2).value == -1


class _Marked(LandplanError):
    exit_code = 2
    title = "[/b] a title with [bold]markup[/]"


@pytest.mark.parametrize("text", ["[/]", "[bold]x", "[/b]", "[bold red]x[/]", "C:\\[/b]\\"])
def test_console_prints_errors_literally(text, capsys):
    with pytest.raises(typer.Exit) as stop:
        cli._fail(ScenarioError(Problem(f"town {text} is unknown", record=text, field=text)))
    assert stop.value.exit_code == 2
    err = capsys.readouterr().err
    assert f"record {text}, field `{text}`: town {text} is unknown" in err

    with pytest.raises(typer.Exit):
        cli._fail(_Marked(text))
    assert "[/b] a title with [bold]markup[/]" in capsys.readouterr().err

    def boom():
        raise RuntimeError(f"internal {text}")

    with pytest.raises(typer.Exit) as stop:
        cli._guard(boom)
    assert stop.value.exit_code == 70
    assert f"RuntimeError: internal {text}" in capsys.readouterr().err
