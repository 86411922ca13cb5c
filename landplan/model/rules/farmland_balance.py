"""耕地占补平衡, balanced county-wide: cultivated land taken under the quota is compensated by
the towns' credits plus activated reclamation; the same for paddy (占水田补水田)."""


from landplan.model.core import LandModel
from landplan.model.rules._terms import linear, taken


def define_farmland_balance(m: LandModel) -> None:
    t = m.data.towns
    rec = m.data.reclamation
    for kind, column, credit in (
        ("quantity", "farmland", "credits_quantity"),
        ("paddy", "paddy", "credits_paddy"),
    ):
        supplied = linear((m.v.r[j], c) for j, c in rec[kind].items())
        held = float(t[credit].sum())
        used = taken(m, column, "n")
        m.add(f"farmland_balance_{kind}", None, used - supplied <= held, soft=True, unit="area",
              use=used, limit=supplied + held)
