"""One exception family. Every message speaks to a planner: where, which record, which field,
what is wrong and what to do. The CLI prints them and exits non-zero; nothing here is a traceback."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as we can."""

    message: str
    file: str | None = None
    record: str | None = None
    field: str | None = None
    hint: str | None = None

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.record:
            where.append(f"record {self.record}")
        if self.field:
            where.append(f"field `{self.field}`")
        text = (": ".join([", ".join(where), self.message]) if where else self.message)
        if self.hint:
            text += f" — {self.hint}"
        return text


@dataclass(frozen=True)
class Note:
    """Something the planner should know that did not stop the run (a reprojection, a repair)."""

    message: str
    file: str | None = None
    record: str | None = None

    def __str__(self) -> str:
        where = ", ".join(x for x in (self.file, self.record and f"record {self.record}") if x)
        return f"{where}: {self.message}" if where else self.message


class LandplanError(Exception):
    """Base class: carries one or more problems; exit code tells the kind."""

    exit_code = 1
    title = "landplan could not continue"
    lang = "en"

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ScenarioError(LandplanError):
    """The scenario file is unreadable or breaks the contract."""

    exit_code = 2
    title = "The scenario has problems"


class OptionError(LandplanError):
    """A command-line option is out of range or does not go with another one (as for click's
    own usage errors, exit 2)."""

    exit_code = 2
    title = "The options cannot be used"


class LayerError(LandplanError):
    """A GIS layer is missing, unreadable or unusable."""

    exit_code = 3
    title = "A GIS layer has problems"


class InfeasibleError(LandplanError):
    """No allocation satisfies every rule; problems name the rules that conflict."""

    exit_code = 4
    title = "No allocation satisfies every rule"

    def __init__(self, problems: list[Problem] | Problem | str, lang: str = "en"):
        super().__init__(problems)
        self.lang = lang
        if lang != "en":
            from landplan.i18n import explain_text

            self.title = explain_text("title", lang)


class SolverError(LandplanError):
    """The solver failed or stopped without a proven answer."""

    exit_code = 5
    title = "The solver did not finish"


class RunFolderError(LandplanError):
    """The output folder cannot be used (it already holds a run, or cannot be written)."""

    exit_code = 6
    title = "The run folder cannot be written"


class FilesInTheWayError(RunFolderError):
    """Files a command would write are there already, and it was not told to replace them."""

    title = "Files would be replaced"


class FontError(LandplanError):
    """Figures need a Chinese font and none is installed."""

    exit_code = 7
    title = "No Chinese font is installed"


class CompareError(LandplanError):
    """The runs given cannot be compared (fewer than two, the same run twice, other counties)."""

    exit_code = 8
    title = "The runs cannot be compared"


class DatabaseError(LandplanError):
    """The database cannot be reached or written: nothing was written to it."""

    exit_code = 9
    title = "The database cannot be written"


class DamagedRunError(LandplanError):
    """A file of a finished run folder is missing, cut off or not what `landplan run` writes
    (a copy interrupted, a file edited by hand): the run cannot be read back."""

    exit_code = 10
    title = "The run folder is damaged"


class SchedulerError(LandplanError):
    """The Dask scheduler given with --scheduler cannot be reached: nothing was solved."""

    exit_code = 11
    title = "The Dask scheduler cannot be reached"


@dataclass
class Problems:
    """Collects problems so that a planner sees all of them at once."""

    items: list[Problem] = field(default_factory=list)

    def add(self, message: str, **where: str | None) -> None:
        self.items.append(Problem(message, **where))

    def extend(self, other: list[Problem]) -> None:
        self.items.extend(other)

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self, kind: type[LandplanError] = ScenarioError) -> None:
        if self.items:
            raise kind(self.items)
