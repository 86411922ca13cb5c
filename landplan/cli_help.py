"""How `landplan --help` reads: plain text wrapped to the terminal (80 columns too), each
value named by what it is (SCENARIO, DIR, N, URL) rather than by typer's type placeholders
(`<path>`, `<bool>`, `<list[str]>`), and the exit codes listed under the commands.

The exit codes are the error classes' (landplan.errors); the README's table lists the same and
tests/test_exit_codes.py checks that all three agree.
"""

from __future__ import annotations

import unicodedata

from typer._click import _textwrap
from typer.core import TyperArgument, TyperGroup

# (code, meaning), as the README's exit-code table says them
EXIT_CODES: tuple[tuple[int, str], ...] = (
    (0, "done"),
    (2, "the scenario breaks the contract, or an option is wrong"),
    (3, "a GIS layer is missing or unusable"),
    (4, "no allocation satisfies every rule (batch: a county failed)"),
    (5, "the solver stopped without a proven optimum"),
    (6, "an output cannot be written (a run there already, files in the way)"),
    (7, "no Chinese font for figures"),
    (8, "the runs given to compare cannot be compared"),
    (9, "the database cannot be reached or written"),
    (10, "the run folder is damaged: run the scenario again"),
    (11, "the Dask scheduler cannot be reached"),
    (70, "an internal error: a bug, please report it"),
    (130, "interrupted (Ctrl-C): nothing was written"),
    (143, "stopped by SIGTERM: nothing was written"),
)

# option or argument name: what its value is called in the help
METAVARS = {
    "scenario": "SCENARIO", "folder": "FOLDER", "workbook": "WORKBOOK", "run_folder": "RUN",
    "run_folders": "RUN", "scenario_path": "FILE", "out_path": "FILE", "into": "FILE",
    "gis_dir": "DIR", "out_dir": "DIR", "runs_dir": "DIR", "vary": "FIELD=FROM..TO",
    "scheduler": "ADDRESS", "basemap": "NAME|URL", "tianditu_key": "KEY", "name": "NAME",
    "sheet": "SHEET", "year": "YEAR", "to_postgis": "URL", "users": "FILE",
}  # fmt: skip


# command: its line in `landplan --help` (click would cut the docstring at its first period)
SHORT_HELP = {
    "run": "Solve a scenario and write a new run folder.",
    "validate": "Check a scenario and its layers without solving.",
    "demo": "Generate a synthetic demo county.",
    "sweep": "Solve over a range or grid of one or two numbers.",
    "batch": "Run every scenario in a folder, in parallel.",
    "init": "Write a first scenario from the bureau's files.",
    "import-projects": "Import the project lists from Excel into a scenario.",
    "export-projects": "Write the allocation back into the bureau's workbook.",
    "map": "Draw map.html again from a run folder.",
    "figures": "Figures of the county and each pilot town (PNG, SVG).",
    "report": "The annual plan document (docx and md).",
    "compare": "Compare runs of one county side by side.",
    "serve": "The planner's workbench in the browser.",
}


def epilog() -> str:
    """The exit codes, kept as lines (click's \\b: no rewrapping)."""
    lines = [f"  {code:>3}  {meaning}" for code, meaning in EXIT_CODES]
    return "\b\nExit codes:\n" + "\n".join(lines)


class _Argument(TyperArgument):
    """An argument shown by its name alone (SCENARIO), in the usage line and in the list."""

    def _usage_display_name(self) -> str:
        name = self.display_name_raw + ("..." if self.nargs != 1 else "")
        return name if self.required else f"[{name}]"

    def _rich_display_name(self) -> str:
        return self.display_name_raw + ("..." if self.nargs != 1 else "")

    def display_type_rich(self, ctx) -> str | None:
        return None


def _name_value(param) -> None:
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return
    if param.metavar is None:
        desc = param.type_descriptor
        if param.name in METAVARS:
            param.metavar = METAVARS[param.name]
        elif desc.is_choice:
            param.metavar = "[" + "|".join(str(getattr(c, "value", c)) for c in desc.choices) + "]"
        elif desc.annotation is int:
            param.metavar = "N"
        else:
            param.metavar = (param.name or "value").upper()
    if isinstance(param, TyperArgument):
        param.__class__ = _Argument


class _Wide(str):
    """A piece of help text whose len() is its width on a terminal: CJK characters take two
    columns, so 新增建设用地计划指标 is 20 columns wide, not 10."""

    def __len__(self) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in self)


class _WideWrapper(_textwrap.TextWrapper):
    """click's wrapper, measuring by columns rather than characters, and keeping options and
    values with hyphens (--no-marginal) whole."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("break_on_hyphens", False)
        super().__init__(*args, **kwargs)

    def _split(self, text: str) -> list[str]:
        return [_Wide(chunk) for chunk in super()._split(text)]


# click wraps help text with the TextWrapper it finds in this module at each call
_textwrap.TextWrapper = _WideWrapper


class HelpGroup(TyperGroup):
    """The command group: each command's values named for its help (see the module doc)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, command in self.commands.items():
            command.short_help = command.short_help or SHORT_HELP.get(name)
            for param in command.params:
                _name_value(param)
