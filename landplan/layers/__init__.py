"""GIS layers: read them (pyogrio; encoding, CRS and geometry repair) and check project sites
against towns and the planning layers (三区三线), with farmland taken from 三调 parcels."""

from landplan.layers.checks import Reason, SiteChecks, check_sites
from landplan.layers.read import read_layer
from landplan.layers.units import area_m2_to_units

__all__ = ["Reason", "SiteChecks", "area_m2_to_units", "check_sites", "read_layer"]
