"""landplan: allocate a county's yearly construction-land quota (新增建设用地计划指标) among
towns and projects, provably optimally, and explain the result."""

__version__ = "0.1.0"

from landplan.errors import LandplanError  # noqa: E402
from landplan.model import build_model, prepare  # noqa: E402
from landplan.scenario import Scenario, load_scenario  # noqa: E402
from landplan.solve import solve  # noqa: E402

__all__ = [
    "LandplanError",
    "Scenario",
    "__version__",
    "build_model",
    "load_scenario",
    "prepare",
    "solve",
]
