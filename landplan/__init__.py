"""landplan: allocate a county's yearly construction-land quota (新增建设用地计划指标) among
towns and projects, provably optimally, and explain the result.

The public names are imported on first use (PEP 562), so that `landplan` on the command line
handles Ctrl-C before pandas, PuLP and GDAL are loaded (landplan.interrupt)."""

from __future__ import annotations

import importlib
import sys
import types

__version__ = "0.1.0"

_PUBLIC = {
    "LandplanError": "landplan.errors",
    "Scenario": "landplan.scenario",
    "build_model": "landplan.model",
    "load_scenario": "landplan.scenario",
    "prepare": "landplan.model",
    "solve": "landplan.solve",
}

__all__ = [
    "LandplanError",
    "Scenario",
    "__version__",
    "build_model",
    "load_scenario",
    "prepare",
    "solve",
]


def __getattr__(name: str):
    if name not in _PUBLIC:
        raise AttributeError(f"module 'landplan' has no attribute {name!r}")
    value = getattr(importlib.import_module(_PUBLIC[name]), name)
    globals()[name] = value
    return value


class _Package(types.ModuleType):
    """`landplan.solve` is the function, as it always was, also once the submodule of the
    same name is imported (the import system would set the module in its place)."""

    def __setattr__(self, name: str, value) -> None:
        if name in _PUBLIC and isinstance(value, types.ModuleType) and name not in vars(self):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
