"""What every chart says of itself: the county, year and scenario it is of, and, for
made-up data, that it is synthetic (sweep.png, compare.png)."""

from __future__ import annotations

from landplan import i18n

__all__ = ["chart_about", "chart_title", "mark_synthetic", "when"]


def chart_about(s) -> dict:
    """What a chart says of its scenario: county, year (a rolling plan's first and last:
    `years`), scenario name, synthetic or not."""
    about = {"county": s.county.name, "year": s.year, "scenario": s.name,
             "synthetic": bool(s.synthetic)}
    horizon = getattr(s, "horizon", None)
    if horizon is not None and horizon.last > horizon.first:
        about["years"] = (horizon.first, horizon.last)
    return about


def when(about: dict, lang: str) -> str:
    """The year a chart is of, or a rolling plan's years: 2026年, 2026—2028年 (2026–2028)."""
    if about.get("years"):
        a, b = about["years"]
        return f"{a}—{b}年" if lang == "zh" else f"{a}–{b}"
    return f"{about['year']}年" if lang == "zh" else f"{about['year']}"


def chart_title(title: str, about: dict | None, lang: str) -> str:
    """A chart's title with the county, year (or years) and scenario it is of."""
    if not about:
        return title
    if lang == "zh":
        return f"{about['county']} {when(about, lang)} · {title} · 方案：{about['scenario']}"
    return f"{about['county']} {when(about, lang)} · {title} · scenario: {about['scenario']}"


def mark_synthetic(fig, about: dict | None, lang: str) -> None:
    """The synthetic-data note at the foot of a chart of made-up data."""
    if about and about.get("synthetic"):
        fig.text(0.99, 0.005, i18n.text("synthetic", lang), ha="right", va="bottom",
                 fontsize=8, color="#a00000")
