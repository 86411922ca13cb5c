"""The allocation model: prepared data → PuLP MILP built from one function per rule."""

from landplan.model.build import build_model
from landplan.model.core import LandModel
from landplan.model.data import ModelData, prepare

__all__ = ["LandModel", "ModelData", "build_model", "prepare"]
