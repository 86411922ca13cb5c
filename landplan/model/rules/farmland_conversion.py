"""农用地转用(占用耕地)指标: cultivated land taken under the quota, Σ F_p·n_p/A_p ≤ Qf."""

from landplan.model.core import LandModel
from landplan.model.rules._terms import taken


def define_farmland_conversion(m: LandModel) -> None:
    qf = m.data.scenario.quota.farmland_conversion
    if qf is None:
        return
    used = taken(m, "farmland", "n")
    m.add("farmland_conversion", None, used <= qf, soft=True, unit="area", use=used, limit=qf)
