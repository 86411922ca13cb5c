"""Match what a list writes in its town column to the scenario's towns, by code or by name.

Lists write `大庙镇`, `大庙`, `大庙镇 ` or the code 341126105 (sometimes as a number, 341126105.0);
all of these are 大庙镇. A value that matches no town gets the closest names in its message.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

_SUFFIXES = ("人民政府", "街道办事处", "办事处", "街道", "镇", "乡")


@dataclass(frozen=True)
class TownMatch:
    code: str | None
    why: str | None = None  # when code is None: why not, with the closest names


class TownIndex:
    """The scenario's towns, looked up by code, by name and by name without 镇/乡/街道."""

    def __init__(self, towns: dict[str, str]):
        self.towns = dict(towns)  # code -> name
        self.by_name: dict[str, list[str]] = {}
        for code, name in self.towns.items():
            for key in {_plain(name), _stem(name)}:
                if key:
                    self.by_name.setdefault(key, []).append(code)

    def match(self, value: object) -> TownMatch:
        text = code_text(value)
        if text is None:
            return TownMatch(None, "is empty")
        if text.isdigit():
            return self._by_code(text)
        codes = self.by_name.get(_plain(text)) or self.by_name.get(_stem(text)) or []
        codes = sorted(set(codes))
        if len(codes) == 1:
            return TownMatch(codes[0])
        if len(codes) > 1:
            names = ", ".join(f"{self.towns[c]} ({c})" for c in codes)
            return TownMatch(None, f"matches several towns: {names}; write the town code")
        return TownMatch(None, "matches no town" + self._closest(text))

    def _by_code(self, code: str) -> TownMatch:
        if code in self.towns:
            return TownMatch(code)
        if len(code) == 12 and code[:9] in self.towns:  # a village code: its town
            return TownMatch(code[:9])
        close = difflib.get_close_matches(code, list(self.towns), n=3, cutoff=0.7)
        hint = (
            "; closest: " + ", ".join(f"{c} ({self.towns[c]})" for c in close)
            if close
            else "; town codes are the 6-digit county code and 3 digits"
        )
        return TownMatch(None, f"is not the code of a town of the scenario{hint}")

    def _closest(self, text: str) -> str:
        names = list(dict.fromkeys(self.towns.values()))
        close = difflib.get_close_matches(_plain(text), names, n=3, cutoff=0.5)
        if not close:
            stem = _stem(text)
            close = [n for n in names if stem and (stem in n or _stem(n) in stem)][:3]
        if close:
            return "; closest: " + ", ".join(close)
        return "; towns: " + ", ".join(names[:12]) + (" …" if len(names) > 12 else "")


def code_text(value: object) -> str | None:
    """A cell as text: 341126105.0 → "341126105", full-width digits made plain, blanks None."""
    if value is None:
        return None
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        if value.is_integer():
            return str(int(value))
    if isinstance(value, bool):
        return str(value)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    return text or None


def _plain(name: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


def _stem(name: str) -> str:
    plain = _plain(name)
    for suffix in _SUFFIXES:
        if plain.endswith(suffix) and len(plain) > len(suffix) + 1:
            return plain[: -len(suffix)]
    return plain
