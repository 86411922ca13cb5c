"""Checks every field of the contract gets, whatever model it sits in.

A bureau's file is hostile until checked: a `true` where a number belongs, an area of 1e15 mu
(a typo, or a cell pasted into the wrong column), a control character in a name. Numbers carry
a `Magnitude` in their annotation (`Area`, `Yuan`, ...) whose bound is checked and named in
the message, so a new field gets its bound by using one of these types. `_Strict` in schema.py
refuses a yes/no for any number and control characters in any text, in every field of every
model, new ones included.
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import AfterValidator, Field, ValidationInfo

MU_PER_HA = 15.0


@dataclass(frozen=True)
class Magnitude:
    """The largest sane value of a kind of quantity, and why it is the largest."""

    most: float
    unit: str
    why: str
    area: bool = False  # in the scenario's area unit: the bound is given in mu

    def bound(self, units: str | None) -> tuple[float, str]:
        if self.area and units == "ha":
            return self.most / MU_PER_HA, "ha"
        return self.most, self.unit

    def problem(self, value: float, units: str | None) -> str | None:
        most, unit = self.bound(units)
        if abs(value) <= most:
            return None
        return f"must be at most {most:,.0f} {unit} ({self.why}); got {value:g}"


def _checked(magnitude: Magnitude) -> AfterValidator:
    def check(value: Any, info: ValidationInfo) -> Any:
        units = (info.context or {}).get("units")
        bad = within(value, magnitude, units if isinstance(units, str) else None)
        if bad:
            raise ValueError(bad)
        return value

    return AfterValidator(check)


AREA = Magnitude(10_000_000, "mu", "6,667 km²: a county's yearly plan is far smaller", area=True)
YUAN = Magnitude(1e12, "yuan", "1 万亿元: more than a county spends in a year")
WAN = Magnitude(1e8, "万元", "1 万亿元: more than a county's whole economy")
PEOPLE = Magnitude(10_000_000, "people", "more than live in any county")
VALUE = Magnitude(1e8, "per mu", "values are usually tens to thousands per mu")
WEIGHT = Magnitude(1e6, "per unit", "a weight this large drowns every other indicator")
SQUARE_METRES = Magnitude(10_000, "m²", "1 ha: slivers from digitising are a few m²")
SECONDS = Magnitude(604_800, "s", "a week")

Area = Annotated[float, AREA, _checked(AREA)]
Yuan = Annotated[float, YUAN, _checked(YUAN)]
Wan = Annotated[float, WAN, _checked(WAN)]
People = Annotated[float, PEOPLE, _checked(PEOPLE)]
Value = Annotated[float, VALUE, _checked(VALUE)]
Weight = Annotated[float, WEIGHT, _checked(WEIGHT)]
SquareMetres = Annotated[float, SQUARE_METRES, _checked(SQUARE_METRES)]
Seconds = Annotated[float, SECONDS, _checked(SECONDS)]
Share = Annotated[float, Field(ge=0, le=1)]

# C0 and C1 control characters (and DEL); tab, newline and CR are refused too except in
# free text. U+2028/2029 break lines in browsers and scripts as a newline does.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_BREAK = re.compile(r"[\t\n\r\u2028\u2029]")
MAX_TEXT = 10_000  # characters in one text value: a name, a path, a description


_SUSPICIOUS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def suspicious_text(value: str) -> bool:
    """Quick test: might this text break a rule of `text_problem`?"""
    return _SUSPICIOUS.search(value) is not None


def text_problem(value: str, lines_ok: bool = False) -> str | None:
    """What is wrong with a text value of the contract, or None."""
    bad = _CONTROL.search(value) or (None if lines_ok else _LINE_BREAK.search(value))
    if bad:
        ch = bad.group(0)
        what = {"\t": "a tab", "\n": "a line break", "\r": "a carriage return"}.get(
            ch, f"the control character U+{ord(ch):04X}")
        return (f"holds {what} at character {bad.start() + 1}: names, ids, codes and paths "
                "must be plain text on one line — retype it or paste it as plain text")
    if len(value) > MAX_TEXT:
        return f"is {len(value):,} characters long; at most {MAX_TEXT:,} are allowed"
    return None


def texts_problem(value: Any, lines_ok: bool = False) -> str | None:
    """The first problem of the text in a value: a string, or a list or mapping of them."""
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            bad = text_problem(v, lines_ok)
            if bad:
                return bad
        elif isinstance(v, dict):
            stack.extend(k for k in v if isinstance(k, str))
            stack.extend(v.values())
        elif isinstance(v, (list, tuple)):
            stack.extend(v)
    return None


def holds_model(annotation: Any) -> bool:
    """A field whose type is (or contains) a pydantic model, which checks its own fields."""
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(holds_model(a) for a in typing.get_args(annotation))


def takes_numbers(annotation: Any) -> bool:
    """A field whose type admits a number but not a yes/no (where `true` would be read as 1)."""
    kinds = _leaf_types(annotation)
    return bool(kinds & {int, float}) and bool not in kinds


def _leaf_types(annotation: Any) -> set[Any]:
    if typing.get_origin(annotation) is Annotated:
        return _leaf_types(typing.get_args(annotation)[0])
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return set().union(*(_leaf_types(a) for a in typing.get_args(annotation)))
    return {annotation}


def within(value: Any, magnitude: Magnitude, units: str | None) -> str | None:
    """The bound a number (or each number of a list) breaks, or None."""
    items = value if isinstance(value, (list, tuple)) else [value]
    for v in items:
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            bad = magnitude.problem(float(v), units)
            if bad:
                return bad
    return None
