"""Metric cards (a figure, its change against a year ago, an optional trend) as plain data for any page."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class MetricCard:
    """One card: what it counts, the figure, its change against a year ago, and the trend behind it."""

    name: str
    label: str
    value: str
    delta: (
        str | None
    )  # signed text ("+13 (+22%)"), leading with its sign so the arrow points the right way; None when there is nothing to compare
    help: str
    trend: list[float] = field(default_factory=list)
    delta_description: str | None = None  # what the delta compares with, in words ("vs Jan–Mar 2024")
    delta_color: str = "normal"  # st.metric's delta_color: "normal", "off" or a named colour
    delta_arrow: str = "auto"  # st.metric's delta_arrow: "auto" or "off"
