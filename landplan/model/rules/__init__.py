"""One module per land rule. Each `define_<rule>(m)` adds one named family and returns nothing."""

from landplan.model.rules.county_quota import define_county_quota
from landplan.model.rules.farmland_balance import define_farmland_balance
from landplan.model.rules.farmland_conversion import define_farmland_conversion
from landplan.model.rules.linkage import define_linkage
from landplan.model.rules.min_area import define_min_area
from landplan.model.rules.pilot_earmark import define_pilot_earmark
from landplan.model.rules.priority import define_priority
from landplan.model.rules.project_links import define_excludes, define_requires
from landplan.model.rules.project_share import define_project_share
from landplan.model.rules.reclamation_budget import define_reclamation_budget
from landplan.model.rules.town_bounds import define_town_bounds

__all__ = [
    "define_county_quota",
    "define_excludes",
    "define_farmland_balance",
    "define_farmland_conversion",
    "define_linkage",
    "define_min_area",
    "define_pilot_earmark",
    "define_priority",
    "define_project_share",
    "define_reclamation_budget",
    "define_requires",
    "define_town_bounds",
]
