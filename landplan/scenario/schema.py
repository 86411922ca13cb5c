"""The scenario contract as pydantic models.

Field names are a contract that other tools read and write: keep them. Areas are in the
scenario's `units` (mu, 亩, by default; ha, 公顷, if `units: ha`); money in yuan.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    field_validator,
    model_serializer,
    model_validator,
)

from landplan.scenario.fields import (
    MAX_TEXT,
    Area,
    People,
    Seconds,
    Share,
    SquareMetres,
    Value,
    Wan,
    Weight,
    Yuan,
    holds_model,
    suspicious_text,
    takes_numbers,
    texts_problem,
)
from landplan.scenario.years import AreaByYear, PeopleByYear, in_year

CATEGORIES = ("key", "livelihood", "infrastructure", "industrial", "commercial", "residential")
Category = Literal["key", "livelihood", "infrastructure", "industrial", "commercial", "residential"]

NonNeg = Field(ge=0, allow_inf_nan=False)


class _Strict(BaseModel):
    """Every model of the contract: unknown fields, yes/no for numbers, infinities, NaN and
    control characters in text are refused, field by field (magnitudes: the types of
    fields.py)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=False,
                              allow_inf_nan=False)
    _lines_ok: ClassVar[frozenset[str]] = frozenset()  # free text: tab and newline allowed

    @field_validator("*", mode="before")
    @classmethod
    def _plain_input(cls, v: Any, info: ValidationInfo) -> Any:
        kind = type(v)
        if kind is float or kind is int or v is None:  # most values: nothing to look up
            return v
        if kind is str and len(v) < MAX_TEXT and not suspicious_text(v):
            return v
        name = info.field_name or ""
        numbers, texts = _field_kind(cls, name)
        if numbers and kind is bool:
            raise ValueError(f"must be a number, got {v!r} (a yes/no): write the number")
        if texts and isinstance(v, (str, list, dict)):
            bad = texts_problem(v, lines_ok=name in cls._lines_ok)
            if bad:
                raise ValueError(bad)
        return v


_KINDS: dict[tuple[type, str], tuple[bool, bool]] = {}


def _field_kind(model: type[BaseModel], name: str) -> tuple[bool, bool]:
    """Whether a field takes numbers, and whether its text is checked here (not in a nested
    model, which checks its own); cached: looked up per value."""
    key = (model, name)
    if key not in _KINDS:
        info = model.model_fields.get(name)
        _KINDS[key] = (False, True) if info is None else (
            takes_numbers(info.annotation), not holds_model(info.annotation))
    return _KINDS[key]


class _Record(_Strict):
    """An entry with an id or code (and a town): YAML may write any of them as a bare number."""

    @field_validator("id", "town", "code", mode="before", check_fields=False)
    @classmethod
    def _as_text(cls, v: object) -> object:
        return str(v) if isinstance(v, int) and not isinstance(v, bool) else v


class County(_Record):
    code: str = Field(pattern=r"^\d{6}$", description="6-digit county code, e.g. 341126")
    name: str


class Quota(_Strict):
    """The quotas; with a `horizon`, each may be given by year ({2026: 1449, 2027: 1380}) or
    as one number for every year. The attributes hold the plan's first year (what a one-year
    reader sees); `in_year` gives any year's."""

    new_construction: AreaByYear = Field(description="Q, 新增建设用地计划指标")
    farmland_conversion: AreaByYear | None = Field(
        default=None, description="Qf, 农用地转用(占用耕地)指标"
    )
    pilot_reserve: AreaByYear = Field(default=0.0, description="R, quota earmarked for pilot towns")
    carry_over: Share | None = Field(
        default=None, description="share of a year's unused quota usable the next year "
        "(0, the default: it lapses)")
    _years: dict[str, dict[int, float]] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _reserve_within_quota(self) -> Quota:
        years = sorted({y for v in (self.new_construction, self.pilot_reserve)
                        if isinstance(v, dict) for y in v}) or [None]
        for y in years:
            r, q = in_year(self.pilot_reserve, y), in_year(self.new_construction, y)
            if r is not None and q is not None and r > q:
                when = f" in {y}" if y is not None else ""
                raise ValueError(f"`pilot_reserve` ({r:g}) must not exceed "
                                 f"`new_construction` ({q:g}){when}")
        return self

    def settle(self, first: int) -> None:
        """Keep figures given by year aside and hold the first year's in the attributes."""
        for name in YEARLY_QUOTAS:
            value = getattr(self, name)
            if isinstance(value, dict):
                self._years[name] = value
                setattr(self, name, value.get(first, 0.0))

    def by_year(self, name: str) -> dict[int, float] | None:
        """The figures of a quota as given by year, or None when one number holds every year."""
        return self._years.get(name)

    def in_year(self, name: str, year: int) -> float | None:
        return in_year(self._years.get(name, getattr(self, name)), year)

    def first_year(self) -> dict:
        """The first year's quotas, as a one-year scenario gives them."""
        return {name: getattr(self, name) for name in YEARLY_QUOTAS}

    @model_serializer(mode="wrap")
    def _as_given(self, handler: Any) -> dict:
        out = handler(self)
        out.update({k: dict(v) for k, v in self._years.items()})
        if self.carry_over is None:
            out.pop("carry_over", None)
        return out


YEARLY_QUOTAS = ("new_construction", "farmland_conversion", "pilot_reserve")


class Horizon(_Strict):
    """The years of a rolling plan (三年滚动用地计划), first and last included."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, allow_inf_nan=False,
                              populate_by_name=True)
    first: int = Field(alias="from", ge=1990, le=2100)
    last: int = Field(alias="to", ge=1990, le=2100)

    @model_validator(mode="after")
    def _in_order(self) -> Horizon:
        if self.first > self.last:
            raise ValueError(f"`from` ({self.first}) must not be after `to` ({self.last})")
        if self.last - self.first >= MAX_HORIZON:
            raise ValueError(f"spans {self.last - self.first + 1} years; a rolling plan spans "
                             f"at most {MAX_HORIZON} (a five-year plan is the longest in use)")
        return self

    @model_serializer
    def _as_given(self) -> dict:
        return {"from": self.first, "to": self.last}

    @property
    def years(self) -> list[int]:
        return list(range(self.first, self.last + 1))


MAX_HORIZON = 10


class Urbanisation(_Strict):
    """人地挂钩: new urban construction land for the rural migrants who settle in a town."""

    per_migrant_m2: float = Field(default=100.0, gt=0, le=1000, allow_inf_nan=False,
                                  description="m² per settled migrant where current urban land "
                                  "per resident is at most 100 m²")
    adjust: float = Field(default=0.0, ge=-0.10, le=0.10, allow_inf_nan=False,
                          description="the province's adjustment of the standard, within ±10 %")
    mode: Literal["cap", "bonus"] = Field(
        default="cap", description="cap: a town's new residential and livelihood land ≤ "
        "migrants × standard; bonus: the county's quota grows by it")


class FarmlandCredits(_Strict):
    """补充耕地指标 held: quantity (mu of cultivated land), of which paddy (水田)."""

    quantity: Area = Field(default=0, ge=0, allow_inf_nan=False)
    paddy: Area = Field(default=0, ge=0, allow_inf_nan=False)

    @model_validator(mode="after")
    def _paddy_within_quantity(self) -> FarmlandCredits:
        if self.paddy > self.quantity + 1e-9:
            raise ValueError(f"`paddy` ({self.paddy:g}) must not exceed `quantity` "
                             f"({self.quantity:g}): paddy credits are part of the quantity")
        return self


class Town(_Record):
    code: str = Field(pattern=r"^\d{9}$", description="9-digit town code (county code + 3)")
    name: str
    pilot: bool = False
    min: Area | None = Field(default=None, ge=0, allow_inf_nan=False)
    max: Area | None = Field(default=None, ge=0, allow_inf_nan=False)
    farmland_credits: FarmlandCredits = Field(default_factory=FarmlandCredits)
    urban_population: PeopleByYear | None = Field(
        default=None, description="城镇常住人口 by year, from the year before the horizon")
    urban_construction_land: Area | None = Field(
        default=None, ge=0, allow_inf_nan=False, description="城镇建设用地 now, for 人地挂钩")
    settled_migrants: PeopleByYear | None = Field(
        default=None, description="农业转移人口落户 by year of the horizon")

    @model_validator(mode="after")
    def _min_le_max(self) -> Town:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"`min` ({self.min:g}) must not exceed `max` ({self.max:g})")
        return self


class Project(_Record):
    id: str
    name: str
    town: str
    category: Category
    area: Area = Field(gt=0, allow_inf_nan=False, description="A, construction land requested")
    min_share: Share = Field(default=0, ge=0, le=1, description="0 any amount, 1 all or nothing")
    priority: bool = False
    farmland: Area | None = Field(default=None, ge=0, allow_inf_nan=False)
    paddy: Area | None = Field(default=None, ge=0, allow_inf_nan=False)
    value_per_mu: Value | None = Field(default=None, ge=0, allow_inf_nan=False)
    investment: Wan | None = Field(default=None, ge=0, allow_inf_nan=False, description="万元")
    tax: Wan | None = Field(default=None, ge=0, allow_inf_nan=False, description="万元 per year")
    jobs: People | None = Field(default=None, ge=0, allow_inf_nan=False)
    cost: Yuan | None = Field(default=None, ge=0, allow_inf_nan=False,
                               description="yuan, the project's own land cost (征地补偿)")
    min_area: Area | None = Field(default=None, ge=0, allow_inf_nan=False,
                                   description="if funded at all, at least this much land")
    requires: list[str] = Field(default_factory=list,
                                description="gets land only if each of these is funded in full")
    excludes: list[str] = Field(default_factory=list,
                                description="alternatives: not both get land")
    tags: list[str] = Field(default_factory=list, description="groups for policy rules")
    attributes: dict[str, float] = Field(
        default_factory=dict, description="other amounts for policy rules, e.g. {water: 300}")
    earliest: int | None = Field(default=None, ge=1990, le=2100,
                                 description="first year its land may be given (horizon)")
    latest: int | None = Field(default=None, ge=1990, le=2100,
                               description="last year its land may be given (horizon)")

    @field_validator("requires", "excludes", "tags", mode="before")
    @classmethod
    def _ids_as_text(cls, v: object) -> object:
        return [str(x) if isinstance(x, int) else x for x in v] if isinstance(v, list) else v

    @field_validator("attributes")
    @classmethod
    def _finite_attributes(cls, v: dict[str, float]) -> dict[str, float]:
        bad = [k for k, x in v.items() if x != x or x in (float("inf"), float("-inf"))]
        if bad:
            raise ValueError(f"attribute `{bad[0]}` must be a finite number")
        return v

    @model_validator(mode="after")
    def _farmland_consistent(self) -> Project:
        if self.farmland is not None and self.farmland > self.area + 1e-9:
            raise ValueError(
                f"`farmland` ({self.farmland:g}) must not exceed `area` ({self.area:g})"
            )
        if self.paddy is not None and self.farmland is not None and self.paddy > self.farmland + 1e-9:
            raise ValueError(
                f"`paddy` ({self.paddy:g}) must not exceed `farmland` ({self.farmland:g}): "
                "paddy (水田) is part of cultivated land"
            )
        return self


class Linkage(_Record):
    """增减挂钩 project: demolish and reclaim rural construction land, earn a credit."""

    id: str
    town: str
    reclaim: Area = Field(ge=0, allow_inf_nan=False, description="L, credit earned")
    farmland_gain: Area = Field(ge=0, allow_inf_nan=False, description="G, cultivated land gained")
    paddy_gain: Area = Field(default=0, ge=0, allow_inf_nan=False)
    cost: Yuan = Field(default=0, ge=0, allow_inf_nan=False, description="yuan")
    divisible: bool = False
    name: str | None = None
    ready: int | None = Field(default=None, ge=1990, le=2100,
                              description="year its reclamation is finished (horizon)")
    return_within: int | None = Field(default=None, ge=1, le=MAX_HORIZON,
                                      description="years within which a credit borrowed "
                                      "before `ready` is returned (周转指标); default 3")


class Reclamation(_Record):
    """土地整理/复垦/开发 project producing 补充耕地 credits."""

    id: str
    town: str
    quantity: Area = Field(ge=0, allow_inf_nan=False)
    paddy: Area = Field(default=0, ge=0, allow_inf_nan=False)
    cost: Yuan = Field(default=0, ge=0, allow_inf_nan=False, description="yuan")
    divisible: bool = False
    name: str | None = None
    ready: int | None = Field(default=None, ge=1990, le=2100,
                              description="year from which its credits count (horizon)")


class Layers(_Strict):
    """Paths relative to the scenario file (GeoPackage, Shapefile, GeoJSON), or database URLs."""

    towns: str | None = None
    urban_development_boundary: str | None = None
    permanent_basic_farmland: str | None = None
    ecological_red_line: str | None = None
    industrial_parks: str | None = None
    landuse: str | None = None
    project_sites: str | None = None
    linkage_parcels: str | None = None
    reclamation_sites: str | None = None
    landuse_code_field: str = "DLBM"
    landuse_deduction_field: str = "KCXS"
    encoding: str | None = Field(default=None, description="text encoding of shapefiles, e.g. GBK")


class Rules(_Strict):
    """Spatial eligibility rules; defaults follow 三区三线 practice."""

    area_tolerance_m2: SquareMetres = Field(
        default=10.0, ge=0, description="overlaps up to this area are digitising slivers"
    )
    inside_town: bool = True
    exclude_permanent_basic_farmland: bool = True
    exclude_ecological_red_line: bool = True
    udb_categories: list[Category] = Field(default_factory=lambda: ["commercial", "residential"])
    park_categories: list[Category] = Field(default_factory=lambda: ["industrial"])


class Valuation(_Strict):
    """v = investment·w_investment/A + tax·w_tax/A + jobs·w_jobs/A (per mu of land requested)."""

    investment: Weight = Field(default=0.05, ge=0, description="weight per 万元 invested")
    tax: Weight = Field(default=1.0, ge=0, description="weight per 万元 of yearly tax")
    jobs: Weight = Field(default=0.1, ge=0, description="weight per job")


class SolverSettings(_Strict):
    name: Literal["auto", "cbc", "highs"] = "auto"
    gap: Share = Field(default=0.0, ge=0, le=1, description="relative MIP gap; 0 proves the optimum")
    time_limit: Seconds | None = Field(default=None, gt=0, description="seconds")
    threads: int = Field(default=1, ge=1)


POSTGRES_NAME_BYTES = 63  # NAMEDATALEN − 1: PostgreSQL cuts longer identifiers


class PostgisOutput(_Strict):
    """Where `landplan run` also writes its results: a new schema per run, in one transaction."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True)
    url: str = Field(pattern=r"^postgres(ql)?://",
                     description="postgresql://user@host:5432/database; password from PGPASSWORD "
                     "or ~/.pgpass")
    db_schema: str | None = Field(default=None, alias="schema",
                                  description="default: named after the run folder")

    @field_validator("db_schema")
    @classmethod
    def _fits_postgres(cls, v: str | None) -> str | None:
        if v is not None and len(v.encode("utf-8")) > POSTGRES_NAME_BYTES:
            raise ValueError(
                f"is {len(v.encode('utf-8'))} bytes long (UTF-8; a Chinese character takes 3); "
                f"PostgreSQL keeps only the first {POSTGRES_NAME_BYTES} bytes of a name and would "
                "cut it silently — shorten it")
        if v is not None and not v:
            raise ValueError("is empty: give a schema name or leave `schema` out")
        return v


# --- the county's own rules (policy.rules) -------------------------------------------------

POLICY_SUMS = ("land", "quota", "linkage", "farmland", "paddy", "cost", "funded")


class Where(_Strict):
    """Which projects a term sums: each list matched as any-of; absent: all projects."""

    category: list[Category] | None = None
    town: list[str] | None = None
    pilot: list[bool] | None = None
    tags: list[str] | None = None
    ids: list[str] | None = None

    @field_validator("town", "ids", mode="before")
    @classmethod
    def _as_texts(cls, v: object) -> object:
        return [str(x) if isinstance(x, int) else x for x in v] if isinstance(v, list) else v


class Term(_Strict):
    """coef · Σ over the selected projects of `sum` (land, quota, linkage, farmland, paddy,
    cost, funded, or an attribute's name)."""

    sum: str = Field(min_length=1)
    coef: float = Field(default=1.0, allow_inf_nan=False)
    where: Where | None = None


class PolicyRule(_Strict):
    """Σ coef_i · sum_i ≤ max | ≥ min | = equals; `per` repeats it per town or category."""

    name: str
    terms: list[Term] = Field(min_length=1)
    max: float | None = Field(default=None, allow_inf_nan=False)
    min: float | None = Field(default=None, allow_inf_nan=False)
    equals: float | None = Field(default=None, allow_inf_nan=False)
    per: Literal["town", "category"] | None = None
    description: str | None = None

    @field_validator("name")
    @classmethod
    def _plain_name(cls, v: str) -> str:
        import re

        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]*(_[A-Za-z0-9]+)*", v):
            raise ValueError(f"`{v}` must be letters and digits joined by single underscores, "
                             "starting with a letter (it names the rule's rows, name__town)")
        return v

    @model_validator(mode="after")
    def _one_form(self) -> PolicyRule:
        if self.max is None and self.min is None and self.equals is None:
            raise ValueError(f"rule `{self.name}` needs `max`, `min` or `equals`")
        if self.equals is not None and (self.max is not None or self.min is not None):
            raise ValueError(f"rule `{self.name}`: `equals` excludes `max` and `min`")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"rule `{self.name}`: `min` ({self.min:g}) must not exceed "
                             f"`max` ({self.max:g})")
        return self


TierObjective = Literal["land", "value", "count"]


class Tier(_Strict):
    """One lexicographic stage of the county's order of precedence (民生 first, then …)."""

    name: str = Field(min_length=1)
    categories: list[Category] = Field(min_length=1)
    objective: TierObjective = Field(
        description="land: mu of the tier's projects; value: Σ v·x; count: projects funded in full")


class Policy(_Strict):
    """The county's own policy: its order of precedence (tiers, solved first to last, before
    value; a category in one tier only, cross-checked in landplan.scenario.policy) and its own
    linear rules."""

    tiers: list[Tier] = Field(default_factory=list)
    rules: list[PolicyRule] = Field(default_factory=list)
    discount: Share | None = Field(
        default=None, description="with a horizon: land given a year later is worth "
        "1/(1+discount) as much (default 0: no preference)")


class Scenario(_Strict):
    _lines_ok: ClassVar[frozenset[str]] = frozenset({"description", "project_aliases"})

    name: str
    year: int = Field(ge=1990, le=2100)
    horizon: Horizon | None = Field(default=None, description="years of a rolling plan; "
                                    "absent: the one `year`")
    county: County
    crs: str = Field(description="projected CRS in which areas are computed, e.g. EPSG:4527")
    units: Literal["mu", "ha"] = "mu"
    synthetic: bool = Field(default=False, description="the data is made up (demo); say so")
    description: str | None = None
    quota: Quota
    reclamation_budget: Yuan | None = Field(default=None, ge=0, allow_inf_nan=False)
    towns: list[Town] = Field(min_length=1)
    projects: list[Project] = Field(default_factory=list)
    linkage: list[Linkage] = Field(default_factory=list)
    reclamation: list[Reclamation] = Field(default_factory=list)
    urbanisation: Urbanisation | None = None
    layers: Layers = Field(default_factory=Layers)
    rules: Rules = Field(default_factory=Rules)
    policy: Policy = Field(default_factory=Policy)
    valuation: Valuation = Field(default_factory=Valuation)
    solver: SolverSettings = Field(default_factory=SolverSettings)
    project_aliases: dict[str, list[str]] = Field(
        default_factory=dict,
        description="extra spreadsheet headings for import-projects: {field: [heading]}; "
        "linkage.<f>, reclamation.<f>, towns.<f> for the other lists")
    category_aliases: dict[str, Category] = Field(
        default_factory=dict,
        description="the bureau's own project-type words for import-projects: {word: category}, "
        "e.g. {文旅项目: commercial}")
    postgis: PostgisOutput | None = None

    @field_validator("project_aliases")
    @classmethod
    def _known_alias_keys(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        from landplan.ingest.aliases import alias_problems

        bad = alias_problems(v)
        if bad:
            raise ValueError("; ".join(bad))
        return v

    @model_validator(mode="after")
    def _settle_quota(self) -> Scenario:
        self.quota.settle(self.horizon.first if self.horizon else self.year)
        return self

    @property
    def years(self) -> list[int]:
        """The plan's years: the horizon's, or the one `year`."""
        return self.horizon.years if self.horizon else [self.year]

    # Set by the loader, not by the file.
    _path: Path | None = PrivateAttr(default=None)
    _sha256: str | None = PrivateAttr(default=None)

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def sha256(self) -> str | None:
        return self._sha256

    @property
    def base_dir(self) -> Path:
        return self._path.parent if self._path else Path.cwd()

    def layer_source(self, key: str) -> str | None:
        """A layer's path resolved against the scenario's folder (URLs are passed through)."""
        value = getattr(self.layers, key)
        if value is None or "://" in value:
            return value
        try:
            return str((self.base_dir / value).resolve())
        except (RuntimeError, OSError):  # a symbolic link loop (RuntimeError before 3.13)
            from landplan.errors import LayerError, Problem

            raise LayerError(Problem(
                "is a symbolic link that leads back to itself (a loop), so there is no file "
                "to read", file=str(self.base_dir / value), field=f"layers.{key}",
                hint="point the path at the layer file itself, or fix the link (ls -l shows "
                "where it points)")) from None

    def town(self, code: str) -> Town:
        return next(t for t in self.towns if t.code == code)

    @property
    def pilot_codes(self) -> set[str]:
        return {t.code for t in self.towns if t.pilot}

    @property
    def m2_per_unit(self) -> float:
        """Square metres in one area unit of this scenario (1 mu = 10000/15 m²)."""
        return 10000.0 if self.units == "ha" else 10000.0 / 15.0
